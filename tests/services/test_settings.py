"""Settings declared once: every one round-trips through the settings table, a bad stored value reads as the
default (logged, never raised), and the settings dialog shows the declared defaults."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from ksefdesk.core.errors import UserError
from ksefdesk.services.settings import (
    CLOSE_TO_TRAY,
    DECLARED,
    FILE_PURPOSES,
    LANGUAGE,
    OUTBOX_FOLDER,
    SYNC_INTERVAL,
    TRAY_NOTICE_SHOWN,
    WHITELIST_URL,
    Setting,
    Settings,
    last_folder,
    outbox_folder,
    sync_interval,
)
from ksefdesk.services.store import Database, SettingsRepository
from ksefdesk.ui.invoice_view import FilePlaces
from ksefdesk.ui.settings_dialog import SettingsDialog


def other_value(setting: Setting[Any], tmp_path: Path) -> Any:
    """A valid value that is not the default."""
    for choice in setting.choices:
        if choice != setting.default:
            return choice
    samples: dict[type[Any], Any] = {bool: not setting.default, Path: tmp_path / "folder ż", str: "https://wl.example/"}
    return samples[setting.type]


def test_every_setting_is_declared_once_with_both_descriptions() -> None:
    keys = [s.key for s in DECLARED]
    assert len(keys) == len(set(keys))
    for setting in DECLARED:
        assert setting.description.pl and setting.description.en and setting.description.pl != setting.description.en
        assert setting.default is None or isinstance(setting.default, setting.type), setting.key


def test_every_declared_setting_round_trips(db: Database, tmp_path: Path) -> None:
    store = SettingsRepository(db)
    settings = Settings(store)
    for setting in DECLARED:
        assert settings.get(setting) == setting.default, setting.key  # nothing stored yet
        value = other_value(setting, tmp_path)
        settings.set(setting, value)
        assert settings.get(setting) == value and isinstance(value, setting.type), setting.key
        assert Settings(SettingsRepository(db)).get(setting) == value  # a new reader sees the stored text
        settings.reset(setting)
        assert settings.get(setting) == setting.default, setting.key


@pytest.mark.parametrize(
    ("setting", "stored"),
    [
        (CLOSE_TO_TRAY, "yes"),
        (TRAY_NOTICE_SHOWN, "2"),
        (SYNC_INTERVAL, "abc"),
        (SYNC_INTERVAL, "-5"),
        (SYNC_INTERVAL, "²"),  # a digit to str.isdigit, not to int()
        (LANGUAGE, "de"),
        (OUTBOX_FOLDER, "C:\\in\0box"),
    ],
)
def test_a_bad_stored_value_reads_as_the_default_and_is_logged(
    db: Database, setting: Setting[Any], stored: str, caplog: pytest.LogCaptureFixture
) -> None:
    store = SettingsRepository(db)
    store.set(setting.key, stored)
    with caplog.at_level(logging.WARNING, logger="ksefdesk.services.settings"):
        assert Settings(store).get(setting) == setting.default
    assert any(setting.key in record.getMessage() for record in caplog.records)


def test_a_value_a_setting_cannot_hold_is_refused_before_it_is_stored(db: Database) -> None:
    store = SettingsRepository(db)
    refused: list[tuple[Setting[Any], object]] = [(SYNC_INTERVAL, -1), (LANGUAGE, "de"), (CLOSE_TO_TRAY, 2)]
    for setting, value in refused:
        with pytest.raises(ValueError):
            Settings(store).set(setting, value)
        assert store.get(setting.key) is None


def test_what_the_settings_mean_to_the_app(db: Database, tmp_path: Path) -> None:
    store = SettingsRepository(db)
    assert sync_interval(store) == timedelta(minutes=SYNC_INTERVAL.default) and outbox_folder(store) is None
    Settings(store).set(SYNC_INTERVAL, 0)
    assert sync_interval(store) is None  # only when asked
    Settings(store).set(OUTBOX_FOLDER, tmp_path)
    assert outbox_folder(store) == tmp_path


def test_a_stored_white_list_address_is_kept_as_typed_and_checked_where_it_is_used(db: Database) -> None:
    store = SettingsRepository(db)
    store.set(WHITELIST_URL.key, "http://wl-proxy.example.com")  # plain http off this computer
    assert Settings(store).get(WHITELIST_URL) == "http://wl-proxy.example.com"  # no silent switch to the Ministry
    assert WHITELIST_URL.check is not None
    with pytest.raises(UserError) as caught:
        WHITELIST_URL.check("http://wl-proxy.example.com")
    assert caught.value.code == "whitelist.bad_address"
    WHITELIST_URL.check("https://wl-proxy.example.com/")


def test_unknown_kinds_of_saved_files_are_not_settings() -> None:
    assert last_folder("upo").key == "last_folder.upo"
    with pytest.raises(ValueError):
        last_folder("photos")


def test_the_dialog_shows_the_declared_defaults(qtbot: QtBot, db: Database) -> None:
    store = SettingsRepository(db)
    dialog = SettingsDialog(store, "en", tray_available=True)
    qtbot.addWidget(dialog)
    assert dialog.language.currentData() == "en"  # no language stored: the one the app runs in
    assert dialog.tray.isChecked() is CLOSE_TO_TRAY.default
    assert [dialog.interval.itemData(i) for i in range(dialog.interval.count())] == list(SYNC_INTERVAL.choices)
    assert dialog.interval.currentData() == SYNC_INTERVAL.default
    assert dialog.folder.text() == "" and OUTBOX_FOLDER.default is None
    assert dialog.whitelist.text() == "" and dialog.whitelist.placeholderText() == WHITELIST_URL.default


def test_the_dialog_shows_and_saves_stored_values(qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    store = SettingsRepository(db)
    settings = Settings(store)
    settings.set(LANGUAGE, "pl")
    settings.set(CLOSE_TO_TRAY, False)
    settings.set(SYNC_INTERVAL, 60)
    settings.set(OUTBOX_FOLDER, tmp_path)
    settings.set(WHITELIST_URL, "https://wl-proxy.example.com")
    dialog = SettingsDialog(store, "en", tray_available=True)
    qtbot.addWidget(dialog)
    assert dialog.language.currentData() == "pl" and not dialog.tray.isChecked()
    assert dialog.interval.currentData() == 60 and dialog.folder.text() == str(tmp_path)
    assert dialog.whitelist.text() == "https://wl-proxy.example.com"
    dialog.interval.setCurrentIndex(dialog.interval.findData(5))
    dialog.folder.setText("")
    dialog.whitelist.setText("")
    dialog.accept()
    assert settings.get(SYNC_INTERVAL) == 5 and settings.get(OUTBOX_FOLDER) is None
    assert settings.get(WHITELIST_URL) == WHITELIST_URL.default and settings.get(LANGUAGE) == "pl"


def test_every_key_the_app_stores_is_declared(qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    store = SettingsRepository(db)
    dialog = SettingsDialog(store, "pl", tray_available=True)
    qtbot.addWidget(dialog)
    dialog.accept()
    places = FilePlaces(store)
    for purpose in FILE_PURPOSES:
        places.remember(purpose, str(tmp_path / f"{purpose}.pdf"))
    assert places.folder("upo") == tmp_path and Settings(store).get(last_folder("upo")) == tmp_path
    TRAY_NOTICE_SHOWN.write(store, True)
    stored = {row["key"] for row in db.connection().execute("SELECT key FROM settings")}
    assert stored and stored <= {s.key for s in DECLARED}
