"""The sandbox as its handlers see it: state, keys, settings, faults, limits, addresses, token issuing.

No routing and no HTTP dispatch here: ``app.Sandbox`` adds those on top, so that the endpoint
modules it wires in can depend on this without depending on it.
"""

from __future__ import annotations

import math
import random
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from ksefsandbox import guard, jwt
from ksefsandbox.config import Faults, SandboxConfig
from ksefsandbox.files import make_tree_private, private_folder
from ksefsandbox.keys import SandboxKeys
from ksefsandbox.ratelimit import RateLimiter
from ksefsandbox.state import SandboxState

API_PREFIX = "/v2"


class SandboxContext:
    def __init__(self, folder: Path, config: SandboxConfig | None = None, faults: Faults | None = None) -> None:
        self.folder = folder
        self.config = config or SandboxConfig()
        self.faults = faults or Faults()
        private_folder(folder)
        make_tree_private(folder)  # before anything reads or writes it
        self.state = SandboxState(folder)
        self.keys = SandboxKeys.load_or_create(folder / "keys")
        self.admin_key = guard.new_secret()  # per run: printed by `ksefdesk sandbox`, held by the app
        self.origin = "http://127.0.0.1"  # set by the server once it knows its port
        self.own_names: frozenset[str] = frozenset()  # a host name the server was started with
        self.limiter = RateLimiter(self.config.rate_scale)
        # Requests per rate-limit group, and the 429s refused by the limits (benchmarks, tests).
        self.calls: Counter[str] = Counter()
        self.refused: Counter[str] = Counter()
        self.stats_lock = threading.Lock()
        self.lock = threading.RLock()  # serializes multi-step state changes (sessions, exports)

    # --- addresses: one place for all of them ---------------------------------------------------
    @property
    def root_url(self) -> str:
        """``http://host:port/<secret>``: the API is below it at API_PREFIX, pre-signed links at /_blob."""
        return f"{self.origin}/{self.keys.address_secret}"

    @property
    def base_url(self) -> str:
        """The KSeF API base URL to give clients (the app, the CLI, third-party KSeF clients)."""
        return self.root_url + API_PREFIX

    def admin_url(self, name: str) -> str:
        return f"{self.origin}/_sandbox/{name}"

    @property
    def admin_headers(self) -> dict[str, str]:
        return {guard.ADMIN_HEADER: self.admin_key}

    # --- tokens -----------------------------------------------------------------------------
    def issue(self, claims: dict[str, Any], ttl_s: float) -> tuple[str, float]:
        now = time.time()
        exp = float(math.ceil(now + ttl_s))  # whole seconds: some JWT libraries refuse a fractional exp
        token = jwt.encode(
            {
                **claims,
                "iat": int(now),
                "exp": int(exp),
                "iss": "ksef-api-sandbox",
                "aud": "ksef-api-sandbox",
                "jti": random.getrandbits(64),
            },
            self.keys.jwt_secret,
        )
        return token, exp
