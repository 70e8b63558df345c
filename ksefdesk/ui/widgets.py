"""Small reusable widgets: the signing countdown and the drop zone for signed files."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeyEvent
from PySide6.QtWidgets import QDateEdit, QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ksefdesk.core.auth_flow import Countdown

AMBER_SECONDS = 60
COLOURS = {"normal": "#1b5e20", "amber": "#b26a00", "red": "#b71c1c"}


class CountdownLabel(QLabel):
    """Shows the time left to upload, recomputed from the deadline every 200 ms (never by
    counting ticks): amber in the last minute, red at zero. ``expired`` fires once at zero."""

    expired = Signal()
    changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._countdown: Countdown | None = None
        self._fired = False
        self._timer = QTimer(self)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self.refresh)
        self.setAccessibleName(self.tr("Time left to upload the signed file"))
        font = self.font()
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        self.setFont(font)
        self.setText("")

    def start(self, deadline: datetime, now: datetime) -> None:
        self._countdown = Countdown(deadline, now)
        self._fired = False
        self._timer.start()
        self.refresh()

    def stop(self) -> None:
        self._timer.stop()
        self._countdown = None
        self.setText("")

    def remaining(self) -> float:
        return self._countdown.remaining() if self._countdown else 0.0

    @property
    def state(self) -> str:
        left = self.remaining()
        return "red" if left <= 0 else "amber" if left <= AMBER_SECONDS else "normal"

    def refresh(self) -> None:
        if self._countdown is None:
            return
        left = self.remaining()
        minutes, seconds = divmod(int(left + 0.999), 60)
        if left > 0:
            self.setText(
                self.tr("Time left to upload: %1:%2").replace("%1", f"{minutes:d}").replace("%2", f"{seconds:02d}")
            )
        else:
            self.setText(self.tr("The time to sign is up"))
        self.setStyleSheet(f"color: {COLOURS[self.state]};")
        self.changed.emit(left)
        if left <= 0 and not self._fired:
            self._fired = True
            self._timer.stop()
            self.expired.emit()


class DropZone(QFrame):
    """Accepts a file dropped from the file manager (or a USB stick's window)."""

    file_dropped = Signal(str)

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumHeight(70)
        self.setStyleSheet("DropZone { border: 2px dashed #888; border-radius: 6px; }")
        layout = QVBoxLayout(self)
        self.label = QLabel(text)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        layout.addWidget(self.label)
        self.setAccessibleName(text)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        for url in event.mimeData().urls():
            if url.isLocalFile():
                self.file_dropped.emit(url.toLocalFile())
                event.acceptProposedAction()
                return


class TransientNotice(QLabel):
    """What was just saved or copied, under a list; goes away by itself and never widens the tab."""

    SHOWN_MS = 15_000

    def __init__(self, accessible_name: str = "") -> None:
        super().__init__("")
        self.setAccessibleName(accessible_name)
        self.setStyleSheet("color:#1b5e20")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.SHOWN_MS)
        self._timer.timeout.connect(self.clear)

    def show_text(self, text: str) -> None:
        self.setText(text)
        self.setToolTip(text)
        self._timer.start()


class OneStopDateEdit(QDateEdit):
    """A date field that is one Tab stop: Qt's own moves Tab between day, month and year, and does not let go
    at all while it shows its special value ("—", no date), a trap for keyboard users. Left and Right still
    move between the parts."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        tab = event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        if tab and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            back = event.key() == Qt.Key.Key_Backtab or bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            QWidget.focusNextPrevChild(self, not back)
            event.accept()
            return
        super().keyPressEvent(event)
