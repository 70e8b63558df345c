"""An accounting office's one identity in every client's context.

The office is a company in this app that holds its own KSeF Authentication certificate. A client company
set to log in "via" the office (``companies.login_via``) is logged in with the office's certificate in the
client's context; KSeF then gives that login exactly the permissions the client granted the office's NIP
(an entity grant: InvoiceRead to receive, InvoiceWrite to send), or refuses it with status 415. The
silent logins themselves are AuthService's (``CertificateKeys.login_material`` picks the office's key);
this service sets clients up, checks them, and lets a client that uses the app itself grant and revoke.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ksefdesk.core.errors import Bilingual, NoPermissions, OfficeNotGranted, UserError
from ksefdesk.core.models import AuthMethod, Company
from ksefdesk.core.status import ConnectionStatus, ReauthReason
from ksefdesk.services.auth import AuthService
from ksefdesk.services.certificates import AUTHENTICATION, CertificateService, StoredCertificate
from ksefdesk.services.ksef.http import CancelToken
from ksefdesk.services.ksef.permissions import EntityPermission, Grant, Identifier, PermissionsApi
from ksefdesk.services.store.repositories import CompanyRepository

log = logging.getLogger(__name__)

# What an office needs from a client, in the order the app asks for it.
OFFICE_PERMISSIONS = ("InvoiceRead", "InvoiceWrite")
PERMISSION_TEXT = {
    "InvoiceRead": Bilingual("odbiór faktur (InvoiceRead)", "receiving invoices (InvoiceRead)"),
    "InvoiceWrite": Bilingual("wysyłka faktur (InvoiceWrite)", "sending invoices (InvoiceWrite)"),
}
GRANT_DESCRIPTION = "Biuro rachunkowe (KSeF Desk)"  # KSeF wants 5 to 256 characters


@dataclass(frozen=True)
class OfficeIdentity:
    company: Company
    certificate: StoredCertificate  # the office's Authentication certificate, as the database has it


@dataclass(frozen=True)
class ClientAccess:
    """What a login with the office's certificate found in one client's context."""

    client: Company
    held: tuple[str, ...]  # the permissions the office holds there (empty when refused)
    error: UserError | None = None

    @property
    def granted(self) -> bool:
        return self.error is None and bool(self.held)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(p for p in OFFICE_PERMISSIONS if p not in self.held)


class OfficeService:
    def __init__(
        self,
        companies: CompanyRepository,
        certificates: CertificateService,
        auth: AuthService,
        permissions_for: Callable[[Company], PermissionsApi],
    ) -> None:
        self.companies, self.certificates, self.auth = companies, certificates, auth
        self._permissions_for = permissions_for

    # --- the office -----------------------------------------------------------------------------------
    def candidates(self) -> list[Company]:
        """Companies that could act as an office: their own Authentication certificate (database only,
        so safe for display), not themselves logging in via another office."""
        return [c for c in self.companies.list() if c.login_via is None and self.certificates.shown(c, AUTHENTICATION)]

    def identity(self, office_nip: str) -> OfficeIdentity:
        office = self.companies.get(office_nip)
        certificate = self.certificates.shown(office, AUTHENTICATION)
        if certificate is None:
            raise UserError("office.no_certificate", nip=office.nip)
        return OfficeIdentity(office, certificate)

    def office_of(self, client: Company) -> Company | None:
        return self.companies.by_id(client.login_via) if client.login_via is not None else None

    def clients(self, office_nip: str) -> list[Company]:
        return self.companies.clients_of(self.companies.get(office_nip).id)

    def use_office(self, client_nip: str, office_nip: str | None) -> Company:
        """Let the client log in with the office's certificate from its next login (None: its own again).
        The current session stays: nothing the client had is dropped."""
        client = self.companies.get(client_nip)
        if office_nip is None:
            log.info("company %s logs in with its own credentials again", client.nip)
            return self.companies.set_login_via(client.nip, None)
        office = self.identity(office_nip).company
        if office.id == client.id:
            raise UserError("office.itself", nip=client.nip)
        if office.environment is not client.environment:
            raise UserError(
                "office.other_environment",
                office=office.nip,
                nip=client.nip,
                office_env=office.environment.value,
                client_env=client.environment.value,
            )
        if office.login_via is not None:
            raise UserError("office.is_client", office=office.nip, nip=client.nip)
        log.info("company %s logs in with the certificate of office %s", client.nip, office.nip)
        return self.companies.set_login_via(client.nip, office.id)

    # --- checking the clients -------------------------------------------------------------------------
    def check_client(self, client_nip: str, *, cancel: CancelToken | None = None) -> ClientAccess:
        """Log in with the office's certificate in the client's context now and list what the office
        holds there. A refusal (415) marks the client with the reason; faults of the connection raise."""
        client = self.companies.get(client_nip)
        office = self.office_of(client)
        if office is None:
            raise UserError("office.not_set", nip=client.nip)
        material = self.certificates.signing_material(office, AUTHENTICATION)
        if material is None:
            raise UserError("office.no_certificate", nip=office.nip)
        try:
            self.auth.sign_in(client.nip, material, cancel=cancel, method=AuthMethod.KSEF_CERTIFICATE)
        except NoPermissions:
            client = self.companies.set_status(
                client.nip, ConnectionStatus.REAUTH_NEEDED, ReauthReason.OFFICE_NOT_GRANTED
            )
            log.info("office %s holds no permissions in the context of %s (415)", office.nip, client.nip)
            return ClientAccess(client, (), OfficeNotGranted(nip=client.nip, office=office.nip))
        token = self.auth.access_token(client.nip, cancel=cancel)
        grants = self._permissions_for(client).all_personal_grants(token, cancel)
        held = tuple(sorted({g.scope for g in grants if g.active}))
        return ClientAccess(self.companies.get(client.nip), held)

    def check_clients(
        self,
        office_nip: str,
        *,
        cancel: CancelToken | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> list[ClientAccess]:
        """Every client of the office, one after another (each login is a request in its own context)."""
        cancel = cancel or CancelToken()
        clients = self.clients(office_nip)
        found: list[ClientAccess] = []
        for done, client in enumerate(clients):
            cancel.raise_if_cancelled()
            try:
                found.append(self.check_client(client.nip, cancel=cancel))
            except UserError as exc:  # one client's fault must not hide the others
                found.append(ClientAccess(self.companies.get(client.nip), (), exc))
            if progress:
                progress(done + 1, len(clients))
        return found

    def what_to_grant(self, office_nip: str, missing: Sequence[str] = OFFICE_PERMISSIONS) -> Bilingual:
        """What a client has to grant, in words a client understands."""
        office = self.companies.get(office_nip)
        who = f"{office.display_name} (NIP {office.nip})" if office.name else f"NIP {office.nip}"
        wanted = [PERMISSION_TEXT.get(p, Bilingual(p, p)) for p in missing]
        pl = ", ".join(w.pl for w in wanted)
        en = ", ".join(w.en for w in wanted)
        return Bilingual(
            f"Klient nadaje w KSeF podmiotowi {who} uprawnienia: {pl}. Może to zrobić w Aplikacji Podatnika "
            "KSeF (Uprawnienia → Nadaj uprawnienia podmiotowi) albo w KSeF Desk, jeśli sam go używa. Nie trzeba "
            "prawa do dalszego przekazywania.",
            f"The client grants the entity {who} in KSeF: {en}. It can do so in KSeF's own web app (Permissions →"
            " grant permissions to an entity) or in KSeF Desk, if it uses it itself. The right to pass them on is "
            "not needed.",
        )

    # --- a client granting and revoking (logged in itself, as its owner) -----------------------------
    def grants_to(self, owner_nip: str, office_nip: str, *, cancel: CancelToken | None = None) -> list[Grant]:
        """The permissions the owner's context gives the office's NIP, as KSeF lists them."""
        owner = self.companies.get(owner_nip)
        token = self.auth.access_token(owner.nip, cancel=cancel)
        api = self._permissions_for(owner)
        office = Identifier("Nip", office_nip)
        return [
            grant
            for grant in api.all_person_grants(token, cancel=cancel)
            if grant.authorized == office and grant.active
        ]

    def grant(
        self,
        owner_nip: str,
        office_nip: str,
        permissions: Sequence[str],
        *,
        office_name: str = "",
        cancel: CancelToken | None = None,
    ) -> list[Grant]:
        """Grant the office's NIP the given permissions in the owner's context; the grants KSeF then lists."""
        owner = self.companies.get(owner_nip)
        wanted = [p for p in OFFICE_PERMISSIONS if p in permissions]
        if not wanted:
            raise UserError("office.nothing_to_grant", office=office_nip)
        if office_nip == owner.nip:
            raise UserError("office.itself", nip=owner.nip)
        token = self.auth.access_token(owner.nip, cancel=cancel)
        api = self._permissions_for(owner)
        name = office_name or self._name_of(office_nip)
        reference = api.grant_to_entity(
            token, office_nip, name, [EntityPermission(p) for p in wanted], GRANT_DESCRIPTION, cancel
        )
        api.wait_for_operation(token, reference, cancel=cancel)
        log.info("company %s granted %s to office %s", owner.nip, ",".join(wanted), office_nip)
        return self.grants_to(owner.nip, office_nip, cancel=cancel)

    def revoke(self, owner_nip: str, office_nip: str, *, cancel: CancelToken | None = None) -> int:
        """Take back everything the owner's context gave the office; how many grants were revoked."""
        owner = self.companies.get(owner_nip)
        grants = self.grants_to(owner.nip, office_nip, cancel=cancel)
        token = self.auth.access_token(owner.nip, cancel=cancel)
        api = self._permissions_for(owner)
        for grant in grants:
            api.wait_for_operation(token, api.revoke(token, grant.id, cancel), cancel=cancel)
        log.info("company %s revoked %d grants of office %s", owner.nip, len(grants), office_nip)
        return len(grants)

    def _name_of(self, nip: str) -> str:
        """KSeF wants the entity's full name with a grant: the office's name when the app knows it."""
        known = self.companies.find(nip)
        return known.name if known is not None and known.name else f"NIP {nip}"
