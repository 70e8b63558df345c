"""auth: the local pre-check of a signed request and in-app XAdES signing (targets: < 20 ms each), and a
silent login with the app's KSeF certificate once the refresh token has ended (sandbox, median)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from benchmarks import bench_office
from benchmarks.timing import median_ms
from ksefdesk.core.auth_request import build_auth_request
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefdesk.core.signed_file import precheck
from ksefdesk.core.xades_sign import sign_xml

NIP = "5265877635"
CHALLENGE = "20261124-CR-1A2B3C4D5E-6F7A8B9C0D-42"


def silent_login_s(rounds: int = 7) -> float:
    """Sign in once with a signature, enroll an Authentication certificate, then end the tokens and let
    the app log in again by itself, ``rounds`` times."""
    import statistics
    import tempfile
    import time
    from pathlib import Path

    from ksefdesk.app import AppContext, Timing
    from ksefdesk.core.models import AuthMethod, Environment
    from ksefdesk.core.redaction import Redactor
    from ksefdesk.core.signing_material import SigningMaterial
    from ksefdesk.services.ksef.api import KsefApi
    from ksefdesk.services.ksef.http import KsefHttp, RateLimiter
    from ksefdesk.services.secrets import MemorySecretStore
    from ksefdesk.services.store import Database
    from ksefsandbox.app import SandboxConfig
    from ksefsandbox.server import SandboxServer

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        server = SandboxServer(folder / "sandbox", config=SandboxConfig(rate_scale=0)).start()
        db = Database(folder / "app.db")
        try:
            api = KsefApi(KsefHttp(server.base_url, RateLimiter(scale=0)))
            ctx = AppContext(
                db, lang="en", secrets=MemorySecretStore(Redactor()), api_for=lambda company: api,
                timing=Timing(poll_interval_s=0.05, certificate_poll_s=0.1),
            )  # fmt: skip
            companies, auth, certificates = ctx.companies, ctx.auth, ctx.certificates
            companies.add(NIP, Environment.SANDBOX)
            person = self_signed(person_subject(nip=NIP), kind="ec")
            auth.sign_in(NIP, SigningMaterial(person.key, person.certificate))
            certificates.enroll(NIP)
            samples = []
            for _ in range(rounds):
                db.connection().execute("UPDATE authorizations SET expires_at = '2020-01-01T00:00:00+00:00'")
                started = time.perf_counter()
                auth.access_token(NIP)
                samples.append(time.perf_counter() - started)
                assert companies.get(NIP).auth_method is AuthMethod.KSEF_CERTIFICATE
            return statistics.median(samples)
        finally:
            db.close()
            server.stop()


def run() -> list[tuple[str, float, str]]:
    identity = self_signed(person_subject(nip=NIP), kind="rsa")  # RSA: the slower, common card case
    document = build_auth_request(CHALLENGE, NIP)
    signed = sign_xml(document, identity.key, [identity.certificate])
    now = datetime.now(UTC)
    deadline = now + timedelta(minutes=10)
    return [
        (
            "precheck_ms",
            median_ms(lambda: precheck(signed, challenge=CHALLENGE, nip=NIP, deadline=deadline, now=now)),
            "ms",
        ),
        ("sign_ms", median_ms(lambda: sign_xml(document, identity.key, [identity.certificate])), "ms"),
        ("silent_login_s", silent_login_s(), "s"),
        *bench_office.run(),
    ]
