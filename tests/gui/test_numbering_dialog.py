"""The numbering window: the next number shown as the pattern is typed, a pattern that would repeat
numbers cannot be saved (and says why), a saved one numbers the next invoice."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from ksefdesk.core.models import Environment
from ksefdesk.ui.numbering_dialog import NumberingDialog
from tests.gui.conftest import GuiKit

NIP = "5265877635"
DAY = date(2026, 12, 2)


def test_the_next_number_follows_the_pattern_and_a_repeating_pattern_cannot_be_saved(qtbot: QtBot, kit: GuiKit) -> None:
    kit.desk.companies.add(NIP, Environment.SANDBOX, name="Moja Firma")
    dialog = NumberingDialog(kit.services, NIP, today=DAY)
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert dialog.next_label.text() == "FV/1/12/2026" and save.isEnabled()
    dialog.pattern.setText("FV/{nr}/2026")  # monthly reset without the month: numbers would repeat
    assert not save.isEnabled() and "{MM}" in dialog.problem.text() and dialog.next_label.text() == "—"
    dialog.reset.setCurrentIndex(dialog.reset.findData("never"))
    assert save.isEnabled() and dialog.next_label.text() == "FV/1/2026" and dialog.problem.text() == ""
    dialog.pattern.clear()
    qtbot.keyClicks(dialog.pattern, "S-{nr}-{YY}")
    dialog.reset.setCurrentIndex(dialog.reset.findData("yearly"))
    assert dialog.next_label.text() == "S-1-26"
    save.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert kit.services.invoicing.next_number(NIP, DAY) == "S-1-26"
    assert all(w.accessibleName() for w in (dialog.pattern, dialog.reset, dialog.next_label))
