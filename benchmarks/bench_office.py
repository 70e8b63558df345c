"""auth (office part): an accounting office logging in to 50 client contexts with its one KSeF
certificate (sandbox without rate pacing: the app's own cost per client login), and the longest GUI
stall while the office window checks those clients in the background (target < 50 ms)."""

from __future__ import annotations

import os
import random
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ksefdesk.app import AppContext

OFFICE = "7251801126"
CLIENTS = 50


@contextmanager
def office_with_clients(count: int = CLIENTS) -> Iterator[tuple[AppContext, list[str]]]:
    """A sandbox and an app whose office holds its KSeF certificate and ``count`` clients that granted it
    InvoiceRead and InvoiceWrite (the sandbox's own grant records, as /permissions/entities/grants makes)."""
    from ksefdesk.app import AppContext, Timing
    from ksefdesk.core.models import Environment
    from ksefdesk.core.nip import random_nip
    from ksefdesk.core.redaction import Redactor
    from ksefdesk.core.self_signed import person_subject, self_signed
    from ksefdesk.core.signing_material import SigningMaterial
    from ksefdesk.services.ksef.api import KsefApi
    from ksefdesk.services.ksef.http import KsefHttp, RateLimiter
    from ksefdesk.services.secrets import MemorySecretStore
    from ksefdesk.services.store import Database
    from ksefsandbox.api_auth import grant_permissions
    from ksefsandbox.app import SandboxConfig
    from ksefsandbox.server import SandboxServer

    rng = random.Random(2027)
    clients = sorted({random_nip(rng) for _ in range(count * 2)} - {OFFICE})[:count]
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        server = SandboxServer(folder / "sandbox", config=SandboxConfig(rate_scale=0)).start()
        db = Database(folder / "app.db")
        apis: dict[str, KsefApi] = {}
        limiter = RateLimiter(scale=0)

        def api_for(company: object) -> KsefApi:
            nip = getattr(company, "nip", "")
            return apis.setdefault(nip, KsefApi(KsefHttp(server.base_url, limiter, scope=nip)))

        ctx = AppContext(
            db, lang="en", secrets=MemorySecretStore(Redactor()), api_for=api_for,
            timing=Timing(poll_interval_s=0.02, certificate_poll_s=0.05),
        )  # fmt: skip
        try:
            ctx.companies.add(OFFICE, Environment.SANDBOX, name="Biuro Rachunkowe Bilans")
            owner = self_signed(person_subject(nip=OFFICE), kind="ec")
            ctx.auth.sign_in(OFFICE, SigningMaterial(owner.key, owner.certificate))
            ctx.certificates.enroll(OFFICE)
            for nip in clients:
                ctx.companies.add(nip, Environment.SANDBOX, name=f"Klient {nip}")
                grant_permissions(
                    server.sandbox,
                    {"contextNip": nip, "subjectType": "Nip", "subjectValue": OFFICE,
                     "permissions": ["InvoiceRead", "InvoiceWrite"]},
                )  # fmt: skip
                ctx.office.use_office(nip, OFFICE)
            yield ctx, clients
        finally:
            ctx.close()
            server.stop()


def office_login_50_clients_s() -> float:
    with office_with_clients() as (ctx, clients):
        started = time.perf_counter()
        found = ctx.office.check_clients(OFFICE)
        elapsed = time.perf_counter() - started
        assert len(found) == len(clients) and all(a.granted for a in found), [a.error for a in found if a.error]
        return elapsed


def office_gui_max_stall_ms() -> float:
    """The longest GUI-thread stall while the office window (``OfficeDialog``) checks the 50 clients:
    from the click on "Check the clients" until the results are in the table."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from benchmarks.timing import StallRecorder
    from ksefdesk.services.tasks import TaskRunner
    from ksefdesk.ui.dialogs import Dialogs
    from ksefdesk.ui.office_dialog import OfficeDialog
    from ksefdesk.ui.ui_services import UiServices

    app = QApplication.instance() or QApplication([])
    with office_with_clients() as (ctx, clients):
        runner = TaskRunner()
        dialog = OfficeDialog(UiServices(ctx, runner, Dialogs("en")))
        dialog.show()
        app.processEvents()
        stalls = StallRecorder()
        stalls.start()
        dialog.check_button.click()
        end = time.monotonic() + 120
        while (dialog.handle is not None or not dialog.results) and time.monotonic() < end:
            app.processEvents()
            time.sleep(0.001)
        longest = stalls.stop()
        granted = [a for a in dialog.results.values() if a.granted]
        assert len(granted) == len(clients), f"{len(granted)} of {len(clients)} clients checked in 120 s"
        runner.wait()
        dialog.close()
        return longest


def run() -> list[tuple[str, float, str]]:
    return [
        ("office_login_50_clients_s", office_login_50_clients_s(), "s"),
        ("office_gui_max_stall_ms", office_gui_max_stall_ms(), "ms"),
    ]
