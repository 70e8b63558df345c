"""What the app holds for each company to reach KSeF, and what is about to stop working: KSeF
certificates, the KSeF token (legally usable until the end of 2026), the signature certificate last used.
Warnings start WARN_DAYS ahead, so that renewal never has to be done in a hurry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from ksefdesk.core.errors import Bilingual, Lang
from ksefdesk.core.formatting import format_date
from ksefdesk.core.models import AuthorizationKind, Company
from ksefdesk.services.auth import AuthService
from ksefdesk.services.certificates import AUTHENTICATION, CertificateService

WARN_DAYS = 30
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


def warnings(
    company: Company, auth: AuthService, certificates: CertificateService, now: datetime | None = None
) -> list[Warning]:
    now = now or datetime.now(UTC)
    horizon = now + timedelta(days=WARN_DAYS)
    found: list[Warning] = []
    for item in held(company, auth, certificates):
        if item.status != "Active" or item.valid_to is None or item.valid_to > horizon:
            continue
        days = max(0, (item.valid_to - now).days)
        day_pl, day_en = format_date(item.valid_to, "pl"), format_date(item.valid_to, "en")
        when_pl = "wygasł" if item.valid_to < now else f"wygaśnie za {days} dni ({day_pl})"
        when_en = "has expired" if item.valid_to < now else f"expires in {days} days ({day_en})"
        if item.kind == "ksef_certificate":
            silent = item.use == AUTHENTICATION
            found.append(
                Warning(
                    company.nip,
                    Bilingual(
                        f"{company.display_name}: certyfikat KSeF {item.serial} {when_pl}. Odnów go na stronie "
                        f"poświadczeń{' (po zalogowaniu podpisem)' if silent else ''}.",
                        f"{company.display_name}: KSeF certificate {item.serial} {when_en}. Renew it on the "
                        f"credentials page{' (after a signature login)' if silent else ''}.",
                    ),
                )
            )
        elif item.kind == "ksef_token":
            found.append(
                Warning(
                    company.nip,
                    Bilingual(
                        f"{company.display_name}: tokeny KSeF działają tylko do 31.12.2026. Poproś o certyfikat KSeF, "
                        "aby logowanie dalej odnawiało się samo.",
                        f"{company.display_name}: KSeF tokens work only until 31 Dec 2026. Request a KSeF certificate "
                        "so that logins keep renewing on their own.",
                    ),
                )
            )
        else:
            found.append(
                Warning(
                    company.nip,
                    Bilingual(
                        f"{company.display_name}: certyfikat podpisu „{item.title}” {when_pl}. Zamów nowy u wystawcy.",
                        f"{company.display_name}: the signature certificate “{item.title}” {when_en}. Order a new "
                        "one from its issuer.",
                    ),
                )
            )
    return found
