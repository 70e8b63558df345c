"""Receiving and sending through the sandbox's faults: 10 % server errors, 429 bursts, 2 s latency,
dropped connections, a KSeF token and session revoked mid-sync, a maintenance window. Every run ends
with every invoice present exactly once (received, and sent with its UPO), and the company's state says
what is true meanwhile. The scheduler's role (trying again later) is played by a bounded retry loop."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ksefdesk.core.errors import UserError
from ksefdesk.core.models import ConnectionStatus, Environment
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefdesk.core.signing_material import SigningMaterial
from ksefdesk.core.status import ReauthReason
from ksefdesk.services.ksef.http import RateLimiter
from ksefdesk.services.send import OutboxState
from ksefsandbox.api_auth import revoke_operation
from ksefsandbox.app import SandboxConfig
from ksefsandbox.seed import login_kit, seed_invoices
from ksefsandbox.server import SandboxServer
from tests import harness
from tests.sandbox.kit import invoice_xml

pytestmark = pytest.mark.slow
NIP = "5265877635"
PERSON = self_signed(person_subject(nip=NIP))


class Desk(harness.Desk):
    def __init__(self, folder: Path, server: SandboxServer) -> None:
        self.server = server
        super().__init__(folder, server.base_url, limiter=RateLimiter(scale=0), since_days=70)
        self.companies.add(NIP, Environment.SANDBOX)
        self.auth.login_with_token(NIP, login_kit(server.sandbox, NIP).ksef_token)

    def until_done(self, work: Callable[[], Any], attempts: int = 12) -> tuple[Any, list[str]]:
        """What the scheduler does: try, and on a failure try again later. Returns (result, failures)."""
        failures: list[str] = []
        for _ in range(attempts):
            try:
                return work(), failures
            except UserError as exc:
                failures.append(exc.code)
        raise AssertionError(f"never finished: {failures}")

    def expected(self) -> set[str]:
        rows = self.server.sandbox.state.all(
            "SELECT ksef_number FROM invoices WHERE status_code = 200 AND (buyer_value = ? OR id IN"
            " (SELECT invoice_id FROM third_subjects WHERE value = ?))",
            (NIP, NIP),
        )
        return {r["ksef_number"] for r in rows}

    def check_complete(self, sent: list[str]) -> None:
        local = [i.ksef_number for i in self.invoices.list(self.companies.get(NIP).id)]
        assert len(local) == len(set(local)) and set(local) == self.expected()  # received: all, once
        rows = self.server.sandbox.state.all(
            "SELECT invoice_number FROM invoices WHERE seller_nip = ? AND status_code = 200", (NIP,)
        )
        assert sorted(r["invoice_number"] for r in rows) == sorted(sent)  # sent: all, once
        items = self.outbox.items(self.companies.get(NIP).id)
        assert all(i.state is OutboxState.DONE for i in items), [(i.invoice_number, i.state) for i in items]


@pytest.fixture
def make(tmp_path: Path, start_sandbox: Callable[..., SandboxServer]) -> Iterator[Callable[..., Desk]]:
    desks: list[Desk] = []

    def build(**config: Any) -> Desk:
        server = start_sandbox(SandboxConfig(rate_scale=0, token_activation_s=0.05, max_truncation=40, **config))
        seed_invoices(server.sandbox, NIP, 90, months=2)
        desk = Desk(tmp_path / f"desk{len(desks)}", server)
        desks.append(desk)
        return desk

    yield build
    for desk in desks:
        desk.db.close()


def _queue(desk: Desk, count: int, tag: str) -> list[str]:
    numbers = [f"FV/{tag}/{n}" for n in range(count)]
    for number in numbers:
        desk.sender.enqueue(NIP, f"{number.replace('/', '-')}.xml", invoice_xml(NIP, number=number))
    return numbers


@pytest.mark.parametrize(
    "faults",
    [
        pytest.param({"error_rate": 0.1}, id="10%-5xx"),
        pytest.param({"drop_rate": 0.1}, id="dropped-connections"),
    ],
)
def test_server_errors_and_dropped_connections(faults: dict[str, float], make: Callable[..., Desk]) -> None:
    desk = make()
    sent = _queue(desk, 4, "ON") + _queue(desk, 22, "BATCH")  # 26 queued: one batch package
    desk.server.sandbox.faults.update(faults)
    desk.until_done(lambda: desk.receiver.sync(NIP))
    desk.until_done(lambda: desk.sender.send(NIP))
    desk.server.sandbox.faults.update({"error_rate": 0.0, "drop_rate": 0.0})
    desk.check_complete(sent)


def test_a_burst_of_429s_is_waited_out(make: Callable[..., Desk]) -> None:
    desk = make()
    sent = _queue(desk, 3, "RL")
    desk.server.sandbox.faults.update({"burst_429": 3})
    _, failures = desk.until_done(lambda: desk.receiver.sync(NIP))
    assert failures == []  # a short burst: waited out inside the run (Retry-After), nothing failed
    desk.server.sandbox.faults.update({"burst_429": 12})  # longer than one request's retries
    _, failures = desk.until_done(lambda: desk.sender.send(NIP))
    assert failures and set(failures) == {"ksef.rate_limited"}  # said plainly, then caught up
    desk.check_complete(sent)


def test_two_seconds_of_latency(make: Callable[..., Desk]) -> None:
    desk = make()
    sent = _queue(desk, 2, "LAT")
    desk.server.sandbox.faults.update({"latency_s": 2.0})
    desk.until_done(lambda: (desk.receiver.sync(NIP), desk.sender.send(NIP)))
    desk.server.sandbox.faults.update({"latency_s": 0.0})
    desk.check_complete(sent)


def test_a_maintenance_window_is_reported_then_caught_up(make: Callable[..., Desk]) -> None:
    desk = make()
    sent = _queue(desk, 3, "MNT")
    desk.auth.forget_access_token(NIP)  # the next call must reach KSeF
    desk.server.sandbox.faults.update({"maintenance": True})
    with pytest.raises(UserError) as caught:
        desk.receiver.sync(NIP)
    assert caught.value.code == "ksef.unavailable"  # at once (Retry-After 60 s is not waited in the run)
    assert desk.companies.get(NIP).status is ConnectionStatus.UNAVAILABLE  # what the user sees: KSeF down
    desk.server.sandbox.faults.update({"maintenance": False})
    desk.until_done(lambda: (desk.receiver.sync(NIP), desk.sender.send(NIP)))
    assert desk.companies.get(NIP).status is ConnectionStatus.CONNECTED
    desk.check_complete(sent)


def test_a_token_and_session_revoked_mid_sync(make: Callable[..., Desk]) -> None:
    desk = make(access_token_ttl_s=2.0)  # the access token ends during the sync: renewal is needed
    company = desk.companies.get(NIP)
    revoked: list[bool] = []

    def revoke_once(progress: object) -> None:
        if revoked:
            return
        revoked.append(True)
        for row in desk.server.sandbox.state.all("SELECT ref FROM auth_operations WHERE context_value = ?", (NIP,)):
            revoke_operation(desk.server.sandbox, row["ref"])  # the sessions (refresh tokens)
        desk.server.sandbox.state.execute("UPDATE ksef_tokens SET status = 'Revoked' WHERE context_value = ?", (NIP,))
        desk.auth.forget_access_token(NIP)

    with pytest.raises(UserError) as caught:
        desk.receiver.sync(NIP, progress=revoke_once)
    assert caught.value.code == "auth.reauth_needed"
    state = desk.companies.get(NIP)
    assert state.status is ConnectionStatus.REAUTH_NEEDED and isinstance(state.status_reason, ReauthReason)
    kept = desk.invoices.count(company.id)
    assert 0 < kept < len(desk.expected())  # what arrived before is kept
    desk.auth.sign_in(NIP, SigningMaterial(PERSON.key, PERSON.certificate))  # the user signs again
    desk.receiver.sync(NIP)
    desk.check_complete([])
