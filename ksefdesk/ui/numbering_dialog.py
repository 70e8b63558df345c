"""A company's invoice numbering: the pattern (FV/{nr}/{MM}/{YYYY}), when the counter starts again, and the
number the next invoice will get, shown as the user types. Numbers are taken only when an invoice is issued."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from ksefdesk.core.errors import UserError
from ksefdesk.services.invoicing import Reset, Series, series_problem
from ksefdesk.ui.ui_services import UiServices


class NumberingDialog(QDialog):
    def __init__(self, services: UiServices, nip: str, parent: QWidget | None = None, *, today: date | None = None):
        super().__init__(parent)
        self.services, self.nip = services, nip
        self.today = today or date.today()
        self.invoicing = services.invoicing
        current = self.invoicing.series(nip)
        self.setWindowTitle(self.tr("Invoice numbering"))
        form = QFormLayout(self)
        intro = QLabel(
            self.tr(
                "The app gives each invoice the next number when it is issued (never when the form opens), so the"
                " series has no gaps and no number twice."
            )
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        self.pattern = QLineEdit(current.pattern)
        self.pattern.setAccessibleName(self.tr("Number pattern"))
        form.addRow(self.tr("Number pattern:"), self.pattern)
        hint = QLabel(self.tr("{nr} the counter, {DD} day, {MM} month, {YYYY} or {YY} year"))
        hint.setWordWrap(True)
        form.addRow("", hint)
        self.reset = QComboBox()
        self.reset.setAccessibleName(self.tr("Counter starts again"))
        for value, label in (
            (Reset.MONTHLY, self.tr("every month")),
            (Reset.YEARLY, self.tr("every year")),
            (Reset.NEVER, self.tr("never")),
        ):
            self.reset.addItem(label, value.value)
        self.reset.setCurrentIndex(max(self.reset.findData(current.reset.value), 0))
        form.addRow(self.tr("Counter starts again:"), self.reset)
        self.next_label = QLabel()
        self.next_label.setAccessibleName(self.tr("Next number"))
        form.addRow(self.tr("Next invoice:"), self.next_label)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020")
        form.addRow(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.pattern.textChanged.connect(self._update)
        self.reset.currentIndexChanged.connect(self._update)
        self._update()

    def chosen(self) -> Series:
        return Series(self.pattern.text().strip(), Reset(self.reset.currentData()))

    def _update(self) -> None:
        series = self.chosen()
        problem = series_problem(series.pattern, series.reset)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(problem is None)
        if problem is not None:
            self.problem.setText("⚠ " + problem.text(self.services.lang))
            self.next_label.setText("—")
            return
        self.problem.setText("")
        self.next_label.setText(self.invoicing.next_number(self.nip, self.today, series))

    def save(self) -> None:
        series = self.chosen()
        try:
            self.invoicing.set_series(self.nip, series.pattern, series.reset)
        except UserError as exc:
            self.problem.setText("⚠ " + exc.message(self.services.lang))
            return
        self.accept()
