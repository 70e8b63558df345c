"""Error 21184 "Sesja tymczasowo niedostępna" (API 2.8.0): KSeF pauses an online session for maintenance
and refuses the invoice sent there. The app opens a new session and sends what was not taken, each
invoice exactly once in KSeF, with its KSeF number and UPO; also when the process is killed right after
the 21184. The sandbox's `session_unavailable_after` fault makes it happen on purpose."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from benchmarks.crash import NIP as CRASH_NIP
from benchmarks.crash import CliUnderTest, sales_invoices
from ksefdesk.core.errors import UserError
from ksefdesk.core.schemas import UPO_NS
from ksefdesk.services.send import OutboxState
from ksefsandbox.app import SandboxConfig
from ksefsandbox.seed import login_kit
from ksefsandbox.server import SandboxServer
from tests.sandbox.kit import Client, admin, invoice_xml
from tests.services.test_send import NIP, Desk

ServerFactory = Callable[..., SandboxServer]


@pytest.fixture
def server(start_sandbox: ServerFactory) -> SandboxServer:
    return start_sandbox()


@pytest.fixture
def desk(tmp_path: Path, server: SandboxServer) -> Iterator[Desk]:
    app = Desk(tmp_path, server)
    yield app
    app.db.close()


def _queue(desk: Desk, count: int, prefix: str) -> list[str]:
    numbers = [f"{prefix}/{n}" for n in range(1, count + 1)]
    for number in numbers:
        desk.sender.enqueue(NIP, number.replace("/", "-") + ".xml", invoice_xml(NIP, number=number))
    return numbers


def _ksef_side(server: SandboxServer, nip: str) -> list[Any]:
    return server.sandbox.state.all(
        "SELECT invoice_number, invoice_hash, ksef_number, session_ref FROM invoices"
        " WHERE seller_nip = ? AND status_code = 200 ORDER BY session_ref, ordinal",
        (nip,),
    )


def _each_once(server: SandboxServer, nip: str, numbers: list[str]) -> list[Any]:
    """Every invoice accepted exactly once: counted by number and by hash on the sandbox's side."""
    rows = _ksef_side(server, nip)
    assert sorted(r["invoice_number"] for r in rows) == sorted(numbers)
    assert len({r["invoice_hash"] for r in rows}) == len(rows) == len(numbers)
    everything = server.sandbox.state.all("SELECT invoice_hash FROM invoices WHERE seller_nip = ?", (nip,))
    assert len(everything) == len(numbers)  # nothing refused or duplicated on the way either
    return rows


def _online_sessions(server: SandboxServer, nip: str) -> list[Any]:
    return server.sandbox.state.all(
        "SELECT ref, status_code, upo_ref FROM sessions WHERE context_value = ? AND kind = 'online' ORDER BY rowid",
        (nip,),
    )


def test_a_session_paused_mid_run_sends_the_rest_in_a_new_one_each_once(desk: Desk, server: SandboxServer) -> None:
    numbers = _queue(desk, 10, "FV/PRZERWA")
    server.sandbox.faults.session_unavailable_after = 4  # the 5th invoice meets 21184
    summary = desk.sender.send(NIP)
    assert len(summary.done) == 10 and not summary.upo_pending and not summary.rejected
    rows = _each_once(server, NIP, numbers)
    by_session: dict[str, list[str]] = {}
    for row in rows:
        by_session.setdefault(row["session_ref"], []).append(row["invoice_number"])
    sessions = _online_sessions(server, NIP)
    assert len(sessions) == 2
    first, second = (by_session[s["ref"]] for s in sessions)
    assert (len(first), len(second)) == (4, 6) and sorted(first + second) == sorted(numbers)
    assert all(s["status_code"] == 200 and s["upo_ref"] for s in sessions)  # the paused one was closed too
    ksef = {r["invoice_number"]: (r["ksef_number"], r["session_ref"]) for r in rows}
    for item in summary.done:
        assert (item.ksef_number, item.session_ref) == ksef[item.invoice_number]
        upo = desk.outbox.upo(item.id)
        assert upo is not None
        root = etree.fromstring(upo)
        assert root.findtext(f"{{{UPO_NS}}}NumerReferencyjnySesji") == item.session_ref
        assert item.ksef_number in {e.text for e in root.iter(f"{{{UPO_NS}}}NumerKSeFDokumentu")}
    desk.sender.send(NIP)  # a second run has nothing to send
    _each_once(server, NIP, numbers)


def test_a_session_paused_before_its_first_invoice_is_replaced_once(desk: Desk, server: SandboxServer) -> None:
    numbers = _queue(desk, 3, "FV/OD-RAZU")
    server.sandbox.faults.session_unavailable_after = 0  # the very first send meets 21184
    summary = desk.sender.send(NIP)
    assert len(summary.done) == 3
    _each_once(server, NIP, numbers)
    first, second = _online_sessions(server, NIP)
    assert first["status_code"] == 440  # closed with nothing in it ("Nie przesłano faktur")
    assert second["status_code"] == 200 and {i.session_ref for i in summary.done} == {second["ref"]}


def test_when_new_sessions_are_paused_too_the_rest_waits_queued_and_goes_once_later(
    desk: Desk, server: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    numbers = _queue(desk, 10, "FV/SERWIS")
    api = desk.sender._api_for(desk.companies.get(NIP))
    real_open = api.open_online_session
    opened: list[str] = []

    def open_during_maintenance(*args: Any, **kwargs: Any) -> str:
        session = real_open(*args, **kwargs)
        opened.append(session)
        # the first session takes 3; every later one is paused before it takes anything
        server.sandbox.faults.session_unavailable_after = 3 if len(opened) == 1 else 0
        return session

    monkeypatch.setattr(api, "open_online_session", open_during_maintenance)
    with pytest.raises(UserError) as caught:
        desk.sender.send(NIP)
    assert caught.value.code == "send.session_unavailable" and caught.value.params["count"] == 7
    assert "przerwę serwisową" in caught.value.message("pl") and "7" in caught.value.message("pl")
    assert len(opened) == 2  # a fresh session that takes nothing means maintenance: no endless reopening
    items = desk.outbox.items(desk.companies.get(NIP).id)
    states = [i.state for i in items]
    assert states.count(OutboxState.DONE) == 3 and states.count(OutboxState.QUEUED) == 7, states
    assert all(i.session_ref is None for i in items if i.state is OutboxState.QUEUED)
    monkeypatch.undo()
    server.sandbox.faults.session_unavailable_after = -1  # maintenance over
    summary = desk.sender.send(NIP)
    assert len(summary.done) == 10
    _each_once(server, NIP, numbers)


def test_the_fault_answers_21184_as_the_contract_says_and_only_in_the_paused_session(server: SandboxServer) -> None:
    assert admin(server, "faults", {"session_unavailable_after": True}).status_code == 400
    assert admin(server, "faults", {"session_unavailable_after": -2}).status_code == 400
    assert admin(server, "faults", {"session_unavailable_after": 1}).status_code == 200
    seller = Client(server.base_url).login_xades(NIP)  # every request and answer checked against the contract
    paused = seller.open_session()
    seller.send_ok(paused, invoice_xml(NIP))
    refused = seller.send(paused, invoice_xml(NIP))
    assert refused.status_code == 400
    detail = refused.json()["exception"]["exceptionDetailList"][0]
    assert detail["exceptionCode"] == 21184 and detail["exceptionDescription"] == "Sesja tymczasowo niedostępna."
    assert paused.ref in detail["details"][0]
    assert seller.send(paused, invoice_xml(NIP)).status_code == 400  # it stays paused
    assert admin(server, "faults", method="GET").json()["session_unavailable_after"] == -1
    fresh = seller.open_session()
    seller.send_ok(fresh, invoice_xml(NIP))
    seller.send_ok(fresh, invoice_xml(NIP))
    assert seller.post(f"/sessions/online/{paused.ref}/close").status_code == 204
    status = seller.get(f"/sessions/{paused.ref}").json()
    assert status["status"]["code"] == 200 and status["successfulInvoiceCount"] == 1


@pytest.mark.slow
@pytest.mark.parametrize("point", ["send.online.unavailable", "send.online.requeued"])
def test_a_kill_right_after_21184_still_sends_every_invoice_once(
    point: str, start_sandbox: ServerFactory, tmp_path: Path
) -> None:
    """The real CLI, SIGKILLed right after KSeF's 21184 (before and after the outbox records it)."""
    server = start_sandbox(SandboxConfig(rate_scale=0, token_activation_s=0.05))

    class Kit:
        base_url = server.base_url
        ksef_token = login_kit(server.sandbox, CRASH_NIP).ksef_token

    cli = CliUnderTest(tmp_path / "app", Kit())
    files = [str(p) for p in sales_invoices(tmp_path / "out", 10)]  # 10: an online session, not a batch
    server.sandbox.faults.session_unavailable_after = 4
    assert cli.crash_at(point, "send", "--nip", CRASH_NIP, *files) == -9, f"{point} was not reached"
    cli.run("send", "--nip", CRASH_NIP, *files)  # the restart, with the same files: nothing queued twice
    rows = _each_once(server, CRASH_NIP, [f"FV/AWARIA/{n:04d}" for n in range(1, 11)])
    assert len({r["session_ref"] for r in rows}) == 2  # 4 in the paused session, 6 in a new one
    outbox = cli.outbox()
    assert len(outbox) == 10 and all(has_upo for _, _, has_upo in outbox)
    assert {k for _, k, _ in outbox} == {r["ksef_number"] for r in rows}
