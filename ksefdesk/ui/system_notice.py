"""A non-modal notice for KSeF's own messages (``X-System-Warning``: planned maintenance, coming changes).

Each distinct message arrives once from ``SystemNotices`` (however many requests carried it), is shown in
a dismissible bar above the window's content and briefly in the status bar; nothing blocks the work.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QStatusBar, QWidget

from ksefdesk.services.system_notices import SystemNotices

STATUS_MS = 30_000
MAX_SHOWN = 5  # the newest ones; older ones stay in the log


class SystemNoticeBar(QFrame):
    arrived = Signal(str)  # emitted from whichever thread made the request; delivered in the GUI thread

    def __init__(
        self,
        notices: SystemNotices,
        status_bar: QStatusBar | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._status_bar = status_bar
        self.shown: list[str] = []  # every message this window told
        self.visible: list[str] = []  # those in the bar now (a dismissed one does not come back)
        self.setObjectName("systemNotice")
        self.setStyleSheet(
            "#systemNotice{background:#e8f1fb;border-bottom:1px solid #9bbce0}#systemNotice QLabel{color:#123a63}"
        )
        self.setAccessibleName(self.tr("Message from KSeF"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        self.label = QLabel("")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.label, 1)
        self.dismiss = QPushButton(self.tr("Dismiss"))
        self.dismiss.setAccessibleDescription(self.tr("Hides KSeF's message; it is not shown again"))
        self.dismiss.clicked.connect(self._dismiss)
        layout.addWidget(self.dismiss, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()
        self.arrived.connect(self.show_message)
        unsubscribe = notices.subscribe(self._from_any_thread)
        self._unsubscribe = unsubscribe
        self.destroyed.connect(lambda *_: unsubscribe())  # not through self: its C++ side is gone by then

    def _from_any_thread(self, text: str) -> None:
        try:
            self.arrived.emit(text)  # queued to the GUI thread when called from a worker
        except RuntimeError:  # the window is already gone
            self._unsubscribe()

    @Slot(str)
    def show_message(self, text: str) -> None:
        if text in self.shown:
            return
        self.shown.append(text)
        self.visible = [*self.visible, text][-MAX_SHOWN:]
        title = html.escape(self.tr("Message from KSeF:"))
        lines = "<br>".join(html.escape(message) for message in self.visible)
        self.label.setText(f"<b>{title}</b> {lines}")
        self.show()
        if self._status_bar is not None:
            self._status_bar.showMessage(self.tr("Message from KSeF: %1").replace("%1", text), STATUS_MS)

    def _dismiss(self) -> None:
        self.visible = []
        self.hide()  # a new, different message brings the bar back
