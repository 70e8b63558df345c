"""Issue 21, sandbox memory bombs: a 297 KB TarGz (or Zip) batch package that unpacks to 300 MB, and
request bodies read whole before any size check. The sandbox streams with budgets and refuses with
the error KSeF's contract gives (a session status, or a 400 ExceptionResponse)."""

from __future__ import annotations

import io
import json
import socket
import tarfile
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from werkzeug.test import EnvironBuilder

from ksefdesk.core.crypto import aes_encrypt, new_aes_key, new_iv, sha256_b64
from ksefsandbox.server import SandboxServer
from tests.sandbox.kit import FA3, Client, admin, invoice_xml

NIP = "5265877635"
ServerFactory = Callable[..., SandboxServer]
MB = 1_000_000


@pytest.fixture
def seller(start_sandbox: ServerFactory) -> Client:
    return Client(start_sandbox().base_url).login_xades(NIP)


def _tar_gz(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _bomb() -> dict[str, bytes]:
    """100 members of 3 MB zeros (each within the 3 MB attachment limit): 300 MB in all."""
    zeros = bytes(3 * MB)
    return {f"faktura-{n:03d}.xml": zeros for n in range(100)}


def _open_and_upload(client: Client, archive: bytes, compression: str) -> str:
    key, iv = new_aes_key(), new_iv()
    part = aes_encrypt(key, iv, archive)
    body = {
        "formCode": FA3,
        "encryption": client.encryption(key, iv),
        "batchFile": {
            "fileSize": len(archive),
            "fileHash": sha256_b64(archive),
            "compressionType": compression,
            "fileParts": [{"ordinalNumber": 1, "fileSize": len(part), "fileHash": sha256_b64(part)}],
        },
    }
    opened = client.post("/sessions/batch", json=body)
    assert opened.status_code == 201, opened.text
    upload = opened.json()["partUploadRequests"][0]
    assert requests.put(upload["url"], data=part, headers=upload["headers"], timeout=30).status_code == 201
    return str(opened.json()["referenceNumber"])


def _close_measured(client: Client, reference: str) -> tuple[dict[str, Any], int]:
    """Close the session; (its status, the peak of Python memory while the sandbox unpacked). The peak
    includes the 10 MB buffer werkzeug's server allocates to drain each connection when it ends."""
    tracemalloc.start()
    try:
        assert client.post(f"/sessions/batch/{reference}/close").status_code == 204
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return dict(client.get(f"/sessions/{reference}").json()), peak


@pytest.mark.parametrize(("compression", "pack"), [("TarGz", _tar_gz), ("Zip", _zip)])
def test_a_decompression_bomb_is_refused_without_unpacking_it_in_memory(
    seller: Client, compression: str, pack: Callable[[dict[str, bytes]], bytes]
) -> None:
    archive = pack(_bomb())
    assert len(archive) < 310_000  # the audit's 297 KB
    reference = _open_and_upload(seller, archive, compression)
    status, peak = _close_measured(seller, reference)
    assert status["status"]["code"] == 430, status  # "Błąd dekompresji pierwotnego archiwum"
    assert status["invoiceCount"] == 0  # nothing half-accepted
    assert peak < 40 * MB, f"peak {peak / MB:.0f} MB"


def test_a_tar_header_that_unpacks_to_50_mb_is_refused_before_it_is_read(seller: Client) -> None:
    """tarfile reads GNU long names and pax headers into memory whole, whatever their size."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", format=tarfile.PAX_FORMAT) as tar:
        data = invoice_xml(NIP)
        info = tarfile.TarInfo("faktura.xml")
        info.size = len(data)
        info.pax_headers = {"comment": "x" * (50 * MB)}
        tar.addfile(info, io.BytesIO(data))
    archive = buffer.getvalue()
    del buffer, info
    assert len(archive) < 200_000
    status, peak = _close_measured(seller, _open_and_upload(seller, archive, "TarGz"))
    assert status["status"]["code"] == 430 and status["invoiceCount"] == 0, status
    assert peak < 20 * MB, f"peak {peak / MB:.0f} MB"


@pytest.mark.parametrize(("compression", "pack"), [("TarGz", _tar_gz), ("Zip", _zip)])
def test_a_real_package_still_goes_through(
    seller: Client, compression: str, pack: Callable[[dict[str, bytes]], bytes]
) -> None:
    files = {f"faktura-{n}.xml": invoice_xml(NIP) for n in range(200)}  # near-identical: TarGz packs ~60:1
    files["za-duza.xml"] = b"<a>" + b" " * (3 * MB) + b"</a>"  # one invoice over the limit fails alone
    reference = _open_and_upload(seller, pack(files), compression)
    status, _ = _close_measured(seller, reference)
    assert status["status"]["code"] == 200, status
    assert (status["successfulInvoiceCount"], status["failedInvoiceCount"]) == (200, 1)
    failed = seller.get(f"/sessions/{reference}/invoices/failed?pageSize=10").json()["invoices"]
    assert failed[0]["invoiceFileName"] == "za-duza.xml" and failed[0]["status"]["code"] == 430


def test_a_zip_with_more_entries_than_a_session_takes_is_refused_before_its_directory_is_read(
    seller: Client,
) -> None:
    archive = _zip({f"{n}.xml": b"" for n in range(60_000)})
    reference = _open_and_upload(seller, archive, "Zip")
    status, peak = _close_measured(seller, reference)
    assert status["status"]["code"] == 420 and status["invoiceCount"] == 0  # "Przekroczony limit faktur w sesji"
    # Reading the directory cost 45 MB; what remains is werkzeug's 10 MB read buffer when a connection ends.
    assert peak < 16 * MB, f"peak {peak / MB:.1f} MB for a {len(archive) / MB:.1f} MB archive"


# --- request bodies --------------------------------------------------------------------------------
class _Endless(io.RawIOBase):
    """A client that never stops sending; fails loudly instead of exhausting the test machine."""

    def __init__(self, limit: int = 64 * MB) -> None:
        self.read_bytes, self.limit = 0, limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.read_bytes >= self.limit:
            raise OSError("the sandbox kept reading a body it should have refused")
        size = min(len(buffer), 65536)
        buffer[:size] = b"{" * size
        self.read_bytes += size
        return size


def _wsgi(server: SandboxServer, url: str, method: str, headers: dict[str, str], stream: _Endless, chunked: bool
          ) -> tuple[int, dict[str, Any]]:  # fmt: skip
    parts = urlsplit(url)
    environ = EnvironBuilder(
        path=parts.path, method=method, headers={"Host": parts.netloc, **headers}, query_string=parts.query
    ).get_environ()
    environ["wsgi.input"] = io.BufferedReader(stream)
    environ["REMOTE_ADDR"] = "127.0.0.1"
    if chunked:  # what werkzeug's server does for Transfer-Encoding: chunked
        environ.pop("CONTENT_LENGTH", None)
        environ["HTTP_TRANSFER_ENCODING"] = "chunked"
        environ["wsgi.input_terminated"] = True
    else:
        environ["CONTENT_LENGTH"] = str(10**12)
    status: list[str] = []
    body = b"".join(server.sandbox(environ, lambda s, h, e=None: status.append(s)))  # type: ignore[arg-type]
    return int(status[0].split()[0]), json.loads(body)


@pytest.mark.parametrize("chunked", [False, True])
def test_an_endless_json_body_is_refused_while_it_is_read(start_sandbox: ServerFactory, chunked: bool) -> None:
    server = start_sandbox()
    stream = _Endless()
    code, body = _wsgi(
        server, server.base_url + "/testdata/person", "POST", {"Content-Type": "application/json"}, stream, chunked
    )
    assert code == 400 and body["exception"]["exceptionDetailList"][0]["exceptionCode"] == 21405
    assert stream.read_bytes <= (5 * MB if chunked else 0)


@pytest.mark.parametrize("chunked", [False, True])
def test_an_endless_admin_body_is_refused_while_it_is_read(start_sandbox: ServerFactory, chunked: bool) -> None:
    server = start_sandbox()
    stream = _Endless()
    headers = {"Content-Type": "application/json", **server.admin_headers}
    code, _ = _wsgi(server, server.admin_url("faults"), "POST", headers, stream, chunked)
    assert code == 400 and stream.read_bytes <= (128_000 if chunked else 0)


@pytest.mark.parametrize("chunked", [False, True])
def test_an_endless_batch_part_is_refused_while_it_is_read(start_sandbox: ServerFactory, chunked: bool) -> None:
    server = start_sandbox()
    seller = Client(server.base_url).login_xades(NIP)
    key, iv = new_aes_key(), new_iv()
    archive = _zip({"a.xml": invoice_xml(NIP)})
    part = aes_encrypt(key, iv, archive)
    opened = seller.post(
        "/sessions/batch",
        json={
            "formCode": FA3,
            "encryption": seller.encryption(key, iv),
            "batchFile": {
                "fileSize": len(archive),
                "fileHash": sha256_b64(archive),
                "fileParts": [{"ordinalNumber": 1, "fileSize": len(part), "fileHash": sha256_b64(part)}],
            },
        },
    ).json()
    url = opened["partUploadRequests"][0]["url"]
    stream = _Endless()
    code, body = _wsgi(server, url, "PUT", {}, stream, chunked)
    assert code == 400 and body["exception"]["exceptionDetailList"][0]["exceptionCode"] == 21157
    assert stream.read_bytes <= (len(part) + 65536 if chunked else 0)
    # More than declared over a real connection: refused, nothing kept; the declared bytes are taken.
    too_long = requests.put(url, data=part + bytes(MB), timeout=30)
    assert too_long.status_code == 400
    assert requests.put(url, data=part, timeout=30).status_code == 201
    assert seller.post(f"/sessions/batch/{opened['referenceNumber']}/close").status_code == 204
    assert seller.get(f"/sessions/{opened['referenceNumber']}").json()["successfulInvoiceCount"] == 1


def test_a_huge_content_length_is_answered_at_once_over_a_real_socket(start_sandbox: ServerFactory) -> None:
    server = start_sandbox()
    path = urlsplit(server.base_url).path + "/testdata/person"
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {10**12}\r\n\r\n{{".encode()
        )
        started = time.monotonic()
        answer = b""
        while chunk := sock.recv(65536):  # the sandbox answers and closes without waiting for the body
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 400") and time.monotonic() - started < 5
    assert b"21405" in answer


@pytest.mark.parametrize(
    "raw",
    [
        b"[" * 200_000,  # deep nesting: RecursionError in the JSON parser
        b'{"permissions": NaN, "description": "x"}',
        b'{"permissions": Infinity}',
        b'{"permissions": 1e999}',
        b'{"permissions": ' + b"9" * 5000 + b"}",  # longer than Python converts to int
        b'{"description": "\\ud800"}',  # a lone surrogate
        b"\xff\xfe{",
    ],
)
def test_hostile_json_gets_the_contract_error_not_a_500(seller: Client, raw: bytes) -> None:
    for path in ("/tokens", "/testdata/person"):
        response = requests.post(
            seller.base + path,
            data=raw,
            headers={**seller.auth(), "Content-Type": "application/json"},
            timeout=30,
        )
        assert response.status_code == 400, (path, raw[:40], response.text[:300])
        assert response.json()["exception"]["exceptionDetailList"][0]["exceptionCode"] == 21405


def test_admin_switches_refuse_hostile_values(start_sandbox: ServerFactory) -> None:
    server = start_sandbox()
    for body in (
        {"error_rate": "NaN"},
        {"error_rate": 7},
        {"latency_s": -1},
        {"latency_s": 1e9},
        {"maintenance": "false"},
        {"burst_429": -5},
        {"burst_429": 1.5},
        {"outage": "MELTDOWN"},
        {"messages": "abc"},
        {"messages": [1, 2]},
    ):
        response = admin(server, "faults", body)
        assert response.status_code == 400, (body, response.text)
    infinite = requests.post(
        server.admin_url("rate-scale"),
        data=b'{"scale": Infinity}',
        headers={**server.admin_headers, "Content-Type": "application/json"},
        timeout=10,
    )
    assert infinite.status_code == 400
    assert admin(server, "rate-scale", {"scale": -1}).status_code == 400
    faults = admin(server, "faults", method="GET").json()
    assert faults["error_rate"] == 0 and faults["maintenance"] is False and faults["latency_s"] == 0
