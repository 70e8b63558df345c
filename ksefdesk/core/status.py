"""States and reasons the database stores: enums with short, stable values.

A stored value names a state, never a message: the texts live in the catalogue (``core/errors.py``,
keyed by these enums), so a message can be reworded without touching a single row. ``parse_*`` read
a stored value back and never fail: a value this version does not know (a newer app wrote it, or a
hand-edited database) becomes a safe default instead of a crash.
"""

from __future__ import annotations

import enum


class ConnectionStatus(enum.StrEnum):
    """Whether a company can talk to KSeF now (``companies.status``)."""

    NOT_AUTHORIZED = "not_authorized"
    CONNECTED = "connected"
    REAUTH_NEEDED = "reauth_needed"
    UNAVAILABLE = "unavailable"


class ReauthReason(enum.StrEnum):
    """Why a company needs to log in again (``companies.status_reason`` when REAUTH_NEEDED)."""

    EXPIRED = "expired"  # the refresh token ran out, nothing renews the login by itself
    SESSION_REVOKED = "session_revoked"  # logged out in KSeF or in another program
    TOKEN_REVOKED = "token_revoked"  # the stored KSeF token was revoked
    TOKEN_UNUSABLE = "token_unusable"  # KSeF no longer accepts the stored KSeF token
    NO_PERMISSIONS = "no_permissions"  # KSeF answered but this login has no permissions in the company
    OFFICE_NOT_GRANTED = "office_not_granted"  # the office's certificate has no permissions in the client (415)
    REFUSED = "refused"  # KSeF refused to renew the login for another reason


class OutageReason(enum.StrEnum):
    """Why KSeF cannot be used now (``companies.status_reason`` when UNAVAILABLE); the login is kept."""

    UNREACHABLE = "unreachable"  # no answer at all (network, DNS, TLS, timeout)
    UNAVAILABLE = "unavailable"  # KSeF answered that it is down or in maintenance


StatusReason = ReauthReason | OutageReason

DEFAULT_STATUS = ConnectionStatus.NOT_AUTHORIZED  # unknown: ask for a login rather than pretend to be connected
DEFAULT_REASONS: dict[ConnectionStatus, StatusReason] = {
    ConnectionStatus.REAUTH_NEEDED: ReauthReason.EXPIRED,
    ConnectionStatus.UNAVAILABLE: OutageReason.UNAVAILABLE,
}
_REASONS: dict[ConnectionStatus, type[ReauthReason] | type[OutageReason]] = {
    ConnectionStatus.REAUTH_NEEDED: ReauthReason,
    ConnectionStatus.UNAVAILABLE: OutageReason,
}


def parse_status(value: str | None) -> ConnectionStatus:
    """A stored ``companies.status``; unknown values read as NOT_AUTHORIZED."""
    try:
        return ConnectionStatus(value or "")
    except ValueError:
        return DEFAULT_STATUS


def parse_reason(status: ConnectionStatus, value: str | None) -> StatusReason | None:
    """A stored ``companies.status_reason`` for a company in ``status``: only REAUTH_NEEDED and UNAVAILABLE
    have one; an unknown or missing value reads as that state's default reason."""
    kind = _REASONS.get(status)
    if kind is None:
        return None
    try:
        return kind(value or "")
    except ValueError:
        return DEFAULT_REASONS[status]


class CertificateStatus(enum.StrEnum):
    """A KSeF certificate's state (``ksef_certificates.status``), stored as KSeF spells it
    (CertificateListItemStatus): those values are KSeF's contract, not texts."""

    ACTIVE = "Active"
    BLOCKED = "Blocked"
    REVOKED = "Revoked"
    EXPIRED = "Expired"


def parse_certificate_status(value: str | None) -> CertificateStatus:
    """A stored or reported certificate status; one this version does not know is never taken for Active."""
    try:
        return CertificateStatus(value or "")
    except ValueError:
        return CertificateStatus.BLOCKED
