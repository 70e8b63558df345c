"""KSeF certificates the app enrolls and keeps: Authentication (silent logins once the qualified
signature has been used) and Offline (signing KOD II of invoices issued while KSeF is unreachable).

Enrollment follows the API: limits, the exact subject data KSeF wants, a key made here (EC P-256), a
CSR with exactly that subject, submit, poll, retrieve. The certificate (public) is kept in the database;
its private key only in the secret store, never on disk in plain text.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12

from ksefdesk.core.crashpoints import crashpoint
from ksefdesk.core.errors import UserError
from ksefdesk.core.identity import ENROLLMENT_SUBJECT_OIDS
from ksefdesk.core.models import Company
from ksefdesk.core.qr import InvoiceFacts, kod2_link
from ksefdesk.core.signing_material import SigningMaterial
from ksefdesk.core.status import CertificateStatus, parse_certificate_status
from ksefdesk.services.auth import AuthService
from ksefdesk.services.ksef.answers import EnrollmentData
from ksefdesk.services.ksef.api import KsefApi
from ksefdesk.services.ksef.http import CancelToken, KsefApiError
from ksefdesk.services.secrets import SecretStore
from ksefdesk.services.store import CompanyRepository
from ksefdesk.services.store.database import from_db_time, to_db_time, utc_now

log = logging.getLogger(__name__)

AUTHENTICATION, OFFLINE = "Authentication", "Offline"
TYPES = (AUTHENTICATION, OFFLINE)
ENROLLMENT_TIMEOUT_S = 120.0
EXPIRY_WARNING = timedelta(days=30)


@dataclass(frozen=True)
class StoredCertificate:
    company_id: int
    serial: str
    type: str
    name: str
    valid_from: datetime
    valid_to: datetime
    status: CertificateStatus
    der: bytes
    key_ref: str

    @property
    def certificate(self) -> x509.Certificate:
        return x509.load_der_x509_certificate(self.der)

    def expires_within(self, period: timedelta, now: datetime | None = None) -> bool:
        return self.valid_to - (now or utc_now()) <= period


def build_csr(data: EnrollmentData, key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey) -> bytes:
    """A PKCS#10 request (DER) whose subject is exactly the attributes KSeF returned, in its order."""
    attributes = [
        x509.NameAttribute(ENROLLMENT_SUBJECT_OIDS[name], value)
        for name, value in data.attributes
        if name in ENROLLMENT_SUBJECT_OIDS and value
    ]
    csr = x509.CertificateSigningRequestBuilder().subject_name(x509.Name(attributes)).sign(key, hashes.SHA256())
    return csr.public_bytes(serialization.Encoding.DER)


class CertificateKeys:
    """The KSeF certificates stored for each company and their keys: all a silent login needs. It needs
    no login itself, so AuthService is given it when built (CertificateService, which logs in, extends it)."""

    def __init__(self, companies: CompanyRepository, secret_store: Callable[[], SecretStore]) -> None:
        self.companies, self._secrets = companies, secret_store
        self.db = companies.db

    # --- stored ---------------------------------------------------------------------------------------
    def stored(self, nip: str) -> list[StoredCertificate]:
        company = self.companies.get(nip)
        rows = (
            self.db.connection()
            .execute("SELECT * FROM ksef_certificates WHERE company_id = ? ORDER BY valid_to DESC", (company.id,))
            .fetchall()
        )
        return [_stored(row) for row in rows]

    def usable(self, company: Company, kind: str) -> StoredCertificate | None:
        """The company's newest active, unexpired certificate of ``kind`` whose key this app holds."""
        now = utc_now()
        for certificate in self.stored(company.nip):
            active = certificate.status is CertificateStatus.ACTIVE and certificate.valid_to > now
            active = active and certificate.type == kind
            if active and self._secrets().get(certificate.key_ref):
                return certificate
        return None

    def signing_material(self, company: Company, kind: str = AUTHENTICATION) -> SigningMaterial | None:
        certificate = self.usable(company, kind)
        if certificate is None:
            return None
        pem = self._secrets().get(certificate.key_ref)
        if not pem:
            return None
        key = serialization.load_pem_private_key(pem.encode("ascii"), None)
        assert isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey)
        return SigningMaterial(key, certificate.certificate)


class CertificateService(CertificateKeys):
    def __init__(
        self,
        companies: CompanyRepository,
        auth: AuthService,
        secret_store: Callable[[], SecretStore],
        api_for: Callable[[Company], KsefApi],
        *,
        poll_interval_s: float = 0.5,
    ) -> None:
        super().__init__(companies, secret_store)
        self.auth, self._api_for = auth, api_for
        self.poll_interval_s = poll_interval_s

    def export_pkcs12(self, nip: str, serial: str, passphrase: str) -> bytes:
        """A passphrase-protected PKCS#12 of the certificate and its key, as a backup the user keeps
        (or to use the certificate on another computer)."""
        if len(passphrase) < 8:
            raise UserError("cert.weak_passphrase")
        company = self.companies.get(nip)
        stored = next((c for c in self.stored(nip) if c.serial == serial.upper()), None)
        pem = self._secrets().get(stored.key_ref) if stored else None
        if stored is None or not pem:
            raise UserError("cert.unknown", serial=serial, nip=company.nip)
        key = serialization.load_pem_private_key(pem.encode("ascii"), None)
        assert isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey)
        return pkcs12.serialize_key_and_certificates(
            f"KSeF {stored.type} {stored.serial}".encode(),
            key,
            stored.certificate,
            None,
            serialization.BestAvailableEncryption(passphrase.encode()),
        )

    def kod2_link(self, company: Company, xml: bytes) -> str | None:
        """KOD II of an offline invoice, signed with the company's Offline KSeF certificate; None when the
        app holds none (the invoice then carries KOD I only, and the user is told why)."""
        certificate = self.usable(company, OFFLINE)
        material = self.signing_material(company, OFFLINE)
        if certificate is None or material is None:
            return None
        return kod2_link(
            company.environment,
            InvoiceFacts.of(xml),
            context_type="Nip",
            context_value=company.nip,
            certificate_serial=certificate.serial,
            key=material.key,
        )

    # --- KSeF -----------------------------------------------------------------------------------------
    def enroll(
        self, nip: str, kind: str = AUTHENTICATION, *, name: str | None = None, cancel: CancelToken | None = None
    ) -> StoredCertificate:
        """Request, wait for and keep a KSeF certificate. Needs a login made with a XAdES signature."""
        if kind not in TYPES:
            raise ValueError(f"kind must be one of {TYPES}")
        cancel = cancel or CancelToken()
        company = self.companies.get(nip)
        api = self._api_for(company)
        access = self.auth.access_token(nip, cancel=cancel)
        try:
            limits = api.certificate_limits(access, cancel)
            if not limits.can_request:
                raise UserError(
                    "cert.limit", enrollments=limits.enrollment.remaining, active=limits.certificate.remaining
                )
            data = api.enrollment_data(access, cancel)
            key = ec.generate_private_key(ec.SECP256R1())
            label = name or f"KSeF Desk {kind} {utc_now():%Y-%m-%d}"
            reference = api.enroll_certificate(access, label, kind, build_csr(data, key), cancel)
            crashpoint("cert.enrollment_submitted")
            serial = self._wait(api, access, reference, cancel)
            item = api.retrieve_certificates(access, [serial], cancel)[0]
        except KsefApiError as exc:
            raise _enrollment_error(exc) from exc
        der = item.der
        certificate = x509.load_der_x509_certificate(der)
        key_ref = f"{company.environment.value}/{company.nip}/ksef-certificate/{serial}"
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        self._secrets().set(key_ref, pem.decode("ascii"))
        crashpoint("cert.key_stored")
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO ksef_certificates (company_id, serial, type, name, valid_from, valid_to,"
                " status, der, key_ref, created_at) VALUES (?, ?, ?, ?, ?, ?, 'Active', ?, ?, ?)",
                (
                    company.id,
                    serial,
                    kind,
                    item.name or label,
                    to_db_time(certificate.not_valid_before_utc),
                    to_db_time(certificate.not_valid_after_utc),
                    der,
                    key_ref,
                    to_db_time(utc_now()),
                ),
            )
        log.info("company %s enrolled a KSeF %s certificate %s", company.nip, kind, serial)
        stored = next(c for c in self.stored(nip) if c.serial == serial)
        return stored

    def _wait(self, api: KsefApi, access: str, reference: str, cancel: CancelToken) -> str:
        started = time.monotonic()
        while True:
            status = api.enrollment_status(access, reference, cancel)
            code = status.status.code
            if code == 200 and status.certificate_serial_number:
                return status.certificate_serial_number
            if code >= 400:
                raise UserError("cert.refused", number=code, reason=status.status.description)
            if time.monotonic() - started > ENROLLMENT_TIMEOUT_S:
                raise UserError("auth.timeout", seconds=int(ENROLLMENT_TIMEOUT_S))
            cancel.sleep(self.poll_interval_s)

    def refresh_statuses(self, nip: str, cancel: CancelToken | None = None) -> list[StoredCertificate]:
        """Update the stored statuses from KSeF (revoked elsewhere, expired)."""
        company = self.companies.get(nip)
        remote = self._api_for(company).query_certificates(self.auth.access_token(nip, cancel=cancel), cancel)
        statuses = {item.serial_number: item.status for item in remote}
        with self.db.transaction() as conn:
            for serial, status in statuses.items():
                conn.execute(
                    "UPDATE ksef_certificates SET status = ? WHERE company_id = ? AND serial = ?",
                    (parse_certificate_status(status).value, company.id, serial),
                )
        return self.stored(nip)

    def revoke(self, nip: str, serial: str, *, cancel: CancelToken | None = None) -> None:
        """Revoke in KSeF, then forget the key here (a revoked certificate is useless)."""
        company = self.companies.get(nip)
        stored = next((c for c in self.stored(nip) if c.serial == serial), None)
        if stored is None:
            raise UserError("cert.unknown", serial=serial, nip=nip)
        try:
            self._api_for(company).revoke_certificate(self.auth.access_token(nip, cancel=cancel), serial, cancel=cancel)
        except KsefApiError as exc:
            if exc.ksef_code != 25008:  # already revoked: just bring our copy in line
                raise
        self._secrets().delete(stored.key_ref)
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE ksef_certificates SET status = 'Revoked' WHERE company_id = ? AND serial = ?",
                (company.id, serial),
            )


def _stored(row: sqlite3.Row) -> StoredCertificate:
    valid_from, valid_to = from_db_time(row["valid_from"]), from_db_time(row["valid_to"])
    assert valid_from is not None and valid_to is not None  # NOT NULL columns
    return StoredCertificate(
        row["company_id"],
        row["serial"],
        row["type"],
        row["name"],
        valid_from,
        valid_to,
        parse_certificate_status(row["status"]),
        bytes(row["der"]),
        row["key_ref"],
    )


def _enrollment_error(exc: KsefApiError) -> UserError:
    if exc.ksef_code in (25001, 25002):
        return UserError("cert.needs_signature_login", details=exc.details)
    if exc.ksef_code in (25006, 25007):
        return UserError("cert.limit", enrollments="?", active="?", details=exc.details)
    if exc.ksef_code in (25003, 25004, 25010, 25011):
        return UserError("cert.refused", number=exc.ksef_code, reason=exc.details or exc.code)
    return exc
