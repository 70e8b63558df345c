"""The authorization flow's pure parts: the pending request, its deadline, and what KSeF's
authentication status codes mean for the user."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

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


# KSeF authentication status code -> catalog code of the message shown to the user.
AUTH_STATUS_ERRORS = {
    415: "auth.no_permissions",
    425: "auth.revoked",
    450: "auth.bad_token",
    460: "auth.certificate_refused",
    470: "auth.deceased",
    480: "auth.blocked",
}
