"""The authorization flow's pure parts: the pending request, its deadline, and what KSeF's
authentication status codes mean for the user."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from ksefdesk.core.errors import LoginRefused, NoPermissions, TokenRefusal, TokenRefused
from ksefdesk.core.status import ReauthReason

CHALLENGE_VALIDITY = timedelta(minutes=10)  # KSeF accepts the signed file this long after the challenge
REFRESH_MARGIN = timedelta(seconds=90)  # renew the access token this long before it expires
POLL_INTERVAL_S = 1.0  # as the official client
POLL_TIMEOUT_S = 120.0


@dataclass(frozen=True)
class PendingRequest:
    """A downloaded AuthTokenRequest waiting for its signed copy."""

    nip: str
    challenge: str
    challenge_time: datetime
    document: bytes
    validity: timedelta = CHALLENGE_VALIDITY

    @property
    def deadline(self) -> datetime:
        return self.challenge_time + self.validity

    def seconds_left(self, now: datetime) -> float:
        return (self.deadline - now).total_seconds()


class Countdown:
    """Time left until a wall-clock deadline, measured on the monotonic clock from the moment it
    was created, so that changing the system clock (or a sleeping laptop's catch-up) cannot make
    the countdown jump. Always recomputed, never counted in ticks."""

    def __init__(self, deadline: datetime, now: datetime, monotonic: float | None = None) -> None:
        start = time.monotonic() if monotonic is None else monotonic
        self._end = start + (deadline - now).total_seconds()

    def remaining(self, monotonic: float | None = None) -> float:
        return max(0.0, self._end - (time.monotonic() if monotonic is None else monotonic))

    def expired(self, monotonic: float | None = None) -> bool:
        return self.remaining(monotonic) <= 0


# KSeF authentication status code -> catalogue code of the message shown to the user; 415 and 450 are
# NoPermissions and TokenRefused, a code missing here is the general auth.failed.
AUTH_STATUS_ERRORS = {
    425: "auth.revoked",
    460: "auth.certificate_refused",
    470: "auth.deceased",
    480: "auth.blocked",
}

# Auth status 450 ("bad token") says why only in its details: Polish since API 2.6.1 (the contract's
# table), English before. Matched on word stems, most specific first ("Nieprawidłowy czas tokena" is a
# time problem, not a wrong token); anything else stays the general TokenRefusal.BAD.
TOKEN_REFUSALS: tuple[tuple[tuple[str, ...], TokenRefusal], ...] = (
    (("wyzwani", "challenge"), TokenRefusal.BAD_CHALLENGE),
    (("kontekś", "kontekscie", "context"), TokenRefusal.WRONG_CONTEXT),
    (("czas", "time"), TokenRefusal.BAD_TIME),
    (("szyfrowan", "encrypt"), TokenRefusal.BAD_ENCRYPTION),
    (("kodowan", "encod", "format"), TokenRefusal.BAD_ENCODING),
    (("unieważni", "uniewazni", "revoked"), TokenRefusal.REVOKED),
    (("nieaktywn", "inactive", "not active"), TokenRefusal.INACTIVE),
    (("nieprawidłowy token", "nieprawidlowy token", "invalid token", "wrong token", "not found"), TokenRefusal.WRONG),
)

# The refusals that mean "this stored token will not log in again by itself", as the company's reason;
# the others (challenge, time, encryption, encoding) are faults of one attempt.
TOKEN_REAUTH_REASONS: dict[TokenRefusal, ReauthReason] = {
    TokenRefusal.BAD: ReauthReason.TOKEN_REVOKED,
    TokenRefusal.REVOKED: ReauthReason.TOKEN_REVOKED,
    TokenRefusal.WRONG: ReauthReason.TOKEN_UNUSABLE,
    TokenRefusal.WRONG_CONTEXT: ReauthReason.TOKEN_UNUSABLE,
    TokenRefusal.INACTIVE: ReauthReason.TOKEN_UNUSABLE,
}


def token_refusal(details: list[str]) -> TokenRefusal:
    """What an auth status 450 with these details says about the token."""
    text = " ".join(details).casefold()
    for stems, refusal in TOKEN_REFUSALS:
        if any(stem in text for stem in stems):
            return refusal
    return TokenRefusal.BAD


def login_refusal(nip: str, status: int, description: str, details: list[str]) -> LoginRefused:
    """The typed error for a login KSeF finished checking with a refusal (any status but 100 and 200)."""
    text = f"KSeF {status}: {description} {' '.join(details)}"
    if status == 415:
        return NoPermissions(nip=nip, details=text)
    if status == 450:
        return TokenRefused(token_refusal(details), nip=nip, details=text)
    return LoginRefused(AUTH_STATUS_ERRORS.get(status, "auth.failed"), nip=nip, auth_status=status, details=text)
