"""Regenerate docs/screenshots/: every wizard page, the main window, in Polish and English.

    QT_QPA_PLATFORM=offscreen python scripts/screenshots.py

It runs the real app services against the built-in sandbox in a temporary data folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["KSEFDESK_SECRETS"] = "memory"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication, QWidget

from ksefdesk.app import build_context
from ksefdesk.core.errors import Lang, UserError
from ksefdesk.core.fa3_build import Entity, InvoiceSpec, Line, build_invoice
from ksefdesk.core.models import AuthMethod, ConnectionStatus, Environment
from ksefdesk.core.offline import OfflineMode
from ksefdesk.core.preview import upo_page
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefdesk.core.signing_material import load_pem
from ksefdesk.core.status import OutageReason, ReauthReason
from ksefdesk.core.xades_sign import sign_xml
from ksefdesk.services.availability import Availability, Verdict
from ksefdesk.services.scheduler import SyncScheduler
from ksefdesk.services.tasks import TaskRunner
from ksefdesk.ui.dialogs import Dialogs
from ksefdesk.ui.launch import install_translations
from ksefdesk.ui.main_window import MainWindow
from ksefdesk.ui.paper import write_pdf
from ksefdesk.ui.tray import Tray
from ksefdesk.ui.ui_services import UiServices
from ksefdesk.ui.wizard import AuthWizard

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
NIP = "5265877635"


class ScriptedDialogs(Dialogs):
    def __init__(self, lang: Lang) -> None:
        super().__init__(lang)
        self.answers: list[str] = []

    def save_file(self, parent: QWidget | None, title: str, suggested: str, file_filter: str) -> str | None:
        return self.answers.pop(0) if self.answers else None

    def show_error(self, parent: QWidget | None, error: UserError) -> None:
        print("error:", error.full_text("en"), file=sys.stderr)


def wait(app: QApplication, condition: object, seconds: float = 20) -> None:
    end = time.monotonic() + seconds
    while not condition() and time.monotonic() < end:  # type: ignore[operator]
        app.processEvents()
        time.sleep(0.02)
    app.processEvents()


def shot(app: QApplication, widget: QWidget, name: str, lang: str) -> None:
    for _ in range(5):
        app.processEvents()
    path = OUT / f"{name}_{lang}.png"
    widget.grab().save(str(path))
    print(path.relative_to(OUT.parent.parent))


def wizard_pages(app: QApplication, lang: Lang, folder: Path) -> None:
    ctx = build_context(str(folder / f"data-{lang}"), lang=lang)
    dialogs = ScriptedDialogs(lang)
    runner = TaskRunner()
    scheduler = SyncScheduler(ctx.companies, ctx.receiver, ctx.sender, runner, ctx.limiter)  # not started
    services = UiServices(ctx, runner, dialogs, scheduler=scheduler)
    kit = ctx.sandbox.demo_kit(NIP, invoices=0)
    person = self_signed(person_subject(nip=NIP))
    try:
        wizard = AuthWizard(services)
        wizard.show()
        shot(app, wizard, "wizard_1_method", lang)
        wizard.next()
        wizard.environment_page.buttons[Environment.PROD].setChecked(True)
        shot(app, wizard, "wizard_2_environment_production", lang)
        wizard.environment_page.buttons[Environment.SANDBOX].setChecked(True)
        wizard.next()
        wizard.company_page.nip.setText("526-587-76-36")
        shot(app, wizard, "wizard_3_company_bad_nip", lang)
        wizard.company_page.nip.setText("526-587-76-35")
        wizard.company_page.name.setText("Piekarnia Kowalski sp. z o.o.")
        shot(app, wizard, "wizard_3_company", lang)
        wizard.next()
        request_file = folder / f"do-podpisu-{lang}.xml"
        dialogs.answers.append(str(request_file))
        wizard.download_page.download.click()
        wait(app, wizard.download_page.isComplete)
        shot(app, wizard, "wizard_4_download_countdown", lang)
        wizard.next()
        wizard.upload_page.load(str(request_file))
        wait(app, lambda: not wizard.upload_page.checking)
        shot(app, wizard, "wizard_5_upload_refused", lang)
        signed = folder / f"podpisany-{lang}.xml"
        signed.write_bytes(sign_xml(request_file.read_bytes(), person.key, [person.certificate]))
        wizard.upload_page.load(str(signed))
        wait(app, lambda: not wizard.upload_page.checking)
        shot(app, wizard, "wizard_5_upload_ok", lang)
        wizard.next()
        wait(app, lambda: wizard.result_page.done)
        shot(app, wizard, "wizard_6_connected", lang)
        wizard.reject()

        for method, name in ((AuthMethod.CERTIFICATE, "wizard_certificate"), (AuthMethod.TOKEN, "wizard_token")):
            other = AuthWizard(services, ctx.companies.get(NIP))
            other.show()
            other.method_page.buttons[method].setChecked(True)
            other.next()
            if method is AuthMethod.TOKEN:
                other.token_page.token.setText(kit.ksef_token)
            else:
                other.certificate_page.cert.setText(str(kit.pkcs12_file))
                other.certificate_page.password.setText("********")
            shot(app, other, name, lang)
            if method is AuthMethod.TOKEN:
                other.token_page.token.setText("zly-token")
                other.next()
                wait(app, lambda other=other: other.result_page.done)
                shot(app, other, "wizard_6_failed", lang)
            other.reject()
        main_window(app, ctx, services, lang)
    finally:
        services.runner.wait()
        ctx.close()


def invoices_and_outbox(ctx: object) -> None:
    """Received purchase invoices (a few still new) and sales invoices on their way."""
    kit = ctx.sandbox.demo_kit(NIP, invoices=60)  # type: ignore[attr-defined]
    material = load_pem(kit.certificate_file.read_bytes(), kit.key_file.read_bytes(), None, "kit")
    ctx.auth.sign_in(NIP, material)  # type: ignore[attr-defined]
    ctx.certificates.enroll(NIP, "Authentication")  # type: ignore[attr-defined]
    ctx.certificates.enroll(NIP, "Offline")  # type: ignore[attr-defined]
    time.sleep(1.1)  # below KSeF's high-water mark
    ctx.receiver.since = datetime.now(UTC) - timedelta(days=200)  # type: ignore[attr-defined]
    ctx.receiver.sync(NIP)  # type: ignore[attr-defined]
    ctx.db.connection().execute(  # type: ignore[attr-defined]
        "UPDATE invoices SET is_new = 1 WHERE id IN (SELECT id FROM invoices ORDER BY issue_date DESC LIMIT 3)"
    )
    seller = Entity(NIP, "Piekarnia Kowalski sp. z o.o.")
    buyer = Entity("7251801126", "Hurtownia Nowak S.A.")
    for n in range(1, 4):
        spec = InvoiceSpec(
            seller, buyer, f"FS/{n}/11/2026", date.today(), [Line("Chleb żytni", Decimal(40 * n), Decimal("6.50"), "5")]
        )
        mode = OfflineMode.OFFLINE24 if n == 3 else None
        ctx.sender.enqueue(NIP, f"FS-{n}-11-2026.xml", build_invoice(spec), offline_mode=mode)  # type: ignore[attr-defined]
        if n == 2:
            ctx.sender.send(NIP)  # type: ignore[attr-defined]


def pdf_page(panel: object, lang: Lang) -> None:
    """The selected invoice's PDF, first sheet as PNG (poppler's pdftoppm, from scripts/system-deps.sh)."""
    pages = panel._pages()  # type: ignore[attr-defined]
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "invoice.pdf"
        write_pdf(pages, pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                        str(OUT / f"invoice_pdf_page1_{lang}")], check=True)  # fmt: skip
    print(OUT / f"invoice_pdf_page1_{lang}.png")


def main_window(app: QApplication, ctx: object, services: object, lang: Lang) -> None:
    companies = ctx.companies  # type: ignore[attr-defined]
    for nip, name, environment in (
        ("7251801126", "Hurtownia Nowak S.A.", Environment.PROD),
        ("1111111111", "Biuro Rachunkowe Wiśniewska", Environment.DEMO),
        ("5260250274", "Drukarnia Zielińscy s.c.", Environment.TEST),
    ):
        companies.add(nip, environment, name=name)
    companies.set_status("1111111111", ConnectionStatus.REAUTH_NEEDED, ReauthReason.SESSION_REVOKED)
    companies.set_status("5260250274", ConnectionStatus.UNAVAILABLE, OutageReason.UNREACHABLE)
    invoices_and_outbox(ctx)
    window = MainWindow(services)  # type: ignore[arg-type]
    window.show()
    window.select(NIP)
    shot(app, window, "main_window_companies", lang)
    panel = window.invoices_panel
    if panel is not None:
        wait(app, lambda: panel.model.total() > 0)
        window.tabs.setCurrentWidget(panel)
        size = window.size()
        window.resize(1280, 960)
        panel.table.selectRow(1)
        total = "Razem do zapłaty" if lang == "pl" else "Total due"
        wait(app, lambda: total in panel.details.toPlainText())
        shot(app, window, "main_window_invoices", lang)
        pdf_page(panel, lang)
        window.resize(size)
        panel.search.setText("FV/0000")
        wait(app, lambda: panel.model.rowCount() < panel.model.total())
        shot(app, window, "main_window_invoices_filtered", lang)
    today = window.today_panel
    if today is not None:  # what needs doing today, for all companies
        loaded: list[bool] = []
        today.loaded.connect(lambda: loaded.append(True))
        window.tabs.setCurrentWidget(today)
        today.refresh()
        wait(app, lambda: loaded)
        shot(app, window, "main_window_today", lang)
    if window.outbox_panel is not None:
        window.tabs.setCurrentWidget(window.outbox_panel)
        shot(app, window, "main_window_outbox", lang)
        window.show_availability(Availability(Verdict.FAILURE, datetime.now(UTC)))
        shot(app, window, "main_window_ksef_failure", lang)
        window.show_availability(Availability(Verdict.AVAILABLE, datetime.now(UTC)))
    window.tabs.setCurrentIndex(0)
    window.select(NIP)
    credentials = window.open_credentials()
    if credentials is not None:
        shot(app, credentials, "credentials", lang)
        credentials.close()
    signing = window.open_sign_file()
    shot(app, signing, "sign_file", lang)
    signing.close()
    window.tabs.setCurrentIndex(0)
    tray = Tray(lang)
    tray.update(companies.list())
    tray.menu.popup(window.mapToGlobal(window.rect().center()))
    shot(app, tray.menu, "tray_menu", lang)
    tray.menu.hide()
    settings = window.open_settings()
    if settings is not None:
        shot(app, settings, "settings", lang)
        settings.reject()
    if lang == "pl":
        small_screens(app, window, services, lang)
    empty = build_context(str(Path(tempfile.mkdtemp()) / "empty"), lang=lang)
    welcome = MainWindow(UiServices(empty, TaskRunner(), ScriptedDialogs(lang)))
    welcome.show()
    shot(app, welcome, "main_window_welcome", lang)
    empty.close()


def small_screens(app: QApplication, window: MainWindow, services: object, lang: Lang) -> None:
    """The screens a user of a small laptop sees, at 1024×600 and 1280×720 (issue 22)."""
    size = window.size()
    for width, height in ((1024, 600), (1280, 720)):
        suffix = f"{width}x{height}"
        window.resize(width, height)
        window.tabs.setCurrentIndex(0)
        window.select(NIP)
        shot(app, window, f"small_main_window_{suffix}", lang)
        if window.invoices_panel is not None:
            window.tabs.setCurrentWidget(window.invoices_panel)
            shot(app, window, f"small_main_window_invoices_{suffix}", lang)
            window.tabs.setCurrentIndex(0)
        credentials = window.open_credentials()
        if credentials is not None:
            credentials.resize(min(credentials.width(), width), min(credentials.height(), height))
            shot(app, credentials, f"small_credentials_{suffix}", lang)
            credentials.close()
        company = window.selected()
        wizard = AuthWizard(services, parent=window, switch_from=company)  # type: ignore[arg-type]
        wizard.resize(min(wizard.width(), width), min(wizard.height(), height))
        wizard.show()
        wizard.next()
        shot(app, wizard, f"small_wizard_switch_environment_{suffix}", lang)
        wizard.reject()
    window.resize(size)


# --- paper and lists (issue 22): the invoice list, its large preview, the outbox, the invoice and UPO PDFs ---
def paper_and_lists(app: QApplication, folder: Path, lang: Lang = "pl") -> None:
    """The lists at 1024×600 and 1280×720 and the PDFs as a user sees them (lists_*, paper_*)."""
    ctx = build_context(str(folder / f"lists-{lang}"), lang=lang)
    dialogs = ScriptedDialogs(lang)
    runner = TaskRunner()
    services = UiServices(ctx, runner, dialogs)
    try:
        ctx.companies.add(NIP, Environment.SANDBOX, name="Piekarnia Kowalski sp. z o.o.")
        ctx.companies.add("7251801126", Environment.PROD, name="Hurtownia Nowak S.A.")
        invoices_and_outbox(ctx)
        window = MainWindow(services)
        window.show()
        panel, outbox = window.invoices_panel, window.outbox_panel
        assert panel is not None and outbox is not None
        wait(app, lambda: panel.model.total() > 0)
        total = "Razem do zapłaty" if lang == "pl" else "Total due"
        for width, height in ((1024, 600), (1280, 720)):
            suffix = f"{width}x{height}"
            window.resize(width, height)
            window.tabs.setCurrentWidget(panel)
            panel.table.selectRow(1)
            wait(app, lambda: total in panel.details.toPlainText())
            shot(app, window, f"lists_invoices_{suffix}", lang)
            panel.open_preview()
            wait(app, lambda: panel.preview is not None and panel.preview.isVisible())
            preview = panel.preview
            if preview is not None:
                preview.resize(min(preview.width(), width - 40), min(preview.height(), height - 48))
                shot(app, preview, f"lists_invoice_preview_{suffix}", lang)
                preview.close()
            window.tabs.setCurrentWidget(outbox)
            outbox.table.selectRow(1)
            shot(app, window, f"lists_outbox_{suffix}", lang)
        panel.table.selectRow(1)
        pages = panel._pages()
        sender = ctx.sender
        done = next(item for _, item in sender.outbox.listing() if sender.outbox.upo(item.id))
        upo = sender.outbox.upo(done.id)
        assert pages and upo is not None
        with tempfile.TemporaryDirectory() as scratch:
            for name, page in (("paper_invoice", pages[0]), ("paper_upo", upo_page(upo, lang))):
                pdf = Path(scratch) / f"{name}.pdf"
                write_pdf([page], pdf)
                target = OUT / f"{name}_page1_{lang}"
                subprocess.run(["pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                                str(target)], check=True)  # fmt: skip
                print(target.with_suffix(".png").relative_to(OUT.parent.parent))
        window.close()
    finally:
        runner.wait()
        ctx.close()


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        for lang in ("pl", "en"):
            translators = install_translations(app, lang)  # type: ignore[arg-type]
            wizard_pages(app, lang, Path(folder))  # type: ignore[arg-type]
            for translator in translators:
                app.removeTranslator(translator)
    return lists_only()


def lists_only() -> int:
    """python scripts/screenshots.py --lists: only the paper-and-lists shots (Polish)."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    OUT.mkdir(parents=True, exist_ok=True)
    translators = install_translations(app, "pl")
    with tempfile.TemporaryDirectory() as folder:
        paper_and_lists(app, Path(folder))
    for translator in translators:
        app.removeTranslator(translator)
    return 0


if __name__ == "__main__":
    sys.exit(lists_only() if "--lists" in sys.argv else main())
