"""X-KSeF-Feature: subject-identifier-validation (API 2.8.0, test environments): a session opened with it
refuses an invoice whose subjects' NIPs have a wrong check digit (status 450); without it, as TEST did
before, such an invoice is accepted. The app opens its test sessions with it, so TEST behaves like PRD."""

from __future__ import annotations

import random

from ksefdesk.core.crypto import new_aes_key, new_iv
from ksefdesk.core.nip import random_nip
from ksefsandbox.identifiers import internal_id_ok
from tests.sandbox.kit import FA3, Client, Session, invoice_xml

NIP = "5265877635"
WRONG_NIP = "5265877636"  # the check digit of 526587763 is 5


def _session(seller: Client, feature: str | None) -> Session:
    key, iv = new_aes_key(), new_iv()
    headers = {"X-KSeF-Feature": feature} if feature else {}
    opened = seller.post(
        "/sessions/online", json={"formCode": FA3, "encryption": seller.encryption(key, iv)}, headers=headers
    )
    assert opened.status_code == 201, opened.text
    return Session(opened.json()["referenceNumber"], key, iv)


def _status(seller: Client, session: Session, xml: bytes) -> dict:
    sent = seller.send(session, xml)
    assert sent.status_code == 202, sent.text
    return seller.invoice_status(session, sent.json()["referenceNumber"])["status"]


def test_a_wrong_buyer_nip_is_refused_when_the_session_asks(client: Client) -> None:
    seller = client.login_xades(NIP)
    session = _session(seller, "subject-identifier-validation")
    status = _status(seller, session, invoice_xml(NIP, WRONG_NIP))
    assert status["code"] == 450
    assert any(WRONG_NIP in detail and "nabywcy" in detail for detail in status["details"])
    assert _status(seller, session, invoice_xml(NIP, random_nip(random.Random(7))))["code"] == 200


def test_without_the_feature_a_wrong_nip_passes_as_on_test_before(client: Client) -> None:
    seller = client.login_xades(NIP)
    assert _status(seller, _session(seller, None), invoice_xml(NIP, WRONG_NIP))["code"] == 200
    other = _session(seller, "some-future-feature")  # unknown features are ignored, as KSeF does
    assert _status(seller, other, invoice_xml(NIP, WRONG_NIP))["code"] == 200


def test_internal_identifier_check_digit() -> None:
    base = NIP + "-0001"
    digits = NIP + "0001"
    check = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits)) % 10
    assert internal_id_ok(f"{base}{check}")
    assert not internal_id_ok(f"{base}{(check + 1) % 10}")
    assert not internal_id_ok(f"{WRONG_NIP}-0001{check}")
