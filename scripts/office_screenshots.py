"""Screenshots of the accounting office's setup and of a company's permissions, in Polish and English:

    QT_QPA_PLATFORM=offscreen python scripts/office_screenshots.py [--pl-extra FILE]

docs/screenshots/office_setup_{pl,en}.png and permissions_{pl,en}.png. The real services run against an
in-process sandbox: an office with its KSeF login certificate, four clients of which three granted the
office permissions, and a client that grants the office through the permissions window.
``--pl-extra`` adds Polish texts not yet merged into the translation files (a ``PL = {...}`` dict).
"""

from __future__ import annotations

import ast
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import requests
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication, QWidget

from ksefdesk.core.errors import Lang, UserError
from ksefdesk.core.models import Environment
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefdesk.core.signing_material import SigningMaterial
from ksefdesk.services.tasks import TaskRunner
from ksefdesk.ui.dialogs import Dialogs
from ksefdesk.ui.launch import install_translations
from ksefdesk.ui.office_dialog import OfficeDialog
from ksefdesk.ui.permissions_dialog import PermissionsDialog
from ksefdesk.ui.ui_services import UiServices
from ksefsandbox.app import SandboxConfig
from ksefsandbox.server import SandboxServer
from tests.harness import Desk

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
OFFICE = ("9645428414", "Biuro Rachunkowe Lis sp. z o.o.")
CLIENTS = (
    ("5261040828", "Piekarnia Kowalski"),
    ("7740001454", "Hurtownia Nowak S.A."),
    ("1132853869", "Drukarnia Zielińscy s.c."),
    ("5252248481", "Kwiaciarnia Róża"),
)
GRANTED = {
    "5261040828": ("InvoiceRead", "InvoiceWrite"),
    "7740001454": ("InvoiceRead",),
    "1132853869": ("InvoiceRead",),
}


class QuietDialogs(Dialogs):
    def show_error(self, parent: QWidget | None, error: UserError) -> None:
        print("error:", error.full_text("en"), file=sys.stderr)

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        return True


class ExtraPolish(QTranslator):
    """Polish for texts the translation files do not hold yet; None = ask the next translator."""

    def __init__(self, texts: dict[str, str]) -> None:
        super().__init__()
        self.texts = texts

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        return self.texts.get(source)  # None (a null string), not "": Qt then asks the next translator

    def isEmpty(self) -> bool:
        return not self.texts


def wait(app: QApplication, condition: Callable[[], bool], seconds: float = 30) -> None:
    end = time.monotonic() + seconds
    while not condition() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)
    app.processEvents()
    if not condition():
        raise SystemExit("timed out waiting for the sandbox")


def shot(app: QApplication, widget: QWidget, name: str, lang: str) -> None:
    for _ in range(5):
        app.processEvents()
    assert widget.width() <= 1280 and widget.height() <= 720, (name, widget.size())
    path = OUT / f"{name}_{lang}.png"
    widget.grab().save(str(path))
    print(path.relative_to(OUT.parent.parent))


def scene(app: QApplication, lang: Lang, folder: Path) -> None:
    server = SandboxServer(folder / f"sandbox-{lang}", config=SandboxConfig(rate_scale=0)).start()
    desk = Desk(folder, server.base_url, db_name=f"office-{lang}.db", certificate_poll_s=0.1)
    desk.lang = lang
    runner = TaskRunner()
    services = UiServices(desk, runner, QuietDialogs(lang))
    try:
        office_nip, office_name = OFFICE
        desk.companies.add(office_nip, Environment.SANDBOX, name=office_name)
        person = self_signed(person_subject(nip=office_nip, given="Anna", surname="Lis"))
        desk.auth.sign_in(office_nip, SigningMaterial(person.key, person.certificate))
        desk.certificates.enroll(office_nip, "Authentication")
        identity = desk.office.identity(office_nip)
        assert identity is not None
        for nip, held in GRANTED.items():
            answer = requests.post(
                server.base_url + "/testdata/permissions",
                json={
                    "contextIdentifier": {"type": "Nip", "value": nip},
                    "authorizedIdentifier": {"type": identity.subject_type, "value": identity.subject_value},
                    "permissions": [{"description": "Biuro rachunkowe", "permissionType": p} for p in held],
                },
                timeout=10,
            )
            answer.raise_for_status()

        dialog = OfficeDialog(services)
        dialog.resize(1180, 620)
        dialog.show()
        wait(app, lambda: not dialog.running and bool(dialog.office_nip()))
        adding = dialog.add_clients("\n".join(f"{nip} {name}" for nip, name in CLIENTS))
        assert adding is not None
        adding.accept()
        wait(app, lambda: not dialog.running and len(dialog.client_nips()) == len(CLIENTS))
        dialog.check()
        wait(app, lambda: not dialog.running and not dialog.progress.isVisible())
        dialog.select(CLIENTS[3][0])
        shot(app, dialog, "office_setup", lang)
        dialog.close()

        owner_nip, owner_name = CLIENTS[3]  # the client that had not granted anything, in its own app
        owner_desk = Desk(folder, server.base_url, db_name=f"owner-{lang}.db")
        owner_desk.lang = lang
        owner_desk.companies.add(owner_nip, Environment.SANDBOX, name=owner_name)
        owner = self_signed(person_subject(nip=owner_nip, given="Róża", surname="Kwiatkowska"))
        owner_desk.auth.sign_in(owner_nip, SigningMaterial(owner.key, owner.certificate))
        owner_services = UiServices(owner_desk, runner, QuietDialogs(lang))
        permissions = PermissionsDialog(owner_services, owner_desk.companies.get(owner_nip))
        permissions.resize(1100, 480)
        permissions.show()
        wait(app, lambda: not permissions.running)
        permissions.grant(office_nip, ["InvoiceRead", "InvoiceWrite"], "Biuro Rachunkowe Lis: odbiór i wysyłka faktur")
        wait(app, lambda: not permissions.running and permissions.table.rowCount() > 0)
        permissions.table.selectRow(0)
        shot(app, permissions, "permissions", lang)
        permissions.close()
        runner.wait()
        owner_desk.close()
    finally:
        runner.wait()
        desk.close()
        server.stop()


def main() -> int:
    extra: dict[str, str] = {}
    if "--pl-extra" in sys.argv:
        source = Path(sys.argv[sys.argv.index("--pl-extra") + 1]).read_text(encoding="utf-8")
        for node in ast.parse(source).body:  # the PL = {...} literal, read without running the file
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "PL" for t in node.targets):
                extra = dict(ast.literal_eval(node.value))
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        for lang in ("pl", "en"):
            translators: list[QTranslator] = list(install_translations(app, lang))
            if lang == "pl" and extra:
                translators.append(ExtraPolish(extra))
                app.installTranslator(translators[-1])
            (Path(folder) / lang).mkdir()
            scene(app, lang, Path(folder) / lang)
            for translator in translators:
                app.removeTranslator(translator)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
