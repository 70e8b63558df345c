"""SIGKILL at 42 named points of sending, receiving, authorizing, certificate enrollment and database
migration (the real CLI in a child process, killed as a power cut would), then a restart: nothing lost,
nothing sent twice, no half-stored authorization, an intact database. Each point must really be reached
(the killed run ends with -9), so a point that moved away from its step fails here."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from benchmarks.crash import NIP, CliUnderTest, sales_invoices
from ksefdesk.services.store import Database
from ksefdesk.services.store.migrations import LATEST_VERSION
from ksefsandbox.app import SandboxConfig
from ksefsandbox.seed import login_kit, seed_invoices
from ksefsandbox.server import SandboxServer

pytestmark = pytest.mark.slow
KILLED = -9

SEND_ONLINE = [
    "send.online.session_opened",
    "send.online.recorded_sending",
    "send.online.posted",
    "send.online.recorded_sent",
    "send.online.session_closed",
    "send.accepted_before_upo",
    "send.upo_stored",
]
SEND_BATCH = [
    "send.batch.session_opened",
    "send.batch.recorded_sending",
    "send.batch.part_uploaded",
    "send.batch.session_closed",
    "send.batch.processed",
]
SYNC = [
    "sync.export_started",
    "sync.export_ready",
    "sync.downloaded",
    "sync.before_store",
    "sync.stored",
    "sync.subject_done.Subject2",
    "sync.subject_done.Subject1",
    "sync.subject_done.Subject3",
]
AUTH = ["auth.xades_submitted", "auth.verified_before_redeem", "auth.redeemed", "auth.secrets_stored"]
CERT = ["cert.enrollment_submitted", "cert.key_stored"]
MIGRATION = ["migration.backed_up", *(f"migration.applied_{v}" for v in range(2, LATEST_VERSION + 1))]
INVOICE = ["invoice.number_taken", "invoice.issued"]
ALL_POINTS = SEND_ONLINE + SEND_BATCH + SYNC + AUTH + CERT + MIGRATION + INVOICE


def test_there_are_at_least_30_distinct_points() -> None:
    assert len(set(ALL_POINTS)) == len(ALL_POINTS) >= 30


@dataclass
class Kit:
    base_url: str
    ksef_token: str


@pytest.fixture
def server(start_sandbox: Callable[..., SandboxServer]) -> SandboxServer:
    return start_sandbox(SandboxConfig(rate_scale=0, max_truncation=60, token_activation_s=0.05))


def _kit(server: SandboxServer) -> Kit:
    return Kit(server.base_url, login_kit(server.sandbox, NIP).ksef_token)


def _integrity(data: Path) -> None:
    with sqlite3.connect(data / "ksefdesk.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.parametrize("point", SEND_ONLINE + SEND_BATCH)
def test_sending_survives_a_kill(point: str, server: SandboxServer, tmp_path: Path) -> None:
    cli = CliUnderTest(tmp_path / "app", _kit(server))
    count = 25 if point.startswith("send.batch") else 3  # more than 20 go as one batch package
    files = [str(p) for p in sales_invoices(tmp_path / "out", count)]
    assert cli.crash_at(point, "send", "--nip", NIP, *files) == KILLED, f"{point} was not reached"
    _integrity(cli.data)
    cli.run("send", "--nip", NIP, *files)  # the restart (the same files again: nothing queued twice)
    rows = server.sandbox.state.all(
        "SELECT invoice_number, ksef_number FROM invoices WHERE seller_nip = ? AND status_code = 200", (NIP,)
    )
    numbers = [r["invoice_number"] for r in rows]
    assert sorted(numbers) == sorted(f"FV/AWARIA/{n:04d}" for n in range(1, count + 1))  # each exactly once
    outbox = cli.outbox()
    assert len(outbox) == count and all(has_upo for _, _, has_upo in outbox)
    assert {k for _, k, _ in outbox} == {r["ksef_number"] for r in rows}


def _invoice_file(folder: Path) -> Path:
    model = {
        "issueDate": date.today().isoformat(),
        "seller": {
            "nip": NIP,
            "name": "Piekarnia Testowa",
            "address1": "ul. Chlebowa 1",
            "address2": "00-001 Warszawa",
        },
        "buyer": {"idType": "NIP", "id": "7251801126", "name": "Hurtownia", "address1": "ul. Handlowa 2"},
        "lines": [{"name": "Chleb", "quantity": "3", "unitPrice": "4.50", "rate": "5"}],
    }
    path = folder / "invoice.json"
    path.write_text(json.dumps(model), encoding="utf-8")
    return path


@pytest.mark.parametrize("point", [*INVOICE, "send.online.posted"])
def test_numbering_survives_a_kill_between_issue_and_sent(point: str, server: SandboxServer, tmp_path: Path) -> None:
    """Killed while an invoice is numbered, queued or sent: after the restart every number of the series is
    in KSeF exactly once, without a gap."""
    cli = CliUnderTest(tmp_path / "app", _kit(server))
    source = str(_invoice_file(tmp_path))
    cli.run("invoice", "series", "--nip", NIP, "--pattern", "A/{nr}/{YYYY}", "--reset", "yearly")
    cli.run("invoice", "new", "--nip", NIP, "--from", source)
    assert cli.crash_at(point, "invoice", "new", "--nip", NIP, "--from", source) == KILLED, f"{point} not reached"
    _integrity(cli.data)
    cli.run("send", "--nip", NIP)  # the restart resumes the outbox
    cli.run("invoice", "new", "--nip", NIP, "--from", source)
    rows = server.sandbox.state.all(
        "SELECT invoice_number FROM invoices WHERE seller_nip = ? AND status_code = 200", (NIP,)
    )
    numbers = sorted(int(r["invoice_number"].split("/")[1]) for r in rows)
    assert numbers == list(range(1, len(numbers) + 1)), numbers  # no gap, none twice
    assert len(numbers) == (2 if point == "invoice.number_taken" else 3)
    outbox = cli.outbox()
    assert sorted(n for n, _, _ in outbox) == sorted(r["invoice_number"] for r in rows)


@pytest.mark.parametrize("point", SYNC)
def test_receiving_survives_a_kill(point: str, server: SandboxServer, tmp_path: Path) -> None:
    seed_invoices(server.sandbox, NIP, 200, months=2)
    cli = CliUnderTest(tmp_path / "app", _kit(server))
    assert cli.crash_at(point, "sync", "--nip", NIP) == KILLED, f"{point} was not reached"
    _integrity(cli.data)
    cli.run("sync", "--nip", NIP)
    local = [row["ksefNumber"] for row in json.loads(cli.run("invoices", "--nip", NIP, "--json"))]
    expected = {
        r["ksef_number"]
        for r in server.sandbox.state.all(
            "SELECT ksef_number FROM invoices WHERE status_code = 200 AND (buyer_value = ? OR id IN"
            " (SELECT invoice_id FROM third_subjects WHERE value = ?))",
            (NIP, NIP),
        )
    }
    assert len(local) == len(set(local)) and set(local) == expected


@pytest.mark.parametrize("point", AUTH)
def test_authorization_is_never_half_stored(point: str, server: SandboxServer, tmp_path: Path) -> None:
    cli = CliUnderTest(tmp_path / "app", _kit(server), login=False)
    kit = login_kit(server.sandbox, NIP)
    sign = ("auth", "sign", "--nip", NIP, "--cert", str(kit.certificate_file), "--key", str(kit.key_file))
    assert cli.crash_at(point, *sign) == KILLED, f"{point} was not reached"
    _integrity(cli.data)
    state = json.loads(cli.run("status", "--json", "--offline"))[0]
    # either nothing was recorded (the user signs again) or everything was: never tokens without a record
    assert state["status"] in ("not_authorized", "connected"), state
    cli.run(*sign)
    assert json.loads(cli.run("status", "--json"))[0]["status"] == "connected"


@pytest.mark.parametrize("point", CERT)
def test_certificate_enrollment_is_never_half_stored(point: str, server: SandboxServer, tmp_path: Path) -> None:
    cli = CliUnderTest(tmp_path / "app", _kit(server), login=False)
    kit = login_kit(server.sandbox, NIP)
    cli.run("auth", "sign", "--nip", NIP, "--cert", str(kit.certificate_file), "--key", str(kit.key_file))
    assert cli.crash_at(point, "cert", "enroll", "--nip", NIP) == KILLED, f"{point} was not reached"
    _integrity(cli.data)
    assert json.loads(cli.run("cert", "list", "--nip", NIP, "--json")) == []  # no certificate without its key
    cli.run("cert", "enroll", "--nip", NIP)
    (listed,) = json.loads(cli.run("cert", "list", "--nip", NIP, "--json"))
    assert listed["status"] == "Active"


@pytest.mark.parametrize("point", MIGRATION)
def test_a_migration_killed_midway_leaves_the_old_database_intact(point: str, tmp_path: Path) -> None:
    data = tmp_path / "app"
    old = Database(data / "ksefdesk.db", target_version=1)
    old.connection().execute(
        "INSERT INTO companies (nip, name, environment, base_url, created_at, updated_at) VALUES"
        " (?, 'Stara firma', 'test', 'https://api-test.ksef.mf.gov.pl/v2', '2026-01-01T00:00:00+00:00',"
        " '2026-01-01T00:00:00+00:00')",
        (NIP,),
    )
    old.close()
    cli = CliUnderTest.__new__(CliUnderTest)  # no sandbox: only the database matters here
    cli.data, cli.env = data, {**CliUnderTest.base_env(), "KSEFDESK_SECRETS": "memory"}
    assert cli.crash_at(point, "company", "list", "--json") == KILLED, f"{point} was not reached"
    _integrity(data)
    with sqlite3.connect(data / "ksefdesk.db") as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1  # all or nothing
    companies = json.loads(cli.run("company", "list", "--json"))
    assert [c["nip"] for c in companies] == [NIP] and companies[0]["name"] == "Stara firma"
    with sqlite3.connect(data / "ksefdesk.db") as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
