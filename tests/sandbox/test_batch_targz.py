"""Batch packages as TarGz (API 2.6.0+) next to Zip, and `"compressionType": null` (nullable, Zip by
default). The hardened unpacking applies to tar exactly as to zip: links, devices, FIFOs, absolute and
`..` paths, impossible sizes, too many members, gzip bombs, non-archives are refused with the session
status KSeF gives (430 decompression error, 420 invoice limit), and nothing of a refused package is
half-accepted. Every request and answer is checked against the contract (tests/sandbox/kit.py)."""

from __future__ import annotations

import gzip
import io
import stat
import tarfile
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
import requests

from ksefdesk.core.crypto import aes_encrypt, new_aes_key, new_iv, sha256_b64
from ksefsandbox.server import SandboxServer
from tests.sandbox.kit import FA3, Client, invoice_xml

NIP = "5265877635"
MB = 1_000_000
ABSENT = "absent"  # the batchFile has no compressionType at all


@pytest.fixture
def seller(sandbox: SandboxServer) -> Client:
    return Client(sandbox.base_url).login_xades(NIP)


def _info(name: str, kind: bytes = tarfile.REGTYPE, size: int = 0, link: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.size, info.linkname = kind, size, link
    return info


def _tar_gz(members: list[tuple[tarfile.TarInfo, bytes | None]]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for info, data in members:
            if data is not None:
                info.size = len(data)
            tar.addfile(info, io.BytesIO(data) if data is not None else None)
    return buffer.getvalue()


def _files_tar(files: dict[str, bytes]) -> bytes:
    return _tar_gz([(_info(name), data) for name, data in files.items()])


def _files_zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _batch(seller: Client, archive: bytes, compression: str | None) -> dict[str, Any]:
    """Open a batch session for the package, upload it as one part, close it; the session's status."""
    key, iv = new_aes_key(), new_iv()
    part = aes_encrypt(key, iv, archive)
    batch_file: dict[str, Any] = {
        "fileSize": len(archive),
        "fileHash": sha256_b64(archive),
        "fileParts": [{"ordinalNumber": 1, "fileSize": len(part), "fileHash": sha256_b64(part)}],
    }
    if compression != ABSENT:
        batch_file["compressionType"] = compression
    opened = seller.http.post(
        seller.base + "/sessions/batch",
        json={"formCode": FA3, "encryption": seller.encryption(key, iv), "batchFile": batch_file},
        headers=seller.auth(),
    )
    assert opened.status_code == 201, opened.text
    upload = opened.json()["partUploadRequests"][0]
    assert requests.put(upload["url"], data=part, headers=upload["headers"], timeout=30).status_code == 201
    reference = opened.json()["referenceNumber"]
    assert seller.post(f"/sessions/batch/{reference}/close").status_code == 204
    status = dict(seller.get(f"/sessions/{reference}").json())
    status["referenceNumber"] = reference
    return status


def _invoices(n: int, prefix: str) -> dict[str, bytes]:
    return {f"faktury/{prefix}-{i}.xml": invoice_xml(NIP, number=f"FV/{prefix}/{i}") for i in range(1, n + 1)}


@pytest.mark.parametrize(
    ("compression", "pack"),
    [("TarGz", _files_tar), ("Zip", _files_zip), (None, _files_zip), (ABSENT, _files_zip)],
    ids=["TarGz", "Zip", "null-is-Zip", "absent-is-Zip"],
)
def test_both_compressions_and_null_are_taken_invoice_by_invoice(
    seller: Client, sandbox: SandboxServer, compression: str | None, pack: Callable[[dict[str, bytes]], bytes]
) -> None:
    files = _invoices(12, f"P{compression}")
    files["faktury/zla.xml"] = b"<to-nie-faktura/>"  # one bad invoice fails alone
    status = _batch(seller, pack(files), compression)
    assert status["status"]["code"] == 200, status
    assert (status["invoiceCount"], status["successfulInvoiceCount"], status["failedInvoiceCount"]) == (13, 12, 1)
    listed = seller.get(f"/sessions/{status['referenceNumber']}/invoices?pageSize=100").json()["invoices"]
    assert sorted(i["invoiceFileName"] for i in listed) == sorted(n.rsplit("/", 1)[-1] for n in files)
    hashes = {i["invoiceHash"] for i in listed if i["status"]["code"] == 200}
    assert hashes == {sha256_b64(data) for name, data in files.items() if not name.endswith("zla.xml")}
    stored = sandbox.sandbox.state.one(
        "SELECT batch FROM sessions WHERE ref = ?", (status["referenceNumber"],)
    ).json_of("batch", {})
    assert stored["compressionType"] == ("TarGz" if compression == "TarGz" else "Zip")


def test_an_unknown_compression_is_refused_at_opening(seller: Client) -> None:
    key, iv = new_aes_key(), new_iv()
    body = {
        "formCode": FA3,
        "encryption": seller.encryption(key, iv),
        "batchFile": {
            "fileSize": 10,
            "fileHash": sha256_b64(b"x"),
            "compressionType": "SevenZip",
            "fileParts": [{"ordinalNumber": 1, "fileSize": 16, "fileHash": sha256_b64(b"y")}],
        },
    }
    response = seller.http.post(
        seller.base + "/sessions/batch", json=body, headers=seller.auth(), expect_invalid_request=True
    )
    assert response.status_code == 400
    assert response.json()["exception"]["exceptionDetailList"][0]["exceptionCode"] == 21405


def _good() -> tuple[tarfile.TarInfo, bytes]:
    return _info("dobra.xml"), invoice_xml(NIP, number="FV/DOBRA/1")


def _declared_huge() -> bytes:
    """A header that declares 7 GB with no data behind it (tarfile would not write it)."""
    header = _info("ogromna.xml", size=7_000_000_000).tobuf(tarfile.USTAR_FORMAT)
    return gzip.compress(header + bytes(1024))


def _gzip_bomb() -> bytes:
    """15 members of 3 MB zeros each (each within the member limit): 45 MB from ~45 KB."""
    return _files_tar({f"zera-{n}.xml": bytes(3 * MB) for n in range(15)})


HOSTILE_TARS: dict[str, tuple[Callable[[], bytes], int, str]] = {
    "symlink": (
        lambda: _tar_gz([_good(), (_info("link.xml", tarfile.SYMTYPE, link="/etc/passwd"), None)]),
        430,
        "dowiązanie symboliczne",
    ),
    "hardlink": (
        lambda: _tar_gz([_good(), (_info("twardy.xml", tarfile.LNKTYPE, link="dobra.xml"), None)]),
        430,
        "dowiązanie twarde",
    ),
    "dot-dot": (lambda: _tar_gz([_good(), (_info("../../poza.xml"), invoice_xml(NIP))]), 430, "Niedozwolona ścieżka"),
    "dot-dot-inside": (lambda: _tar_gz([(_info("a/../../b.xml"), invoice_xml(NIP))]), 430, "Niedozwolona ścieżka"),
    "absolute": (lambda: _tar_gz([_good(), (_info("/tmp/abs.xml"), invoice_xml(NIP))]), 430, "Niedozwolona ścieżka"),
    "windows-drive": (lambda: _tar_gz([(_info("C:\\temp\\x.xml"), invoice_xml(NIP))]), 430, "Niedozwolona ścieżka"),
    "char-device": (lambda: _tar_gz([_good(), (_info("zero", tarfile.CHRTYPE), None)]), 430, "urządzenie znakowe"),
    "block-device": (lambda: _tar_gz([(_info("sda", tarfile.BLKTYPE), None)]), 430, "urządzenie blokowe"),
    "fifo": (lambda: _tar_gz([_good(), (_info("kolejka", tarfile.FIFOTYPE), None)]), 430, "FIFO"),
    "huge-declared-size": (_declared_huge, 430, "deklaruje 7000000000"),
    "too-many-members": (lambda: _files_tar({f"{n}.xml": b"" for n in range(10_001)}), 420, "więcej niż 10000"),
    "gzip-bomb": (_gzip_bomb, 430, "przekracza"),
    "gzip-of-not-a-tar": (lambda: gzip.compress(b"to nie jest archiwum tar " * 100), 430, "ReadError"),
    "not-gzip-at-all": (lambda: b"PK\x03\x04 albo cokolwiek innego" * 10, 430, "rozpakować"),
    "gzip-of-nothing": (lambda: gzip.compress(b""), 430, "ReadError"),
    "truncated": (lambda: _files_tar(_invoices(3, "UCIETA"))[:-40], 430, "rozpakować"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_TARS))
def test_a_hostile_tar_package_is_refused_whole(seller: Client, sandbox: SandboxServer, case: str) -> None:
    build, code, reason = HOSTILE_TARS[case]
    status = _batch(seller, build(), "TarGz")
    assert status["status"]["code"] == code, status
    assert any(reason in d for d in status["status"].get("details", [])), status
    assert status["invoiceCount"] == 0  # the good invoice before the bad member is not half-taken
    assert not any((sandbox.sandbox.folder / "batch").glob("*/*")), "the spent parts are removed"


def test_an_empty_tar_package_cancels_the_session_as_one_without_invoices(seller: Client) -> None:
    status = _batch(seller, _tar_gz([]), "TarGz")
    assert status["status"]["code"] == 440 and status["invoiceCount"] == 0, status
    assert status["status"]["details"] == ["Nie przesłano faktur"]


def test_a_tar_with_folders_and_dot_paths_is_fine(seller: Client) -> None:
    data = invoice_xml(NIP, number="FV/FOLDER/1")
    archive = _tar_gz([(_info("./faktury", tarfile.DIRTYPE), None), (_info("./faktury/a.xml"), data)])
    status = _batch(seller, archive, "TarGz")
    assert status["status"]["code"] == 200 and status["successfulInvoiceCount"] == 1, status


def test_a_package_declared_as_the_other_compression_fails_decompression(seller: Client) -> None:
    files = _invoices(2, "ZLY-TYP")
    assert _batch(seller, _files_tar(files), "Zip")["status"]["code"] == 430
    assert _batch(seller, _files_zip(files), "TarGz")["status"]["code"] == 430
    assert _batch(seller, _files_tar(files), None)["status"]["code"] == 430  # null is Zip


def _zip_entry(name: str, unix_type: int = 0) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    if unix_type:
        info.create_system, info.external_attr = 3, (unix_type | 0o777) << 16
    return info


@pytest.mark.parametrize(
    ("name", "unix_type", "reason"),
    [
        ("link.xml", stat.S_IFLNK, "dowiązanie symboliczne"),
        ("fifo", stat.S_IFIFO, "FIFO"),
        ("../poza.xml", 0, "Niedozwolona ścieżka"),
        ("/abs.xml", 0, "Niedozwolona ścieżka"),
    ],
)
def test_a_zip_is_held_to_the_same_rules(seller: Client, name: str, unix_type: int, reason: str) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("dobra.xml", invoice_xml(NIP))
        archive.writestr(_zip_entry(name, unix_type), b"/etc/passwd" if unix_type else invoice_xml(NIP))
    status = _batch(seller, buffer.getvalue(), "Zip")
    assert status["status"]["code"] == 430 and status["invoiceCount"] == 0, status
    assert any(reason in d for d in status["status"]["details"]), status
