"""The background monitor renews a KSeF certificate that ends within 30 days, while the old one still
logs in, and says so; a failing renewal does not stop the checks of the other companies."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ksefdesk.core.models import Environment
from ksefdesk.core.readiness import RENEW_AHEAD
from ksefdesk.core.signing_material import SigningMaterial
from ksefdesk.services.certificates import AUTHENTICATION
from ksefdesk.services.monitor import MonitorWorker
from ksefsandbox.app import SandboxConfig
from ksefsandbox.server import SandboxServer
from tests.services.test_certificate_lifecycle import NIP, PERSON, Desk

OTHER = "7251801126"  # never connected: skipped, the renewal of NIP still happens


@pytest.fixture
def server(start_sandbox: Callable[..., SandboxServer]) -> SandboxServer:
    return start_sandbox(SandboxConfig(rate_scale=0))


@pytest.fixture
def desk(tmp_path: Path, server: SandboxServer) -> Iterator[Desk]:
    app = Desk(tmp_path, server)
    yield app
    app.db.close()


@pytest.mark.usefixtures("qapp")
def test_the_monitor_renews_a_certificate_near_its_end(desk: Desk, server: SandboxServer) -> None:
    desk.auth.sign_in(NIP, SigningMaterial(PERSON.key, PERSON.certificate))
    old = {c.type: c for c in desk.certificates.setup(NIP)}[AUTHENTICATION]
    desk.companies.add(OTHER, Environment.SANDBOX)
    worker = MonitorWorker(desk.companies, desk.auth, 60_000, lambda: desk.certificates)
    renewed: list[tuple[str, str]] = []
    worker.certificate_renewed.connect(lambda nip, serial: renewed.append((nip, serial)))

    worker.check_all()  # two years left: nothing to renew
    assert renewed == []
    desk.shorten(old.serial, datetime.now(UTC) + timedelta(days=12))
    desk.certificates.refresh_statuses(NIP)
    worker.check_all()
    assert len(renewed) == 1 and renewed[0][0] == NIP and renewed[0][1] != old.serial
    new = next(c for c in desk.certificates.stored(NIP) if c.serial == renewed[0][1])
    assert new.type == AUTHENTICATION and new.valid_to - datetime.now(UTC) > RENEW_AHEAD
    assert desk.certificates.usable(desk.companies.get(NIP), AUTHENTICATION) == new  # the newest logs in

    worker.check_all()  # renewed once, not at every check
    assert len(renewed) == 1
