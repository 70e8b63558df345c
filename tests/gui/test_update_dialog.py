"""The "Check for updates" window against a local signed feed: the newest version, a newer one (notes in the
app's language, the download page opened in the browser and nothing else), a tampered feed refused with its
message, Cancel while checking; and the start-up check, which asks nothing unless the user turned it on."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from ksefdesk import __version__
from ksefdesk.core.update_feed import sign
from ksefdesk.services.cancel import CancelToken
from ksefdesk.services.settings import CHECK_UPDATES_AT_START, UPDATE_FEED_URL, Settings
from ksefdesk.ui.main_window import MainWindow
from ksefdesk.ui.update_dialog import StartupCheck, UpdateDialog, update_work
from tests.gui.conftest import GuiKit
from tests.services.test_updates import FeedServer, feed_bytes, release

DOWNLOAD = "https://example.org/KSeFDesk-9.0.0-setup.exe"


@pytest.fixture
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
def feed(kit: GuiKit) -> Iterator[FeedServer]:
    server = FeedServer()
    assert kit.services.settings is not None
    Settings(kit.services.settings).set(UPDATE_FEED_URL, server.url)  # the configurable address, here local
    yield server
    server.close()


def _dialog(qtbot: QtBot, kit: GuiKit, key: Ed25519PrivateKey, opened: list[QUrl] | None = None) -> UpdateDialog:
    work = update_work(kit.services.settings, key.public_key().public_bytes_raw())
    sink: list[QUrl] = [] if opened is None else opened  # never the real browser in a test
    dialog = UpdateDialog(kit.services.runner, kit.services.lang, work, open_url=sink.append)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _accessible(dialog: QWidget) -> None:
    from PySide6.QtWidgets import QLabel, QPlainTextEdit, QProgressBar, QPushButton

    for kind in (QPushButton, QLabel, QPlainTextEdit, QProgressBar):
        for widget in dialog.findChildren(kind):
            assert widget.accessibleName(), widget


def test_the_newest_version_says_so(qtbot: QtBot, kit: GuiKit, feed: FeedServer, key: Ed25519PrivateKey) -> None:
    feed.publish(feed_bytes(release(__version__), release("0.0.1")), key)
    dialog = _dialog(qtbot, kit, key)
    assert dialog.headline.text() == "Checking for updates…" and dialog.cancel_button.isVisible()
    qtbot.waitUntil(lambda: dialog.check is not None, timeout=5_000)
    assert dialog.headline.text() == f"You have the newest version ({__version__})."
    assert dialog.close_button.isVisible() and not dialog.download_button.isVisible()
    assert not dialog.progress.isVisible() and not dialog.cancel_button.isVisible()
    _accessible(dialog)


def test_a_newer_version_shows_what_is_new_and_opens_only_its_download_page(
    qtbot: QtBot, kit: GuiKit, feed: FeedServer, key: Ed25519PrivateKey
) -> None:
    feed.publish(feed_bytes(release(__version__), release("9.0.0", url=DOWNLOAD)), key)
    opened: list[QUrl] = []
    dialog = _dialog(qtbot, kit, key, opened)
    qtbot.waitUntil(lambda: dialog.check is not None, timeout=5_000)
    assert dialog.headline.text() == "Version 9.0.0 is available"
    assert dialog.notes.toPlainText() == "New in 9.0.0: a faster window."  # the app's language (English here)
    assert "ab" * 32 in dialog.detail.text()  # the checksum to compare the download with
    assert dialog.download_button.isVisible() and dialog.later_button.isVisible()
    _accessible(dialog)
    dialog.download_button.click()
    assert [url.toString() for url in opened] == [DOWNLOAD]
    assert not dialog.isVisible()
    assert feed.requests == ["/feed.json", "/feed.json.sig"]  # the app itself downloaded nothing


def test_several_skipped_versions_show_what_each_brought(
    qtbot: QtBot, kit: GuiKit, feed: FeedServer, key: Ed25519PrivateKey
) -> None:
    feed.publish(feed_bytes(release("8.0.0"), release("9.0.0", url=DOWNLOAD), release(__version__)), key)
    dialog = _dialog(qtbot, kit, key)
    qtbot.waitUntil(lambda: dialog.check is not None, timeout=5_000)
    notes = dialog.notes.toPlainText()
    assert notes.index("9.0.0 (") < notes.index("New in 9.0.0") < notes.index("8.0.0 (") < notes.index("New in 8.0.0")
    assert f"New in {__version__}" not in notes


def test_later_closes_without_opening_anything(
    qtbot: QtBot, kit: GuiKit, feed: FeedServer, key: Ed25519PrivateKey
) -> None:
    feed.publish(feed_bytes(release("9.0.0", url=DOWNLOAD)), key)
    opened: list[QUrl] = []
    dialog = _dialog(qtbot, kit, key, opened)
    qtbot.waitUntil(lambda: dialog.check is not None, timeout=5_000)
    dialog.later_button.click()
    assert opened == [] and not dialog.isVisible()


def test_a_tampered_feed_shows_the_refusal_and_what_to_do(
    qtbot: QtBot, kit: GuiKit, feed: FeedServer, key: Ed25519PrivateKey
) -> None:
    honest = feed_bytes(release("9.0.0", url=DOWNLOAD))
    feed.publish(honest.replace(b"9.0.0", b"9.9.9"), None, signature=sign(honest, key))
    dialog = _dialog(qtbot, kit, key)
    qtbot.waitUntil(lambda: dialog.error is not None, timeout=5_000)
    assert dialog.error is not None and dialog.error.code == "update.tampered"
    assert dialog.headline.text() == "Could not check for updates"
    assert "changed after it was signed" in dialog.detail.text() and "Do not install" in dialog.detail.text()
    assert dialog.retry_button.isVisible() and not dialog.download_button.isVisible()
    feed.publish(honest, key)  # fixed on the server: Try again finds it
    dialog.retry_button.click()
    qtbot.waitUntil(lambda: dialog.check is not None, timeout=5_000)
    assert dialog.headline.text() == "Version 9.0.0 is available"


def test_cancel_while_checking_closes_and_forgets_the_check(qtbot: QtBot, kit: GuiKit) -> None:
    def slow(cancel: CancelToken) -> object:
        cancel.sleep(5)
        raise AssertionError("not cancelled")

    dialog = UpdateDialog(kit.services.runner, kit.services.lang, slow)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.cancel_button.isVisible()
    dialog.cancel_button.click()
    assert not dialog.isVisible() and dialog.handle is None
    qtbot.waitUntil(lambda: not kit.services.runner.busy, timeout=5_000)


def test_the_start_up_check_does_not_run_unless_turned_on(
    qtbot: QtBot, kit: GuiKit, feed: FeedServer, key: Ed25519PrivateKey
) -> None:
    feed.publish(feed_bytes(release("9.0.0", url=DOWNLOAD)), key)
    assert kit.services.settings is not None
    assert Settings(kit.services.settings).get(CHECK_UPDATES_AT_START) is False  # the default: no consent yet
    window = MainWindow(kit.services)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: hasattr(window, "startup_update"), timeout=5_000)  # after the first paint
    assert window.startup_update.handle is None and window.startup_update.notice is None
    called: list[bool] = []
    check = StartupCheck(kit.services, window, work=lambda cancel: called.append(True))  # type: ignore[arg-type,func-returns-value]
    assert check.start() is None and called == []
    qtbot.wait(200)
    assert feed.requests == []  # not a single request to the feed
    assert "Check for updates…" in [a.text() for a in window.findChildren(type(window.update_action))]


def test_the_start_up_check_when_allowed_tells_only_of_a_newer_version(
    qtbot: QtBot, kit: GuiKit, feed: FeedServer, key: Ed25519PrivateKey
) -> None:
    assert kit.services.settings is not None
    Settings(kit.services.settings).set(CHECK_UPDATES_AT_START, True)
    parent = QWidget()
    qtbot.addWidget(parent)
    work = update_work(kit.services.settings, key.public_key().public_bytes_raw())

    feed.publish(feed_bytes(release(__version__)), key)
    quiet = StartupCheck(kit.services, parent, work=work)
    assert quiet.start() is not None
    qtbot.waitUntil(lambda: quiet.handle is None, timeout=5_000)
    assert quiet.notice is None  # the newest already: nothing is shown

    feed.publish(feed_bytes(release("9.0.0", url=DOWNLOAD)), key)
    opened: list[QUrl] = []
    told = StartupCheck(kit.services, parent, work=work, open_url=opened.append)
    told.start()
    qtbot.waitUntil(lambda: told.notice is not None, timeout=5_000)
    notice = told.notice
    assert notice is not None and notice.isVisible() and not notice.isModal()  # the main window stays usable
    assert notice.headline.text() == "Version 9.0.0 is available"
    notice.download_button.click()
    assert [url.toString() for url in opened] == [DOWNLOAD]


def test_a_failing_start_up_check_stays_quiet(qtbot: QtBot, kit: GuiKit, key: Ed25519PrivateKey) -> None:
    assert kit.services.settings is not None
    settings = Settings(kit.services.settings)
    settings.set(CHECK_UPDATES_AT_START, True)
    settings.set(UPDATE_FEED_URL, "http://127.0.0.1:9/feed.json")  # nothing listens there
    parent = QWidget()
    qtbot.addWidget(parent)
    check = StartupCheck(kit.services, parent, work=update_work(kit.services.settings, b"\0" * 32))
    check.start()
    qtbot.waitUntil(lambda: check.handle is None, timeout=10_000)
    assert check.notice is None and kit.dialogs.errors == []


def test_the_settings_keep_the_feed_address_and_the_consent(qtbot: QtBot, kit: GuiKit) -> None:
    from ksefdesk.ui.settings_dialog import SettingsDialog

    assert kit.services.settings is not None
    settings = Settings(kit.services.settings)
    dialog = SettingsDialog(kit.services.settings, "en", tray_available=False)
    qtbot.addWidget(dialog)
    assert not dialog.check_updates.isChecked() and dialog.update_feed.text() == ""  # off, the default address
    dialog.update_feed.setText("http://example.org/feed.json")  # plain http off this computer
    dialog.accept()
    assert dialog.update_feed_error.text().startswith("The update feed address http://example.org/feed.json")
    assert settings.get(UPDATE_FEED_URL) == UPDATE_FEED_URL.default  # nothing saved
    dialog.update_feed.setText("https://mirror.example/ksefdesk/feed.json")
    dialog.check_updates.setChecked(True)
    dialog.accept()
    assert settings.get(UPDATE_FEED_URL) == "https://mirror.example/ksefdesk/feed.json"
    assert settings.get(CHECK_UPDATES_AT_START) is True
