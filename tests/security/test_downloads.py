"""Pre-signed downloads are checked: only https (or the sandbox on this computer), a UPO is stored only when
it is a valid UPO of this very invoice, and a download larger than announced is cut off."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from werkzeug.wrappers import Response

from ksefdesk.core.errors import UserError
from ksefdesk.services.ksef.answers import SessionInvoice
from ksefdesk.services.ksef.api import KsefApi
from ksefdesk.services.ksef.http import KsefHttp, RateLimiter
from ksefdesk.services.send import OutboxState
from ksefsandbox.server import SandboxServer
from tests.sandbox.kit import invoice_xml
from tests.security.conftest import RecorderFactory
from tests.services.test_send import NIP, Desk

EXAMPLE_UPO = (
    Path(__file__).parent.parent / "data" / "examples" / "upo" / "upo-faktura-kontekst-id-nip.xml"
).read_bytes()


@pytest.fixture
def desk(tmp_path: Path, start_sandbox: Callable[..., SandboxServer]) -> Iterator[Desk]:
    app = Desk(tmp_path, start_sandbox())
    yield app
    app.db.close()


def _rewrite_links(monkeypatch: pytest.MonkeyPatch, rewrite: Callable[[str], str]) -> None:
    real = KsefApi.session_invoices

    def listing(self: KsefApi, *args: Any, **kwargs: Any) -> list[SessionInvoice]:
        return [
            replace(entry, upo_download_url=rewrite(entry.upo_download_url)) if entry.upo_download_url else entry
            for entry in real(self, *args, **kwargs)
        ]

    monkeypatch.setattr(KsefApi, "session_invoices", listing)


@pytest.mark.parametrize("link", ["file:///etc/passwd", "ftp://127.0.0.1/upo.xml", "http://198.51.100.7/upo.xml"])
def test_a_foreign_link_is_refused_and_the_upo_comes_from_ksef_itself(
    desk: Desk, monkeypatch: pytest.MonkeyPatch, link: str
) -> None:
    _rewrite_links(monkeypatch, lambda url: link)
    desk.sender.enqueue(NIP, "a.xml", invoice_xml(NIP, number="FV/LINK/1"))
    summary = desk.sender.send(NIP)  # no internal error: the link is refused with a message and skipped
    assert len(summary.done) == 1
    upo = desk.outbox.upo(summary.done[0].id)
    assert upo is not None and b"Potwierdzenie" in upo and b"root:" not in upo  # via the API, not the link


@pytest.mark.parametrize(
    ("name", "answer"),
    [
        ("not-xml", lambda xml, number: b"PK\x03\x04 a zip, a page, anything"),
        ("html", lambda xml, number: b"<html><body>Not found</body></html>"),
        ("schema-invalid", lambda xml, number: xml.replace(b"<KodFormularza>FA (3)</KodFormularza>", b"")),
        ("another-invoice", lambda xml, number: xml.replace(number.encode(), b"5265877635-20261201-0200A0D6723E-C2")),
        ("example-upo", lambda xml, number: EXAMPLE_UPO),  # a valid UPO, of someone else's invoice
    ],
)
def test_anything_but_this_invoices_upo_is_not_stored(
    desk: Desk, monkeypatch: pytest.MonkeyPatch, name: str, answer: Callable[[bytes, str], bytes]
) -> None:
    real_presigned, real_upo = KsefApi.download_presigned, KsefApi.invoice_upo

    def presigned(self: KsefApi, url: str, *args: Any, **kwargs: Any) -> bytes:
        document = real_presigned(self, url, *args, **kwargs)
        number = document.split(b"<NumerKSeFDokumentu>")[1].split(b"<")[0].decode()
        return answer(document, number)

    def by_api(self: KsefApi, token: str, session: str, ksef_number: str, *args: Any, **kwargs: Any) -> bytes:
        return answer(real_upo(self, token, session, ksef_number, *args, **kwargs), ksef_number)

    monkeypatch.setattr(KsefApi, "download_presigned", presigned)
    monkeypatch.setattr(KsefApi, "invoice_upo", by_api)
    desk.sender.enqueue(NIP, "a.xml", invoice_xml(NIP, number=f"FV/UPO/{name}"))
    summary = desk.sender.send(NIP)
    assert summary.done == [] and len(summary.upo_pending) == 1  # accepted by KSeF, UPO still to come
    item = summary.upo_pending[0]
    assert item.state is OutboxState.ACCEPTED and desk.outbox.upo(item.id) is None
    monkeypatch.undo()
    again = desk.sender.send(NIP)  # the real UPO arrives on the next run
    assert len(again.done) == 1 and desk.outbox.upo(item.id) is not None


def test_a_download_larger_than_announced_is_cut_off(recorder: RecorderFactory) -> None:
    endless = recorder(lambda request: Response(b"\0" * 3_000_000, mimetype="application/octet-stream"))
    api = KsefApi(KsefHttp(f"{endless.url}/v2", RateLimiter(scale=0), max_attempts=1))
    with pytest.raises(UserError) as caught:
        api.download_chunks(f"{endless.url}/part-1", max_bytes=1_000_000)
    assert caught.value.code == "ksef.bad_download"
    with pytest.raises(UserError) as caught:  # a UPO is an XML file of at most a few megabytes
        api.download_presigned(f"{endless.url}/upo", max_bytes=100_000)
    assert caught.value.code == "ksef.bad_download"
