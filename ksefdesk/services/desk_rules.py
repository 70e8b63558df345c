"""Decisions the window's start-up wiring needs, kept out of ui/launch.py so that it only connects
Qt objects: the language to speak, which failures mean KSeF itself is away, and what to remind the
user of (credentials about to expire, offline invoices near their legal deadline)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ksefdesk.core.errors import Bilingual, KsefUnavailable, KsefUnreachable, Lang
from ksefdesk.core.formatting import format_date
from ksefdesk.core.models import Company
from ksefdesk.services.settings import LANGUAGE, SettingsStore

if TYPE_CHECKING:
    from ksefdesk.services.auth import AuthService
    from ksefdesk.services.certificates import CertificateService
    from ksefdesk.services.credentials import Warning
    from ksefdesk.services.send import Sender

REMINDER_INTERVAL_S = 12 * 3600  # twice a day
FIRST_REMINDER_S = 5  # once soon after start, when the window is up


def preferred_language(settings: SettingsStore, detected: Lang) -> Lang:
    """The language chosen in the settings, else the one the app was started in."""
    return LANGUAGE.read(settings) or detected


def is_outage(error: BaseException) -> bool:
    """A failure that says KSeF (or the way to it) is away, not that this company has a problem: the
    availability watcher should look now rather than at its next round."""
    return isinstance(error, KsefUnreachable | KsefUnavailable)


def deadline_warnings(company: Company, sender: Sender) -> list[Warning]:
    """Offline invoices that must reach KSeF by tomorrow (or are late)."""
    from ksefdesk.services.credentials import Warning

    due = sender.due_soon(company.nip, within_days=1)
    if not due:
        return []
    first = min(item.deadline for item in due if item.deadline is not None)
    return [
        Warning(
            company.nip,
            Bilingual(
                f"{company.display_name}: faktury offline do wysłania do KSeF najpóźniej "
                f"{format_date(first, 'pl')}: {len(due)}.",
                f"{company.display_name}: offline invoices to send to KSeF by {format_date(first, 'en')}: {len(due)}.",
            ),
        )
    ]


def reminders(
    companies: Iterable[Company], auth: AuthService, certificates: CertificateService, sender: Sender, lang: Lang
) -> list[str]:
    """What the tray tells days ahead: expiring certificates and tokens, then offline invoices near their
    deadline, for every company."""
    from ksefdesk.services.credentials import warnings as credential_warnings

    listed = list(companies)
    found = [w.text(lang) for company in listed for w in credential_warnings(company, auth, certificates)]
    return found + [w.text(lang) for company in listed for w in deadline_warnings(company, sender)]
