"""KSeF certificates the app enrolls and keeps: Authentication (silent logins once the qualified
signature has been used) and Offline (signing KOD II of invoices issued while KSeF is unreachable).

Enrollment follows the API: limits, the exact subject data KSeF wants, a key made here (EC P-256), a
CSR with exactly that subject, submit, poll, retrieve. The certificate (public) is kept in the database;
its private key only in the secret store, never on disk in plain text.

The lifecycle that keeps a company off tokens: ``setup`` enrols what it lacks in one XAdES session,
``renew_due`` renews a certificate RENEW_AHEAD before it ends while the old one still logs in (so no
card is needed), ``back_up`` / ``import_pkcs12`` move a certificate with its key as a .p12.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12

from ksefdesk.core.crashpoints import crashpoint
from ksefdesk.core.errors import NeedsSignatureLogin, UserError, WrongPassword
from ksefdesk.core.identity import ENROLLMENT_SUBJECT_OIDS
from ksefdesk.core.models import AuthMethod, Company
from ksefdesk.core.qr import InvoiceFacts, kod2_link
from ksefdesk.core.readiness import RENEW_AHEAD
from ksefdesk.core.signing_material import SigningMaterial
from ksefdesk.core.status import CertificateStatus, parse_certificate_status
from ksefdesk.services.auth import AuthService
from ksefdesk.services.ksef.answers import EnrollmentData
from ksefdesk.services.ksef.api import KsefApi
from ksefdesk.services.ksef.http import CancelToken, KsefApiError
from ksefdesk.services.locks import ProcessLock, lock_path
from ksefdesk.services.secrets import SecretStore
from ksefdesk.services.store import CompanyRepository
from ksefdesk.services.store.database import from_db_time, to_db_time, utc_now

log = logging.getLogger(__name__)

AUTHENTICATION, OFFLINE = "Authentication", "Offline"
TYPES = (AUTHENTICATION, OFFLINE)
ENROLLMENT_TIMEOUT_S = 120.0
EXPIRY_WARNING = RENEW_AHEAD
# Logins whose session KSeF lets request certificates (a token login gets 25001/25002).
XADES_LOGINS = frozenset({AuthMethod.SIGNATURE, AuthMethod.CERTIFICATE, AuthMethod.KSEF_CERTIFICATE})
LIFECYCLE_WAIT_S = 300.0  # a setup or renewal started elsewhere (window, command line) is waited for this long


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
    backed_up_at: datetime | None = None  # when the user saved it with its key as a .p12 (None: never)

    @property
    def certificate(self) -> x509.Certificate:
        return x509.load_der_x509_certificate(self.der)

    def expires_within(self, period: timedelta, now: datetime | None = None) -> bool:
        return self.valid_to - (now or utc_now()) <= period

    def active_on(self, now: datetime) -> bool:
        return self.status is CertificateStatus.ACTIVE and self.valid_to > now


def newest(certificates: Iterable[StoredCertificate], kind: str, now: datetime) -> StoredCertificate | None:
    """The active, unexpired certificate of ``kind`` that ends last: the one in use; older ones of the
    type are replaced by it."""
    candidates = [c for c in certificates if c.type == kind and c.active_on(now)]
    return max(candidates, key=lambda c: c.valid_to, default=None)


def due_for_renewal(certificates: Iterable[StoredCertificate], now: datetime) -> list[StoredCertificate]:
    """Per type, the certificate in use when it ends within RENEW_AHEAD (Authentication first: an Offline
    one is renewed through a login with it). Older ones already replaced by a newer one are not due."""
    listed = list(certificates)
    found = [newest(listed, kind, now) for kind in TYPES]
    return [c for c in found if c is not None and c.expires_within(RENEW_AHEAD, now)]


def backup_name(nip: str, certificate: StoredCertificate) -> str:
    return f"KSeF-{nip}-{certificate.type}-{certificate.serial}.p12"


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

    def shown(self, company: Company, kind: str) -> StoredCertificate | None:
        """The company's newest active, unexpired certificate of ``kind`` as the database has it: for
        display (never opens the secret store, so safe on the GUI thread). A row exists only once its
        key was stored, so this is what ``usable`` says unless the secret store itself was lost."""
        return newest(self.stored(company.nip), kind, utc_now())

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
        return None if certificate is None else self.material_of(certificate)

    def login_material(self, company: Company) -> SigningMaterial | None:
        """What a silent login of the company signs with: the certificate of the office it logs in via
        (``login_via``), else its own Authentication certificate."""
        if company.login_via is not None:
            office = self.companies.by_id(company.login_via)
            return None if office is None else self.signing_material(office, AUTHENTICATION)
        return self.signing_material(company, AUTHENTICATION)

    def material_of(self, certificate: StoredCertificate) -> SigningMaterial | None:
        """This certificate with its key, or None when the app does not hold the key."""
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
        self._locks: dict[str, threading.Lock] = {}
        self._locks_guard = threading.Lock()

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
        data = pkcs12.serialize_key_and_certificates(
            f"KSeF {stored.type} {stored.serial}".encode(),
            key,
            stored.certificate,
            None,
            serialization.BestAvailableEncryption(passphrase.encode()),
        )
        self._mark_backed_up(company, stored.serial)
        return data

    def _mark_backed_up(self, company: Company, serial: str) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE ksef_certificates SET backed_up_at = ? WHERE company_id = ? AND serial = ?",
                (to_db_time(utc_now()), company.id, serial),
            )

    def back_up(self, nip: str, folder: Path, passphrase: str, serials: list[str] | None = None) -> list[Path]:
        """One passphrase-protected .p12 per certificate (with its key) in ``folder``, named by NIP, type
        and serial; an existing file is never overwritten (the new one gets a number). By default every
        active certificate whose key the app holds."""
        if len(passphrase) < 8:
            raise UserError("cert.weak_passphrase")
        company = self.companies.get(nip)
        stored = self.stored(nip)
        if serials is None:
            chosen = [c for c in stored if c.status is CertificateStatus.ACTIVE and self._secrets().get(c.key_ref)]
        else:
            wanted = {s.upper() for s in serials}
            chosen = [c for c in stored if c.serial in wanted]
            if missing := wanted - {c.serial for c in chosen}:
                raise UserError("cert.unknown", serial=", ".join(sorted(missing)), nip=company.nip)
        if not chosen:
            raise UserError("cert.nothing_to_back_up", nip=company.nip)
        folder = Path(folder).expanduser()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError("file.unwritable", path=str(folder), reason=exc.strerror or str(exc)) from exc
        written: list[Path] = []
        for certificate in chosen:
            data = self.export_pkcs12(nip, certificate.serial, passphrase)
            written.append(_write_new(folder, backup_name(company.nip, certificate), data))
            log.info("company %s: KSeF certificate %s backed up as a .p12", company.nip, certificate.serial)
        return written

    def import_pkcs12(self, nip: str, data: bytes, passphrase: str, *, source: str = ".p12") -> StoredCertificate:
        """Keep a KSeF Authentication certificate and its key from a .p12 (a backup, or an accounting
        office's own certificate): the key goes to the secret store, the certificate to the database, marked
        as backed up (the user holds the file). ``source`` names the file in messages."""
        try:
            key, certificate, extra = pkcs12.load_key_and_certificates(data, passphrase.encode() or None)
        except ValueError as exc:
            if "deserialize" in str(exc).lower():  # not PKCS#12 at all (a wrong passphrase reads "Invalid")
                raise UserError("cert.not_a_certificate", path=source, details=str(exc)) from exc
            raise WrongPassword(path=source) from exc
        if key is None:
            if certificate is not None or extra:
                raise UserError("cert.p12_without_key", path=source)
            raise UserError("cert.not_a_certificate", path=source)
        if certificate is None:
            raise UserError("cert.not_a_certificate", path=source)
        material_key = _matching_key(key, certificate)
        try:
            usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
            logs_in = usage.digital_signature
        except x509.ExtensionNotFound:
            logs_in = False
        if not logs_in:
            raise UserError("cert.not_authentication", path=source)
        company = self.companies.get(nip)
        serial = f"{certificate.serial_number:016X}"
        common = certificate.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
        name = str(common[0].value) if common else serial
        stored = self._keep(company, serial, AUTHENTICATION, name, certificate, material_key, backed_up=True)
        log.info("company %s imported the KSeF Authentication certificate %s", company.nip, serial)
        return stored

    def _keep(
        self,
        company: Company,
        serial: str,
        kind: str,
        name: str,
        certificate: x509.Certificate,
        key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey,
        *,
        backed_up: bool = False,
    ) -> StoredCertificate:
        """The key into the secret store first, then the row: a crash between leaves only an unused secret."""
        key_ref = f"{company.environment.value}/{company.nip}/ksef-certificate/{serial}"
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        self._secrets().set(key_ref, pem.decode("ascii"))
        crashpoint("cert.key_stored")
        now = to_db_time(utc_now())
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO ksef_certificates (company_id, serial, type, name, valid_from, valid_to,"
                " status, der, key_ref, created_at, backed_up_at) VALUES (?, ?, ?, ?, ?, ?, 'Active', ?, ?, ?, ?)",
                (
                    company.id,
                    serial,
                    kind,
                    name,
                    to_db_time(certificate.not_valid_before_utc),
                    to_db_time(certificate.not_valid_after_utc),
                    certificate.public_bytes(serialization.Encoding.DER),
                    key_ref,
                    now,
                    now if backed_up else None,
                ),
            )
        return next(c for c in self.stored(company.nip) if c.serial == serial)

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
        certificate = x509.load_der_x509_certificate(item.der)
        stored = self._keep(company, serial, kind, item.name or label, certificate, key)
        log.info("company %s enrolled a KSeF %s certificate %s", company.nip, kind, serial)
        return stored

    # --- the lifecycle: set up, renew ------------------------------------------------------------------
    def setup(self, nip: str, *, cancel: CancelToken | None = None) -> list[StoredCertificate]:
        """Enrol the Authentication and the Offline certificate the company lacks, in one XAdES session:
        right after a signature login nothing more is needed; with its own Authentication certificate held
        it logs in with that first; after a token login without one, ``cert.needs_signature_login``."""
        cancel = cancel or CancelToken()
        company = self.companies.get(nip)
        with self._exclusive(company, LIFECYCLE_WAIT_S):
            lacking = [kind for kind in TYPES if self.usable(company, kind) is None]
            if not lacking:
                return []
            self._xades_session(company, None, cancel)
            return [self.enroll(nip, kind, cancel=cancel) for kind in lacking]

    def renew(self, nip: str, serial: str, *, cancel: CancelToken | None = None) -> StoredCertificate:
        """A new certificate of the same type, requested in a session opened with the old one while it
        still logs in (an Offline one: with the Authentication certificate), so no card is needed.

        The old certificate is NOT revoked: KOD II of invoices already issued offline carries its serial
        and is checked against it, and a revoked certificate would make those codes fail; it simply
        expires. The silent login takes the newest one from now on."""
        cancel = cancel or CancelToken()
        company = self.companies.get(nip)
        with self._exclusive(company, LIFECYCLE_WAIT_S):
            old = next((c for c in self.stored(nip) if c.serial == serial.upper()), None)
            if old is None:
                raise UserError("cert.unknown", serial=serial, nip=company.nip)
            return self._renew(company, old, cancel)

    def renew_due(
        self, nip: str, *, now: datetime | None = None, cancel: CancelToken | None = None
    ) -> list[StoredCertificate]:
        """Renew each certificate in use ending within RENEW_AHEAD (see ``due_for_renewal``). Reads only
        the database until something is due; another renewal of the company running (this process or
        another) is left to finish, not repeated."""
        now = now or utc_now()
        company = self.companies.get(nip)
        if not due_for_renewal(self.stored(nip), now):
            return []
        cancel = cancel or CancelToken()
        renewed: list[StoredCertificate] = []
        with self._exclusive(company, 0.0) as mine:
            if not mine:
                return []
            for old in due_for_renewal(self.stored(nip), now):  # again: another process may have renewed
                if self._secrets().get(old.key_ref):
                    renewed.append(self._renew(company, old, cancel))
        return renewed

    def _renew(self, company: Company, old: StoredCertificate, cancel: CancelToken) -> StoredCertificate:
        if old.status in (CertificateStatus.REVOKED, CertificateStatus.BLOCKED):  # an expired one: a new one
            raise UserError("cert.not_renewable", serial=old.serial, status=old.status.value, nip=company.nip)
        now = utc_now()
        if old.type == AUTHENTICATION:
            material = self.material_of(old) if old.valid_to > now else None
        else:
            material = self.signing_material(self.companies.get(company.nip), AUTHENTICATION)
        self._xades_session(company, material, cancel)
        renewed = self.enroll(company.nip, old.type, cancel=cancel)
        log.info("company %s renewed KSeF %s certificate %s as %s", company.nip, old.type, old.serial, renewed.serial)
        return renewed

    def _xades_session(self, company: Company, login: SigningMaterial | None, cancel: CancelToken) -> None:
        """Make sure the company's session may request certificates: log in with ``login`` when given;
        else the current session when the last full login was a XAdES one; else its own Authentication
        certificate; else only a new signature helps."""
        if login is None:
            current = self.companies.get(company.nip)
            own = self.signing_material(current, AUTHENTICATION)
            # a login with the office's certificate (login_via) is the office's session, not the company's own
            via_office = current.login_via is not None and current.auth_method is AuthMethod.KSEF_CERTIFICATE
            if current.auth_method in XADES_LOGINS and not (via_office and own is None):
                return
            login = own
        if login is None:
            raise NeedsSignatureLogin()
        self.auth.sign_in(company.nip, login, cancel=cancel, method=AuthMethod.KSEF_CERTIFICATE)

    @contextlib.contextmanager
    def _exclusive(self, company: Company, wait_s: float) -> Iterator[bool]:
        """One setup or renewal of a company at a time, in this process and across processes on this data
        folder. With ``wait_s`` 0 it yields False at once when busy; otherwise busy past ``wait_s`` fails."""
        with self._locks_guard:
            lock = self._locks.setdefault(company.nip, threading.Lock())
        name = f"certificates-{company.environment.value}-{company.nip}"
        shared = ProcessLock(lock_path(self.db.path, name))
        wait = wait_s > 0
        if not (lock.acquire(timeout=wait_s) if wait else lock.acquire(blocking=False)):
            if wait:
                raise UserError("cert.busy", nip=company.nip)
            yield False
            return
        try:
            got = shared.acquire_wait(wait_s) if wait else shared.acquire()
            if not got and wait:
                raise UserError("cert.busy", nip=company.nip)
            try:
                yield got
            finally:
                if got:
                    shared.release()
        finally:
            lock.release()

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
        """Update the stored statuses and end dates from KSeF (revoked elsewhere, expired, shortened)."""
        company = self.companies.get(nip)
        remote = self._api_for(company).query_certificates(self.auth.access_token(nip, cancel=cancel), cancel)
        with self.db.transaction() as conn:
            for item in remote:
                conn.execute(
                    "UPDATE ksef_certificates SET status = ? WHERE company_id = ? AND serial = ?",
                    (parse_certificate_status(item.status).value, company.id, item.serial_number),
                )
                if item.valid_to is not None:  # KSeF's date rules (test environments can shorten it)
                    conn.execute(
                        "UPDATE ksef_certificates SET valid_to = ? WHERE company_id = ? AND serial = ?",
                        (to_db_time(item.valid_to), company.id, item.serial_number),
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
        from_db_time(row["backed_up_at"]) if "backed_up_at" in row.keys() else None,  # noqa: SIM118 (sqlite3.Row)
    )


def _matching_key(key: object, certificate: x509.Certificate) -> ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey:
    if not isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
        raise UserError("cert.unsupported_key", kind=type(key).__name__)
    spki = (serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    if key.public_key().public_bytes(*spki) != certificate.public_key().public_bytes(*spki):
        raise UserError("cert.key_mismatch")
    return key


def _write_new(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` to a file that did not exist (owner-only); ``name (2).p12`` and on when taken."""
    stem, suffix = name.rsplit(".", 1)
    for number in range(1, 1000):
        target = folder / (name if number == 1 else f"{stem} ({number}).{suffix}")
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        except OSError as exc:
            raise UserError("file.unwritable", path=str(target), reason=exc.strerror or str(exc)) from exc
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        except OSError as exc:
            target.unlink(missing_ok=True)
            raise UserError("file.unwritable", path=str(target), reason=exc.strerror or str(exc)) from exc
        return target
    raise UserError("file.unwritable", path=str(folder / name), reason="exists")


def _enrollment_error(exc: KsefApiError) -> UserError:
    if exc.ksef_code in (25001, 25002):
        return NeedsSignatureLogin(details=exc.details)
    if exc.ksef_code in (25006, 25007):
        return UserError("cert.limit", enrollments="?", active="?", details=exc.details)
    if exc.ksef_code in (25003, 25004, 25010, 25011):
        return UserError("cert.refused", number=exc.ksef_code, reason=exc.details or exc.code)
    return exc
