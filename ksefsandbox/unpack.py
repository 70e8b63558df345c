"""Batch packages, decrypted and unpacked by streaming within budgets.

A 297 KB TarGz of zeros is 300 MB unpacked; a Zip's central directory of a million entries costs a
gigabyte of ``ZipInfo`` objects. Nothing here holds more than one invoice (at most 3 MB) in memory,
and the work a package may cause is bounded by its member count, by its unpacked size and by its
unpacked-to-packed ratio. Tar and Zip are held to the same rules: only files and folders (no
symbolic or hard links, devices, FIFOs), no absolute, drive or ``..`` paths, no declared size beyond
the package's budget. A refusal is what KSeF reports: session status 420 or 430.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import lzma
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO

from ksefdesk.core.crypto import aes_decrypt_chunks, b64
from ksefdesk.core.fa3 import MAX_INVOICE_BYTES

CHUNK = 1 << 16
MAX_SESSION_INVOICES = 10_000


class PackageRefused(Exception):
    """The package as a whole is refused: ``status`` is the batch session's status code."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


# What a broken (not hostile-by-size) archive raises inside zipfile, tarfile, gzip and their codecs;
# RuntimeError: an encrypted Zip member, NotImplementedError: an unknown compression method.
BROKEN_ARCHIVE = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    tarfile.TarError,
    OSError,
    EOFError,
    ValueError,
    RuntimeError,
    NotImplementedError,
    zlib.error,
    lzma.LZMAError,
)


@dataclass(frozen=True)
class Budget:
    max_files: int = MAX_SESSION_INVOICES
    max_member_bytes: int = 3 * MAX_INVOICE_BYTES  # an invoice with attachments
    max_total_bytes: int = MAX_SESSION_INVOICES * MAX_INVOICE_BYTES
    max_ratio: int = 200  # near-identical FA(3) invoices in a TarGz pack about 60:1
    floor_bytes: int = 32 * 1024 * 1024  # small packages pass whatever their ratio
    max_header_bytes: int = 64 * 1024  # a tar name/pax extension; tarfile reads it whole
    max_zip_directory_bytes: int = 4 * 1024 * 1024  # 20 000 entries with long names

    def total_for(self, packed: int) -> int:
        return min(self.max_total_bytes, max(self.floor_bytes, self.max_ratio * packed))


@dataclass(frozen=True)
class Member:
    name: str
    data: bytes | None  # None: larger than an invoice may be (the invoice fails on its own)


def sha256_file(path: Path) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, b64(digest.digest())


def _chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            yield chunk


def decrypt_parts(key: bytes, iv: bytes, parts: Iterable[Path], out: BinaryIO) -> tuple[int, str]:
    """Each part is encrypted on its own (same key and IV); their plaintexts joined are the package.
    Returns its (size, SHA-256); raises ValueError for a wrong key or a damaged part."""
    digest, size = hashlib.sha256(), 0
    for path in parts:
        for plain in aes_decrypt_chunks(key, iv, _chunks(path)):
            digest.update(plain)
            size += len(plain)
            out.write(plain)
    out.flush()
    return size, b64(digest.digest())


class _Counted(io.RawIOBase):
    """Everything the gzip layer inflates passes here, member data and tar headers alike."""

    def __init__(self, source: IO[bytes] | gzip.GzipFile, limit: int) -> None:
        self.source, self.limit, self.total = source, limit, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.source.read(min(len(buffer), CHUNK))
        self.total += len(data)
        if self.total > self.limit:
            raise PackageRefused(430, f"Paczka po rozpakowaniu przekracza {self.limit} bajtów.")
        buffer[: len(data)] = data
        return len(data)


class _BoundedTarInfo(tarfile.TarInfo):
    """GNU long names and pax headers are read into memory whole by tarfile: bound them first."""

    _EXTENSIONS = (
        tarfile.GNUTYPE_LONGNAME,
        tarfile.GNUTYPE_LONGLINK,
        tarfile.XHDTYPE,
        tarfile.XGLTYPE,
        tarfile.SOLARIS_XHDTYPE,
    )
    max_header_bytes = Budget.max_header_bytes

    def _proc_member(self, tarfile_: tarfile.TarFile) -> tarfile.TarInfo:
        if self.type in self._EXTENSIONS and self.size > self.max_header_bytes:
            raise PackageRefused(430, f"Nagłówek w archiwum ma {self.size} bajtów.")
        result: tarfile.TarInfo = super()._proc_member(tarfile_)  # type: ignore[misc]
        return result


def _read_member(handle: IO[bytes], budget: Budget) -> tuple[bytes | None, int]:
    """(the member, or None when it is larger than an invoice may be; bytes inflated)."""
    data = handle.read(budget.max_member_bytes + 1)
    return (data if len(data) <= budget.max_member_bytes else None), len(data)


def _checked_name(name: str) -> str:
    """The member's file name; a path that could point outside a folder it were unpacked to is refused."""
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or (name[1:2] == ":" and name[:1].isalpha()) or ".." in parts or "\0" in name:
        raise PackageRefused(430, f"Niedozwolona ścieżka w paczce: {name[:200]!r}.")
    return parts[-1]


def _refuse_kind(name: str, kind: str) -> PackageRefused:
    return PackageRefused(430, f"Paczka zawiera {kind} ({name[:200]!r}); dozwolone są tylko pliki i foldery.")


_TAR_KINDS = {
    tarfile.SYMTYPE: "dowiązanie symboliczne",
    tarfile.LNKTYPE: "dowiązanie twarde",
    tarfile.CHRTYPE: "urządzenie znakowe",
    tarfile.BLKTYPE: "urządzenie blokowe",
    tarfile.FIFOTYPE: "kolejkę FIFO",
}


def _tar_members(path: Path, budget: Budget) -> Iterator[Member]:
    limit = budget.total_for(path.stat().st_size)
    with path.open("rb") as packed, gzip.GzipFile(fileobj=packed) as inflated:
        counted = io.BufferedReader(_Counted(inflated, limit), CHUNK)
        # "r|": one pass, no seeking back, so nothing but the current member is kept.
        with tarfile.open(fileobj=counted, mode="r|", tarinfo=_BoundedTarInfo) as tar:
            entries = files = 0
            for member in tar:
                entries += 1
                if entries > 2 * budget.max_files:  # files and as many folders at most, as for a Zip
                    raise PackageRefused(420, f"Paczka zawiera więcej niż {2 * budget.max_files} pozycji.")
                name = _checked_name(member.name)
                if member.isdir():
                    continue
                if not member.isfile():  # links, devices, FIFOs and any type tarfile does not know
                    raise _refuse_kind(member.name, _TAR_KINDS.get(member.type, "nieobsługiwany typ pozycji"))
                if member.size > limit:  # a declared size no package of this size can really hold
                    raise PackageRefused(430, f"Pozycja {name[:200]!r} deklaruje {member.size} bajtów.")
                files += 1
                if files > budget.max_files:
                    raise PackageRefused(420, f"Paczka zawiera więcej niż {budget.max_files} plików.")
                handle = tar.extractfile(member)
                if handle is not None:
                    yield Member(name, _read_member(handle, budget)[0])


def _zip_directory(handle: BinaryIO) -> tuple[int, int]:
    """(entries, directory size) from the end-of-central-directory record, before zipfile reads it."""
    size = handle.seek(0, io.SEEK_END)
    tail_size = min(size, 22 + 0xFFFF)
    handle.seek(size - tail_size)
    tail = handle.read(tail_size)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        raise zipfile.BadZipFile("no end of central directory")
    entries = int.from_bytes(tail[at + 10 : at + 12], "little")
    directory = int.from_bytes(tail[at + 12 : at + 16], "little")
    locator = at - 20
    if locator >= 0 and tail[locator : locator + 4] == b"PK\x06\x07":  # Zip64: the real counts are elsewhere
        handle.seek(int.from_bytes(tail[locator + 8 : locator + 16], "little"))
        record = handle.read(56)
        if record[:4] != b"PK\x06\x06":
            raise zipfile.BadZipFile("broken Zip64 end of central directory")
        entries = max(entries, int.from_bytes(record[32:40], "little"))
        directory = max(directory, int.from_bytes(record[40:48], "little"))
    handle.seek(0)
    return entries, directory


_ZIP_KINDS = {
    stat.S_IFLNK: "dowiązanie symboliczne",
    stat.S_IFCHR: "urządzenie znakowe",
    stat.S_IFBLK: "urządzenie blokowe",
    stat.S_IFIFO: "kolejkę FIFO",
    stat.S_IFSOCK: "gniazdo",
}


def _zip_members(path: Path, budget: Budget) -> Iterator[Member]:
    limit = budget.total_for(path.stat().st_size)
    with path.open("rb") as handle:
        entries, directory = _zip_directory(handle)
        if entries > 2 * budget.max_files:  # files and as many folders at most
            raise PackageRefused(420, f"Paczka zawiera {entries} pozycji; najwyżej {budget.max_files} faktur.")
        if directory > budget.max_zip_directory_bytes:
            raise PackageRefused(430, f"Spis zawartości paczki ma {directory} bajtów.")
        with zipfile.ZipFile(handle) as package:
            files, total = 0, 0
            for info in package.infolist():
                name = _checked_name(info.filename)
                kind = (info.external_attr >> 16) & 0o170000 if info.create_system == 3 else 0  # Unix file type
                if info.is_dir() or kind == stat.S_IFDIR:
                    continue
                if kind not in (0, stat.S_IFREG):  # a symlink, device or FIFO stored by a Unix zip
                    raise _refuse_kind(info.filename, _ZIP_KINDS.get(kind, "nieobsługiwany typ pozycji"))
                if info.file_size > limit:  # as for a tar member: more than the whole package may unpack to
                    raise PackageRefused(430, f"Pozycja {name[:200]!r} deklaruje {info.file_size} bajtów.")
                files += 1
                if files > budget.max_files:
                    raise PackageRefused(420, f"Paczka zawiera więcej niż {budget.max_files} plików.")
                with package.open(info) as member:
                    data, inflated = _read_member(member, budget)
                total += inflated
                if total > limit:
                    raise PackageRefused(430, f"Paczka po rozpakowaniu przekracza {limit} bajtów.")
                yield Member(name, data)


def members(path: Path, compression: str, budget: Budget | None = None) -> Iterator[Member]:
    """The files of a package, one at a time. Raises PackageRefused, or zipfile/tarfile/OSError/EOFError
    errors for a broken archive."""
    budget = budget or Budget()
    return _tar_members(path, budget) if compression == "TarGz" else _zip_members(path, budget)
