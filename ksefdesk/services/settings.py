"""Every setting the app stores, declared once: its key, Python type, default and meaning, with typed reads
and writes over the settings table. A stored text that is not a valid value (an old version's, a hand edit)
reads as the default and is logged; it never stops the app."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar, cast

from ksefdesk.core.errors import Bilingual, Lang

log = logging.getLogger(__name__)

T = TypeVar("T")


class SettingsStore(Protocol):
    """The settings table (``SettingsRepository``): text values by key."""

    def get(self, key: str, default: str | None = None) -> str | None: ...

    def set(self, key: str, value: str) -> None: ...


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One stored setting. ``parse`` turns the stored text into a value and raises ValueError when the text
    is not one; ``dump`` is its inverse. A blank stored text means the default. ``choices``: what the
    settings dialog offers; ``check`` raises a UserError for a value the user may not save (the dialog
    asks it before saving; a stored value is checked where it is used, so the user sees why)."""

    key: str
    type: type[Any]  # the type of a value other than None
    default: T
    description: Bilingual
    parse: Callable[[str], T]
    dump: Callable[[T], str]
    choices: tuple[T, ...] = ()
    check: Callable[[T], None] | None = None

    def read(self, store: SettingsStore) -> T:
        raw = store.get(self.key)
        if raw is None or not raw.strip():
            return self.default
        try:
            return self.parse(raw)
        except ValueError as exc:
            log.warning(
                "setting %s: stored value %r is not valid (%s); using the default %r", self.key, raw, exc, self.default
            )
            return self.default

    def write(self, store: SettingsStore, value: T) -> None:
        text = self.dump(value)
        if text.strip() and self.parse(text) != value:  # raises ValueError for a value this setting cannot hold
            raise ValueError(f"{value!r} does not round-trip as setting {self.key}")
        store.set(self.key, text)

    def reset(self, store: SettingsStore) -> None:
        """Back to the default (a blank text: a later version's default then applies too)."""
        store.set(self.key, "")


class Settings:
    """Typed access to the declared settings: ``Settings(store).get(CLOSE_TO_TRAY)`` is a bool."""

    def __init__(self, store: SettingsStore) -> None:
        self.store = store

    def get(self, setting: Setting[T]) -> T:
        return setting.read(self.store)

    def set(self, setting: Setting[T], value: T) -> None:
        setting.write(self.store, value)

    def reset(self, setting: Setting[T]) -> None:
        setting.reset(self.store)


# --- parsers: the stored text to a value, ValueError when it is none -----------------------------------
def _flag(raw: str) -> bool:
    if raw not in ("0", "1"):
        raise ValueError("expected 0 or 1")
    return raw == "1"


def _dump_flag(value: bool) -> str:
    return "1" if value else "0"


def _minutes(raw: str) -> int:
    if not (raw.isascii() and raw.isdigit()):  # no sign, no "²": whole minutes written by this app
        raise ValueError("expected a whole number of minutes")
    return int(raw)


def _language(raw: str) -> Lang | None:
    if raw not in ("pl", "en"):
        raise ValueError("expected pl or en")
    return cast(Lang, raw)


def _dump_optional(value: object | None) -> str:
    return "" if value is None else str(value)


def _folder(raw: str) -> Path | None:
    if "\0" in raw:
        raise ValueError("a path cannot hold a NUL character")
    return Path(raw)


def _text(raw: str) -> str:
    return raw


def _check_whitelist(address: str) -> None:
    from ksefdesk.services.whitelist import whitelist_url  # HTTP code: loaded when an address is checked

    whitelist_url(address)


def _check_update_feed(address: str) -> None:
    from ksefdesk.services.updates import feed_url  # HTTP code: loaded when an address is checked

    feed_url(address)


# --- the settings -------------------------------------------------------------------------------------
LANGUAGE: Setting[Lang | None] = Setting(
    "language",
    str,
    None,
    Bilingual(
        "Język programu (pl albo en); brak: język podany przy uruchomieniu.",
        "The program's language (pl or en); none: the language it was started in.",
    ),
    _language,
    _dump_optional,
    choices=("pl", "en"),
)
CLOSE_TO_TRAY: Setting[bool] = Setting(
    "close_to_tray",
    bool,
    True,
    Bilingual(
        "Zamknięcie okna zostawia KSeF Desk działający w zasobniku systemowym.",
        "Closing the window keeps KSeF Desk running in the system tray.",
    ),
    _flag,
    _dump_flag,
)
SYNC_INTERVAL: Setting[int] = Setting(
    "sync_interval_min",
    int,
    15,
    Bilingual(
        "Co ile minut firmy same wysyłają i odbierają faktury; 0: tylko na żądanie.",
        "How often, in minutes, companies send and receive invoices by themselves; 0: only when asked.",
    ),
    _minutes,
    str,
    choices=(0, 5, 15, 30, 60),
)
OUTBOX_FOLDER: Setting[Path | None] = Setting(
    "outbox_folder",
    Path,
    None,
    Bilingual(
        "Obserwowany folder: zapisane w nim pliki FA(3) są wysyłane same; brak: żaden folder.",
        "The watched folder: FA(3) files saved there are sent by themselves; none: no folder.",
    ),
    _folder,
    _dump_optional,
)
WHITELIST_URL: Setting[str] = Setting(
    "whitelist.base_url",
    str,
    "https://wl-api.mf.gov.pl",
    Bilingual(
        "Adres Białej listy podatników VAT (na przykład pośrednika w sieci firmy); domyślnie adres Ministerstwa.",
        "The address of the VAT White List (a proxy in the company's network, say); by default the Ministry's.",
    ),
    _text,
    str,
    check=_check_whitelist,
)
UPDATE_FEED_URL: Setting[str] = Setting(
    "updates.feed_url",
    str,
    "https://ksefdesk.pl/updates/feed.json",
    Bilingual(
        "Adres podpisanego kanału wydań, z którym program porównuje swoją wersję (podpis obok, z końcówką .sig).",
        "The address of the signed release feed the program compares its version with (the signature beside it,"
        " ending in .sig).",
    ),
    _text,
    str,
    check=_check_update_feed,
)
CHECK_UPDATES_AT_START: Setting[bool] = Setting(
    "updates.check_at_start",
    bool,
    False,  # no network call at start without the user's consent
    Bilingual(
        "Czy przy uruchomieniu sprawdzać, czy jest nowa wersja (tylko sprawdza; niczego nie instaluje).",
        "Whether to check for a new version when the program starts (it only checks; it installs nothing).",
    ),
    _flag,
    _dump_flag,
)
TRAY_NOTICE_SHOWN: Setting[bool] = Setting(
    "ui.tray_notice_shown",
    bool,
    False,
    Bilingual(
        "Czy już powiedziano, że zamknięte okno zostawia program w zasobniku.",
        "Whether the user was already told that a closed window leaves the program in the tray.",
    ),
    _flag,
    _dump_flag,
)
LAST_FOLDER: Setting[Path | None] = Setting(
    "last_folder",
    Path,
    None,
    Bilingual("Folder ostatniego zapisu pliku.", "The folder a file was last saved into."),
    _folder,
    _dump_optional,
)
FILE_PURPOSES = ("invoice_pdf", "invoice_xml", "upo")  # one remembered folder per kind of saved file


def last_folder(purpose: str) -> Setting[Path | None]:
    """The folder last used to save one kind of file (``last_folder.<purpose>``)."""
    if purpose not in FILE_PURPOSES:
        raise ValueError(f"unknown kind of saved file {purpose!r}")
    return Setting(
        f"{LAST_FOLDER.key}.{purpose}",
        Path,
        None,
        Bilingual(f"Folder ostatniego zapisu ({purpose}).", f"The folder a file ({purpose}) was last saved into."),
        _folder,
        _dump_optional,
    )


DECLARED: tuple[Setting[Any], ...] = (
    LANGUAGE,
    CLOSE_TO_TRAY,
    SYNC_INTERVAL,
    OUTBOX_FOLDER,
    WHITELIST_URL,
    UPDATE_FEED_URL,
    CHECK_UPDATES_AT_START,
    TRAY_NOTICE_SHOWN,
    LAST_FOLDER,
    *(last_folder(purpose) for purpose in FILE_PURPOSES),
)


# --- what the settings mean to the rest of the app ---------------------------------------------------
def close_to_tray(store: SettingsStore) -> bool:
    return CLOSE_TO_TRAY.read(store)


def sync_interval(store: SettingsStore) -> timedelta | None:
    """How often companies sync by themselves; None when only on request."""
    minutes = SYNC_INTERVAL.read(store)
    return timedelta(minutes=minutes) if minutes > 0 else None


def outbox_folder(store: SettingsStore) -> Path | None:
    return OUTBOX_FOLDER.read(store)
