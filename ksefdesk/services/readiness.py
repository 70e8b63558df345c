"""Gathers what the app holds for each company (database and secret store) and asks
``core/readiness.py`` whether it will still log in in 2027. Reads the secret store: call it off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from ksefdesk.core.models import Company
from ksefdesk.core.offline import POLAND
from ksefdesk.core.readiness import CertificateFacts, LoginFacts, Readiness, assess
from ksefdesk.core.status import ConnectionStatus, ReauthReason
from ksefdesk.services.auth import AuthService
from ksefdesk.services.certificates import AUTHENTICATION, OFFLINE, CertificateKeys, StoredCertificate
from ksefdesk.services.store import CompanyRepository

_LOGGED_IN = (ConnectionStatus.CONNECTED, ConnectionStatus.UNAVAILABLE)  # KSeF down does not undo a login


class ReadinessService:
    def __init__(
        self,
        companies: CompanyRepository,
        auth: AuthService,
        certificates: CertificateKeys,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.companies, self.auth, self.certificates, self._clock = companies, auth, certificates, clock

    def facts(self, company: Company) -> LoginFacts:
        state = self.auth.state(company.nip)
        now = self._clock()
        renewable = state.refresh_valid_until is not None and state.refresh_valid_until > now
        connected = company.status in _LOGGED_IN or renewable
        office = self.companies.by_id(company.login_via) if company.login_via is not None else None
        office_certificate = self._held(office, AUTHENTICATION) if office is not None else None
        granted: bool | None = None
        if office is not None:
            if company.status_reason is ReauthReason.OFFICE_NOT_GRANTED:
                granted = False
            elif company.status is ConnectionStatus.CONNECTED:
                granted = True
        return LoginFacts(
            nip=company.nip,
            name=company.display_name,
            connected=connected,
            has_ksef_token=state.has_ksef_token,
            authentication=self._held(company, AUTHENTICATION),
            offline=self._held(company, OFFLINE),
            office_nip=office.nip if office is not None else None,
            office_certificate=office_certificate,
            office_granted=granted,
        )

    def assess(self, nip: str, today: date | None = None) -> Readiness:
        return assess(self.facts(self.companies.get(nip)), today or self.today())

    def all(self, today: date | None = None) -> list[Readiness]:
        """Every company in use (not the archives of environments left)."""
        day = today or self.today()
        return [assess(self.facts(company), day) for company in self.companies.list()]

    def today(self) -> date:
        """Today in Poland (the law's days are Polish days)."""
        return self._clock().astimezone(POLAND).date()

    def _held(self, company: Company, kind: str) -> CertificateFacts | None:
        """The newest usable certificate of ``kind``: active, unexpired and its key in the secret store."""
        certificate = self.certificates.usable(company, kind)
        return None if certificate is None else _facts(certificate)


def _facts(certificate: StoredCertificate) -> CertificateFacts:
    return CertificateFacts(certificate.serial, certificate.valid_to, certificate.backed_up_at is not None)
