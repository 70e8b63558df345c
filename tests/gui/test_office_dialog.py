"""The accounting office's window and a company's permissions window, driven as a user would, against the
sandbox: an office with its KSeF login certificate, clients pasted as a list, permissions checked per
client context, a grant and a revocation made by a client's owner in the same app."""

from __future__ import annotations

from collections.abc import Sequence

import requests
from pytestqt.qtbot import QtBot

from ksefdesk.core.errors import UserError
from ksefdesk.core.models import Environment
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefdesk.core.signing_material import SigningMaterial
from ksefdesk.ui.main_window import MainWindow
from ksefdesk.ui.office_dialog import OfficeDialog, parse_nip_list
from ksefdesk.ui.permissions_dialog import PermissionsDialog
from tests.gui.conftest import GuiKit

OFFICE = "9645428414"
CLIENTS = ("1366485627", "9023288357", "3685065908", "6075906311")
GRANTED, REFUSED = CLIENTS[:3], CLIENTS[3]
PASTED = f"{CLIENTS[0]} Piekarnia Kowalski\n{CLIENTS[1]}, {CLIENTS[2]}\n123-456-78-90 Zła firma\n{CLIENTS[3]}\n"
TIMEOUT = 30_000


def _signed_in(kit: GuiKit, nip: str, name: str) -> None:
    kit.services.companies.add(nip, Environment.SANDBOX, name=name)
    person = self_signed(person_subject(nip=nip, given="Anna", surname="Lis"))
    kit.services.auth.sign_in(nip, SigningMaterial(person.key, person.certificate))


def _office(kit: GuiKit, qtbot: QtBot) -> MainWindow:
    _signed_in(kit, OFFICE, "Biuro Rachunkowe Lis")
    assert kit.services.certificates is not None
    kit.services.certificates.enroll(OFFICE, "Authentication")
    window = MainWindow(kit.services)
    qtbot.addWidget(window)
    window.show()
    return window


def _testdata_grant(kit: GuiKit, contexts: Sequence[str], permissions: Sequence[str] = ("InvoiceRead",)) -> None:
    """What a client does in KSeF itself (its owner grants the office), done through the sandbox's test data."""
    identity = kit.desk.office.identity(OFFICE)
    assert identity is not None
    for nip in contexts:
        answer = requests.post(
            kit.server.base_url + "/testdata/permissions",
            json={
                "contextIdentifier": {"type": "Nip", "value": nip},
                "authorizedIdentifier": {"type": identity.subject_type, "value": identity.subject_value},
                "permissions": [{"description": "Biuro rachunkowe", "permissionType": p} for p in permissions],
            },
            timeout=10,
        )
        assert answer.status_code == 200, answer.text


def _opened(window: MainWindow, qtbot: QtBot, nip: str | None = None) -> OfficeDialog:
    dialog = window.open_office(nip)
    qtbot.waitUntil(lambda: not dialog.running and bool(dialog.office_nip()), timeout=TIMEOUT)
    return dialog


def _check(dialog: OfficeDialog, qtbot: QtBot, nips: Sequence[str] | None = None) -> None:
    with qtbot.waitSignal(dialog.check_finished, timeout=TIMEOUT):
        dialog.check(nips)
    assert not dialog.running


def test_parsing_a_pasted_list() -> None:
    entries = parse_nip_list("526-104-08-28 Piekarnia, PL7740001454\n1132853869 5252248481\n12345\n\n;")
    assert [(e.nip, e.name) for e in entries if e.error is None] == [
        ("5261040828", "Piekarnia"),
        ("7740001454", ""),
        ("1132853869", ""),
        ("5252248481", ""),
    ]
    (bad,) = [e for e in entries if e.error is not None]
    assert bad.text == "12345" and bad.error is not None and bad.error.code == "nip.length"


def test_an_office_checks_its_clients_and_a_client_grants_and_revokes(qtbot: QtBot, kit: GuiKit) -> None:
    window = _office(kit, qtbot)
    dialog = _opened(window, qtbot)
    assert dialog.office_nip() == OFFICE and not dialog.none_label.isVisible()
    assert OFFICE in dialog.identity_label.text() or "certificate" in dialog.identity_label.text()
    assert "valid until" in dialog.identity_label.text()

    adding = dialog.add_clients(PASTED)
    assert adding is not None
    verdicts = [item.text() for row in range(adding.preview.rowCount()) if (item := adding.preview.item(row, 2))]
    assert sum(v.startswith("✓") for v in verdicts) == 4
    (refused,) = [v for v in verdicts if v.startswith("✗")]
    assert "1234567890" in refused and refused == "✗ " + UserError("nip.checksum", value="1234567890").message("en")
    assert not kit.services.companies.clients_of(kit.services.companies.get(OFFICE).id)  # nothing before Add
    with qtbot.waitSignal(dialog.changed, timeout=TIMEOUT):
        adding.accept()
    qtbot.waitUntil(lambda: not dialog.running and len(dialog.client_nips()) == 4, timeout=TIMEOUT)
    assert sorted(dialog.client_nips()) == sorted(CLIENTS)
    assert kit.services.companies.get(CLIENTS[0]).name == "Piekarnia Kowalski"

    _testdata_grant(kit, GRANTED)
    _check(dialog, qtbot)
    for nip in GRANTED:
        assert dialog.cell(nip, 3) == "✓ yes" and dialog.cell(nip, 4) == "✗ no", nip
        assert dialog.cell(nip, 6).startswith("✓")
    reason = dialog._results[REFUSED]
    access, error, _ = reason
    problem = error or (access.error if access else None)
    assert problem is not None
    assert dialog.cell(REFUSED, 3) in ("—", "✗ no")
    assert dialog.cell(REFUSED, 6) == "✗ " + problem.message("en")
    assert "415" in problem.message("en") or "permission" in problem.message("en").lower()
    dialog.select(REFUSED)
    assert problem.action("en") in dialog.details.text()
    dialog.close()

    # the fourth client's owner uses the app too: logs in as owner and grants the office
    owner = self_signed(person_subject(nip=REFUSED, given="Róża", surname="Kwiatkowska"))
    kit.services.auth.sign_in(REFUSED, SigningMaterial(owner.key, owner.certificate))
    window.refresh()
    window.select(REFUSED)
    permissions = window.open_permissions()
    assert isinstance(permissions, PermissionsDialog)
    qtbot.waitUntil(lambda: not permissions.running, timeout=TIMEOUT)
    assert permissions.refused is None, permissions.refused
    grant = permissions.ask_grant()
    grant.nip.setText("964-542-84-15")
    assert not grant.grant_button.isEnabled() and grant.problem.text()  # a mistyped NIP is refused at once
    grant.nip.setText("964-542-84-14")
    grant.write.setChecked(False)
    assert grant.grant_button.isEnabled() and len(grant.description.text()) >= 5
    with qtbot.waitSignal(permissions.changed, timeout=TIMEOUT):
        grant.accept()
    qtbot.waitUntil(lambda: not permissions.running and permissions.table.rowCount() > 0, timeout=TIMEOUT)
    rows = permissions.row_texts()
    assert any(OFFICE in row[0] and "InvoiceRead" in row[1] for row in rows), rows
    listed = kit.server.sandbox.state.all(
        "SELECT permission FROM grants WHERE context_value = ? AND subject_value = ?", (REFUSED, OFFICE)
    )
    assert [row["permission"] for row in listed] == ["InvoiceRead"]  # visible in the sandbox

    dialog = _opened(window, qtbot, REFUSED)
    assert dialog.selected_nips() == [REFUSED]
    _check(dialog, qtbot, [REFUSED])
    assert dialog.cell(REFUSED, 3) == "✓ yes" and dialog.cell(REFUSED, 6).startswith("✓")

    row = next(i for i, r in enumerate(permissions.row_texts()) if OFFICE in r[0] and "InvoiceRead" in r[1])
    permissions.table.selectRow(row)
    kit.dialogs.confirm_answer = True
    with qtbot.waitSignal(permissions.changed, timeout=TIMEOUT):
        permissions.revoke_selected()
    assert "receive invoices (InvoiceRead)" in kit.dialogs.asked[-1]
    qtbot.waitUntil(lambda: not permissions.running, timeout=TIMEOUT)
    permissions.close()
    _check(dialog, qtbot, [REFUSED])
    assert dialog.cell(REFUSED, 6).startswith("✗"), dialog.cell(REFUSED, 6)
    assert not kit.dialogs.errors, kit.dialogs.errors


def test_closing_mid_check_keeps_the_answers_and_leaves_no_task(qtbot: QtBot, kit: GuiKit) -> None:
    window = _office(kit, qtbot)
    for nip in CLIENTS:
        kit.desk.office.add_client(OFFICE, nip)
    _testdata_grant(kit, CLIENTS)
    dialog = _opened(window, qtbot)
    assert len(dialog.client_nips()) == 4
    dialog.check()
    qtbot.waitUntil(lambda: len(dialog._results) >= 1, timeout=TIMEOUT)
    dialog.cancel_check()
    assert not dialog.running and not dialog.cancel_button.isVisible()
    kept = dict(dialog._results)
    assert 1 <= len(kept) < 4 or len(kept) == 4
    assert kit.services.runner.wait(TIMEOUT)
    assert not kit.services.runner.busy
    assert dialog._results == kept  # a cancelled task adds nothing and removes nothing

    dialog.check()
    assert dialog.running
    dialog.close()
    assert not dialog.running
    assert kit.services.runner.wait(TIMEOUT) and not kit.services.runner.busy
    assert sorted(c.nip for c in kit.services.companies.clients_of(kit.services.companies.get(OFFICE).id)) == sorted(
        CLIENTS
    )  # nothing lost

    window.select(OFFICE)
    permissions = window.open_permissions()
    assert permissions is not None and permissions.running
    permissions.close()
    assert not permissions.running
    assert kit.services.runner.wait(TIMEOUT) and not kit.services.runner.busy
