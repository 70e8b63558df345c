"""Domain models shared by every layer."""

from __future__ import annotations

import enum
import ipaddress
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from ksefdesk.core.errors import Bilingual, Lang, UserError
from ksefdesk.core.status import ConnectionStatus as ConnectionStatus  # stored enums live in core.status
from ksefdesk.core.status import StatusReason

SANDBOX_DEFAULT_URL = "http://127.0.0.1:8765/v2"
COMPANY_NAME_LIMIT = 256


class Environment(enum.StrEnum):
    SANDBOX = "sandbox"
    TEST = "test"
    DEMO = "demo"
    PROD = "prod"

    @property
    def default_base_url(self) -> str:
        return _BASE_URLS[self]

    @property
    def qr_host(self) -> str:
        return _QR_HOSTS[self]

    @property
    def is_production(self) -> bool:
        return self is Environment.PROD

    def label(self, lang: Lang = "en") -> str:
        return Bilingual(*_LABELS[self]).text(lang)

    @classmethod
    def parse(cls, text: str) -> Environment:
        value = text.strip().lower()
        aliases = {"production": "prod", "prd": "prod", "pre-production": "demo", "preprod": "demo"}
        value = aliases.get(value, value)
        try:
            return cls(value)
        except ValueError:
            raise UserError("env.unknown", value=text, choices=", ".join(e.value for e in cls)) from None


_BASE_URLS = {
    Environment.SANDBOX: SANDBOX_DEFAULT_URL,
    Environment.TEST: "https://api-test.ksef.mf.gov.pl/v2",
    Environment.DEMO: "https://api-demo.ksef.mf.gov.pl/v2",
    Environment.PROD: "https://api.ksef.mf.gov.pl/v2",
}
# The sandbox has no public verification host; its codes point at TEST's, which is what a
# user trying the app would scan with (and which rightly says "unknown invoice").
_QR_HOSTS = {
    Environment.SANDBOX: "https://qr-test.ksef.mf.gov.pl",
    Environment.TEST: "https://qr-test.ksef.mf.gov.pl",
    Environment.DEMO: "https://qr-demo.ksef.mf.gov.pl",
    Environment.PROD: "https://qr.ksef.mf.gov.pl",
}
_LABELS = {
    Environment.SANDBOX: ("Lokalna piaskownica", "Local sandbox"),
    Environment.TEST: ("TEST", "TEST"),
    Environment.DEMO: ("DEMO (przedprodukcyjne)", "DEMO (pre-production)"),
    Environment.PROD: ("PRODUKCJA", "PRODUCTION"),
}


def is_loopback_host(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def validate_base_url(url: str) -> str:
    """Return the normalized KSeF API base URL or raise a UserError saying what is wrong.

    Plain http is allowed only to this computer (the sandbox); everything else must be https,
    so TLS cannot be turned off for a remote server.
    """
    text = url.strip().rstrip("/")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https"):
        raise UserError("env.base_url_invalid", value=url, reason="the address must start with https://")
    if not parts.hostname:
        raise UserError("env.base_url_invalid", value=url, reason="the address has no host name")
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        raise UserError("env.base_url_invalid", value=url, reason="unencrypted http:// is allowed only for 127.0.0.1")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise UserError("env.base_url_invalid", value=url, reason="no query, fragment or user name allowed")
    try:
        port = parts.port
    except ValueError:  # not a number, or above 65535
        port = 0
    if port is not None and not 1 <= port <= 65535:
        raise UserError("env.base_url_invalid", value=url, reason="the port must be a number from 1 to 65535")
    return text


class AuthMethod(enum.StrEnum):
    SIGNATURE = "signature"  # qualified signature made in the vendor's software
    CERTIFICATE = "certificate"  # a certificate file (.p12/.pem) on this computer
    TOKEN = "token"  # a KSeF token
    KSEF_CERTIFICATE = "ksef_certificate"  # a KSeF Authentication certificate the app holds: silent login


class AuthorizationKind(enum.StrEnum):
    ACCESS_TOKEN = "access_token"
    REFRESH_TOKEN = "refresh_token"
    KSEF_TOKEN = "ksef_token"
    CERTIFICATE_KEY = "certificate_key"


@dataclass(frozen=True)
class Company:
    id: int
    nip: str
    name: str
    environment: Environment
    base_url: str
    auth_method: AuthMethod | None
    status: ConnectionStatus
    status_reason: StatusReason | None  # why REAUTH_NEEDED or UNAVAILABLE; None otherwise
    created_at: datetime
    updated_at: datetime
    last_sync_at: datetime | None = None
    archived_at: datetime | None = None  # the archive of an environment the company left
    switch_from: int | None = None  # a switch of environment waiting for its login: the company it replaces
    login_via: int | None = None  # logs in with this company's (an accounting office's) KSeF certificate

    @property
    def display_name(self) -> str:
        return self.name or self.nip


@dataclass(frozen=True)
class Authorization:
    """Metadata of one stored credential; the secret itself lives in the secret store."""

    company_id: int
    kind: AuthorizationKind
    secret_ref: str
    expires_at: datetime | None
    created_at: datetime
    reference: str | None = None  # KSeF's reference number (a KSeF token's, an auth operation's)
