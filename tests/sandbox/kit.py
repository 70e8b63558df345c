"""A small raw-HTTP KSeF client for sandbox tests, written from the spec like a third party's."""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import requests
from cryptography import x509

from ksefdesk.core.auth_request import build_auth_request
from ksefdesk.core.crypto import aes_encrypt, b64, new_aes_key, new_iv, rsa_oaep_encrypt, sha256_b64
from ksefdesk.core.fa3_build import Entity, InvoiceSpec, Line, build_invoice
from ksefdesk.core.self_signed import SigningIdentity, person_subject, self_signed
from ksefdesk.core.xades_sign import sign_xml
from tests.sandbox.contract import ContractSession

if TYPE_CHECKING:
    from ksefsandbox.server import SandboxServer

FA3 = {"systemCode": "FA (3)", "schemaVersion": "1-0E", "value": "FA"}


def invoice_xml(seller: str, buyer: str = "1111111111", number: str | None = None, **kw: Any) -> bytes:
    spec = InvoiceSpec(
        Entity(seller, "Sprzedawca Testowy"),
        Entity(buyer, "Nabywca Testowy"),
        number or f"FV/{time.time_ns()}",
        kw.pop("issue_date", date.today()),
        kw.pop("lines", [Line("Usługa testowa", Decimal(2), Decimal("123.45"))]),
        **kw,
    )
    return build_invoice(spec)


def admin(
    server: SandboxServer, name: str, body: dict[str, Any] | None = None, method: str = "POST"
) -> requests.Response:
    """Call one of a test sandbox's admin switches (outside the KSeF API; they need the per-run key)."""
    return requests.request(
        method,
        server.admin_url(name),
        json=body if method == "POST" else None,
        headers=server.admin_headers,
        timeout=10,
    )


@dataclass
class Session:
    ref: str
    key: bytes
    iv: bytes


@dataclass
class Client:
    base: str
    http: ContractSession = field(default_factory=ContractSession)
    access: str = ""
    refresh: str = ""

    # --- plumbing ---------------------------------------------------------------------------
    def auth(self, token: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {token or self.access}"}

    def get(self, path: str, **kw: Any) -> Any:
        return self.http.get(self.base + path, headers={**self.auth(), **kw.pop("headers", {})}, **kw)

    def post(self, path: str, **kw: Any) -> Any:
        return self.http.post(self.base + path, headers={**self.auth(), **kw.pop("headers", {})}, **kw)

    def public_key(self, usage: str) -> Any:
        keys = self.http.get(self.base + "/security/public-key-certificates").json()
        der = base64.b64decode(next(k for k in keys if usage in k["usage"])["certificate"])
        return x509.load_der_x509_certificate(der).public_key()

    # --- authentication ------------------------------------------------------------------------
    def challenge(self) -> dict[str, Any]:
        response = self.http.post(self.base + "/auth/challenge")
        assert response.status_code == 200, response.text
        return dict(response.json())

    def start_token_login(self, nip: str, ksef_token: str, timestamp_ms: int | None = None) -> dict[str, Any]:
        challenge = self.challenge()
        plain = f"{ksef_token}|{timestamp_ms or challenge['timestampMs']}".encode()
        encrypted = b64(rsa_oaep_encrypt(self.public_key("KsefTokenEncryption"), plain))
        response = self.http.post(
            self.base + "/auth/ksef-token",
            json={
                "challenge": challenge["challenge"],
                "contextIdentifier": {"type": "Nip", "value": nip},
                "encryptedToken": encrypted,
            },
        )
        assert response.status_code == 202, response.text
        return dict(response.json())

    def signed_request(self, nip: str, identity: SigningIdentity | None = None, challenge: str | None = None) -> bytes:
        identity = identity or self_signed(person_subject(nip=nip))
        document = build_auth_request(challenge or self.challenge()["challenge"], nip)
        return sign_xml(document, identity.key, [identity.certificate])

    def submit_xades(self, data: bytes) -> Any:
        return self.http.post(
            self.base + "/auth/xades-signature", data=data, headers={"Content-Type": "application/xml"}
        )

    def status(self, operation: dict[str, Any]) -> dict[str, Any]:
        response = self.get(
            f"/auth/{operation['referenceNumber']}", headers=self.auth(operation["authenticationToken"]["token"])
        )
        assert response.status_code == 200, response.text
        return dict(response.json())

    def redeem(self, operation: dict[str, Any]) -> Any:
        response = self.http.post(
            self.base + "/auth/token/redeem", headers=self.auth(operation["authenticationToken"]["token"])
        )
        if response.status_code == 200:
            tokens = response.json()
            self.access, self.refresh = tokens["accessToken"]["token"], tokens["refreshToken"]["token"]
        return response

    def finish_login(self, operation: dict[str, Any]) -> Client:
        assert self.status(operation)["status"]["code"] == 200
        response = self.redeem(operation)
        assert response.status_code == 200, response.text
        return self

    def login_xades(self, nip: str, identity: SigningIdentity | None = None) -> Client:
        response = self.submit_xades(self.signed_request(nip, identity))
        assert response.status_code == 202, response.text
        return self.finish_login(response.json())

    def login_token(self, nip: str, ksef_token: str) -> Client:
        return self.finish_login(self.start_token_login(nip, ksef_token))

    def create_token(self, permissions: list[str], description: str = "Token testowy") -> dict[str, Any]:
        response = self.post("/tokens", json={"permissions": permissions, "description": description})
        assert response.status_code == 202, response.text
        return dict(response.json())

    def wait_token_active(self, reference: str) -> None:
        for _ in range(100):
            if self.get(f"/tokens/{reference}").json()["status"] == "Active":
                return
            time.sleep(0.05)
        raise AssertionError("token never became Active")

    # --- sending ---------------------------------------------------------------------------------
    def encryption(self, key: bytes, iv: bytes) -> dict[str, str]:
        wrapped = rsa_oaep_encrypt(self.public_key("SymmetricKeyEncryption"), key)
        return {"encryptedSymmetricKey": b64(wrapped), "initializationVector": b64(iv)}

    def open_session(self) -> Session:
        key, iv = new_aes_key(), new_iv()
        response = self.post("/sessions/online", json={"formCode": FA3, "encryption": self.encryption(key, iv)})
        assert response.status_code == 201, response.text
        return Session(response.json()["referenceNumber"], key, iv)

    def send(self, session: Session, xml: bytes, **extra: Any) -> Any:
        encrypted = aes_encrypt(session.key, session.iv, xml)
        body = {
            "invoiceHash": sha256_b64(xml),
            "invoiceSize": len(xml),
            "encryptedInvoiceHash": sha256_b64(encrypted),
            "encryptedInvoiceSize": len(encrypted),
            "encryptedInvoiceContent": b64(encrypted),
            **extra,
        }
        return self.post(f"/sessions/online/{session.ref}/invoices", json=body)

    def invoice_status(self, session: Session, invoice_ref: str) -> dict[str, Any]:
        response = self.get(f"/sessions/{session.ref}/invoices/{invoice_ref}")
        assert response.status_code == 200, response.text
        return dict(response.json())

    def send_ok(self, session: Session, xml: bytes) -> dict[str, Any]:
        response = self.send(session, xml)
        assert response.status_code == 202, response.text
        status = self.invoice_status(session, response.json()["referenceNumber"])
        assert status["status"]["code"] == 200, status
        return status
