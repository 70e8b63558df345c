"""sandbox: metadata queries per second the local server answers (limits off, 20,000 seeded invoices)."""

from __future__ import annotations

import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests

from ksefdesk.core.auth_request import build_auth_request
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefdesk.core.xades_sign import sign_xml
from ksefsandbox.app import SandboxConfig
from ksefsandbox.seed import seed_invoices
from ksefsandbox.server import SandboxServer

NIP = "5265877635"
SEEDED = 20_000
SECONDS = 5.0
CLIENTS = 4


def _login(base: str) -> str:
    challenge = requests.post(base + "/auth/challenge", timeout=10).json()["challenge"]
    identity = self_signed(person_subject(nip=NIP))
    signed = sign_xml(build_auth_request(challenge, NIP), identity.key, [identity.certificate])
    operation = requests.post(
        base + "/auth/xades-signature", data=signed, timeout=10, headers={"Content-Type": "application/xml"}
    ).json()
    bearer = {"Authorization": "Bearer " + operation["authenticationToken"]["token"]}
    return str(requests.post(base + "/auth/token/redeem", headers=bearer, timeout=10).json()["accessToken"]["token"])


def run() -> list[tuple[str, float, str]]:
    with tempfile.TemporaryDirectory() as folder:
        server = SandboxServer(Path(folder), config=SandboxConfig(rate_scale=0)).start()
        try:
            started = time.perf_counter()
            seed_invoices(server.sandbox, NIP, SEEDED, months=3)
            seed_s = time.perf_counter() - started
            token = _login(server.base_url)
            body = {
                "subjectType": "Subject2",
                "dateRange": {
                    "dateType": "PermanentStorage",
                    "from": (datetime.now(UTC) - timedelta(days=91)).isoformat(),
                },
            }
            url = server.base_url + "/invoices/query/metadata?pageSize=100&pageOffset=500"
            counts = [0] * CLIENTS
            stop = time.perf_counter() + SECONDS

            def worker(index: int) -> None:
                session = requests.Session()
                session.headers["Authorization"] = "Bearer " + token
                while time.perf_counter() < stop:
                    response = session.post(url, json=body, timeout=30)
                    response.raise_for_status()
                    counts[index] += 1

            threads = [threading.Thread(target=worker, args=(i,)) for i in range(CLIENTS)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            return [("sandbox_metadata_rps", sum(counts) / SECONDS, "req/s"), ("sandbox_seed_20k_s", seed_s, "s")]
        finally:
            server.stop()
