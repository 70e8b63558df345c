"""Sending invoices to the sandbox: online and batch sessions, statuses, UPO; answers checked against the spec."""

from __future__ import annotations

import base64
import hashlib
import io
import zipfile
from datetime import date, timedelta

import pytest
import requests
from lxml import etree

from ksefdesk.core.crypto import aes_encrypt, b64, new_aes_key, new_iv, sha256_b64
from ksefdesk.core.numbers import is_valid_ksef_number
from ksefdesk.core.schemas import upo_schema
from ksefsandbox.server import SandboxServer
from tests.sandbox.kit import FA3, Client, invoice_xml
from tests.sandbox.test_auth_api import _error_code

NIP = "5265877635"


@pytest.fixture
def seller(client: Client) -> Client:
    return client.login_xades(NIP)


def _upo_ok(response: requests.Response) -> etree._Element:
    assert response.status_code == 200, response.text
    assert response.headers["x-ms-meta-hash"] == base64.b64encode(hashlib.sha256(response.content).digest()).decode()
    root = etree.fromstring(response.content)
    assert upo_schema().validate(root), upo_schema().error_log
    return root


def test_send_an_invoice_and_get_its_ksef_number_and_upo(seller: Client) -> None:
    session = seller.open_session()
    xml = invoice_xml(NIP, number="FV/1/11/2026")
    status = seller.send_ok(session, xml)
    assert is_valid_ksef_number(status["ksefNumber"]) and status["ksefNumber"].startswith(NIP + "-")
    assert status["invoiceHash"] == sha256_b64(xml) and status["invoicingMode"] == "Online"
    upo = _upo_ok(seller.get(f"/sessions/{session.ref}/invoices/{status['referenceNumber']}/upo"))
    ns = {"u": "http://upo.schematy.mf.gov.pl/KSeF/v4-3"}
    assert upo.findtext("u:Dokument/u:NumerKSeFDokumentu", namespaces=ns) == status["ksefNumber"]
    assert upo.findtext("u:Dokument/u:NumerFaktury", namespaces=ns) == "FV/1/11/2026"
    by_number = seller.get(f"/sessions/{session.ref}/invoices/ksef/{status['ksefNumber']}/upo")
    assert _upo_ok(by_number) is not None
    presigned = requests.get(status["upoDownloadUrl"], timeout=10)  # no Authorization header, as in KSeF
    _upo_ok(presigned)


def test_duplicate_gets_440_with_the_original_number(seller: Client) -> None:
    session = seller.open_session()
    xml = invoice_xml(NIP, number="FV/DUP/1")
    original = seller.send_ok(session, xml)
    again = seller.invoice_status(session, seller.send(session, xml).json()["referenceNumber"])
    assert again["status"]["code"] == 440
    assert again["status"]["extensions"]["originalKsefNumber"] == original["ksefNumber"]
    assert again["status"]["extensions"]["originalSessionReferenceNumber"] == session.ref


def test_invalid_invoice_gets_430_naming_the_field(seller: Client) -> None:
    session = seller.open_session()
    broken = invoice_xml(NIP).replace(b"<P_1>", b"<P_1>31.").replace(b"</P_1>", b"</P_1>", 1)
    status = seller.invoice_status(session, seller.send(session, broken).json()["referenceNumber"])
    assert status["status"]["code"] == 430
    assert any("P_1" in detail for detail in status["status"]["details"])


def test_someone_elses_invoice_gets_410(seller: Client) -> None:
    session = seller.open_session()
    status = seller.invoice_status(session, seller.send(session, invoice_xml("7251801126")).json()["referenceNumber"])
    assert status["status"]["code"] == 410


def test_offline_invoices_are_marked(seller: Client) -> None:
    session = seller.open_session()
    declared = seller.invoice_status(
        session, seller.send(session, invoice_xml(NIP), offlineMode=True).json()["referenceNumber"]
    )
    backdated = seller.send_ok(session, invoice_xml(NIP, issue_date=date.today() - timedelta(days=2)))
    assert declared["invoicingMode"] == "Offline" and backdated["invoicingMode"] == "Offline"


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("invoiceHash", b64(b"x" * 32), 21403),
        ("encryptedInvoiceHash", b64(b"y" * 32), 21403),
        ("invoiceSize", 5, 21402),
        ("encryptedInvoiceSize", 7, 21402),
    ],
)
def test_hash_and_size_mismatches(seller: Client, field: str, value: object, code: int) -> None:
    session = seller.open_session()
    xml = invoice_xml(NIP)
    encrypted = aes_encrypt(session.key, session.iv, xml)
    body = {
        "invoiceHash": sha256_b64(xml),
        "invoiceSize": len(xml),
        "encryptedInvoiceHash": sha256_b64(encrypted),
        "encryptedInvoiceSize": len(encrypted),
        "encryptedInvoiceContent": b64(encrypted),
        field: value,
    }
    response = seller.post(f"/sessions/online/{session.ref}/invoices", json=body)
    assert response.status_code == 400 and _error_code(response) == code


def test_wrong_key_gives_decryption_status(seller: Client) -> None:
    session = seller.open_session()
    session.key = new_aes_key()  # the client encrypts with a key the session does not know
    status = seller.invoice_status(session, seller.send(session, invoice_xml(NIP)).json()["referenceNumber"])
    assert status["status"]["code"] == 435


def test_closing_gives_a_session_upo_and_forbids_more_invoices(seller: Client) -> None:
    session = seller.open_session()
    seller.send_ok(session, invoice_xml(NIP))
    seller.send_ok(session, invoice_xml(NIP))
    assert seller.post(f"/sessions/online/{session.ref}/close").status_code == 204
    status = seller.get(f"/sessions/{session.ref}").json()
    assert status["status"]["code"] == 200 and status["successfulInvoiceCount"] == 2
    page = status["upo"]["pages"][0]
    upo = _upo_ok(seller.get(f"/sessions/{session.ref}/upo/{page['referenceNumber']}"))
    assert len(upo.findall("{http://upo.schematy.mf.gov.pl/KSeF/v4-3}Dokument")) == 2
    _upo_ok(requests.get(page["downloadUrl"], timeout=10))
    late = seller.send(session, invoice_xml(NIP))
    assert late.status_code == 400 and _error_code(late) == 21180
    assert _error_code(seller.post(f"/sessions/online/{session.ref}/close")) == 21180


def test_empty_session_is_cancelled(seller: Client) -> None:
    session = seller.open_session()
    seller.post(f"/sessions/online/{session.ref}/close")
    assert seller.get(f"/sessions/{session.ref}").json()["status"]["code"] == 440


def test_unknown_session(seller: Client) -> None:
    response = seller.get("/sessions/20261124-SO-0000000000-0000000000-00")
    assert response.status_code == 400 and _error_code(response) == 21173


def test_invoice_lists_page_with_continuation_tokens(seller: Client) -> None:
    session = seller.open_session()
    for _ in range(12):
        seller.send_ok(session, invoice_xml(NIP))
    seller.send(session, invoice_xml("7251801126"))
    first = seller.get(f"/sessions/{session.ref}/invoices?pageSize=10").json()
    assert len(first["invoices"]) == 10 and first["continuationToken"]
    second = seller.get(
        f"/sessions/{session.ref}/invoices?pageSize=10", headers={"x-continuation-token": first["continuationToken"]}
    ).json()
    assert len(second["invoices"]) == 3 and "continuationToken" not in second
    assert [i["ordinalNumber"] for i in first["invoices"] + second["invoices"]] == list(range(1, 14))
    failed = seller.get(f"/sessions/{session.ref}/invoices/failed").json()["invoices"]
    assert [i["status"]["code"] for i in failed] == [410]
    bad_token = seller.get(f"/sessions/{session.ref}/invoices", headers={"x-continuation-token": "%%%"})
    assert _error_code(bad_token) == 21418


def test_session_list(seller: Client) -> None:
    online = seller.open_session()
    listed = seller.get("/sessions?sessionType=Online").json()["sessions"]
    assert [s["referenceNumber"] for s in listed] == [online.ref]
    assert seller.get("/sessions?sessionType=Batch").json()["sessions"] == []


def test_read_only_token_cannot_send(seller: Client, sandbox: SandboxServer) -> None:
    created = seller.create_token(["InvoiceRead"])
    seller.wait_token_active(created["referenceNumber"])
    reader = Client(sandbox.base_url).login_token(NIP, created["token"])
    response = reader.post(
        "/sessions/online", json={"formCode": FA3, "encryption": reader.encryption(new_aes_key(), new_iv())}
    )
    assert response.status_code == 403 and response.json()["reasonCode"] == "missing-permissions"


# --- batch ---------------------------------------------------------------------------------------
def _package(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _open_batch(seller: Client, archive: bytes, parts: int) -> tuple[str, list[dict[str, object]], list[bytes]]:
    key, iv = new_aes_key(), new_iv()
    size = -(-len(archive) // parts)
    chunks = [aes_encrypt(key, iv, archive[i : i + size]) for i in range(0, len(archive), size)]
    body = {
        "formCode": FA3,
        "encryption": seller.encryption(key, iv),
        "batchFile": {
            "fileSize": len(archive),
            "fileHash": sha256_b64(archive),
            "fileParts": [
                {"ordinalNumber": n, "fileSize": len(c), "fileHash": sha256_b64(c)}
                for n, c in enumerate(chunks, start=1)
            ],
        },
    }
    response = seller.post("/sessions/batch", json=body)
    assert response.status_code == 201, response.text
    return response.json()["referenceNumber"], response.json()["partUploadRequests"], chunks


def test_batch_session_processes_each_invoice(seller: Client) -> None:
    files = {f"faktura-{n}.xml": invoice_xml(NIP) for n in range(3)}
    files["zla.xml"] = b"<Faktura>nie</Faktura>"
    reference, uploads, chunks = _open_batch(seller, _package(files), parts=2)
    assert len(uploads) == 2
    for upload, chunk in zip(uploads, chunks, strict=True):
        put = requests.put(str(upload["url"]), data=chunk, headers=dict(upload["headers"]), timeout=10)  # type: ignore[arg-type]
        assert put.status_code == 201
    assert seller.post(f"/sessions/batch/{reference}/close").status_code == 204
    status = seller.get(f"/sessions/{reference}").json()
    assert status["status"]["code"] == 200
    assert (status["successfulInvoiceCount"], status["failedInvoiceCount"]) == (3, 1)
    invoices = seller.get(f"/sessions/{reference}/invoices?pageSize=10").json()["invoices"]
    assert {i["invoiceFileName"] for i in invoices} == set(files)


def test_batch_with_a_missing_part_cannot_close(seller: Client) -> None:
    reference, uploads, chunks = _open_batch(seller, _package({"a.xml": invoice_xml(NIP)}), parts=2)
    requests.put(str(uploads[0]["url"]), data=chunks[0], timeout=10)
    response = seller.post(f"/sessions/batch/{reference}/close")
    assert response.status_code == 400 and _error_code(response) == 21205


def test_batch_with_a_corrupted_part_fails_verification(seller: Client) -> None:
    reference, uploads, chunks = _open_batch(seller, _package({"a.xml": invoice_xml(NIP)}), parts=1)
    requests.put(str(uploads[0]["url"]), data=chunks[0][:-16] + bytes(16), timeout=10)
    seller.post(f"/sessions/batch/{reference}/close")
    assert seller.get(f"/sessions/{reference}").json()["status"]["code"] == 405
