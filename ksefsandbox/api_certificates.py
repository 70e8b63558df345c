"""/certificates: KSeF certificates (Authentication, Offline) issued by the sandbox's own CA.

As in KSeF: only after a XAdES login (a token login gets 25001), the CSR must carry exactly the subject
data /certificates/enrollments/data returned (25003), RSA 2048 or EC P-256 keys only (25010), limits per
identifier (25006/25007). Issued certificates log in (Authentication) or sign KOD II (Offline); a revoked
or expired one is refused at login.
"""

from __future__ import annotations

import base64
import json
import os
from datetime import timedelta
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from werkzeug.wrappers import Response

from ksefdesk.core.identity import ENROLLMENT_SUBJECT_OIDS
from ksefdesk.core.numbers import reference_number
from ksefsandbox.context import SandboxContext
from ksefsandbox.problems import ApiError, bad_request
from ksefsandbox.routing import Call, Router, json_response
from ksefsandbox.state import Row, iso, now_utc, parse_iso

TYPES = ("Authentication", "Offline")
STATUSES = ("Active", "Blocked", "Revoked", "Expired")
LIMITS = {"Nip": (300, 100), "Pesel": (12, 6), "Fingerprint": (12, 6)}  # (enrollments, active certificates)
VALIDITY = timedelta(days=730)
PROCESSING_S = 0.3  # an enrollment is "in progress" this long, as in KSeF
XADES_METHODS = ("QualifiedSignature", "QualifiedSeal", "InternalCertificate", "PersonalSignature")


def _subject(call: Call) -> dict[str, str]:
    subject = json.loads(call.claims.get("sud", "{}"))
    return {"type": str(subject.get("type", "Nip")), "value": str(subject.get("value", call.context))}


def _require_xades(call: Call) -> Row:
    """The login behind this access token, which must have been a XAdES signature."""
    if call.claims.get("aum") not in XADES_METHODS:
        raise bad_request(
            25001,
            "Operacja wymaga uwierzytelnienia podpisem XAdES.",
            "Certyfikaty KSeF można wnioskować tylko po logowaniu podpisem kwalifikowanym lub certyfikatem KSeF.",
        )
    row = call.sandbox.state.one("SELECT * FROM auth_operations WHERE ref = ?", (call.claims.get("arn"),))
    if row is None or not row["login_certificate"]:
        raise bad_request(25002, "Brak danych certyfikatu logowania.", "Zaloguj się ponownie podpisem XAdES.")
    return row


def enrollment_data(call: Call) -> Response:
    row = _require_xades(call)
    name = _stored_name(row)
    data: dict[str, str] = {}
    for field_name, oid in ENROLLMENT_SUBJECT_OIDS.items():
        values = name.get_attributes_for_oid(oid)
        if values:
            data[field_name] = str(values[0].value)
    data.setdefault("countryName", "PL")
    data.setdefault("commonName", data.get("organizationName", row["subject_value"]))
    return json_response(data)


def _stored_name(row: Row) -> x509.Name:
    """The subject of the certificate the XAdES login was signed with (kept with the login)."""
    return x509.load_der_x509_certificate(base64.b64decode(row["login_certificate"])).subject


def _counts(sandbox: SandboxContext, subject: dict[str, str]) -> tuple[int, int]:
    enrollments = sandbox.state.one(
        "SELECT COUNT(*) AS n FROM cert_enrollments WHERE subject_type = ? AND subject_value = ?",
        (subject["type"], subject["value"]),
    )
    active = sandbox.state.one(
        "SELECT COUNT(*) AS n FROM ksef_certificates"
        " WHERE subject_type = ? AND subject_value = ? AND status = 'Active'",
        (subject["type"], subject["value"]),
    )
    return int(enrollments["n"] if enrollments else 0), int(active["n"] if active else 0)


def limits(call: Call) -> Response:
    subject = _subject(call)
    max_enrollments, max_active = LIMITS.get(subject["type"], LIMITS["Fingerprint"])
    enrollments, active = _counts(call.sandbox, subject)
    left_enrollments, left_active = max(0, max_enrollments - enrollments), max(0, max_active - active)
    return json_response(
        {
            "canRequest": left_enrollments > 0 and left_active > 0,
            "enrollment": {"limit": max_enrollments, "remaining": left_enrollments},
            "certificate": {"limit": max_active, "remaining": left_active},
        }
    )


def enroll(call: Call) -> Response:
    row = _require_xades(call)
    body = call.json()
    name, kind, csr_text = body.get("certificateName"), body.get("certificateType"), body.get("csr")
    if not isinstance(name, str) or not 1 <= len(name) <= 100:
        raise bad_request(21405, "Błąd walidacji danych wejściowych.", "'certificateName': od 1 do 100 znaków.")
    if kind not in TYPES:
        raise bad_request(21405, "Błąd walidacji danych wejściowych.", f"'certificateType' musi być jednym z {TYPES}.")
    try:
        csr = x509.load_der_x509_csr(base64.b64decode(str(csr_text), validate=True))
    except ValueError as exc:
        raise bad_request(25004, "Nieprawidłowy wniosek certyfikacyjny (CSR).", str(exc)) from exc
    key = csr.public_key()
    if not (
        (isinstance(key, rsa.RSAPublicKey) and key.key_size == 2048)
        or (isinstance(key, ec.EllipticCurvePublicKey) and key.curve.name == "secp256r1")
    ):
        raise bad_request(25010, "Nieobsługiwany typ klucza.", "Dozwolone: RSA 2048 lub EC P-256.")
    if not csr.is_signature_valid or not isinstance(
        csr.signature_hash_algorithm, hashes.SHA1 | hashes.SHA256 | hashes.SHA384 | hashes.SHA512
    ):
        raise bad_request(25011, "Nieobsługiwany algorytm podpisu CSR.", "Podpis CSR jest nieprawidłowy.")
    expected = _stored_name(row)
    if _attributes(csr.subject) != _attributes(expected):
        raise bad_request(
            25003,
            "Dane w CSR nie zgadzają się z danymi do wniosku.",
            f"Oczekiwano: {expected.rfc4514_string()}; otrzymano: {csr.subject.rfc4514_string()}.",
        )
    subject = _subject(call)
    max_enrollments, max_active = LIMITS.get(subject["type"], LIMITS["Fingerprint"])
    enrollments, active = _counts(call.sandbox, subject)
    if enrollments >= max_enrollments:
        raise bad_request(25006, "Przekroczono limit wniosków certyfikacyjnych.", f"Limit: {max_enrollments}.")
    if active >= max_active:
        raise bad_request(25007, "Przekroczono limit aktywnych certyfikatów.", f"Limit: {max_active}.")
    now = now_utc()
    ref = reference_number("CE", now.date())
    call.sandbox.state.insert(
        "cert_enrollments",
        {
            "ref": ref,
            "subject_type": subject["type"],
            "subject_value": subject["value"],
            "request_date": iso(now),
            "status_code": 100,
            "status_description": "Wniosek przyjęty do realizacji",
            "name": name,
            "type": kind,
            "csr": csr.public_bytes(serialization.Encoding.DER),
            "valid_from": body.get("validFrom"),
        },
    )
    return json_response({"referenceNumber": ref, "timestamp": iso(now)}, 202)


def _attributes(name: x509.Name) -> list[tuple[str, str]]:
    return sorted((attribute.oid.dotted_string, str(attribute.value)) for attribute in name)


def enrollment_status(call: Call, referenceNumber: str) -> Response:
    subject = _subject(call)
    row = call.sandbox.state.one(
        "SELECT * FROM cert_enrollments WHERE ref = ? AND subject_type = ? AND subject_value = ?",
        (referenceNumber, subject["type"], subject["value"]),
    )
    if row is None:
        raise bad_request(21405, "Błąd walidacji danych wejściowych.", f"Nie ma wniosku {referenceNumber}.")
    requested = parse_iso(row["request_date"])
    if row["status_code"] == 100 and requested and (now_utc() - requested).total_seconds() >= PROCESSING_S:
        row = _issue(call.sandbox, row)
    answer: dict[str, Any] = {
        "requestDate": row["request_date"],
        "status": {"code": row["status_code"], "description": row["status_description"]},
    }
    if row["serial"]:
        answer["certificateSerialNumber"] = row["serial"]
    return json_response(answer)


def _issue(sandbox: SandboxContext, row: Row) -> Row:
    """Sign the CSR with the sandbox CA (once: a lock keeps two polls from issuing twice)."""
    with sandbox.lock:
        fresh = sandbox.state.one("SELECT * FROM cert_enrollments WHERE ref = ?", (row["ref"],))
        assert fresh is not None
        if fresh["status_code"] != 100:
            return fresh
        csr = x509.load_der_x509_csr(bytes(fresh["csr"]))
        authority = sandbox.keys.authority
        start = parse_iso(fresh["valid_from"]) or now_utc()
        serial_int = int.from_bytes(os.urandom(8), "big") | (1 << 60)  # 16 hex digits, as KSeF's
        usage = fresh["type"] == "Authentication"
        certificate = (
            x509.CertificateBuilder()
            .subject_name(csr.subject)
            .issuer_name(authority.certificate.subject)
            .public_key(csr.public_key())
            .serial_number(serial_int)
            .not_valid_before(start - timedelta(minutes=5))
            .not_valid_after(start + VALIDITY)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=usage,
                    content_commitment=not usage,  # nonRepudiation: Offline certificates sign KOD II only
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=False,
                    crl_sign=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
            .sign(authority.private_key, hashes.SHA256())
        )
        serial = f"{serial_int:016X}"
        common = csr.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        sandbox.state.insert(
            "ksef_certificates",
            {
                "serial": serial,
                "name": fresh["name"],
                "type": fresh["type"],
                "subject_type": fresh["subject_type"],
                "subject_value": fresh["subject_value"],
                "common_name": str(common[0].value) if common else "",
                "status": "Active",
                "valid_from": iso(certificate.not_valid_before_utc),
                "valid_to": iso(certificate.not_valid_after_utc),
                "request_date": fresh["request_date"],
                "der": certificate.public_bytes(serialization.Encoding.DER),
            },
        )
        sandbox.state.update(
            "cert_enrollments",
            "ref",
            fresh["ref"],
            {"status_code": 200, "status_description": "Wniosek certyfikacyjny obsłużony", "serial": serial},
        )
        done = sandbox.state.one("SELECT * FROM cert_enrollments WHERE ref = ?", (fresh["ref"],))
        assert done is not None
        return done


def _owned(call: Call, serial: str) -> Row:
    subject = _subject(call)
    row = call.sandbox.state.one(
        "SELECT * FROM ksef_certificates WHERE serial = ? AND subject_type = ? AND subject_value = ?",
        (serial, subject["type"], subject["value"]),
    )
    if row is None:
        raise bad_request(21405, "Błąd walidacji danych wejściowych.", f"Nie znaleziono certyfikatu {serial}.")
    return row


def retrieve(call: Call) -> Response:
    serials = call.json().get("certificateSerialNumbers")
    if not isinstance(serials, list) or not 1 <= len(serials) <= 10:
        raise bad_request(21405, "Błąd walidacji danych wejściowych.", "Podaj od 1 do 10 numerów seryjnych.")
    items = []
    for serial in serials:
        row = _owned(call, str(serial))
        items.append(
            {
                "certificate": base64.b64encode(bytes(row["der"])).decode(),
                "certificateName": row["name"],
                "certificateSerialNumber": row["serial"],
                "certificateType": row["type"],
            }
        )
    return json_response({"certificates": items})


def _status_of(row: Row) -> str:
    valid_to = parse_iso(row["valid_to"])
    if row["status"] == "Active" and valid_to is not None and valid_to < now_utc():
        return "Expired"
    return str(row["status"])


def query(call: Call) -> Response:
    body = call.json() if call.request.get_data(cache=True) else {}
    size = call.query_int("pageSize", 10, 10, 50)
    offset = call.query_int("pageOffset", 0, 0, 1_000_000)
    subject = _subject(call)
    rows = call.sandbox.state.all(
        "SELECT * FROM ksef_certificates WHERE subject_type = ? AND subject_value = ? ORDER BY request_date DESC",
        (subject["type"], subject["value"]),
    )
    wanted = [
        row
        for row in rows
        if (not body.get("certificateSerialNumber") or row["serial"] == body["certificateSerialNumber"])
        and (not body.get("name") or str(body["name"]).lower() in row["name"].lower())
        and (not body.get("type") or row["type"] == body["type"])
        and (not body.get("status") or _status_of(row) == body["status"])
    ]
    page = wanted[offset * size : offset * size + size]
    items = []
    for row in page:
        item = {
            "certificateSerialNumber": row["serial"],
            "name": row["name"],
            "type": row["type"],
            "commonName": row["common_name"],
            "status": _status_of(row),
            "subjectIdentifier": {"type": row["subject_type"], "value": row["subject_value"]},
            "validFrom": row["valid_from"],
            "validTo": row["valid_to"],
            "requestDate": row["request_date"],
        }
        if row["last_use"]:
            item["lastUseDate"] = row["last_use"]
        items.append(item)
    return json_response({"certificates": items, "hasMore": len(wanted) > offset * size + size})


def revoke(call: Call, certificateSerialNumber: str) -> Response:
    row = _owned(call, certificateSerialNumber)
    body = call.json() if call.request.get_data(cache=True) else {}
    reason = body.get("revocationReason", "Unspecified")
    if reason not in ("Unspecified", "Superseded", "KeyCompromise"):
        raise bad_request(21405, "Błąd walidacji danych wejściowych.", "Nieznany powód unieważnienia.")
    if row["status"] == "Revoked":
        raise bad_request(25008, "Certyfikat jest już unieważniony.", certificateSerialNumber)
    call.sandbox.state.update("ksef_certificates", "serial", row["serial"], {"status": "Revoked"})
    return Response(status=204)


def shorten_validity(call: Call, serialNumber: str) -> Response:
    """PUT /testdata/certificates/{serialNumber} (test environments, 2.7.0): move validTo earlier, so that
    an expiring or expired KSeF certificate can be tried; the login check reads the shortened date."""
    if len(serialNumber) != 16 or any(c not in "0123456789ABCDEF" for c in serialNumber):
        raise bad_request(21405, "Błąd walidacji danych wejściowych.", "Numer seryjny: 16 cyfr szesnastkowych.")
    raw = call.json().get("validTo")
    try:
        valid_to = parse_iso(raw) if isinstance(raw, str) else None
    except ValueError:
        valid_to = None
    if valid_to is None or valid_to.tzinfo is None:
        raise bad_request(21405, "Błąd walidacji danych wejściowych.", "'validTo': data i czas ze strefą (ISO 8601).")
    subject = _subject(call)
    row = call.sandbox.state.one(
        "SELECT * FROM ksef_certificates WHERE serial = ? AND subject_type = ? AND subject_value = ?",
        (serialNumber, subject["type"], subject["value"]),
    )
    if row is None:
        raise bad_request(25008, "Certyfikat o podanym numerze seryjnym nie istnieje.", serialNumber)
    current = parse_iso(row["valid_to"])
    if current is not None and valid_to > current:
        raise bad_request(
            21405, "Błąd walidacji danych wejściowych.", f"'validTo' nie może być późniejsza niż {row['valid_to']}."
        )
    call.sandbox.state.update("ksef_certificates", "serial", serialNumber, {"valid_to": iso(valid_to)})
    return Response(status=200)


def check_login_certificate(sandbox: SandboxContext, certificate: x509.Certificate) -> None:
    """A certificate from the sandbox CA may log in only when it is ours, Active, unexpired and of type
    Authentication; then its last use is recorded. Others (qualified, self-signed) are not checked here."""
    authority = sandbox.keys.authority.certificate
    if certificate.issuer != authority.subject:
        return
    try:
        certificate.verify_directly_issued_by(authority)
    except (InvalidSignature, ValueError, TypeError) as exc:
        raise ApiError(400, 9105, "Certyfikat nie został wydany przez KSeF.") from exc
    serial = f"{certificate.serial_number:016X}"
    row = sandbox.state.one("SELECT * FROM ksef_certificates WHERE serial = ?", (serial,))
    if row is None or row["type"] != "Authentication":
        raise bad_request(9105, "Nieprawidłowy certyfikat.", "Ten certyfikat KSeF nie służy do uwierzytelniania.")
    status = _status_of(row)
    if status != "Active":
        raise bad_request(9105, "Nieprawidłowy certyfikat.", f"Certyfikat KSeF {serial}: {status}.")
    sandbox.state.update("ksef_certificates", "serial", serial, {"last_use": iso(now_utc())})


def register(router: Router) -> None:
    router.route("GET", "/certificates/limits", group="other")(limits)
    router.route("GET", "/certificates/enrollments/data", group="other")(enrollment_data)
    router.route("POST", "/certificates/enrollments", group="other")(enroll)
    router.route("GET", "/certificates/enrollments/<referenceNumber>", group="other")(enrollment_status)
    router.route("POST", "/certificates/retrieve", group="other")(retrieve)
    router.route("POST", "/certificates/query", group="other")(query)
    router.route("POST", "/certificates/<certificateSerialNumber>/revoke", group="other")(revoke)
    router.route("PUT", "/testdata/certificates/<serialNumber>", group="other")(shorten_validity)
