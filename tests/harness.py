"""An app instance for tests: the composition root (ksefdesk.app.AppContext) with the tests' defaults.

English, secrets in memory, polls every 50 ms, and KSeF at one address (an in-process sandbox or a
proxy in front of it) through one client that ``desk.api`` names. Everything else is wired exactly as
the app wires it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests

from ksefdesk.app import AppContext, Timing
from ksefdesk.core.redaction import Redactor
from ksefdesk.services.ksef.api import KsefApi
from ksefdesk.services.ksef.http import KsefHttp, RateLimiter
from ksefdesk.services.sandbox_host import SandboxHost
from ksefdesk.services.secrets import MemorySecretStore, SecretStore
from ksefdesk.services.store import Database
from ksefdesk.services.system_notices import SystemNotices

POLL_S = 0.05


class Desk(AppContext):
    """One app instance's services over ``store`` (a folder holding ``db_name``, or an open database),
    talking to KSeF at ``base_url``. The limiter paces like the app's unless a test gives its own; a
    first sync reaches ``since_days`` back (else the app's default)."""

    def __init__(
        self,
        store: Path | Database,
        base_url: str,
        *,
        db_name: str = "app.db",
        secrets: SecretStore | None = None,
        limiter: RateLimiter | None = None,
        scope: str = "",
        session_factory: Callable[[], requests.Session] = requests.Session,
        sandbox: SandboxHost | None = None,
        since_days: float | None = None,
        certificate_poll_s: float | None = None,
        challenge_validity: timedelta | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        db = store if isinstance(store, Database) else Database(store / db_name)
        notices = SystemNotices()
        self.http = KsefHttp(
            base_url, limiter or RateLimiter(), scope=scope, session_factory=session_factory, notices=notices
        )
        self.api = KsefApi(self.http)
        super().__init__(
            db,
            lang="en",
            secrets=secrets or MemorySecretStore(Redactor()),
            api_for=lambda company: self.api,
            limiter=self.http.limiter,
            sandbox=sandbox,
            notices=notices,
            timing=Timing(
                poll_interval_s=POLL_S,
                certificate_poll_s=certificate_poll_s,
                sync_since=datetime.now(UTC) - timedelta(days=since_days) if since_days is not None else None,
                challenge_validity=challenge_validity,
                clock=clock,
            ),
        )
