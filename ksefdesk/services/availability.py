"""Is KSeF down, or is it our internet? The official availability feed ("Latarnia") says whether KSeF
announced a failure or maintenance; a cheap anonymous API call says whether KSeF answers us. Together:

| feed                | API       | verdict                                                       |
| FAILURE/TOTAL/MAINT | any       | KSeF is down (announced): offline invoicing, deadlines run    |
| AVAILABLE           | answers   | available                                                     |
| AVAILABLE           | silent    | KSeF does not answer (not announced)                          |
| unreachable         | answers   | available (the feed alone is down)                            |
| unreachable         | silent    | no internet connection on this computer                       |
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import requests
from PySide6.QtCore import QObject, QTimer, Signal

from ksefdesk.core.errors import Bilingual, Lang, UserError
from ksefdesk.core.models import Company, Environment
from ksefdesk.services.ksef.api import parse_time
from ksefdesk.services.send import Sender
from ksefdesk.services.store import CompanyRepository
from ksefdesk.services.tasks import TaskRunner

log = logging.getLogger(__name__)
TIMEOUT_S = 6.0
LIGHTHOUSE = {
    Environment.TEST: "https://api-latarnia-test.ksef.mf.gov.pl/status",
    Environment.PROD: "https://api-latarnia.ksef.mf.gov.pl/status",
}  # DEMO has no feed of its own: only the API probe tells


class Verdict(enum.StrEnum):
    AVAILABLE = "available"
    MAINTENANCE = "maintenance"
    FAILURE = "failure"
    TOTAL_FAILURE = "total_failure"
    KSEF_SILENT = "ksef_silent"
    NO_INTERNET = "no_internet"

    @property
    def ksef_down(self) -> bool:
        return self in (Verdict.MAINTENANCE, Verdict.FAILURE, Verdict.TOTAL_FAILURE, Verdict.KSEF_SILENT)

    def text(self, lang: Lang = "en") -> str:
        return _VERDICT_TEXTS[self].text(lang)


_VERDICT_TEXTS = {
    Verdict.AVAILABLE: Bilingual("KSeF działa.", "KSeF is available."),
    Verdict.MAINTENANCE: Bilingual("KSeF ma ogłoszoną przerwę techniczną.", "KSeF has announced maintenance."),
    Verdict.FAILURE: Bilingual(
        "KSeF ma ogłoszoną awarię: faktury wystawiaj w trybie awaryjnym i wyślij po jej zakończeniu.",
        "KSeF has announced a failure: issue invoices in emergency mode and send them after it ends.",
    ),
    Verdict.TOTAL_FAILURE: Bilingual(
        "Ogłoszono awarię całkowitą KSeF: faktury można wystawiać poza KSeF i nie trzeba ich wysyłać.",
        "A total KSeF failure is announced: invoices may be issued outside KSeF and need not be sent.",
    ),
    Verdict.KSEF_SILENT: Bilingual(
        "KSeF nie odpowiada, choć nie ogłoszono awarii. Internet na tym komputerze działa.",
        "KSeF does not answer, though no failure is announced. This computer's internet works.",
    ),
    Verdict.NO_INTERNET: Bilingual(
        "Brak połączenia z internetem na tym komputerze (KSeF i jego strona stanu nie odpowiadają).",
        "This computer has no internet connection (neither KSeF nor its status feed answers).",
    ),
}


@dataclass(frozen=True)
class Availability:
    verdict: Verdict
    checked_at: datetime
    messages: list[dict[str, Any]] = field(default_factory=list)

    def last_failure_end(self) -> datetime | None:
        """The end of the newest finished failure the feed announced (for emergency deadlines)."""
        ends = [
            parse_time(m["end"] if m.get("end") else m["start"])
            for m in self.messages
            if m.get("type") == "FAILURE_END" or (m.get("category") == "FAILURE" and m.get("end"))
        ]
        return max(ends) if ends else None


def feed_url(company: Company, base_url: str) -> str | None:
    if company.environment is Environment.SANDBOX:
        parts = urlsplit(base_url)
        return f"{parts.scheme}://{parts.netloc}/latarnia/status"
    return LIGHTHOUSE.get(company.environment)


def check_availability(company: Company, base_url: str, *, session: requests.Session | None = None) -> Availability:
    http = session or requests.Session()
    feed: dict[str, Any] | None = None
    url = feed_url(company, base_url)
    if url:
        try:
            response = http.get(url, timeout=TIMEOUT_S)
            if response.ok:
                feed = response.json()
        except (requests.RequestException, ValueError) as exc:
            log.info("availability feed %s: %s", url, type(exc).__name__)
    api_answers = True
    try:
        http.get(f"{base_url.rstrip('/')}/security/public-key-certificates", timeout=TIMEOUT_S).raise_for_status()
    except requests.RequestException as exc:
        api_answers = False
        log.info("KSeF API probe %s: %s", base_url, type(exc).__name__)
    now = datetime.now().astimezone()
    messages = list(feed.get("messages") or []) if feed else []
    status = str(feed.get("status", "")).upper() if feed else ""
    announced = {"MAINTENANCE": Verdict.MAINTENANCE, "FAILURE": Verdict.FAILURE, "TOTAL_FAILURE": Verdict.TOTAL_FAILURE}
    if status in announced:
        return Availability(announced[status], now, messages)
    if api_answers:
        return Availability(Verdict.AVAILABLE, now, messages)
    return Availability(Verdict.KSEF_SILENT if feed is not None else Verdict.NO_INTERNET, now, messages)


class AvailabilityWatcher(QObject):
    """Watches KSeF's availability for the companies' environments (in a worker, every few minutes, and
    at once when asked). When an outage ends, the offline invoices waiting in the outbox get their
    deadlines and ``back`` fires so that they are sent right away."""

    changed = Signal(object)  # Availability, whenever the verdict changes
    back = Signal(str)  # NIP of a company whose KSeF is reachable again after an outage

    def __init__(
        self,
        companies: CompanyRepository,
        sender: Sender,
        base_url_for: Callable[[Company], str],
        runner: TaskRunner,
        interval_ms: int = 5 * 60_000,
    ) -> None:
        super().__init__()
        self.companies, self.outbox_sender, self.base_url_for, self.runner = companies, sender, base_url_for, runner
        self.current: Availability | None = None
        self._busy = False
        self._down_since: dict[str, Verdict] = {}  # NIP -> the outage verdict seen
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check_now)

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def check_now(self) -> None:
        if self._busy:
            return
        companies = self.companies.list()
        if not companies:
            return
        self._busy = True
        # The address is resolved in the worker too: for the local sandbox it may first start its process.
        self.runner.run(
            lambda cancel: [(c, check_availability(c, self.base_url_for(c))) for c in companies],
            self._done,
            self._failed,
        )

    def _done(self, results: object) -> None:
        self._busy = False
        assert isinstance(results, list)
        worst: Availability | None = None
        for company, availability in results:
            if availability.verdict.ksef_down:
                self._down_since.setdefault(company.nip, availability.verdict)
            elif company.nip in self._down_since and availability.verdict is Verdict.AVAILABLE:
                was = self._down_since.pop(company.nip)
                ended = availability.last_failure_end() or availability.checked_at
                failure = was in (Verdict.FAILURE, Verdict.TOTAL_FAILURE)
                self.outbox_sender.outage_ended(company.nip, ended=ended.date(), failure=failure)
                self.back.emit(company.nip)
            if worst is None or (availability.verdict is not Verdict.AVAILABLE and worst.verdict is Verdict.AVAILABLE):
                worst = availability
        if worst is not None and (self.current is None or worst.verdict != self.current.verdict):
            self.current = worst
            self.changed.emit(worst)

    def _failed(self, error: UserError) -> None:
        self._busy = False
        log.warning("availability check failed: %s", error.code)
