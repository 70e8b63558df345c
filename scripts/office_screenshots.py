"""Screenshots of the accounting office (issue 17), in Polish and English: the office's window after a check
of its clients (three granted, one refused with the reason), and a client granting the office in the app.

    QT_QPA_PLATFORM=offscreen python scripts/office_screenshots.py

The real app services against the built-in sandbox, one fresh data folder (and sandbox) per language.
Polish needs the compiled translations (scripts/translations.py compile) or the new texts stay English.
Writes docs/screenshots/office_{pl,en}.png and grant_office_{pl,en}.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["KSEFDESK_SECRETS"] = "memory"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication, QWidget

from ksefdesk.app import build_context
from ksefdesk.core.errors import Lang, UserError
from ksefdesk.core.models import Environment
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefdesk.core.signing_material import SigningMaterial
from ksefdesk.services.tasks import TaskRunner
from ksefdesk.ui.dialogs import Dialogs
from ksefdesk.ui.grant_office_dialog import GrantOfficeDialog
from ksefdesk.ui.launch import install_translations
from ksefdesk.ui.office_dialog import OfficeDialog
from ksefdesk.ui.ui_services import UiServices

OUT = Path(os.environ.get("KSEFDESK_SHOTS", Path(__file__).resolve().parent.parent / "docs" / "screenshots"))
OFFICE = ("7251801126", "Biuro Rachunkowe Bilans sp. z o.o.")
CLIENTS = (  # NIP, name, what it grants the office (nothing: the one KSeF refuses)
    ("5265877635", "Piekarnia Kowalski sp. z o.o.", ("InvoiceRead", "InvoiceWrite")),
    ("5213017228", "Młyn Zbożowy Wiśniewski sp. z o.o.", ("InvoiceRead", "InvoiceWrite")),
    ("5260250274", "Drukarnia Żółć S.A.", ("InvoiceRead",)),
    ("1234563218", "Kwiaciarnia Róża Anna Nowak", ()),
)
MAX_W, MAX_H = 1280, 720


class PrintedErrors(Dialogs):
    def show_error(self, parent: QWidget | None, error: UserError) -> None:
        print("error:", error.full_text("en"), file=sys.stderr)


def wait(app: QApplication, condition: object, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while not condition() and time.monotonic() < end:  # type: ignore[operator]
        app.processEvents()
        time.sleep(0.02)
    app.processEvents()


def shot(app: QApplication, widget: QWidget, name: str, lang: str) -> None:
    for _ in range(5):
        app.processEvents()
    assert widget.width() <= MAX_W and widget.height() <= MAX_H, (name, widget.size())
    path = OUT / f"{name}_{lang}.png"
    widget.grab().save(str(path))
    print(path)


def office_pictures(app: QApplication, lang: Lang, folder: Path) -> None:
    ctx = build_context(str(folder / f"data-{lang}"), lang=lang)
    services = UiServices(ctx, TaskRunner(), PrintedErrors(lang))
    try:
        office_nip, office_name = OFFICE
        ctx.companies.add(office_nip, Environment.SANDBOX, name=office_name)
        owner = self_signed(person_subject(nip=office_nip, given="Ewa", surname="Księgowa"))
        ctx.auth.sign_in(office_nip, SigningMaterial(owner.key, owner.certificate))
        ctx.certificates.setup(office_nip)  # the office's own KSeF certificate, once
        for nip, name, _ in CLIENTS:
            ctx.companies.add(nip, Environment.SANDBOX, name=name)

        # The first client grants the office in its own window; the others as the service does it.
        first, _, wanted = CLIENTS[0]
        assert ctx.sandbox is not None
        ctx.auth.login_with_token(first, ctx.sandbox.demo_kit(first, invoices=0).ksef_token)
        grant = GrantOfficeDialog(services, ctx.companies.get(first))
        grant.show()
        grant.nip.setText(office_nip)
        wait(app, lambda: grant.handle is None)
        grant.write.setChecked("InvoiceWrite" in wanted)
        grant.grant()
        wait(app, lambda: grant.handle is None)
        shot(app, grant, "grant_office", lang)
        grant.close()
        for nip, _, permissions in CLIENTS[1:]:
            if permissions:
                ctx.auth.login_with_token(nip, ctx.sandbox.demo_kit(nip, invoices=0).ksef_token)
                ctx.office.grant(nip, office_nip, permissions)
        for nip, _, _ in CLIENTS:
            ctx.auth.logout(nip)
            ctx.office.use_office(nip, office_nip)

        office = OfficeDialog(services, None)
        office.show()
        office.check()
        wait(app, lambda: office.handle is None, seconds=120)
        office.select(CLIENTS[-1][0])  # the refused one: what to send it
        shot(app, office, "office", lang)
        office.close()
        services.runner.wait()
    finally:
        ctx.close()


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        for lang in ("pl", "en"):
            translators = install_translations(app, lang)  # type: ignore[arg-type]
            office_pictures(app, lang, Path(folder))  # type: ignore[arg-type]
            for translator in translators:
                app.removeTranslator(translator)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
