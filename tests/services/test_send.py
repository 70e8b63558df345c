"""Sending sales invoices through the outbox: every invoice once, with its KSeF number and UPO."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from lxml import etree

from ksefdesk.core.errors import UserError
from ksefdesk.core.models import Environment
from ksefdesk.core.numbers import is_valid_ksef_number
from ksefdesk.core.schemas import upo_schema
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefdesk.core.signing_material import SigningMaterial
from ksefdesk.services.send import OutboxState
from ksefsandbox.server import SandboxServer
from tests import harness
from tests.sandbox.kit import invoice_xml

NIP = "5265877635"


class Desk(harness.Desk):
    def __init__(self, folder: Path, server: SandboxServer) -> None:
        super().__init__(folder, server.base_url)
        self.companies.add(NIP, Environment.SANDBOX)
        person = self_signed(person_subject(nip=NIP))
        self.auth.sign_in(NIP, SigningMaterial(person.key, person.certificate))


@pytest.fixture
def server(start_sandbox: Callable[..., SandboxServer]) -> SandboxServer:
    return start_sandbox()


@pytest.fixture
def desk(tmp_path: Path, server: SandboxServer) -> Iterator[Desk]:
    app = Desk(tmp_path, server)
    yield app
    app.db.close()


def _accepted_in_ksef(server: SandboxServer, number: str) -> int:
    row = server.sandbox.state.one(
        "SELECT COUNT(*) AS n FROM invoices WHERE seller_nip = ? AND invoice_number = ? AND status_code = 200",
        (NIP, number),
    )
    return int(row["n"]) if row else 0


def test_invoices_are_sent_once_with_ksef_number_and_upo(desk: Desk, server: SandboxServer) -> None:
    files = {f"FV/{n}/11/2026": invoice_xml(NIP, number=f"FV/{n}/11/2026") for n in range(1, 6)}
    for number, xml in files.items():
        desk.sender.enqueue(NIP, number.replace("/", "-") + ".xml", xml)
    summary = desk.sender.send(NIP)
    assert len(summary.done) == 5 and not summary.rejected and not summary.upo_pending
    for item in summary.done:
        assert item.ksef_number and is_valid_ksef_number(item.ksef_number)
        upo = desk.outbox.upo(item.id)
        assert upo is not None and upo_schema().validate(etree.fromstring(upo))
    # the same files again: the same outbox items, nothing new in KSeF
    for xml in files.values():
        assert desk.sender.enqueue(NIP, "again.xml", xml)[1].state is OutboxState.DONE
    desk.sender.send(NIP)
    assert all(_accepted_in_ksef(server, number) == 1 for number in files)


def test_a_crash_between_sending_and_recording_sends_nothing_twice(
    desk: Desk, server: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk.sender.enqueue(NIP, "a.xml", invoice_xml(NIP, number="FV/CRASH/1"))
    real_update = desk.outbox.update

    def crash_after_post(item_id: int, **values: object) -> None:
        if values.get("state") is OutboxState.SENT:
            raise KeyboardInterrupt  # the process dies right after KSeF took the invoice
        real_update(item_id, **values)

    monkeypatch.setattr(desk.outbox, "update", crash_after_post)
    with pytest.raises(KeyboardInterrupt):
        desk.sender.send(NIP)
    monkeypatch.undo()
    assert desk.outbox.items(desk.companies.get(NIP).id)[0].state is OutboxState.SENDING
    summary = desk.sender.send(NIP)  # the restart finds the invoice in its session by hash: not sent again
    assert len(summary.done) == 1 and summary.done[0].ksef_number
    assert _accepted_in_ksef(server, "FV/CRASH/1") == 1
    original = server.sandbox.state.one(
        "SELECT ksef_number FROM invoices WHERE invoice_number = 'FV/CRASH/1' AND status_code = 200"
    )
    assert original is not None and summary.done[0].ksef_number == original["ksef_number"]


def test_bad_files_are_refused_before_queueing(desk: Desk) -> None:
    broken = invoice_xml(NIP).replace(b"<P_1>", b"<P_1>31.")
    with pytest.raises(UserError) as caught:
        desk.sender.enqueue(NIP, "zla.xml", broken)
    assert caught.value.code == "send.invalid_invoice"
    assert "P_1 (data wystawienia)" in caught.value.message("pl") and "P_1 (issue date)" in caught.value.message("en")
    with pytest.raises(UserError) as caught:
        desk.sender.enqueue(NIP, "cudza.xml", invoice_xml("7251801126"))
    assert caught.value.code == "send.wrong_seller" and "7251801126" in caught.value.message("en")
    assert desk.outbox.items(desk.companies.get(NIP).id) == []


def _sent_once_each(server: SandboxServer, numbers: list[str]) -> None:
    rows = server.sandbox.state.all(
        "SELECT invoice_number, COUNT(*) AS n FROM invoices WHERE seller_nip = ? AND status_code = 200"
        " GROUP BY invoice_number",
        (NIP,),
    )
    assert {r["invoice_number"]: r["n"] for r in rows} == dict.fromkeys(numbers, 1)


def _queue(desk: Desk, count: int, prefix: str) -> list[str]:
    numbers = [f"{prefix}/{n}" for n in range(1, count + 1)]
    for number in numbers:
        desk.sender.enqueue(NIP, number.replace("/", "-") + ".xml", invoice_xml(NIP, number=number))
    return numbers


def test_many_invoices_go_as_one_batch_package_in_parts(desk: Desk, server: SandboxServer) -> None:
    desk.sender.batch_from, desk.sender.part_bytes = 20, 500  # TarGz: ~1.3 KB
    numbers = _queue(desk, 30, "FV/BATCH")
    summary = desk.sender.send(NIP)
    assert len(summary.done) == 30 and not summary.upo_pending and not summary.rejected
    sessions = server.sandbox.state.all("SELECT kind, batch FROM sessions WHERE context_value = ?", (NIP,))
    assert [r["kind"] for r in sessions] == ["batch"]
    assert len(json.loads(sessions[0]["batch"])["fileParts"]) > 1
    for item in summary.done:
        upo = desk.outbox.upo(item.id)
        assert upo is not None and item.ksef_number and item.ksef_number.encode() in upo
    _sent_once_each(server, numbers)


@pytest.mark.parametrize("step", ["open_batch_session", "upload_part", "close_batch_session", "session_status"])
def test_a_batch_interrupted_at_any_step_ends_complete_and_once(
    desk: Desk, server: SandboxServer, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    desk.sender.batch_from = 5
    numbers = _queue(desk, 8, f"FV/{step}")
    api = desk.sender._api_for(desk.companies.get(NIP))
    real = getattr(api, step)

    def dies_after(*args: object, **kwargs: object) -> object:
        real(*args, **kwargs)  # the call reaches KSeF, then the process dies before recording the answer
        raise KeyboardInterrupt

    monkeypatch.setattr(api, step, dies_after)
    with pytest.raises(KeyboardInterrupt):
        desk.sender.send(NIP)
    monkeypatch.undo()
    summary = desk.sender.send(NIP)
    assert len(summary.done) == 8, [i.state for i in desk.outbox.items(desk.companies.get(NIP).id)]
    _sent_once_each(server, numbers)


def test_an_invoice_ksef_already_has_takes_its_original_number(desk: Desk, server: SandboxServer) -> None:
    xml = invoice_xml(NIP, number="FV/ELSEWHERE/1")
    first = desk.sender.send(NIP) if desk.sender.enqueue(NIP, "a.xml", xml) else None
    assert first is not None and len(first.done) == 1
    original = first.done[0].ksef_number
    desk.db.connection().execute("DELETE FROM outbox")  # as if another program had sent it
    desk.db.connection().commit()
    desk.sender.enqueue(NIP, "a.xml", xml)
    summary = desk.sender.send(NIP)
    assert [i.ksef_number for i in summary.done] == [original]
    assert desk.outbox.upo(summary.done[0].id) is not None
    _sent_once_each(server, ["FV/ELSEWHERE/1"])


def _batch_sessions(server: SandboxServer) -> list[dict[str, object]]:
    rows = server.sandbox.state.all("SELECT batch FROM sessions WHERE context_value = ? AND kind = 'batch'", (NIP,))
    return [json.loads(r["batch"]) for r in rows]


@pytest.mark.parametrize(("compressions", "expected"), [(("Zip", "TarGz"), "TarGz"), (("Zip",), "Zip")])
def test_a_batch_goes_in_the_smaller_package_format_and_ksef_takes_every_invoice_once(
    desk: Desk, server: SandboxServer, compressions: tuple[str, ...], expected: str
) -> None:
    desk.sender.batch_from, desk.sender.part_bytes, desk.sender.compressions = 20, 1_000, compressions
    numbers = _queue(desk, 40, f"FV/{expected}")
    summary = desk.sender.send(NIP)
    assert len(summary.done) == 40 and not summary.upo_pending and not summary.rejected
    [batch] = _batch_sessions(server)
    assert batch["compressionType"] == expected
    parts = batch["fileParts"]
    assert isinstance(parts, list) and len(parts) >= 2  # split into parts either way
    _sent_once_each(server, numbers)


def test_similar_invoices_pack_far_smaller_as_targz_and_unpack_to_the_same_files(tmp_path: Path) -> None:
    from decimal import Decimal

    from ksefdesk.core.fa3_build import Line
    from ksefdesk.services.send import build_package, targz_package, zip_package
    from ksefsandbox.unpack import members

    files = [(f"{n}.xml", invoice_xml(NIP, number=f"FV/{n}/2026")) for n in range(100)]
    archive, compression = build_package(files)
    assert compression == "TarGz" and len(archive) * 10 < len(zip_package(files))  # measured: 2.6 KB vs 75 KB
    # One invoice of dissimilar (random) text: the formats come out about even and the smaller is taken.
    noisy = invoice_xml(NIP, lines=[Line(os.urandom(225).hex(), Decimal(1), Decimal(1)) for _ in range(20)])
    sizes = {"Zip": len(zip_package([("a.xml", noisy)])), "TarGz": len(targz_package([("a.xml", noisy)]))}
    package, chosen = build_package([("a.xml", noisy)])
    assert len(package) == min(sizes.values()) and sizes[chosen] == len(package)
    # what the client builds, the sandbox's hardened unpacking reads back whole, in both formats
    for builder, name in ((zip_package, "Zip"), (targz_package, "TarGz")):
        path = tmp_path / f"package.{name}"
        path.write_bytes(builder(files))
        assert [(m.name, m.data) for m in members(path, name)] == files


def test_test_environments_check_the_buyers_nip_as_production_does(desk: Desk, server: SandboxServer) -> None:
    """The app opens its sessions outside production with X-KSeF-Feature: subject-identifier-validation
    (API 2.8.0), so a buyer NIP with a wrong check digit is refused on TEST, not first in production."""
    desk.sender.enqueue(NIP, "zly-nip.xml", invoice_xml(NIP, "5265877636", number="FV/NIP/1"))
    desk.sender.enqueue(NIP, "dobry.xml", invoice_xml(NIP, "1111111111", number="FV/NIP/2"))
    summary = desk.sender.send(NIP)
    assert [item.file_name for item in summary.rejected] == ["zly-nip.xml"]
    assert summary.rejected[0].error_code == 450 and "5265877636" in (summary.rejected[0].error_text or "")
    assert len(summary.done) == 1 and _accepted_in_ksef(server, "FV/NIP/2") == 1
