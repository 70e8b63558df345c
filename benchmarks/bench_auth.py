"""auth: the local pre-check of a signed request and in-app XAdES signing (targets: < 20 ms each)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from benchmarks.timing import median_ms
from ksefdesk.core.auth_request import build_auth_request
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefdesk.core.signed_file import precheck
from ksefdesk.core.xades_sign import sign_xml

NIP = "5265877635"
CHALLENGE = "20261124-CR-1A2B3C4D5E-6F7A8B9C0D-42"


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
    ]
