from __future__ import annotations
import traceback
from pathlib import Path
import pytest
from pytestqt.qtbot import QtBot
from ksefdesk.ui import invoice_view, invoice_model
from tests.gui.conftest import GuiKit
from tests.gui import test_invoices_view as t

def test_debug(qtbot: QtBot, kit: GuiKit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cls = invoice_view.InvoicesPanel
    real_sel = cls.selected_ksef
    def sel(self):
        rows = self.table.selectionModel().selectedRows()
        r = real_sel(self)
        print("SELECTED", r, len(rows), self.model.rowCount(), [ (i.row(), i.column()) for i in self.table.selectionModel().selectedIndexes()][:12])
        return r
    monkeypatch.setattr(cls, "selected_ksef", sel)
    real_reset = invoice_model.InvoiceTableModel.set_prepared
    def sp(self, state):
        print("SET_PREPARED", "".join(traceback.format_stack(limit=4)))
        real_reset(self, state)
    monkeypatch.setattr(invoice_model.InvoiceTableModel, "set_prepared", sp)
    real_apply = invoice_model.InvoiceTableModel.apply
    def ap(self, f):
        print("APPLY", f.status)
        return real_apply(self, f)
    monkeypatch.setattr(invoice_model.InvoiceTableModel, "apply", ap)
    t.test_received_invoices_are_listed_marked_and_saved(qtbot, kit, tmp_path)
