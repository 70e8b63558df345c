"""Paying purchase invoices: the transfer data to copy field by field, the banks' payment QR code, the
VAT White List's verdict on the account (asked in the background) and "Mark as paid".

For several invoices of one seller the dialog first asks KSeF for a collective identifier (IZ), in the
background too, and then shows the one transfer that pays them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ksefdesk.core.errors import Lang, UserError
from ksefdesk.core.formatting import format_bank_date, format_money_plain
from ksefdesk.core.payments import TransferData, group_account, qr_png, qr_text, qr_unavailable_reason
from ksefdesk.services.payments import CollectiveTransfer, PaymentService
from ksefdesk.services.tasks import TaskRunner
from ksefdesk.services.whitelist import CheckResult, Verdict

_VERDICT_STYLE = {
    Verdict.ON_LIST: "background:#e8f5e9;color:#1b5e20;padding:8px;border:1px solid #a5d6a7",
    Verdict.NOT_ON_LIST: "background:#ffebee;color:#b71c1c;padding:8px;border:1px solid #ef9a9a",
    Verdict.NOT_CHECKED: "background:#fff3e0;color:#7a3e00;padding:8px;border:1px solid #e0b080",
}


class PaymentDialog(QDialog):
    paid = Signal(list)  # the KSeF numbers just marked as paid

    def __init__(
        self,
        lang: Lang,
        runner: TaskRunner,
        payments: PaymentService,
        nip: str,
        ksef_numbers: Sequence[str],
        parent: QWidget | None = None,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self._lang, self._runner, self._payments, self._nip = lang, runner, payments, nip
        self._numbers = list(dict.fromkeys(ksef_numbers))
        self._today = today or date.today()
        self.transfer: TransferData | None = None
        self.verdict: CheckResult | None = None
        self.registered: list[str] = []  # the White List's accounts for the payee (when the invoice names none)
        self.setWindowTitle(self.tr("Pay invoices") if len(self._numbers) > 1 else self.tr("Pay invoice"))
        self.setMinimumWidth(880)

        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.fields: dict[str, QLineEdit] = {}
        self.copy_buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        labels = {
            "collective": self.tr("Collective identifier"),
            "payee": self.tr("Payee"),
            "nip": self.tr("Payee NIP"),
            "account": self.tr("Account number"),
            "amount": self.tr("Amount"),
            "due": self.tr("Due date"),
            "title": self.tr("Transfer title"),
        }
        for row, (key, text) in enumerate(labels.items()):
            label = QLabel(text)
            edit = QLineEdit()
            edit.setReadOnly(True)
            edit.setAccessibleName(text)
            label.setBuddy(edit)
            button = QPushButton(self.tr("Copy"))
            button.setToolTip(self.tr("Copy to the clipboard, to paste in your bank"))
            button.setAccessibleName(self.tr("Copy: %1").replace("%1", text))
            button.clicked.connect(lambda _=False, k=key: self.copy(k))
            grid.addWidget(label, row, 0)
            grid.addWidget(edit, row, 1)
            grid.addWidget(button, row, 2)
            self.fields[key], self.copy_buttons[key] = edit, button
            if key == "collective":
                self._collective_widgets = (label, edit, button)
        for widget in self._collective_widgets:
            widget.setVisible(len(self._numbers) > 1)
        self.notes = QLabel("")
        self.notes.setWordWrap(True)
        self.qr = QLabel("")
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr.setMinimumSize(220, 220)
        self.qr.setWordWrap(True)
        self.qr.setAccessibleName(self.tr("Payment QR code"))
        self.qr_caption = QLabel("")
        self.qr_caption.setWordWrap(True)
        self.qr_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr_caption.setMaximumWidth(240)
        qr_box = QVBoxLayout()
        qr_box.addWidget(self.qr)
        qr_box.addWidget(self.qr_caption)
        qr_box.addStretch()
        top = QHBoxLayout()
        top.addLayout(grid, 1)
        top.addLayout(qr_box)
        self.white_list = QLabel("")
        self.white_list.setWordWrap(True)
        self.white_list.setAccessibleName(self.tr("VAT White List"))
        self.mark_paid_button = QPushButton(self.tr("Mark as paid"))
        self.mark_paid_button.setToolTip(self.tr("Record that you paid (today, by transfer)"))
        self.mark_paid_button.clicked.connect(self.mark_paid)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.mark_paid_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(top)
        layout.addWidget(self.notes)
        layout.addWidget(self.white_list)
        layout.addWidget(buttons)
        self._set_enabled(False)
        self._load()

    # --- loading ------------------------------------------------------------------------------------
    def _load(self) -> None:
        if len(self._numbers) > 1:
            self.status.setText(
                self.tr("Asking KSeF for a collective identifier for %1 invoices…").replace(
                    "%1", str(len(self._numbers))
                )
            )
            payments, nip, numbers = self._payments, self._nip, self._numbers
            self._runner.run(
                lambda cancel: payments.create_collective(nip, numbers, cancel=cancel), self._collective, self._failed
            )
            return
        try:
            self._show(self._payments.transfer(self._nip, self._numbers[0]))
        except UserError as error:
            self._failed(error)

    def _collective(self, result: object) -> None:
        assert isinstance(result, CollectiveTransfer)
        self._show(result.transfer)

    def _failed(self, error: UserError) -> None:
        self.status.setText(f"<b>{error.message(self._lang)}</b><br>{error.action(self._lang)}")
        self.status.setStyleSheet(_VERDICT_STYLE[Verdict.NOT_CHECKED])

    def _show(self, transfer: TransferData) -> None:
        self.transfer = transfer
        self.status.setText(
            self.tr(
                "Pay %1 invoices of one seller with one transfer: its title holds the collective identifier."
            ).replace("%1", str(len(transfer.ksef_numbers)))
            if transfer.collective_id
            else self.tr("From 2027 the transfer title must hold the invoice's KSeF number: it is already in it.")
        )
        values = {
            "collective": transfer.collective_id,
            "payee": transfer.payee_name,
            "nip": transfer.payee_nip,
            "account": group_account(transfer.account) if transfer.account else "",
            "amount": transfer.amount_text(self._lang),
            "due": self._due_text(transfer),
            "title": transfer.title,
        }
        for key, value in values.items():
            self.fields[key].setText(value)
            self.fields[key].setCursorPosition(0)
        self.notes.setText("<br>".join("• " + n.text(self._lang) for n in transfer.notes))
        self.notes.setVisible(bool(transfer.notes))
        reason = qr_unavailable_reason(transfer)
        if reason is None:
            pixmap = QPixmap()
            pixmap.loadFromData(qr_png(qr_text(transfer), scale=4))
            self.qr.setPixmap(pixmap)
            self.qr_caption.setText(
                self.tr("Scan with your banking app. The code holds the collective identifier without dashes.")
                if transfer.collective_id
                else self.tr("Scan with your banking app. The code holds the KSeF number without dashes.")
            )
        else:
            self.qr.setText(self.tr("No QR code: %1.").replace("%1", reason.text(self._lang)))
        self._set_enabled(True)
        self.copy_buttons["account"].setEnabled(bool(transfer.account))
        self.check_white_list()

    def _due_text(self, transfer: TransferData) -> str:
        if transfer.due_date is None:
            return self.tr("not stated on the invoice")
        shown = format_bank_date(transfer.due_date, self._lang)
        days = (transfer.due_date - self._today).days
        if days < 0:
            return self.tr("%1 (overdue by %2 days)").replace("%1", shown).replace("%2", str(-days))
        return shown

    # --- the White List, in the background ----------------------------------------------------------
    def check_white_list(self) -> None:
        transfer = self.transfer
        if transfer is None:
            return
        self.white_list.setText(self.tr("Checking the account on the VAT White List…"))
        self.white_list.setStyleSheet("")
        payments, nip = self._payments, self._nip
        self._runner.run(lambda cancel: payments.check_whitelist(nip, transfer), self._checked, self._check_failed)

    def _checked(self, result: object) -> None:
        assert isinstance(result, CheckResult) and self.transfer is not None
        self.verdict = result
        self.white_list.setText(result.text(self._lang, relevant=self.transfer.white_list_relevant))
        self.white_list.setStyleSheet(_VERDICT_STYLE[result.verdict])
        if not self.transfer.account and self.transfer.payee_nip:
            payments, nip, payee = self._payments, self._nip, self.transfer.payee_nip
            self._runner.run(lambda cancel: payments.registered_accounts(nip, payee), self._accounts, lambda _: None)

    def _accounts(self, accounts: object) -> None:
        """The accounts the White List holds for the payee, when the invoice names none."""
        assert isinstance(accounts, list)
        self.registered = [str(a) for a in accounts]
        if self.registered:
            shown = ", ".join(group_account("PL" + a) for a in self.registered)
            self.white_list.setText(
                self.white_list.text()
                + "\n"
                + self.tr(
                    "Accounts on the White List for this NIP: %1. Confirm with the seller which one to pay."
                ).replace("%1", shown)
            )

    def _check_failed(self, error: UserError) -> None:
        self.white_list.setText(error.message(self._lang) + " " + error.action(self._lang))
        self.white_list.setStyleSheet(_VERDICT_STYLE[Verdict.NOT_CHECKED])

    # --- actions ------------------------------------------------------------------------------------
    def copy(self, key: str) -> str:
        """What the Copy button puts on the clipboard: the value as a bank form takes it."""
        transfer = self.transfer
        if transfer is None:
            return ""
        if key == "account":
            text = transfer.account[2:] if transfer.account.startswith("PL") else transfer.account
        elif key == "amount":
            text = format_money_plain(transfer.amount_due, self._lang)
        else:
            text = self.fields[key].text()
        QGuiApplication.clipboard().setText(text)
        return text

    def mark_paid(self) -> None:
        transfer = self.transfer
        if transfer is None:
            return
        payments, nip = self._payments, self._nip
        numbers = list(transfer.ksef_numbers)
        self.mark_paid_button.setEnabled(False)

        def work(cancel: object) -> int:
            return payments.mark_paid(nip, numbers, collective_id=transfer.collective_id)

        def done(_: object) -> None:
            self.paid.emit(numbers)
            self.accept()

        def failed(error: UserError) -> None:
            self.mark_paid_button.setEnabled(True)
            self._failed(error)

        self._runner.run(work, done, failed)

    def _set_enabled(self, enabled: bool) -> None:
        for button in self.copy_buttons.values():
            button.setEnabled(enabled)
        self.mark_paid_button.setEnabled(enabled)
