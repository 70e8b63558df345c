"""Export packages as KSeF sends them, Zip or TarGz, and hostile ones refused the same way for both."""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import random
import tarfile
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ksefdesk.core.errors import UserError
from ksefdesk.services.packages import MAX_INVOICE_BYTES, MAX_MEMBERS, unpack

NUMBERS = ("5265877635-20261201-0100A0B1C2D3-4F", "5265877635-20261201-0100A0B1C2D4-50")
METADATA = json.dumps({"invoices": [{"ksefNumber": n, "invoiceHash": "x"} for n in NUMBERS]}).encode()
FILES = {"_metadata.json": METADATA, **{f"{n}.xml": f"<Faktura>{n}</Faktura>".encode() for n in NUMBERS}}


def _info(name: str, data: bytes = b"", kind: bytes = tarfile.REGTYPE, **attrs: Any) -> tuple[tarfile.TarInfo, bytes]:
    info = tarfile.TarInfo(name)
    info.type, info.size = kind, len(data) if kind == tarfile.REGTYPE else 0
    for key, value in attrs.items():
        setattr(info, key, value)
    return info, data


def _tar(entries: list[tuple[tarfile.TarInfo, bytes]], *, gz: bool = True, **options: Any) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", **options) as archive:
        for info, data in entries:
            archive.addfile(info, io.BytesIO(data) if info.isreg() else None)
    return gzip.compress(buffer.getvalue()) if gz else buffer.getvalue()


def _targz(files: dict[str, bytes], *extra: tuple[tarfile.TarInfo, bytes]) -> bytes:
    return _tar([*(_info(name, data) for name, data in files.items()), *extra])


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _refused(archive: bytes, compression: str | None = "TarGz") -> str:
    with pytest.raises(UserError) as caught:
        unpack(archive, compression)
    assert caught.value.code == "sync.bad_package"
    return caught.value.message("en")


def test_zip_and_targz_give_the_same_invoices_and_unnamed_members_are_left_out(tmp_path: Path) -> None:
    files = {**FILES, "notes.txt": b"not an invoice"}
    expected = (json.loads(METADATA)["invoices"], {k: v for k, v in FILES.items() if k != "_metadata.json"})
    assert unpack(_zip(files), "Zip") == expected
    assert unpack(_targz(files), "TarGz", scratch=tmp_path) == expected
    with io.BytesIO(_targz(files)) as handle:  # a file, as the decrypted package is
        assert unpack(handle, "TarGz") == expected
    assert unpack(_targz(files)) == unpack(_zip(files)) == expected  # no compressionType (before 2.8): the bytes tell
    assert list(tmp_path.iterdir()) == []  # the inflated tar was an anonymous temporary file


def test_the_package_is_read_as_it_says_it_is_and_never_assumed_to_be_zip() -> None:
    assert "said to be Zip but is TarGz" in _refused(_targz(FILES), "Zip")
    assert "said to be TarGz but is Zip" in _refused(_zip(FILES), "TarGz")
    assert "does not know" in _refused(_zip(FILES), "Rar")


def test_concatenated_gzip_members_are_one_package() -> None:
    plain = _tar([_info(name, data) for name, data in FILES.items()], gz=False)
    half = len(plain) // 2
    assert unpack(gzip.compress(plain[:half]) + gzip.compress(plain[half:]), "TarGz")[1].keys() == FILES.keys() - {
        "_metadata.json"
    }


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        (_info(f"{NUMBERS[0]}.xml", kind=tarfile.SYMTYPE, linkname="/etc/passwd"), "is a link"),
        (_info(f"{NUMBERS[0]}.xml", kind=tarfile.LNKTYPE, linkname="_metadata.json"), "is a link"),
        (_info("tty0", kind=tarfile.CHRTYPE, devmajor=4, devminor=0), "is a device"),
        (_info("sda", kind=tarfile.BLKTYPE, devmajor=8, devminor=0), "is a device"),
        (_info("pipe", kind=tarfile.FIFOTYPE), "is a device or a pipe"),
        (_info("../../home/user/.bashrc", b"rm -rf ~"), "has a path"),
        (_info("/etc/cron.d/evil", b"* * * * * root sh"), "has a path"),
        (_info("sub/evil.xml", b"<a/>"), "has a path"),
        (_info("..", kind=tarfile.DIRTYPE), "has a path"),
        (_info("C:evil.xml", b"<a/>"), "has a path"),
        (_info("big.xml", random.Random(1).randbytes(MAX_INVOICE_BYTES + 1)), "too large"),  # no bomb: a real size
        (_info("_metadata.json", METADATA), "appears twice"),
    ],
    ids=[
        "symlink",
        "hardlink",
        "char-device",
        "block-device",
        "fifo",
        "dot-dot",
        "absolute",
        "folder",
        "dot-dot-dir",
        "drive",
        "oversize",
        "duplicate",
    ],
)
def test_hostile_tar_members_are_refused(entry: tuple[tarfile.TarInfo, bytes], reason: str) -> None:
    assert reason in _refused(_targz(FILES, entry))


def test_a_plain_folder_entry_is_harmless_and_skipped() -> None:
    assert len(unpack(_targz(FILES, _info("invoices", kind=tarfile.DIRTYPE)))[1]) == 2


def test_more_members_than_a_package_can_hold_are_refused() -> None:
    crowd = [_info(f"{n}.xml") for n in range(MAX_MEMBERS)]
    assert "more than" in _refused(_targz(FILES, *crowd))


def _gzip_stream(chunks: Callable[[], Any]) -> bytes:
    squeeze = zlib.compressobj(9, wbits=31)
    return b"".join(squeeze.compress(chunk) for chunk in chunks()) + squeeze.flush()


def _peak(action: Callable[[], object]) -> int:
    tracemalloc.start()
    with contextlib.suppress(UserError):
        action()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def test_a_gzip_bomb_is_stopped_early_by_the_ratio() -> None:
    zeros = bytes(1 << 20)
    # a tar whose metadata member claims 150 MB (within its cap) of zeros: 1,000 to 1 compressed
    info = tarfile.TarInfo("_metadata.json")
    info.size = 150 << 20
    header = info.tobuf(format=tarfile.USTAR_FORMAT)
    bomb = _gzip_stream(lambda: [header, *(zeros for _ in range(150))])
    assert len(bomb) < 200_000
    assert "compression bomb" in _refused(bomb)
    assert _peak(lambda: unpack(bomb, "TarGz")) < 8_000_000
    plain_bomb = _gzip_stream(lambda: (zeros for _ in range(1024)))  # 1 GB of nothing, not even a tar
    assert "compression bomb" in _refused(plain_bomb)


def test_truncated_and_trailing_packages_are_refused() -> None:
    package = _targz(FILES)
    assert "cut off" in _refused(package[: len(package) // 2])  # the gzip stream stops midway
    plain = _tar([_info(name, data) for name, data in FILES.items()], gz=False)
    assert "cut off" in _refused(gzip.compress(plain[:700]))  # a complete gzip of half a tar
    assert "after its end" in _refused(package + b"garbage!")
    assert "cut off" in _refused(b"", "TarGz")
    _refused(gzip.compress(b"just text, not a tar" * 100))


def test_an_oversized_extended_header_is_refused_before_tarfile_reads_it() -> None:
    info, data = _info(f"{NUMBERS[0]}.xml", b"<a/>")
    info.pax_headers = {"comment": "x" * 200_000}
    package = _tar([*(_info(n, d) for n, d in FILES.items() if n == "_metadata.json"), (info, data)])
    assert "extended tar header" in _refused(package)


def test_only_named_members_are_read_and_the_tar_is_never_held_in_memory(tmp_path: Path) -> None:
    filler = bytes(range(256)) * (2_900_000 // 256)
    extra = [_info(f"extra-{n}.xml", filler) for n in range(12)]  # 35 MB the metadata does not name
    package = tmp_path / "package.tar.gz"
    package.write_bytes(_targz(FILES, *extra))
    with package.open("rb") as handle:
        peak = _peak(lambda: unpack(handle, "TarGz", scratch=tmp_path))
    assert peak < 5_000_000, f"{peak / 1e6:.0f} MB held for a package of two small invoices"
