"""The composition root (ksefdesk/app.py) builds each service once, on first use, and the rules the
window's wiring needs (services/desk_rules.py) decide what ui/launch.py used to."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from ksefdesk.core.errors import KsefError, KsefUnreachable, UserError
from ksefdesk.core.formatting import format_date
from ksefdesk.core.models import Environment
from ksefdesk.core.offline import OfflineMode, add_business_days
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefdesk.core.signing_material import SigningMaterial
from ksefdesk.services.desk_rules import is_outage, preferred_language, reminders
from ksefdesk.services.settings import LANGUAGE, Settings
from ksefdesk.services.store import Database, SettingsRepository
from ksefsandbox.server import SandboxServer
from tests.harness import Desk
from tests.sandbox.kit import invoice_xml

ROOT = Path(__file__).resolve().parent.parent
NIP = "5265877635"
HEAVY = ("requests", "lxml", "signxml", "xmlsec", "ksefsandbox", "ksefdesk.core.signed_file", "ksefdesk.core.preview")


def test_a_context_over_a_data_folder_loads_no_signing_xml_http_or_sandbox_until_asked(tmp_path: Path) -> None:
    script = f"""
import sys
from ksefdesk.app import build_context
ctx = build_context(sys.argv[1], lang="en")
ctx.companies.list(), ctx.settings.get("language"), ctx.secret_store_description()
print(sorted(m for m in {HEAVY!r} if m in sys.modules))
ctx.auth
print(sorted(m for m in ("requests", "signxml") if m in sys.modules))
ctx.close()
"""
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "data")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={**os.environ, "KSEFDESK_SECRETS": "memory"},
    )
    before, after = result.stdout.strip().splitlines()
    assert before == "[]", result.stdout  # the first window needs none of them
    assert after == "['requests', 'signxml']"  # the logins bring them when first used


def test_every_service_is_built_once_and_shares_the_logins(
    tmp_path: Path, start_sandbox: Callable[..., SandboxServer]
) -> None:
    desk = Desk(tmp_path, start_sandbox().base_url)
    try:
        assert desk.receiver.auth is desk.auth and desk.sender.auth is desk.auth and desk.admin.auth is desk.auth
        assert desk.certificates.auth is desk.auth and desk.payments.auth is desk.auth
        assert desk.sender.outbox is desk.outbox and desk.receiver is desk.receiver
        # The silent login is given to the logins when they are built: no setter to forget.
        assert desk.auth.certificate_login == desk.certificate_keys.login_material
    finally:
        desk.close()


def test_the_saved_language_wins_over_the_one_the_app_was_started_in(tmp_path: Path) -> None:
    db = Database(tmp_path / "app.db")
    try:
        settings = SettingsRepository(db)
        assert preferred_language(settings, "pl") == "pl"
        Settings(settings).set(LANGUAGE, "en")
        assert preferred_language(settings, "pl") == "en"
        settings.set(LANGUAGE.key, "de")  # not a language of the app: the started one stays
        assert preferred_language(settings, "pl") == "pl"
    finally:
        db.close()


def test_only_ksef_being_away_makes_the_availability_watcher_look() -> None:
    assert is_outage(KsefUnreachable())
    assert is_outage(KsefError(status=503))  # maintenance or overload: a KsefUnavailable
    assert not is_outage(KsefError(status=400))  # KSeF is there, and refuses
    assert not is_outage(UserError("store.busy"))


def test_reminders_name_offline_invoices_near_their_deadline(
    tmp_path: Path, start_sandbox: Callable[..., SandboxServer]
) -> None:
    desk = Desk(tmp_path, start_sandbox().base_url)
    try:
        desk.companies.add(NIP, Environment.SANDBOX, name="Piekarnia")
        person = self_signed(person_subject(nip=NIP))
        desk.auth.sign_in(NIP, SigningMaterial(person.key, person.certificate))
        assert reminders(desk.companies.list(), desk.auth, desk.certificates, desk.sender, "en") == []
        desk.certificates.enroll(NIP, "Offline")
        xml = invoice_xml(NIP, number="FV/OFF/1", issue_date=date.today())
        desk.sender.enqueue(NIP, "FV-OFF.xml", xml, offline_mode=OfflineMode.OFFLINE24)
        due = format_date(add_business_days(date.today(), 1), "en")
        found = reminders(desk.companies.list(), desk.auth, desk.certificates, desk.sender, "en")
        assert found == [f"Piekarnia: offline invoices to send to KSeF by {due}: 1."]
    finally:
        desk.close()
