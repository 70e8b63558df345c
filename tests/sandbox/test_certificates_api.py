"""/certificates in the sandbox, every answer checked against the official OpenAPI contract."""

from __future__ import annotations

import base64
import time

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from ksefdesk.services.certificates import build_csr
from ksefdesk.services.ksef.answers import parse_enrollment_data
from ksefsandbox.server import SandboxServer
from tests.sandbox.kit import Client

NIP = "5265877635"


def _enroll(client: Client, key: object, kind: str = "Authentication") -> dict[str, object]:
    data = client.get("/certificates/enrollments/data").json()
    csr = base64.b64encode(build_csr(parse_enrollment_data(data), key)).decode()  # type: ignore[arg-type]
    response = client.post(
        "/certificates/enrollments", json={"certificateName": "Stanowisko 1", "certificateType": kind, "csr": csr}
    )
    assert response.status_code == 202, response.text
    reference = response.json()["referenceNumber"]
    for _ in range(50):
        status = client.get(f"/certificates/enrollments/{reference}").json()
        if status["status"]["code"] == 200:
            return dict(status)
        time.sleep(0.1)
    raise AssertionError("the enrollment never finished")


def test_enroll_retrieve_query_revoke(client: Client, sandbox: SandboxServer) -> None:
    client.login_xades(NIP)
    limits = client.get("/certificates/limits").json()
    assert limits["canRequest"] and limits["certificate"]["remaining"] == 100
    status = _enroll(client, ec.generate_private_key(ec.SECP256R1()))
    serial = status["certificateSerialNumber"]
    got = client.post("/certificates/retrieve", json={"certificateSerialNumbers": [serial]}).json()
    certificate = x509.load_der_x509_certificate(base64.b64decode(got["certificates"][0]["certificate"]))
    assert (
        f"{certificate.serial_number:016X}" == serial and got["certificates"][0]["certificateType"] == "Authentication"
    )
    listed = client.post("/certificates/query", json={"status": "Active"}).json()
    assert [c["certificateSerialNumber"] for c in listed["certificates"]] == [serial] and not listed["hasMore"]
    assert client.post(f"/certificates/{serial}/revoke", json={"revocationReason": "Superseded"}).status_code == 204
    revoked = client.post("/certificates/query", json={}).json()["certificates"][0]
    assert revoked["status"] == "Revoked"
    assert client.post(f"/certificates/{serial}/revoke", json={}).status_code == 400  # already revoked


def test_rsa_2048_is_accepted_and_smaller_keys_are_not(client: Client) -> None:
    client.login_xades(NIP)
    assert _enroll(client, rsa.generate_private_key(65537, 2048), "Offline")["certificateSerialNumber"]
    data = client.get("/certificates/enrollments/data").json()
    small = base64.b64encode(build_csr(parse_enrollment_data(data), rsa.generate_private_key(65537, 1024))).decode()  # noqa: S505
    response = client.post(
        "/certificates/enrollments", json={"certificateName": "Za mały", "certificateType": "Offline", "csr": small}
    )
    assert response.status_code == 400 and "25010" in response.text


def test_a_token_login_may_not_enroll(client: Client, sandbox: SandboxServer) -> None:
    from ksefsandbox.seed import login_kit

    client.login_token(NIP, login_kit(sandbox.sandbox, NIP).ksef_token)
    response = client.get("/certificates/enrollments/data")
    assert response.status_code == 400 and "25001" in response.text
