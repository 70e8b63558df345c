"""The Ministry of Finance's VAT White List ("Wykaz podatników VAT", https://wl-api.mf.gov.pl).

Before a transfer the app asks whether the payee's account is on the list for the payee's NIP on the day
of payment (``GET /api/check/nip/{nip}/bank-account/{account}?date=YYYY-MM-DD``: ``accountAssigned`` TAK
or NIE and a ``requestId``, the proof to keep), and can list the accounts registered for a NIP
(``GET /api/search/nip/{nip}?date=``). A transfer over 15 000 PLN to an account off the list costs the
buyer the VAT deduction (and makes it jointly liable for the seller's VAT), so the answer is one of three:
on the list, NOT on the list, or could not check, with the plain reason.
"""

from __future__ import annotations

import enum
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import requests

from ksefdesk import APP_NAME, __version__
from ksefdesk.core.errors import Bilingual, Lang, UserError
from ksefdesk.core.formatting import format_bank_date
from ksefdesk.core.models import is_loopback_host
from ksefdesk.core.payments import WHITE_LIST_THRESHOLD
from ksefdesk.core.redaction import scrub
from ksefdesk.services.ksef.http import check_address, trust_store
from ksefdesk.services.settings import WHITELIST_URL

log = logging.getLogger(__name__)

DEFAULT_URL = WHITELIST_URL.default  # the Ministry's
SETTING_KEY = WHITELIST_URL.key
TIMEOUT = (5.0, 15.0)  # connect, read: the check runs right before a payment, the user waits for it


class Verdict(enum.StrEnum):
    ON_LIST = "on_list"
    NOT_ON_LIST = "not_on_list"
    NOT_CHECKED = "not_checked"


class Reason(enum.StrEnum):
    OFFLINE = "offline"
    TIMEOUT = "timeout"
    REFUSED = "refused"  # the list answered with an error (a wrong NIP, a limit reached, ...)
    ERROR = "error"  # an answer the app cannot read, or a server fault
    NO_ACCOUNT = "no_account"
    NOT_POLISH = "not_polish"


_REASONS = {
    Reason.OFFLINE: Bilingual(
        "brak połączenia z internetem lub serwer listy nie odpowiada",
        "no internet connection, or the list's server does not answer",
    ),
    Reason.TIMEOUT: Bilingual("serwer listy nie odpowiedział na czas", "the list's server did not answer in time"),
    Reason.REFUSED: Bilingual("Biała lista odrzuciła zapytanie", "the White List refused the query"),
    Reason.ERROR: Bilingual("Biała lista odpowiedziała błędem", "the White List answered with an error"),
    Reason.NO_ACCOUNT: Bilingual("nie ma numeru rachunku do sprawdzenia", "there is no account number to check"),
    Reason.NOT_POLISH: Bilingual("na liście są tylko polskie rachunki", "the list holds Polish accounts only"),
}


@dataclass(frozen=True)
class CheckResult:
    verdict: Verdict
    nip: str
    account: str
    day: date
    request_id: str = ""
    reason: Reason | None = None
    detail: str = ""

    def text(self, lang: Lang = "pl", *, relevant: bool = True) -> str:
        """The verdict as the user reads it; ``relevant``: the payment is over 15 000 PLN (or unknown)."""
        return self.bilingual(relevant=relevant).text(lang)

    def bilingual(self, *, relevant: bool = True) -> Bilingual:
        limit = f"{WHITE_LIST_THRESHOLD:,.0f}".replace(",", " ")
        day_pl, day_en = format_bank_date(self.day, "pl"), format_bank_date(self.day, "en")
        if self.verdict is Verdict.ON_LIST:
            return Bilingual(
                f"Rachunek jest na Białej liście VAT dla NIP {self.nip} (stan na {day_pl},"
                f" identyfikator zapytania {self.request_id}).",
                f"The account is on the VAT White List for NIP {self.nip} (as of {day_en},"
                f" request ID {self.request_id}).",
            )
        risk_pl = (
            f" Przelew ponad {limit} zł na rachunek spoza listy oznacza utratę prawa do zaliczenia tego wydatku"
            " do kosztów i solidarną odpowiedzialność za VAT sprzedawcy, chyba że zapłacisz mechanizmem"
            " podzielonej płatności albo w ciągu 7 dni zawiadomisz urząd skarbowy (ZAW-NR)."
        )
        risk_en = (
            f" A transfer over {limit} PLN to an account off the list costs the buyer the tax deduction of the"
            " expense and makes it jointly liable for the seller's VAT, unless paid by split payment or"
            " reported to the tax office (ZAW-NR) within 7 days."
        )
        if not relevant:
            risk_pl = risk_en = ""
        if self.verdict is Verdict.NOT_ON_LIST:
            return Bilingual(
                f"UWAGA: rachunku NIE MA na Białej liście VAT dla NIP {self.nip} (stan na {day_pl},"
                f" identyfikator zapytania {self.request_id}).{risk_pl} Zapytaj sprzedawcę o rachunek z listy.",
                f"WARNING: the account is NOT on the VAT White List for NIP {self.nip} (as of {day_en},"
                f" request ID {self.request_id}).{risk_en} Ask the seller for an account on the list.",
            )
        why = _REASONS[self.reason or Reason.ERROR]
        extra = f" ({self.detail})" if self.detail else ""
        return Bilingual(
            f"Nie udało się sprawdzić rachunku na Białej liście VAT: {why.pl}{extra}.{risk_pl}"
            " Sprawdź go, zanim zapłacisz (podatki.gov.pl, Wykaz podatników VAT).",
            f"The account could not be checked on the VAT White List: {why.en}{extra}.{risk_en}"
            " Check it before paying (podatki.gov.pl, Wykaz podatników VAT).",
        )


@dataclass(frozen=True)
class Subject:
    """A taxpayer as the list shows it (``accountNumbers`` are 26-digit NRBs)."""

    nip: str
    name: str
    status_vat: str
    account_numbers: list[str] = field(default_factory=list)
    request_id: str = ""
    address: str = ""  # the working address, else the residence ("UL. PROSTA 1, 00-001 WARSZAWA")


def whitelist_url(settings_value: str | None) -> str:
    """The configured address (or the Ministry's), checked like every address the app talks to."""
    url = (settings_value or DEFAULT_URL).strip().rstrip("/")
    try:
        check_address(url)
    except UserError as exc:
        raise UserError("whitelist.bad_address", address=url, details=exc.message("en")) from exc
    if urlsplit(url).query or urlsplit(url).fragment:
        raise UserError("whitelist.bad_address", address=url)
    return url


class WhiteListClient:
    def __init__(
        self,
        base_url: str = DEFAULT_URL,
        *,
        timeout: tuple[float, float] = TIMEOUT,
        session_factory: Callable[[], requests.Session] = requests.Session,
    ) -> None:
        self.base_url = whitelist_url(base_url)
        self.timeout = timeout
        self._session_factory = session_factory

    def _get(self, path: str, day: date) -> dict[str, Any]:
        url = self.base_url + path
        check_address(url)
        session = self._session_factory()
        session.trust_env = False  # no netrc or environment CA bundle: the same rules as the KSeF client
        session.verify = trust_store()
        session.headers["User-Agent"] = f"{APP_NAME.replace(' ', '')}/{__version__}"
        host = urlsplit(url).hostname or ""
        proxies = {} if is_loopback_host(host) else requests.utils.get_environ_proxies(url)
        try:
            response = session.get(
                url, params={"date": day.isoformat()}, timeout=self.timeout, allow_redirects=False, proxies=proxies
            )
        finally:
            session.close()
        try:
            body = response.json()
        except ValueError:
            body = None
        if response.status_code != 200 or not isinstance(body, dict):
            raise _Refused(response.status_code, body)
        return body

    def check(self, nip: str, account: str, day: date) -> CheckResult:
        """Never raises for the network or the list's answers: those are the third verdict."""
        if not account:
            return CheckResult(Verdict.NOT_CHECKED, nip, account, day, reason=Reason.NO_ACCOUNT)
        if not account.startswith("PL"):
            return CheckResult(Verdict.NOT_CHECKED, nip, account, day, reason=Reason.NOT_POLISH)
        try:
            body = self._get(f"/api/check/nip/{_digits(nip)}/bank-account/{_digits(account[2:])}", day)
            result = body.get("result") or {}
            assigned = str(result.get("accountAssigned", "")).upper()
            request_id = str(result.get("requestId", ""))
            if assigned not in ("TAK", "NIE"):
                return CheckResult(Verdict.NOT_CHECKED, nip, account, day, reason=Reason.ERROR, detail="?")
            verdict = Verdict.ON_LIST if assigned == "TAK" else Verdict.NOT_ON_LIST
            log.info("white list: NIP %s, account …%s: %s (%s)", nip, account[-4:], assigned, request_id)
            return CheckResult(verdict, nip, account, day, request_id=request_id)
        except _Refused as refused:
            return CheckResult(Verdict.NOT_CHECKED, nip, account, day, reason=refused.reason, detail=refused.detail)
        except requests.Timeout:
            return CheckResult(Verdict.NOT_CHECKED, nip, account, day, reason=Reason.TIMEOUT)
        except requests.ConnectionError as exc:
            log.info("white list unreachable: %s", scrub(str(exc)))
            return CheckResult(Verdict.NOT_CHECKED, nip, account, day, reason=Reason.OFFLINE)
        except requests.RequestException as exc:
            return CheckResult(Verdict.NOT_CHECKED, nip, account, day, reason=Reason.ERROR, detail=type(exc).__name__)

    def subject(self, nip: str, day: date) -> Subject | None:
        """The taxpayer and its registered accounts; None when the NIP is not on the list. Raises
        ``CheckFailed`` (with the reason) when the list cannot be asked."""
        try:
            body = self._get(f"/api/search/nip/{_digits(nip)}", day)
        except _Refused as refused:
            raise CheckFailed(refused.reason, refused.detail) from refused
        except requests.Timeout as exc:
            raise CheckFailed(Reason.TIMEOUT) from exc
        except requests.RequestException as exc:
            raise CheckFailed(Reason.OFFLINE) from exc
        result = body.get("result") or {}
        subject = result.get("subject")
        if not isinstance(subject, dict):
            return None
        accounts = [str(a) for a in subject.get("accountNumbers") or [] if re.fullmatch(r"\d{26}", str(a))]
        return Subject(
            str(subject.get("nip", nip)),
            str(subject.get("name", "")),
            str(subject.get("statusVat", "")),
            accounts,
            str(result.get("requestId", "")),
            str(subject.get("workingAddress") or subject.get("residenceAddress") or ""),
        )


class CheckFailed(Exception):
    def __init__(self, reason: Reason, detail: str = "") -> None:
        super().__init__(reason.value)
        self.reason = reason
        self.detail = detail

    @property
    def text(self) -> Bilingual:
        return _REASONS[self.reason]


class _Refused(Exception):
    def __init__(self, status: int, body: Any) -> None:
        code = str(body.get("code", "")) if isinstance(body, dict) else ""
        message = str(body.get("message", "")) if isinstance(body, dict) else ""
        super().__init__(f"{status} {code}")
        self.reason = Reason.REFUSED if 400 <= status < 500 else Reason.ERROR
        self.detail = scrub(" ".join(p for p in (f"HTTP {status}", code, message[:160]) if p))


def _digits(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    return digits or "0"
