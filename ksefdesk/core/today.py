"""What needs doing today, per company: new purchase invoices, invoices waiting to be sent (and their legal
deadlines), logins that need attention, the readiness for 2027 and the syncs.

Pure: ``services/today.py`` gathers the facts (database and secret store, off the GUI thread) with the rules
that already exist elsewhere (``Sender.due_soon``, ``services/credentials.warnings``, ``core/readiness.assess``,
the company's stored status); this module only turns them into items, each with the one action it leads to.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from ksefdesk.core.errors import Bilingual, reason_text
from ksefdesk.core.formatting import format_date
from ksefdesk.core.readiness import STEP_TEXT, WAY_TEXT, LoginWay, NextStep, Readiness
from ksefdesk.core.status import ConnectionStatus, StatusReason

# "By tomorrow" is urgent, as for the reminders of offline deadlines (desk_rules.deadline_warnings asks
# Sender.due_soon with within_days=1): a login that ends that soon is treated alike.
URGENT_WITHIN = timedelta(days=1)
_LOGGED_IN = (ConnectionStatus.CONNECTED, ConnectionStatus.UNAVAILABLE)  # KSeF down does not undo a login
_SILENT = (LoginWay.KSEF_CERTIFICATE, LoginWay.OFFICE_CERTIFICATE)


class Urgency(enum.IntEnum):
    """Sorted in this order; never shown by colour alone (``URGENCY_MARK`` and ``URGENCY_TEXT``)."""

    URGENT = 0
    SOON = 1
    INFO = 2


URGENCY_MARK: dict[Urgency, str] = {Urgency.URGENT: "⚠", Urgency.SOON: "●", Urgency.INFO: "ℹ"}
URGENCY_TEXT: dict[Urgency, Bilingual] = {
    Urgency.URGENT: Bilingual("Pilne", "Urgent"),
    Urgency.SOON: Bilingual("Wkrótce", "Soon"),
    Urgency.INFO: Bilingual("Do wiadomości", "For your information"),
}


class Kind(enum.StrEnum):
    LOGIN = "login"  # re-authorization needed, or never connected
    LOGIN_ENDS = "login_ends"  # connected, but nothing renews the login when it ends
    TO_SEND = "to_send"  # invoices in the outbox not yet in KSeF
    CREDENTIAL = "credential"  # a certificate or token about to end (services/credentials.warnings)
    NEW_INVOICES = "new_invoices"  # purchase invoices received and not opened yet
    READINESS = "readiness"  # will it still log in on the 2027 checkpoints
    SYNC = "sync"  # the last sync failed, or none yet


class Action(enum.StrEnum):
    """What an item's button does; the window maps each to its existing method."""

    SHOW_INVOICES = "show_invoices"  # the Invoices tab: that company's new purchase invoices
    SEND = "send"  # the Outbox tab, and send the company's outbox now
    REAUTHORIZE = "reauthorize"  # the login wizard for that company
    CREDENTIALS = "credentials"  # the company's credentials window
    READINESS = "readiness"  # the "Ready for 2027" tab
    SYNC = "sync"  # send and receive now (the scheduler's run_now)


@dataclass(frozen=True)
class SyncFacts:
    """The company's syncs: the stored last one, and what the scheduler knows (the GUI thread adds it)."""

    last: datetime | None = None
    next_at: datetime | None = None  # None: no automatic sync planned
    running: bool = False
    error: Bilingual | None = None  # the last run failed with this


@dataclass(frozen=True)
class CompanyFacts:
    nip: str
    name: str
    status: ConnectionStatus
    reason: StatusReason | None = None
    new_purchases: int = 0  # purchase invoices still marked new
    waiting: int = 0  # outbox items not yet in KSeF (Sender.pending_count)
    due_now: int = 0  # of them, offline invoices due by tomorrow or late (Sender.due_soon)
    first_deadline: date | None = None  # the earliest legal deadline among the waiting ones
    login_ends: datetime | None = None  # when the login (its refresh token) ends
    readiness: Readiness | None = None
    credential_warnings: tuple[Bilingual, ...] = ()
    sync: SyncFacts = field(default_factory=SyncFacts)

    @property
    def logged_in(self) -> bool:
        return self.status in _LOGGED_IN


@dataclass(frozen=True)
class TodayItem:
    kind: Kind
    nip: str
    company: str
    title: Bilingual
    detail: Bilingual
    when: date | None  # the day it is due or happens (None: no date)
    urgency: Urgency
    action: Action

    @property
    def key(self) -> str:
        """Stable per company and kind (the window finds an item's button by it)."""
        return f"{self.kind.value}-{self.nip}"


def plural_pl(count: int, one: str, few: str, many: str) -> str:
    """Polish agreement: 1 faktura, 2–4 faktury (not 12–14), 5 faktur, 22 faktury."""
    if count == 1:
        return one
    if count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14):
        return few
    return many


def _sentence(text: str) -> str:
    """The catalogue's reasons are written to follow a colon ("needs to log in again: the session ended")."""
    return text[:1].upper() + text[1:]


def _both_dates(day: date | datetime) -> tuple[str, str]:
    return format_date(day, "pl"), format_date(day, "en")


def _login(facts: CompanyFacts, today: date) -> list[TodayItem]:
    items: list[TodayItem] = []
    if facts.status is ConnectionStatus.REAUTH_NEEDED:
        why = reason_text(facts.reason)
        detail = (
            Bilingual(f"{_sentence(why.pl)} {why.action_pl}", f"{_sentence(why.en)} {why.action_en}")
            if why is not None
            else Bilingual("Zaloguj firmę ponownie.", "Authorize the company again.")
        )
        items.append(
            TodayItem(
                Kind.LOGIN,
                facts.nip,
                facts.name,
                Bilingual("Trzeba zalogować się ponownie", "Needs to sign in again"),
                detail,
                today,
                Urgency.URGENT,
                Action.REAUTHORIZE,
            )
        )
    elif facts.status is ConnectionStatus.NOT_AUTHORIZED:
        items.append(
            TodayItem(
                Kind.LOGIN,
                facts.nip,
                facts.name,
                Bilingual("Niepołączona z KSeF", "Not connected to KSeF"),
                Bilingual(
                    "Dopóki firma się nie zaloguje, nie odbiera ani nie wysyła faktur.",
                    "Until the company signs in, it neither receives nor sends invoices.",
                ),
                None,
                Urgency.SOON,
                Action.REAUTHORIZE,
            )
        )
    elif (
        facts.login_ends is not None
        and facts.readiness is not None
        and facts.readiness.today is LoginWay.SIGNATURE  # nothing logs it in again by itself
    ):
        day_pl, day_en = _both_dates(facts.login_ends)
        ends = facts.login_ends.date()
        items.append(
            TodayItem(
                Kind.LOGIN_ENDS,
                facts.nip,
                facts.name,
                Bilingual(f"Logowanie wygasa {day_pl}", f"The login ends on {day_en}"),
                Bilingual(
                    "Nic nie odnowi go samo: wtedy trzeba podpisać ponownie (certyfikat KSeF zrobi to sam, "
                    "zobacz gotowość na 2027).",
                    "Nothing renews it by itself: then it needs a new signature (a KSeF certificate would do it "
                    "for you, see the readiness for 2027).",
                ),
                ends,
                Urgency.URGENT if ends <= today + URGENT_WITHIN else Urgency.SOON,
                Action.REAUTHORIZE,
            )
        )
    return items


def _credentials(facts: CompanyFacts) -> list[TodayItem]:
    return [
        TodayItem(
            Kind.CREDENTIAL,
            facts.nip,
            facts.name,
            Bilingual("Poświadczenie wkrótce wygaśnie", "A credential ends soon"),
            warning,
            None,
            Urgency.SOON,
            Action.CREDENTIALS,
        )
        for warning in facts.credential_warnings
    ]


def _to_send(facts: CompanyFacts, today: date) -> list[TodayItem]:
    if facts.waiting <= 0:
        return []
    count = facts.waiting
    title = Bilingual(
        f"{count} {plural_pl(count, 'faktura czeka', 'faktury czekają', 'faktur czeka')} na wysłanie",
        f"{count} {'invoice' if count == 1 else 'invoices'} waiting to be sent",
    )
    if facts.first_deadline is not None:
        day_pl, day_en = _both_dates(facts.first_deadline)
        late = facts.first_deadline < today
        detail = Bilingual(
            f"Faktury offline: termin wysłania do KSeF {'minął' if late else 'upływa'} {day_pl}.",
            f"Offline invoices: the deadline to send them to KSeF {'was' if late else 'is'} {day_en}.",
        )
    else:
        detail = Bilingual(
            "Pójdą przy najbliższej synchronizacji; wyślij teraz, jeśli czekasz na ich numery KSeF.",
            "They go at the next sync; send them now if you are waiting for their KSeF numbers.",
        )
    return [
        TodayItem(
            Kind.TO_SEND,
            facts.nip,
            facts.name,
            title,
            detail,
            facts.first_deadline,
            Urgency.URGENT if facts.due_now > 0 else Urgency.SOON,
            Action.SEND,
        )
    ]


def _new_invoices(facts: CompanyFacts) -> list[TodayItem]:
    count = facts.new_purchases
    if count <= 0:
        return []
    return [
        TodayItem(
            Kind.NEW_INVOICES,
            facts.nip,
            facts.name,
            Bilingual(
                f"{count} {plural_pl(count, 'nowa faktura', 'nowe faktury', 'nowych faktur')} zakupu",
                f"{count} new purchase {'invoice' if count == 1 else 'invoices'}",
            ),
            Bilingual("Odebrane z KSeF i jeszcze nieotwarte.", "Received from KSeF and not opened yet."),
            None,
            Urgency.INFO,
            Action.SHOW_INVOICES,
        )
    ]


def _readiness(facts: CompanyFacts) -> list[TodayItem]:
    readiness = facts.readiness
    # Not connected: the login item says what to do first (the readiness step would be "connect" too).
    if readiness is None or readiness.next_step in (NextStep.NONE, NextStep.CONNECT):
        return []
    step = STEP_TEXT[readiness.next_step]
    if not readiness.ready:
        day, way = next(((d, w) for d, w in readiness.checkpoints if w not in _SILENT), readiness.checkpoints[0])
        how = WAY_TEXT[way]
        day_pl, day_en = _both_dates(day)
        return [
            TodayItem(
                Kind.READINESS,
                facts.nip,
                facts.name,
                Bilingual("Niegotowa na 2027", "Not ready for 2027"),
                Bilingual(
                    f"Logowanie {day_pl}: {how.pl}. Następny krok: {step.pl}",
                    f"Login on {day_en}: {how.en}. Next step: {step.en}",
                ),
                day,
                Urgency.SOON,
                Action.READINESS,
            )
        ]
    renew = readiness.next_step is NextStep.RENEW_CERTIFICATE
    return [
        TodayItem(
            Kind.READINESS,
            facts.nip,
            facts.name,
            Bilingual("Gotowa na 2027, jeden krok do zrobienia", "Ready for 2027, one step to take"),
            Bilingual(f"Następny krok: {step.pl}", f"Next step: {step.en}"),
            readiness.renew_by if renew else None,
            Urgency.SOON if renew else Urgency.INFO,
            Action.READINESS,
        )
    ]


def _sync(facts: CompanyFacts) -> list[TodayItem]:
    sync = facts.sync
    if not facts.logged_in or sync.running:
        return []
    if sync.error is not None:
        return [
            TodayItem(
                Kind.SYNC,
                facts.nip,
                facts.name,
                Bilingual("Ostatnia synchronizacja nie powiodła się", "The last sync failed"),
                sync.error,
                None,
                Urgency.SOON,
                Action.SYNC,
            )
        ]
    if sync.last is None and sync.next_at is None:  # nothing received yet and nothing planned
        return [
            TodayItem(
                Kind.SYNC,
                facts.nip,
                facts.name,
                Bilingual("Jeszcze bez synchronizacji", "Not synced yet"),
                Bilingual(
                    "Faktur z KSeF jeszcze nie odebrano, a automatyczna synchronizacja jest wyłączona.",
                    "No invoices have been received from KSeF yet and automatic sync is off.",
                ),
                None,
                Urgency.INFO,
                Action.SYNC,
            )
        ]
    return []


def company_items(facts: CompanyFacts, today: date) -> list[TodayItem]:
    """One company's items, unsorted."""
    return [
        *_login(facts, today),
        *_to_send(facts, today),
        *_credentials(facts),
        *_new_invoices(facts),
        *_readiness(facts),
        *_sync(facts),
    ]


_KIND_ORDER = {kind: index for index, kind in enumerate(Kind)}


def today_items(facts: Iterable[CompanyFacts], today: date) -> list[TodayItem]:
    """Every company's items: the urgent first, then the soon, then the rest; within each the earliest date
    first (items without a date after those with one), then by company and kind."""
    items = [item for company in facts for item in company_items(company, today)]
    return sorted(
        items,
        key=lambda item: (
            item.urgency,
            item.when is None,
            item.when or date.max,
            item.company.casefold(),
            item.nip,
            _KIND_ORDER[item.kind],
        ),
    )


@dataclass(frozen=True)
class SyncSummary:
    """The syncs of the companies in view: the latest finished, the next planned, and whether one runs."""

    last: datetime | None
    next_at: datetime | None
    running: int
    companies: int  # logged-in companies counted


def sync_summary(facts: Iterable[CompanyFacts]) -> SyncSummary:
    logged_in = [f for f in facts if f.logged_in]
    lasts = [f.sync.last for f in logged_in if f.sync.last is not None]
    nexts = [f.sync.next_at for f in logged_in if f.sync.next_at is not None and not f.sync.running]
    return SyncSummary(
        max(lasts) if lasts else None,
        min(nexts) if nexts else None,
        sum(1 for f in logged_in if f.sync.running),
        len(logged_in),
    )
