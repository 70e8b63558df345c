"""Unpacking KSeF export packages, Zip or TarGz, hardened the same way for both formats.

A package is someone else's archive: members must be flat regular files (no links, devices, folders
with content, absolute or ``..`` paths), each within the size an invoice or the metadata can have,
the whole within a package's size and member count, and the compression within a sane ratio.
Nothing is ever written out under a member's name: only the members ``_metadata.json`` names are
read, each piece by piece, into memory. A gzip stream is inflated (with the same caps) into an
anonymous temporary file, so that the tar inside is read by seeking, never held in memory.
"""

from __future__ import annotations

import codecs
import io
import json
import re
import struct
import tarfile
import tempfile
import zipfile
import zlib
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, BinaryIO

from ksefdesk.core.errors import UserError

COMPRESSIONS = ("Zip", "TarGz")  # CompressionType of the 2.8.1 contract
MAX_INVOICE_BYTES = 3_000_000  # the largest invoice KSeF accepts (with attachments)
MAX_PACKAGE_BYTES = 2_000_000_000
MAX_RATIO = 200  # compressed-to-plain ratio beyond which a member (or a gzip stream) is treated as a bomb
MAX_PACKAGE_INVOICES = 10_000  # KSeF cuts a package at 10,000 invoices (isTruncated)
MAX_MEMBERS = MAX_PACKAGE_INVOICES + 100  # the invoices, _metadata.json, and some slack
MAX_METADATA_BYTES = 200_000_000  # 10,000 entries of up to 20 KB each
MAX_TAR_EXTENSION = 64 * 1024  # a pax or GNU long-name header: a few attributes, never megabytes
# a tar adds a 512-byte header (and maybe a pax header) and up to 511 bytes of padding per member
MAX_TAR_BYTES = MAX_PACKAGE_BYTES + MAX_MEMBERS * (2 * 512 + MAX_TAR_EXTENSION) + 20 * 512
_GZIP_FLOOR = 1 << 20  # below 1 MB inflated, no ratio is alarming (headers and padding compress to nothing)
_READ_STEP = 1 << 20
_GZIP_STEP = 1 << 16  # compressed bytes per step: a bomb is caught after a few MB inflated, not hundreds
_EOCD_SEARCH = 22 + 0xFFFF + 20  # the end-of-directory record, its longest comment, a ZIP64 locator
_BROKEN = (
    zipfile.BadZipFile,
    tarfile.TarError,
    KeyError,
    ValueError,
    TypeError,
    RecursionError,  # nesting deeper than the interpreter's stack
    EOFError,
    zlib.error,
    NotImplementedError,  # a compression method zipfile does not know
    OverflowError,
    OSError,  # seeking before the start of a file, a bad tar offset
)


def _bad(reason: str) -> UserError:
    return UserError("sync.bad_package", reason=reason)


def _flat_name(name: str) -> str:
    """The member's name if it is a plain file name; a path (../, absolute, folders, drive letters) is a
    zip-slip attempt, refused outright even though names are never used as paths on disk."""
    bare = name.rstrip("/")
    if (
        not bare
        or "/" in bare
        or "\\" in bare
        or name.startswith("/")
        or bare in (".", "..")
        or ":" in bare
        or "\0" in bare
    ):
        raise _bad(f"member {name[:80]!r} has a path")
    return bare


def _member_limit(name: str) -> int:
    return MAX_METADATA_BYTES if name == "_metadata.json" else MAX_INVOICE_BYTES


def _check_count(count: int) -> None:
    if count > MAX_MEMBERS:
        raise _bad(f"the package holds more than {MAX_MEMBERS} files; KSeF packages hold fewer")


# --- Zip ----------------------------------------------------------------------------------------------
def _check_directory(handle: BinaryIO) -> None:
    """Refuse a ZIP whose central directory announces more members (or more directory bytes) than a
    KSeF package can have, before zipfile reads the whole directory into memory."""
    handle.seek(0, io.SEEK_END)
    size = handle.tell()
    handle.seek(max(0, size - _EOCD_SEARCH))
    tail = handle.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        handle.seek(0)
        return  # not a ZIP, or damaged: zipfile says so next
    entries, directory_bytes = struct.unpack_from("<HI", tail, at + 10)
    locator = tail.rfind(b"PK\x06\x07", 0, at)
    if locator >= 0 and len(tail) >= locator + 20 and (entries == 0xFFFF or directory_bytes == 0xFFFFFFFF):
        (record_at,) = struct.unpack_from("<Q", tail, locator + 8)  # ZIP64: the real counts are there
        handle.seek(record_at)
        record = handle.read(56)
        if len(record) == 56 and record[:4] == b"PK\x06\x06":
            entries, directory_bytes = struct.unpack_from("<QQ", record, 32)
    handle.seek(0)
    if entries > MAX_MEMBERS or directory_bytes > MAX_MEMBERS * 400:
        raise _bad(f"the package lists {entries} files; KSeF packages hold fewer")


def _read_stream(stream: IO[bytes], name: str, allowed: int) -> bytes:
    """A member's bytes read piece by piece, stopped as soon as it grows past ``allowed``."""
    pieces, total = [], 0
    while piece := stream.read(min(_READ_STEP, allowed + 1 - total)):
        total += len(piece)
        if total > allowed:
            raise _bad(f"member {name} is larger than it says")
        pieces.append(piece)
    return b"".join(pieces)


def _read_zip_member(package: zipfile.ZipFile, member: zipfile.ZipInfo, limit: int) -> bytes:
    """The size in the directory is the sender's claim, and inflating trusts nothing else."""
    with package.open(member) as stream:
        return _read_stream(stream, member.filename, min(member.file_size, limit))


def _unpack_zip(handle: BinaryIO) -> tuple[list[dict[str, Any]], dict[str, bytes]]:
    _check_directory(handle)
    package = zipfile.ZipFile(handle)
    infos = package.infolist()
    _check_count(len(infos))
    members: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for member in infos:
        name = _flat_name(member.filename)
        if member.is_dir():
            continue
        limit = _member_limit(name)
        if member.file_size > limit or member.file_size > max(member.compress_size, 1) * MAX_RATIO:
            raise _bad(f"member {name} is too large when unpacked")
        total += member.file_size
        if total > MAX_PACKAGE_BYTES:
            raise _bad("the package is too large when unpacked")
        if name in members:
            raise _bad(f"member {name} appears twice")
        members[name] = member
    return _select(members, lambda m, limit: _read_zip_member(package, m, limit))


# --- TarGz --------------------------------------------------------------------------------------------
def _gunzip(source: BinaryIO, target: IO[bytes]) -> None:
    """Inflate a gzip stream (possibly several members, as gzip allows) into ``target``, bounded in
    total size and in ratio, output taken in bounded steps so that a bomb never sits in memory."""
    inflater = zlib.decompressobj(wbits=31)
    compressed = plain = 0
    pending, drained = b"", False
    while True:
        if len(pending) < 2 and not drained:  # two bytes: enough to tell the next member's magic
            more = source.read(_GZIP_STEP)
            drained = not more
            compressed += len(more)
            pending += more
        if inflater.eof:
            if not pending:
                return
            if not pending.startswith(b"\x1f\x8b"):
                raise _bad("the package has data after its end")
            inflater = zlib.decompressobj(wbits=31)  # the next member of a concatenated stream
        out = inflater.decompress(pending, _READ_STEP)
        pending = inflater.unused_data if inflater.eof else inflater.unconsumed_tail
        if not out and not pending and drained and not inflater.eof:
            raise _bad("the package is cut off (the compressed stream does not end)")
        plain += len(out)
        if plain > MAX_TAR_BYTES:
            raise _bad("the package is too large when unpacked")
        if plain > _GZIP_FLOOR and plain > compressed * MAX_RATIO:
            raise _bad("the package inflates far beyond its size (a compression bomb)")
        target.write(out)


def _tar_number(field: bytes) -> int:
    """A numeric tar header field: octal text, or base-256 when the first byte has its top bit set."""
    if field and field[0] & 0x80:
        value = int.from_bytes(field[1:], "big")
        if field[0] == 0xFF:
            raise ValueError("a negative size in a tar header")
        return value
    text = field.split(b"\0", 1)[0].strip()
    return int(text, 8) if text else 0


def _check_tar_headers(handle: IO[bytes]) -> None:
    """Walk the raw headers before tarfile does: tarfile reads a pax or long-name header's content into
    memory whatever its size, and lists every member it meets."""
    handle.seek(0, io.SEEK_END)
    end = handle.tell()
    handle.seek(0)
    headers = 0
    while True:
        header = handle.read(512)
        if len(header) < 512:
            raise _bad("the package is cut off (a tar header is incomplete)")
        if header == bytes(512):
            break
        size, kind = _tar_number(header[124:136]), header[156:157]
        if kind in (b"x", b"g", b"L", b"K") and size > MAX_TAR_EXTENSION:
            raise _bad("the package has an oversized extended tar header")
        headers += 1
        _check_count(headers // 2)  # a pax header may precede each member
        skip = (size + 511) // 512 * 512
        if handle.tell() + skip > end:
            raise _bad("the package is cut off (a member is incomplete)")
        handle.seek(skip, io.SEEK_CUR)
    handle.seek(0)


def _unpack_tar(handle: BinaryIO, scratch: Path | None) -> tuple[list[dict[str, Any]], dict[str, bytes]]:
    with tempfile.TemporaryFile(dir=scratch) as plain:
        _gunzip(handle, plain)
        _check_tar_headers(plain)
        plain.seek(0)
        with tarfile.open(fileobj=plain, mode="r:") as package:
            members: dict[str, tarfile.TarInfo] = {}
            total = count = 0
            while (member := package.next()) is not None:
                count += 1
                _check_count(count)
                name = _flat_name(member.name)
                if member.issym() or member.islnk():
                    raise _bad(f"member {name} is a link")
                if member.isdev():
                    raise _bad(f"member {name} is a device or a pipe")
                if member.isdir():
                    continue
                if not member.isreg() or member.issparse():
                    raise _bad(f"member {name} is not a plain file")
                if member.size > _member_limit(name):
                    raise _bad(f"member {name} is too large when unpacked")
                total += member.size
                if total > MAX_PACKAGE_BYTES:
                    raise _bad("the package is too large when unpacked")
                if name in members:
                    raise _bad(f"member {name} appears twice")
                members[name] = member

            def read(member: tarfile.TarInfo, limit: int) -> bytes:
                stream = package.extractfile(member)
                if stream is None:
                    raise _bad(f"member {member.name} cannot be read")
                with stream:
                    data = _read_stream(stream, member.name, min(member.size, limit))
                if len(data) != member.size:
                    raise _bad(f"member {member.name} is cut off")
                return data

            return _select(members, read)


# --- both ---------------------------------------------------------------------------------------------
def _select(members: dict[str, Any], read: Any) -> tuple[list[dict[str, Any]], dict[str, bytes]]:
    """The metadata and the members it names; other members are never read."""
    if "_metadata.json" not in members:
        raise _bad("the package has no _metadata.json")
    metadata = json_list(read(members["_metadata.json"], MAX_METADATA_BYTES), "invoices")
    if len(metadata) > MAX_PACKAGE_INVOICES:
        raise _bad(f"the metadata lists {len(metadata)} invoices")
    files: dict[str, bytes] = {}
    for meta in metadata:
        number = meta.get("ksefNumber") if isinstance(meta, dict) else None
        if not isinstance(number, str):
            raise ValueError("an invoice in the metadata has no KSeF number")
        name = f"{number}.xml"
        if name in members and name not in files:
            files[name] = read(members[name], MAX_INVOICE_BYTES)
    return metadata, files


def sniff(head: bytes) -> str | None:
    """The compression an archive's first bytes show: Zip (PK), TarGz (the gzip magic), or None."""
    if head.startswith(b"PK"):
        return "Zip"
    if head.startswith(b"\x1f\x8b"):
        return "TarGz"
    return None


def unpack(
    archive: bytes | BinaryIO, compression: str | None = None, *, scratch: Path | None = None
) -> tuple[list[dict[str, Any]], dict[str, bytes]]:
    """(_metadata.json invoices, {file name: bytes}) of a package in the ``compression`` its export
    status names (``None``: the status did not say, as before 2.8: told by the first bytes). Refuses
    bombs, links, paths and odd members; only the members the metadata names are read, by streaming."""
    try:
        handle = io.BytesIO(archive) if isinstance(archive, bytes | bytearray) else archive
        head = handle.read(4)
        handle.seek(0)
        if compression is not None and compression not in COMPRESSIONS:
            raise _bad(f"the package uses a compression the app does not know ({str(compression)[:20]})")
        shown = sniff(head)
        if compression is not None and shown is not None and shown != compression:
            raise _bad(f"the package is said to be {compression} but is {shown}")
        if (compression or shown) == "TarGz":
            return _unpack_tar(handle, scratch)
        return _unpack_zip(handle)  # also what is neither: zipfile says what is wrong with it
    except _BROKEN as exc:
        raise UserError("sync.bad_package", reason=type(exc).__name__, details=str(exc)[:300]) from exc


# --- the metadata -------------------------------------------------------------------------------------
def _not_json(constant: str) -> Any:
    raise ValueError(f"{constant} is not a JSON value")  # Python's json reads NaN/Infinity unless told not to


def json_list(document: bytes, key: str) -> list[Any]:
    """``document[key]`` of a JSON object whose ``key`` holds a list, parsed item by item: the metadata
    of 10,000 invoices is megabytes, and one json.loads call would hold the interpreter (and so freeze
    the GUI thread) for tens of milliseconds."""
    utf8 = codecs.getincrementaldecoder("utf-8-sig")()
    step = 1 << 18
    text = "".join(utf8.decode(document[i : i + step]) for i in range(0, len(document), step)) + utf8.decode(
        b"", final=True
    )
    # amounts as the exact decimals written, not floats
    decoder = json.JSONDecoder(parse_constant=_not_json, parse_float=Decimal)
    space = re.compile(r"[\s,:]*")

    def skip(position: int) -> int:  # past whitespace and separators (the pattern always matches)
        match = space.match(text, position)
        return match.end() if match else position

    position = skip(0)
    if text[position : position + 1] != "{":
        raise ValueError("the package metadata is not a JSON object")
    position += 1
    found: list[Any] | None = None
    while True:
        position = skip(position)
        if text[position : position + 1] == "}":
            break
        name, position = decoder.raw_decode(text, position)
        position = skip(position)
        if name == key and text[position : position + 1] == "[":
            found, position = [], position + 1
            while True:
                position = skip(position)
                if text[position : position + 1] == "]":
                    position += 1
                    break
                item, position = decoder.raw_decode(text, position)
                found.append(item)
        else:
            _, position = decoder.raw_decode(text, position)
    if found is None:
        raise ValueError(f"the package metadata has no {key} list")
    return found
