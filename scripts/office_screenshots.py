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
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["KSEFDESK_SECRETS"] = "memory"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication

from ksefdesk.app import build_context
from ksefdesk.core.errors import Lang
from ksefdesk.core.models import Environment
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefdesk.core.signing_material import SigningMaterial
from ksefdesk.services.tasks import TaskRunner
from ksefdesk.ui.grant_office_dialog import GrantOfficeDialog
from ksefdesk.ui.office_dialog import OfficeDialog
from ksefdesk.ui.ui_services import UiServices
from scripts.shots import PrintedErrors, in_each_language, shot, wait

OFFICE = ("7251801126", "Biuro Rachunkowe Bilans sp. z o.o.")
CLIENTS = (  # NIP, name, what it grants the office (nothing: the one KSeF refuses)
    ("5265877635", "Piekarnia Kowalski sp. z o.o.", ("InvoiceRead", "InvoiceWrite")),
    ("5213017228", "Młyn Zbożowy Wiśniewski sp. z o.o.", ("InvoiceRead", "InvoiceWrite")),
    ("5260250274", "Drukarnia Żółć S.A.", ("InvoiceRead",)),
    ("1234563218", "Kwiaciarnia Róża Anna Nowak", ()),
)


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
    return in_each_language(office_pictures)


if __name__ == "__main__":
    raise SystemExit(main())
