"""System tray: an icon summarizing every company's connection, a menu, notifications."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from ksefdesk import APP_NAME
from ksefdesk.core.errors import Bilingual, Lang, reason_text
from ksefdesk.core.models import Company, ConnectionStatus

SUMMARY_COLOURS = {"ok": "#2e7d32", "warning": "#ef6c00", "error": "#c62828", "idle": "#757575"}


def summary_state(companies: list[Company]) -> str:
    statuses = {c.status for c in companies}
    if ConnectionStatus.REAUTH_NEEDED in statuses:
        return "error"
    if ConnectionStatus.UNAVAILABLE in statuses:
        return "warning"
    if ConnectionStatus.CONNECTED in statuses:
        return "ok"
    return "idle"


def state_icon(state: str, size: int = 64) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(SUMMARY_COLOURS[state]))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRoundedRect(4, 4, size - 8, size - 8, 12, 12)
    painter.setPen(QColor("white"))
    font = painter.font()
    font.setBold(True)
    font.setPixelSize(size // 3)
    painter.setFont(font)
    painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, "KSeF")
    painter.end()
    return QIcon(pixmap)


class Tray(QObject):
    open_requested = Signal()
    check_requested = Signal()
    quit_requested = Signal()

    def __init__(self, lang: Lang, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.icon = QSystemTrayIcon(state_icon("idle"), self)
        self.menu = QMenu()
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self.state = "idle"
        self.last_message: tuple[str, str] = ("", "")
        self._status_text = {
            ConnectionStatus.NOT_AUTHORIZED: self.tr("not authorized"),
            ConnectionStatus.CONNECTED: self.tr("connected"),
            ConnectionStatus.REAUTH_NEEDED: self.tr("needs authorizing again"),
            ConnectionStatus.UNAVAILABLE: self.tr("KSeF unavailable"),
        }
        self.update([])

    @staticmethod
    def available() -> bool:
        return QSystemTrayIcon.isSystemTrayAvailable()

    def show(self) -> None:
        if self.available():
            self.icon.show()

    def update(self, companies: list[Company]) -> None:
        self.state = summary_state(companies)
        self.icon.setIcon(state_icon(self.state))
        problems = sum(c.status in (ConnectionStatus.REAUTH_NEEDED, ConnectionStatus.UNAVAILABLE) for c in companies)
        tip = (
            APP_NAME
            + " – "
            + (
                self.tr("%1 companies need attention").replace("%1", str(problems))
                if problems
                else self.tr("all connections in order")
            )
        )
        self.icon.setToolTip(tip)
        self.menu.clear()
        for company in companies:
            shown = self.tr("%1 – %2").replace("%2", self._status_text[company.status])
            action = QAction(shown.replace("%1", company.display_name), self.menu)
            action.setIcon(state_icon(summary_state([company]), 32))
            action.triggered.connect(self.open_requested)
            self.menu.addAction(action)
        if companies:
            self.menu.addSeparator()
        for text, signal in (
            (self.tr("Open KSeF Desk"), self.open_requested),
            (self.tr("Check connections now"), self.check_requested),
            (self.tr("Quit"), self.quit_requested),
        ):
            action = QAction(text, self.menu)
            action.triggered.connect(signal)
            self.menu.addAction(action)

    def notify_reauth(self, company: Company) -> None:
        reason = reason_text(company.status_reason)
        why = Bilingual(reason.pl, reason.en).text(self.lang) if reason else ""
        self.icon.showMessage(
            self.tr("%1 needs to be authorized again").replace("%1", company.display_name),
            why,
            QSystemTrayIcon.MessageIcon.Warning,
            15_000,
        )

    def notify_new_invoices(self, company: Company, count: int) -> None:
        """One message per run, however many invoices it brought."""
        title = self.tr("New purchase invoices: %1").replace("%1", str(count))
        text = self.tr("%1 received %2 new purchase invoices from KSeF.").replace("%1", company.display_name)
        self.last_message = (title, text.replace("%2", str(count)))
        self.icon.showMessage(*self.last_message, QSystemTrayIcon.MessageIcon.Information, 10_000)

    def notify_certificate_renewed(self, company: Company, serial: str) -> None:
        """The app renewed a KSeF certificate before its end: nothing to do, said once."""
        self.last_message = (
            self.tr("%1: KSeF certificate renewed").replace("%1", company.display_name),
            self.tr("The new certificate %1 logs the company in from now on; nothing for you to do.").replace(
                "%1", serial
            ),
        )
        self.icon.showMessage(*self.last_message, QSystemTrayIcon.MessageIcon.Information, 10_000)

    def notify_credentials(self, texts: list[str]) -> None:
        """Credentials about to expire: the first one in full, and how many more."""
        title = self.tr("Credentials expire soon: %1").replace("%1", str(len(texts)))
        more = self.tr("%1 (+%2)").replace("%2", str(len(texts) - 1)).replace("%1", texts[0])
        self.last_message = (title, more if len(texts) > 1 else texts[0])
        self.icon.showMessage(*self.last_message, QSystemTrayIcon.MessageIcon.Warning, 15_000)

    def notify_still_running(self) -> None:
        """Said once, the first time the window closes to the tray."""
        self.last_message = (
            self.tr("KSeF Desk keeps running"),
            self.tr(
                "It keeps logins fresh and receives invoices in the background. To end it, choose Quit in this "
                "icon's menu or in the window's Company menu."
            ),
        )
        self.icon.showMessage(*self.last_message, QSystemTrayIcon.MessageIcon.Information, 15_000)

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self.open_requested.emit()
