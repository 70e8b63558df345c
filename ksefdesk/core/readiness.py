"""Will each company still log in on 1 January 2027 and on 1 December 2027, and what is its next step?

The dates and rules about KSeF tokens live in one table, ``TOKEN_RULES``, each with its source, so a
release can change them when the law does. This module only describes: nothing here (or anywhere in
the app) cuts off a token that still works; KSeF decides.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ksefdesk.core.errors import Bilingual

RENEW_AHEAD = timedelta(days=30)  # a KSeF certificate is renewed (and the user warned) this long before it ends


class RuleStatus(enum.StrEnum):
    LAW = "law"  # in force
    ANNOUNCED = "announced"  # announced by the Ministry, not law yet


@dataclass(frozen=True)
class TokenRule:
    """KSeF tokens are a login method until ``last_day`` (inclusive) under this rule."""

    last_day: date
    status: RuleStatus
    source: str
    summary: Bilingual


TOKEN_RULES: tuple[TokenRule, ...] = (
    TokenRule(
        date(2026, 12, 31),
        RuleStatus.LAW,
        "Rozporządzenie Ministra Finansów, Dz.U. 2025 poz. 1815, § 13",
        Bilingual(
            "Tokeny KSeF są prawną metodą logowania do 31 grudnia 2026.",
            "KSeF tokens are a legal login method until 31 December 2026.",
        ),
    ),
    TokenRule(
        date(2027, 11, 30),
        RuleStatus.ANNOUNCED,
        "Zapowiedź Ministerstwa Finansów (podsumowanie konsultacji z 11.06.2026, odpowiedź z 23.07.2026 w "
        "CIRFMF/ksef-docs #834); data 30.11.2027 ze źródeł wtórnych, brak rozporządzenia zmieniającego",
        Bilingual(
            "Ministerstwo zapowiedziało utrzymanie tokenów, być może do 30 listopada 2027 i z nowym sposobem "
            "ich wydawania; to jeszcze nie jest prawo.",
            "The Ministry announced it will keep tokens, possibly until 30 November 2027 and issued in a new "
            "way; this is not law yet.",
        ),
    ),
)

# The days the readiness view looks at: the end of the legal basis of tokens, and after the announced one.
CHECKPOINTS: tuple[date, ...] = (date(2027, 1, 1), date(2027, 12, 1))


class TokenOutlook(enum.StrEnum):
    LEGAL = "legal"  # a rule in force covers the day
    ANNOUNCED_ONLY = "announced_only"  # only an announcement covers it
    ENDED = "ended"  # no rule covers it


def token_outlook(day: date, rules: tuple[TokenRule, ...] = TOKEN_RULES) -> TokenOutlook:
    covering = [rule for rule in rules if day <= rule.last_day]
    if any(rule.status is RuleStatus.LAW for rule in covering):
        return TokenOutlook.LEGAL
    return TokenOutlook.ANNOUNCED_ONLY if covering else TokenOutlook.ENDED


class LoginWay(enum.StrEnum):
    """How the app logs the company in again, without the user, when its login ends."""

    KSEF_CERTIFICATE = "ksef_certificate"  # its own KSeF Authentication certificate (renewed by the app)
    OFFICE_CERTIFICATE = "office_certificate"  # the accounting office's certificate, in the client's context
    KSEF_TOKEN = "ksef_token"  # a stored KSeF token, with a legal basis on that day
    TOKEN_UNCERTAIN = "token_uncertain"  # a stored KSeF token, only under an announcement
    SIGNATURE = "signature"  # nothing silent: the user signs again whenever the login ends
    NONE = "none"  # not connected at all


class Missing(enum.StrEnum):
    CONNECTION = "connection"  # the company was never (or is no longer) authorized
    AUTH_CERTIFICATE = "auth_certificate"  # no KSeF Authentication certificate
    OFFLINE_CERTIFICATE = "offline_certificate"  # no Offline certificate: offline invoices carry no KOD II
    KEY_BACKUP = "key_backup"  # a certificate's private key exists only on this computer
    OFFICE_GRANT = "office_grant"  # the client has not granted the office permissions


class NextStep(enum.StrEnum):
    CONNECT = "connect"  # authorize the company (the wizard)
    ASK_CLIENT_TO_GRANT = "ask_client_to_grant"  # the client must grant the office permissions
    SET_UP_CERTIFICATES = "set_up_certificates"  # one signature: Authentication + Offline certificates
    ADD_OFFLINE_CERTIFICATE = "add_offline_certificate"  # no signature needed: the Authentication one logs in
    RENEW_CERTIFICATE = "renew_certificate"  # a certificate ends within RENEW_AHEAD
    BACK_UP_KEY = "back_up_key"  # save the keys as a .p12 with a passphrase
    REVOKE_TOKEN = "revoke_token"  # optional: the certificate logs in, the token is no longer needed
    NONE = "none"  # ready


@dataclass(frozen=True)
class CertificateFacts:
    serial: str
    valid_to: datetime
    backed_up: bool


@dataclass(frozen=True)
class LoginFacts:
    """What the app holds for one company; gathered by ``services/readiness.py`` (off the GUI thread)."""

    nip: str
    name: str
    connected: bool  # authorized now or renewable without the user (not NOT_AUTHORIZED / REAUTH_NEEDED)
    has_ksef_token: bool
    authentication: CertificateFacts | None = None  # its newest usable Authentication certificate
    offline: CertificateFacts | None = None  # its newest usable Offline certificate
    office_nip: str | None = None  # logs in with this accounting office's certificate
    office_certificate: CertificateFacts | None = None
    office_granted: bool | None = None  # the office holds permissions in the client's context (None: unknown)


@dataclass(frozen=True)
class Readiness:
    facts: LoginFacts
    today: LoginWay
    checkpoints: tuple[tuple[date, LoginWay], ...]
    missing: tuple[Missing, ...]
    next_step: NextStep
    renew_by: date | None  # the day the app renews the certificate that ends first (RENEW_AHEAD before it)

    @property
    def ready(self) -> bool:
        """Logs in by itself on every checkpoint, on a legal basis."""
        silent = (LoginWay.KSEF_CERTIFICATE, LoginWay.OFFICE_CERTIFICATE)
        return all(way in silent for _, way in self.checkpoints)

    def way_on(self, day: date) -> LoginWay:
        return dict(self.checkpoints)[day]


def _way(facts: LoginFacts, day: date, rules: tuple[TokenRule, ...]) -> LoginWay:
    if not facts.connected and facts.authentication is None and facts.office_certificate is None:
        return LoginWay.NONE
    if facts.authentication is not None:  # renewed by the app while it still logs in
        return LoginWay.KSEF_CERTIFICATE
    if facts.office_certificate is not None and facts.office_granted is not False:
        return LoginWay.OFFICE_CERTIFICATE
    if facts.has_ksef_token and facts.connected:  # not connected: the silent renewal already tried the token
        outlook = token_outlook(day, rules)
        if outlook is TokenOutlook.LEGAL:
            return LoginWay.KSEF_TOKEN
        if outlook is TokenOutlook.ANNOUNCED_ONLY:
            return LoginWay.TOKEN_UNCERTAIN
    return LoginWay.SIGNATURE if facts.connected else LoginWay.NONE


def assess(
    facts: LoginFacts,
    today: date,
    *,
    rules: tuple[TokenRule, ...] = TOKEN_RULES,
    checkpoints: tuple[date, ...] = CHECKPOINTS,
) -> Readiness:
    via_office = facts.office_nip is not None
    missing: list[Missing] = []
    if not facts.connected:
        missing.append(Missing.CONNECTION)
    if via_office and facts.office_granted is False:
        missing.append(Missing.OFFICE_GRANT)
    if via_office:
        if facts.office_certificate is None and facts.authentication is None:  # the office's one is gone
            missing.append(Missing.AUTH_CERTIFICATE)
    else:
        if facts.authentication is None:
            missing.append(Missing.AUTH_CERTIFICATE)
        if facts.offline is None:
            missing.append(Missing.OFFLINE_CERTIFICATE)
    held = [c for c in (facts.authentication, facts.offline) if c is not None]
    if any(not c.backed_up for c in held):
        missing.append(Missing.KEY_BACKUP)
    ending = sorted(c.valid_to.date() for c in (*held, facts.office_certificate) if c is not None)
    renew_by = ending[0] - RENEW_AHEAD if ending else None
    due = [c for c in held if c.valid_to.date() - RENEW_AHEAD <= today]

    if Missing.CONNECTION in missing and facts.authentication is None and facts.office_certificate is None:
        step = NextStep.CONNECT
    elif Missing.OFFICE_GRANT in missing:
        step = NextStep.ASK_CLIENT_TO_GRANT
    elif Missing.AUTH_CERTIFICATE in missing:
        step = NextStep.SET_UP_CERTIFICATES
    elif due:
        step = NextStep.RENEW_CERTIFICATE
    elif Missing.OFFLINE_CERTIFICATE in missing:
        step = NextStep.ADD_OFFLINE_CERTIFICATE
    elif Missing.KEY_BACKUP in missing:
        step = NextStep.BACK_UP_KEY
    elif facts.has_ksef_token and (facts.authentication is not None or facts.office_certificate is not None):
        step = NextStep.REVOKE_TOKEN
    else:
        step = NextStep.NONE
    return Readiness(
        facts,
        _way(facts, today, rules),
        tuple((day, _way(facts, day, rules)) for day in checkpoints),
        tuple(missing),
        step,
        renew_by,
    )


# --- words (the GUI and the command line show the same ones) -----------------------------------------
WAY_TEXT: dict[LoginWay, Bilingual] = {
    LoginWay.KSEF_CERTIFICATE: Bilingual("certyfikatem KSeF (bez karty)", "KSeF certificate (no card needed)"),
    LoginWay.OFFICE_CERTIFICATE: Bilingual(
        "certyfikatem KSeF biura rachunkowego", "the accounting office's KSeF certificate"
    ),
    LoginWay.KSEF_TOKEN: Bilingual("tokenem KSeF", "KSeF token"),
    LoginWay.TOKEN_UNCERTAIN: Bilingual(
        "tokenem KSeF – tylko jeśli zapowiedź MF stanie się prawem",
        "KSeF token – only if the Ministry's announcement becomes law",
    ),
    LoginWay.SIGNATURE: Bilingual("tylko nowym podpisem (karta)", "only with a new signature (card)"),
    LoginWay.NONE: Bilingual("nie loguje się", "does not log in"),
}

MISSING_TEXT: dict[Missing, Bilingual] = {
    Missing.CONNECTION: Bilingual("firma nie jest połączona z KSeF", "the company is not connected to KSeF"),
    Missing.AUTH_CERTIFICATE: Bilingual(
        "certyfikat KSeF do logowania (Authentication)", "a KSeF certificate for logging in (Authentication)"
    ),
    Missing.OFFLINE_CERTIFICATE: Bilingual(
        "certyfikat KSeF Offline (KOD II na fakturach offline)",
        "a KSeF Offline certificate (KOD II on offline invoices)",
    ),
    Missing.KEY_BACKUP: Bilingual(
        "kopia zapasowa klucza certyfikatu (.p12)", "a backup of the certificate's key (.p12)"
    ),
    Missing.OFFICE_GRANT: Bilingual(
        "uprawnienia nadane biuru przez klienta", "permissions granted to the office by the client"
    ),
}

STEP_TEXT: dict[NextStep, Bilingual] = {
    NextStep.CONNECT: Bilingual("Połącz firmę z KSeF…", "Connect the company to KSeF…"),
    NextStep.ASK_CLIENT_TO_GRANT: Bilingual("Co klient musi nadać…", "What the client must grant…"),
    NextStep.SET_UP_CERTIFICATES: Bilingual("Przygotuj na 2027 (jeden podpis)…", "Get ready for 2027 (one signature)…"),
    NextStep.ADD_OFFLINE_CERTIFICATE: Bilingual("Dodaj certyfikat Offline", "Add the Offline certificate"),
    NextStep.RENEW_CERTIFICATE: Bilingual("Odnów certyfikat teraz", "Renew the certificate now"),
    NextStep.BACK_UP_KEY: Bilingual("Zapisz kopię klucza…", "Back up the key…"),
    NextStep.REVOKE_TOKEN: Bilingual("Unieważnij niepotrzebny token…", "Revoke the token no longer needed…"),
    NextStep.NONE: Bilingual("Gotowa na 2027", "Ready for 2027"),
}
