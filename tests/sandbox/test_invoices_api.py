"""Receiving invoices from the sandbox and its fault knobs; answers checked against the spec."""

from __future__ import annotations

import io
import json
import tarfile
import time
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
import requests

from ksefdesk.core.crypto import aes_decrypt, new_aes_key, new_iv, sha256_b64
from ksefdesk.core.fa3 import check_invoice_bytes
from ksefsandbox.api_blobs import damage_downloads
from ksefsandbox.app import SandboxConfig
from ksefsandbox.seed import login_kit, seed_invoices
from ksefsandbox.server import SandboxServer
from tests.sandbox.kit import Client, admin
from tests.sandbox.test_auth_api import _error_code

NIP = "5265877635"
SEEDED = 60


def _since(days: int = 90) -> str:
    return (datetime.now(UTC) - timedelta(days=days)).isoformat()


def _query(
    client: Client,
    *,
    subject: str = "Subject2",
    offset: int = 0,
    size: int = 250,
    order: str = "Asc",
    date_type: str = "PermanentStorage",
    since: str | None = None,
    **filters: Any,
) -> dict[str, Any]:
    body = {
        "subjectType": subject,
        "dateRange": {"dateType": date_type, "from": since or _since(), **filters.pop("range", {})},
        **filters,
    }
    response = client.post(f"/invoices/query/metadata?pageOffset={offset}&pageSize={size}&sortOrder={order}", json=body)
    assert response.status_code == 200, response.text
    return dict(response.json())


@pytest.fixture
def buyer_server(start_sandbox: Callable[..., SandboxServer]) -> SandboxServer:
    server = start_sandbox(SandboxConfig(rate_scale=0, max_truncation=25))
    seed_invoices(server.sandbox, NIP, SEEDED, months=2)
    return server


@pytest.fixture
def buyer(buyer_server: SandboxServer) -> Client:
    return Client(buyer_server.base_url).login_xades(NIP)


def test_seeded_invoices_are_valid_fa3_and_visible_to_the_buyer(buyer: Client) -> None:
    everything: list[dict[str, Any]] = []
    since = _since()
    while True:  # the official incremental loop: truncation moves 'from', hasMore pages
        page = _query(buyer, since=since, offset=0, size=10)
        offset = 0
        while True:
            everything += page["invoices"]
            if not page["hasMore"]:
                break
            if page["isTruncated"]:
                since = page["invoices"][-1]["permanentStorageDate"]
                break
            offset += 10
            page = _query(buyer, since=since, offset=offset, size=10)
        if not page["hasMore"]:
            break
    unique = {i["ksefNumber"]: i for i in everything}
    subject3 = _query(buyer, subject="Subject3")["invoices"]
    assert len(unique) + len(subject3) == SEEDED
    dates = [i["permanentStorageDate"] for i in everything]
    assert dates == sorted(dates)
    sample = next(iter(unique.values()))
    xml = buyer.get(f"/invoices/ksef/{sample['ksefNumber']}")
    assert xml.status_code == 200 and xml.headers["x-ms-meta-hash"] == sha256_b64(xml.content) == sample["invoiceHash"]
    root, problems = check_invoice_bytes(xml.content)
    assert root is not None and problems == []


def test_truncation_and_paging_flags(buyer: Client) -> None:
    first = _query(buyer, size=10)
    assert first["hasMore"] and not first["isTruncated"]
    last_page = _query(buyer, offset=20, size=10)  # reaches the cap of 25 records for this filter set
    assert last_page["isTruncated"] and last_page["hasMore"] and len(last_page["invoices"]) == 5
    assert _query(buyer, offset=30, size=10)["invoices"] == []


def test_hwm_is_reported_and_restricts_the_range(buyer: Client) -> None:
    page = _query(buyer, size=10)
    hwm = datetime.fromisoformat(page["permanentStorageHwmDate"].replace("Z", "+00:00"))
    assert datetime.now(UTC) - timedelta(seconds=30) < hwm <= datetime.now(UTC)
    future = (datetime.now(UTC) + timedelta(minutes=5)).isoformat()
    response = buyer.post(
        "/invoices/query/metadata",
        json={
            "subjectType": "Subject2",
            "dateRange": {"dateType": "PermanentStorage", "from": future, "restrictToPermanentStorageHwmDate": True},
        },
    )
    assert response.status_code == 400 and _error_code(response) == 21183


def test_range_longer_than_three_months_is_refused(buyer: Client) -> None:
    response = buyer.post(
        "/invoices/query/metadata",
        json={"subjectType": "Subject2", "dateRange": {"dateType": "Issue", "from": _since(200), "to": _since(10)}},
    )
    assert response.status_code == 400 and _error_code(response) == 21405


def test_filters(buyer: Client) -> None:
    everything = _query(buyer)["invoices"]
    euro = _query(buyer, currencyCodes=["EUR"])["invoices"]
    assert euro and all(i["currency"] == "EUR" for i in euro)
    big = _query(buyer, amount={"type": "Brutto", "from": 5000})["invoices"]
    assert all(i["grossAmount"] >= 5000 for i in big)
    seller = everything[0]["seller"]["nip"]
    assert {i["seller"]["nip"] for i in _query(buyer, sellerNip=seller)["invoices"]} == {seller}
    corrections = _query(buyer, invoiceTypes=["Kor"])["invoices"]
    assert all(i["invoiceType"] == "Kor" for i in corrections)
    newest_first = _query(buyer, order="Desc", size=10)["invoices"]
    assert newest_first[0]["permanentStorageDate"] >= newest_first[-1]["permanentStorageDate"]


def test_other_contexts_cannot_download(buyer: Client, start_sandbox: Any) -> None:
    ksef_number = _query(buyer, size=10)["invoices"][0]["ksefNumber"]
    stranger = Client(buyer.base).login_xades("7251801126")
    response = stranger.get(f"/invoices/ksef/{ksef_number}")
    assert response.status_code == 400 and _error_code(response) == 21164


def _start_export(
    client: Client, key: bytes, iv: bytes, request: dict[str, Any], *, lax: bool = False, **filters: Any
) -> dict[str, Any]:
    """Submit an export and poll it until it is no longer in progress; its final status. ``lax``: the request
    is not checked against the contract (the answers still are)."""
    response = client.post(
        "/invoices/exports",
        expect_invalid_request=lax,
        json={
            "encryption": client.encryption(key, iv),
            "filters": {
                "subjectType": "Subject2",
                "dateRange": {
                    "dateType": "PermanentStorage",
                    "from": _since(),
                    "restrictToPermanentStorageHwmDate": True,
                },
                **filters,
            },
            **request,
        },
    )
    assert response.status_code == 201, response.text
    reference = response.json()["referenceNumber"]
    for _ in range(100):
        status: dict[str, Any] = client.get(f"/invoices/exports/{reference}").json()
        if status["status"]["code"] != 100:
            break
        time.sleep(0.05)
    return status


def _export(
    client: Client, request: dict[str, Any] | None = None, *, lax: bool = False, **filters: Any
) -> tuple[dict[str, Any], bytes]:
    key, iv = new_aes_key(), new_iv()
    status = _start_export(client, key, iv, request or {}, lax=lax, **filters)
    assert status["status"]["code"] == 200, status
    archive = b""
    for part in status["package"]["parts"]:
        served = requests.get(part["url"], timeout=10)  # pre-signed: no token
        encrypted = served.content
        # as KSeF's storage: the Base64 SHA-256 of the bytes served, which are the encrypted part
        assert served.headers["x-ms-meta-hash"] == sha256_b64(encrypted) == part["encryptedPartHash"]
        archive += aes_decrypt(key, iv, encrypted)
    return status, archive


def test_export_package_decrypts_unzips_and_is_truncated_at_the_cap(buyer: Client) -> None:
    status, archive = _export(buyer)
    package = status["package"]
    assert package["isTruncated"] and package["invoiceCount"] == 25 and package["lastPermanentStorageDate"]
    assert package["compressionType"] == "Zip"  # the default when the request does not say
    with zipfile.ZipFile(io.BytesIO(archive)) as files:
        names = files.namelist()
        metadata = json.loads(files.read("_metadata.json"))["invoices"]
        assert len(names) == 26 and {f"{m['ksefNumber']}.xml" for m in metadata} == set(names) - {"_metadata.json"}
        first = files.read(names[0])
        assert sha256_b64(first) == next(m["invoiceHash"] for m in metadata if names[0].startswith(m["ksefNumber"]))
    # continuing from lastPermanentStorageDate until a package is not truncated brings the rest
    all_numbers = {m["ksefNumber"] for m in metadata}
    while package["isTruncated"]:
        status, archive = _export(
            buyer,
            dateRange={
                "dateType": "PermanentStorage",
                "from": package["lastPermanentStorageDate"],
                "restrictToPermanentStorageHwmDate": True,
            },
        )
        package = status["package"]
        with zipfile.ZipFile(io.BytesIO(archive)) as files:
            all_numbers |= {m["ksefNumber"] for m in json.loads(files.read("_metadata.json"))["invoices"]}
    subject3 = _query(buyer, subject="Subject3")["invoices"]
    assert len(all_numbers) + len(subject3) == SEEDED


def test_metadata_only_export(buyer: Client) -> None:
    _, archive = _export(buyer, invoiceTypes=["Vat"])
    with zipfile.ZipFile(io.BytesIO(archive)) as files:
        assert "_metadata.json" in files.namelist()


# --- faults and the availability feed ----------------------------------------------------------
def _admin(server: SandboxServer, **faults: Any) -> None:
    assert admin(server, "faults", faults).status_code == 200


def _feed(server: SandboxServer) -> Any:
    """The availability feed sits at the server's root, where the app looks for it."""
    return requests.get(server.sandbox.origin + "/latarnia/status", timeout=10).json()


def test_maintenance_window(start_sandbox: Callable[..., SandboxServer]) -> None:
    server = start_sandbox()
    client = Client(server.base_url)
    _admin(server, maintenance=True)
    response = client.http.post(client.base + "/auth/challenge", expect_invalid_request=True)
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert _feed(server)["status"] == "MAINTENANCE"
    _admin(server, maintenance=False)
    assert client.http.post(client.base + "/auth/challenge").status_code == 200


def test_burst_of_429s(start_sandbox: Callable[..., SandboxServer]) -> None:
    server = start_sandbox()
    client = Client(server.base_url)
    _admin(server, burst_429=2)
    codes = [client.http.post(client.base + "/auth/challenge").status_code for _ in range(3)]
    assert codes == [429, 429, 200]


def test_server_errors_and_dropped_connections(start_sandbox: Callable[..., SandboxServer]) -> None:
    server = start_sandbox()
    client = Client(server.base_url)
    _admin(server, error_rate=1.0)
    assert client.http.post(client.base + "/auth/challenge", expect_invalid_request=True).status_code in (500, 502, 503)
    _admin(server, error_rate=0.0, drop_rate=1.0)
    with pytest.raises(requests.ConnectionError):
        requests.post(client.base + "/auth/challenge", timeout=5)
    _admin(server, drop_rate=0.0, outage="FAILURE", messages=[{"id": "1", "type": "FAILURE_START"}])
    feed = _feed(server)
    assert feed["status"] == "FAILURE" and feed["messages"][0]["type"] == "FAILURE_START"


def test_admin_rejects_unknown_faults(start_sandbox: Callable[..., SandboxServer]) -> None:
    server = start_sandbox()
    assert admin(server, "faults", {"meteor": 1}).status_code == 400


def test_login_kit_works(start_sandbox: Callable[..., SandboxServer]) -> None:
    server = start_sandbox()
    kit = login_kit(server.sandbox, NIP)
    assert login_kit(server.sandbox, NIP).ksef_token == kit.ksef_token  # made once
    Client(server.base_url).login_token(NIP, kit.ksef_token)
    from cryptography.hazmat.primitives.serialization import pkcs12

    key, cert, _ = pkcs12.load_key_and_certificates(kit.pkcs12_file.read_bytes(), kit.pkcs12_password.encode())
    from ksefdesk.core.self_signed import SigningIdentity

    Client(server.base_url).login_xades(NIP, SigningIdentity(key, cert))  # type: ignore[arg-type]


# --- 2.7/2.8: compression, the HWM as status 420, 100-day ranges in UTC, x-ms-meta-hash --------------------------
def test_targz_export_and_null_compression_meaning_zip(buyer: Client) -> None:
    status, archive = _export(buyer, {"compressionType": "TarGz"})
    package = status["package"]
    assert package["compressionType"] == "TarGz" and package["parts"][0]["partName"].endswith(".tar.gz.aes")
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as files:
        members = files.getmembers()
        assert all(m.isreg() and "/" not in m.name for m in members)
        handle = files.extractfile("_metadata.json")
        assert handle is not None
        metadata = json.loads(handle.read())["invoices"]
        assert {f"{m['ksefNumber']}.xml" for m in metadata} == {m.name for m in members} - {"_metadata.json"}
        assert len(metadata) == package["invoiceCount"] == 25
    # nullable in the contract, Zip by default (contract.nullable_refs lets the validator see it that way)
    status, archive = _export(buyer, {"compressionType": None})
    assert status["package"]["compressionType"] == "Zip" and zipfile.is_zipfile(io.BytesIO(archive))


def test_unknown_compression_is_refused(buyer: Client) -> None:
    response = buyer.http.post(
        buyer.base + "/invoices/exports",
        headers=buyer.auth(),
        json={
            "encryption": buyer.encryption(new_aes_key(), new_iv()),
            "filters": {"subjectType": "Subject2", "dateRange": {"dateType": "PermanentStorage", "from": _since()}},
            "compressionType": "Rar",
        },
        expect_invalid_request=True,
    )
    assert response.status_code == 400 and _error_code(response) == 21405


def test_an_export_past_the_hwm_is_accepted_and_ends_with_420(buyer: Client) -> None:
    future = (datetime.now(UTC) + timedelta(minutes=5)).isoformat()
    status = _start_export(
        buyer,
        new_aes_key(),
        new_iv(),
        {},
        dateRange={"dateType": "PermanentStorage", "from": future, "restrictToPermanentStorageHwmDate": True},
    )
    assert status["status"]["code"] == 420 and "package" not in status
    assert status["status"]["description"] == "Zakres filtrowania wykracza poza dostępny zakres danych"
    assert "restrictToPermanentStorageHwmDate" in status["status"]["details"][0]
    # without the HWM restriction the same range is an ordinary (empty) export
    later = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    status = _start_export(
        buyer, new_aes_key(), new_iv(), {}, dateRange={"dateType": "PermanentStorage", "from": future, "to": later}
    )
    assert status["status"]["code"] == 200 and status["package"]["invoiceCount"] == 0


def test_an_unknown_export_is_21175(buyer: Client) -> None:
    response = buyer.get("/invoices/exports/20261201-EH-0000000000-0000000000-00", expect_invalid_request=True)
    assert response.status_code == 400 and _error_code(response) == 21175


@pytest.mark.parametrize("path", ["/invoices/query/metadata", "/invoices/exports"])
def test_a_100_day_range_is_accepted_in_utc_and_a_longer_one_refused(buyer: Client, path: str) -> None:
    end = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    start = end - timedelta(days=100)

    def submit(start_text: str, end_text: str) -> requests.Response:
        filters = {
            "subjectType": "Subject2",
            "dateRange": {"dateType": "PermanentStorage", "from": start_text, "to": end_text},
        }
        body = (
            filters
            if path.endswith("metadata")
            else {"encryption": buyer.encryption(new_aes_key(), new_iv()), "filters": filters}
        )
        return buyer.http.post(buyer.base + path, headers=buyer.auth(), json=body, expect_invalid_request=True)

    warsaw_start = start.astimezone(timezone(timedelta(hours=2))).isoformat()  # the same instant, another offset
    for start_text in (start.isoformat().replace("+00:00", "Z"), warsaw_start):
        accepted = submit(start_text, end.isoformat())
        assert accepted.status_code in (200, 201), accepted.text
    for longer in (start - timedelta(seconds=1), end - timedelta(days=101)):
        refused = submit(longer.isoformat(), end.isoformat())
        assert refused.status_code == 400 and _error_code(refused) == 21405
        assert "100 dni" in refused.text and "3 miesięcy" not in refused.text


def test_a_blob_damaged_on_the_way_does_not_match_its_meta_hash(buyer: Client, buyer_server: SandboxServer) -> None:
    status = _start_export(buyer, new_aes_key(), new_iv(), {})
    part = status["package"]["parts"][0]
    damage_downloads(buyer_server.sandbox, "export-part", 1)
    damaged = requests.get(part["url"], timeout=10)
    assert damaged.headers["x-ms-meta-hash"] == part["encryptedPartHash"] != sha256_b64(damaged.content)
    again = requests.get(part["url"], timeout=10)  # the fault was for one download only
    assert again.headers["x-ms-meta-hash"] == sha256_b64(again.content) == part["encryptedPartHash"]
