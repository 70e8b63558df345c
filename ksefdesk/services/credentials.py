"""What the app holds for each company to reach KSeF, and what is about to stop working: KSeF
certificates, the KSeF token (legally usable until the end of 2026), the signature certificate last used.
Warnings start WARN_DAYS ahead (RENEW_AHEAD: when the app renews a KSeF certificate by itself), so that
renewal never has to be done in a hurry, and say whether the app renews it or a signature is needed.
Only the database is read: the window builds these on its own thread."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from ksefdesk.core.errors import Bilingual, Lang
from ksefdesk.core.formatting import format_date
from ksefdesk.core.models import AuthorizationKind, Company
from ksefdesk.core.readiness import RENEW_AHEAD
from ksefdesk.services.auth import AuthService
from ksefdesk.services.certificates import AUTHENTICATION, CertificateService, StoredCertificate, newest

WARN_DAYS = RENEW_AHEAD.days
KSEF_TOKENS_END = datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC)  # KSeF tokens: usable until 31 Dec 2026


@dataclass(frozen=True)
class Credential:
    kind: str  # "ksef_certificate", "ksef_token", "signer"
    title: str
    detail: str
    valid_to: datetime | None
    serial: str = ""
    status: str = "Active"
    use: str = ""  # a KSeF certificate's type: "Authentication" or "Offline"

    def days_left(self, now: datetime) -> int | None:
        return None if self.valid_to is None else (self.valid_to - now).days


@dataclass(frozen=True)
class Warning:
    nip: str
    message: Bilingual

    def text(self, lang: Lang) -> str:
        return self.message.text(lang)


def held(company: Company, auth: AuthService, certificates: CertificateService) -> list[Credential]:
    items = [
        Credential("ksef_certificate", c.name, c.serial, c.valid_to, c.serial, c.status, c.type)
        for c in certificates.stored(company.nip)
    ]
    token = auth.authorizations.get(company.id, AuthorizationKind.KSEF_TOKEN)
    if token is not None:
        items.append(Credential("ksef_token", "KSeF token", token.reference or "", KSEF_TOKENS_END))
    signer = auth.signer(company.nip)
    if signer is not None:
        items.append(Credential("signer", signer.subject, signer.issuer, signer.valid_to, signer.serial))
    return items


def _days_pl(days: int) -> str:
    return "1 dzień" if days == 1 else f"{days} dni"


def _certificate_warning(
    company: Company, certificate: StoredCertificate, stored: list[StoredCertificate], now: datetime
) -> Warning | None:
    """None when a newer certificate of the type replaced it (it simply ends; nothing to do)."""
    if any(c.type == certificate.type and c.active_on(now) and c.valid_to > certificate.valid_to for c in stored):
        return None
    ended = certificate.valid_to <= now
    days = max(0, (certificate.valid_to - now).days)
    day_pl, day_en = format_date(certificate.valid_to, "pl"), format_date(certificate.valid_to, "en")
    when_pl = f"wygasł {day_pl}" if ended else f"wygaśnie za {_days_pl(days)} ({day_pl})"
    when_en = f"ended on {day_en}" if ended else f"expires in {days} days ({day_en})"
    login = certificate.type == AUTHENTICATION
    what_pl = "do logowania" if login else "Offline (KOD II)"
    what_en = "login" if login else "Offline (KOD II)"
    # The app renews while a login certificate still logs in: the Authentication one itself, else the one in use.
    renews = not ended if login else newest(stored, AUTHENTICATION, now) is not None
    if renews:
        todo = Bilingual(
            "KSeF Desk odnowi go sam (bez karty), gdy okno jest otwarte; możesz też odnowić go teraz w oknie "
            "„Dane logowania…”.",
            "KSeF Desk renews it by itself (no card needed) while the window is open; you may also renew it "
            "now in “Credentials…”.",
        )
    else:
        todo = Bilingual(
            "Sam go nie odnowi: zaloguj firmę raz podpisem kwalifikowanym, a potem przygotuj ją na 2027 "
            "(nowe certyfikaty KSeF).",
            "It cannot renew it by itself: log the company in once with the qualified signature, then get it "
            "ready for 2027 (new KSeF certificates).",
        )
    return Warning(
        company.nip,
        Bilingual(
            f"{company.display_name}: certyfikat KSeF {what_pl} {certificate.serial} {when_pl}. {todo.pl}",
            f"{company.display_name}: the KSeF {what_en} certificate {certificate.serial} {when_en}. {todo.en}",
        ),
    )


def warnings(
    company: Company, auth: AuthService, certificates: CertificateService, now: datetime | None = None
) -> list[Warning]:
    now = now or datetime.now(UTC)
    horizon = now + timedelta(days=WARN_DAYS)
    stored = certificates.stored(company.nip)
    found: list[Warning] = []
    for certificate in stored:
        if certificate.status == "Active" and certificate.valid_to <= horizon:
            warning = _certificate_warning(company, certificate, stored, now)
            if warning is not None:
                found.append(warning)
    token = auth.authorizations.get(company.id, AuthorizationKind.KSEF_TOKEN)
    # With a login certificate in use the token's end no longer matters: the certificate logs in.
    if token is not None and horizon >= KSEF_TOKENS_END and newest(stored, AUTHENTICATION, now) is None:
        found.append(
            Warning(
                company.nip,
                Bilingual(
                    f"{company.display_name}: tokeny KSeF działają na pewno tylko do 31.12.2026, a ta firma "
                    "loguje się tokenem. Przygotuj ją na 2027: jeden podpis kwalifikowany i KSeF Desk dostaje "
                    "certyfikaty KSeF, które potem odnawia sam.",
                    f"{company.display_name}: KSeF tokens are certain to work only until 31 Dec 2026, and this "
                    "company logs in with one. Get it ready for 2027: one qualified signature and KSeF Desk gets "
                    "KSeF certificates, which it then renews by itself.",
                ),
            )
        )
    signer = auth.signer(company.nip)
    if signer is not None and signer.valid_to <= horizon:
        days = max(0, (signer.valid_to - now).days)
        day_pl, day_en = format_date(signer.valid_to, "pl"), format_date(signer.valid_to, "en")
        when_pl = "wygasł" if signer.valid_to < now else f"wygaśnie za {_days_pl(days)} ({day_pl})"
        when_en = "has expired" if signer.valid_to < now else f"expires in {days} days ({day_en})"
        found.append(
            Warning(
                company.nip,
                Bilingual(
                    f"{company.display_name}: certyfikat podpisu „{signer.subject}” {when_pl}. Zamów nowy u wystawcy.",
                    f"{company.display_name}: the signature certificate “{signer.subject}” {when_en}. Order a new "
                    "one from its issuer.",
                ),
            )
        )
    return found
