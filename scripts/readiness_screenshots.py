"""Screenshots of the "Ready for 2027" tab (issue 17), in Polish and English, with companies in different
states: one logging in with a KSeF token only, one set up (both certificates, keys backed up, token revoked),
one whose certificate ends within 30 days, one that logs in only with a signature and one never connected.
Also the "Get ready for 2027" window's summary.

    QT_QPA_PLATFORM=offscreen python scripts/readiness_screenshots.py

The real app services against the built-in sandbox, one fresh data folder (and sandbox) per language.
Polish needs the compiled translations (scripts/translations.py compile) or the new texts stay English.
Writes docs/screenshots/readiness_{pl,en}.png, setup_2027_sign_{pl,en}.png (where a token-only company starts)
and setup_2027_summary_{pl,en}.png; with KSEFDESK_SHOTS_STEPS=1 also the pages in between.
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime, timedelta
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
from ksefdesk.services.certificates import AUTHENTICATION
from ksefdesk.services.tasks import TaskRunner
from ksefdesk.ui.dialogs import Dialogs
from ksefdesk.ui.main_window import MainWindow
from ksefdesk.ui.setup_2027 import PAGE_SUMMARY
from ksefdesk.ui.ui_services import UiServices
from scripts.shots import in_each_language, shot, wait

TOKEN_ONLY = ("5265877635", "Piekarnia Kowalski sp. z o.o.")
SET_UP = ("7251801126", "Hurtownia Nowak S.A.")
ENDING = ("5213017228", "Młyn Zbożowy Wiśniewski sp. z o.o.")
SIGNATURE_ONLY = ("5260250274", "Drukarnia Żółć S.A.")
NEVER = ("1234563218", "Kwiaciarnia Róża Anna Nowak")
SIZE = (1280, 720)
STEPS = bool(os.environ.get("KSEFDESK_SHOTS_STEPS"))  # also every page of the window on the way (for review)


class Answers(Dialogs):
    """The folder and passphrase of the key backup answered; errors printed, never hidden."""

    def __init__(self, lang: Lang, folder: Path) -> None:
        super().__init__(lang)
        self.folder = folder

    def show_error(self, parent: QWidget | None, error: UserError) -> None:
        print("error:", error.full_text("en"), file=sys.stderr)

    def choose_folder(self, parent: QWidget | None, title: str) -> str | None:
        return str(self.folder)

    def ask_backup_passphrase(self, parent: QWidget | None) -> str | None:
        return "kopia kluczy na 2027"

    def inform(self, parent: QWidget | None, title: str, text: str) -> None:
        pass

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        return True


def sign(nip: str, given: str, surname: str) -> SigningMaterial:
    person = self_signed(person_subject(nip=nip, given=given, surname=surname))
    return SigningMaterial(person.key, person.certificate)


def readiness_pictures(app: QApplication, lang: Lang, folder: Path) -> None:
    ctx = build_context(str(folder / f"data-{lang}"), lang=lang)
    backups = folder / f"kopie-{lang}"
    backups.mkdir()
    services = UiServices(ctx, TaskRunner(), Answers(lang, backups))
    try:
        assert ctx.sandbox is not None
        for nip, name in (TOKEN_ONLY, SET_UP, ENDING, SIGNATURE_ONLY, NEVER):
            ctx.companies.add(nip, Environment.SANDBOX, name=name)
        for nip, _ in (TOKEN_ONLY, SET_UP, ENDING):
            ctx.auth.login_with_token(nip, ctx.sandbox.demo_kit(nip, invoices=0).ksef_token)
        ctx.auth.sign_in(SIGNATURE_ONLY[0], sign(SIGNATURE_ONLY[0], "Zofia", "Żółć"))
        ctx.auth.sign_in(ENDING[0], sign(ENDING[0], "Piotr", "Wiśniewski"))
        ctx.certificates.setup(ENDING[0])
        company = ctx.companies.get(ENDING[0])
        ending = ctx.certificates.usable(company, AUTHENTICATION)
        assert ending is not None
        access = ctx.auth.access_token(company.nip)
        body = {"validTo": (datetime.now(UTC) + timedelta(days=12)).isoformat()}
        ctx.api_for(company).http.request(
            "PUT", f"/testdata/certificates/{ending.serial}", group="other", token=access, json=body
        )  # the sandbox's test data: this certificate now ends in 12 days
        ctx.certificates.refresh_statuses(company.nip)
        ctx.certificates.back_up(company.nip, backups, "kopia kluczy na 2027")

        window = MainWindow(services)
        window.resize(*SIZE)
        window.show()
        # The set-up company goes through the "Get ready for 2027" window as a user would.
        ctx.auth.sign_in(SET_UP[0], sign(SET_UP[0], "Anna", "Nowak"))
        window.show_readiness()
        panel = window.readiness_panel
        wait(app, lambda: len(panel.rows) == 5 and not panel.loading)
        wizard = panel.set_up(SET_UP[0])
        assert wizard is not None
        if STEPS:
            shot(app, wizard, "setup_2027_running", lang)
        wait(app, wizard.set_up_page.isComplete)
        if STEPS:
            shot(app, wizard, "setup_2027_certificates", lang)
        wizard.next()
        if STEPS:
            shot(app, wizard, "setup_2027_backup", lang)
        wizard.backup_page.back_up()
        wait(app, lambda: bool(wizard.backup))
        wizard.next()
        if STEPS:
            shot(app, wizard, "setup_2027_token", lang)
        wizard.revoke_page.ask_and_revoke()
        wait(app, lambda: wizard.token_revoked)
        wizard.next()
        assert wizard.currentId() == PAGE_SUMMARY
        shot(app, wizard, "setup_2027_summary", lang)
        wizard.accept()
        services.runner.wait()
        # The token-only company: its button opens the window at the signature.
        signing = panel.set_up(TOKEN_ONLY[0])
        assert signing is not None
        shot(app, signing, "setup_2027_sign", lang)
        signing.reject()
        panel.refresh()
        wait(app, lambda: not panel.loading)
        wait(app, lambda: False, seconds=0.5)
        shot(app, window, "readiness", lang)
        window.close()
        services.runner.wait()
    finally:
        ctx.close()


def main() -> int:
    return in_each_language(readiness_pictures)


if __name__ == "__main__":
    raise SystemExit(main())
