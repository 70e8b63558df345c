"""Rate limits and context/subject limits as API 2.8.1 reports them, and the /testdata switches for them.

``GET /rate-limits`` lists every group of the contract's EffectiveApiRateLimits (``anonymous`` and
``global`` included) with ``-1`` for "no limit". ``GET /limits/context`` has the session limits and,
since 2.7.1, ``collectiveIdentifier.maxInvoices``. Overrides are per context, as on KSeF's TEST
environment; the session ones are stored in ``testdata(sandbox, "session-limits", context)``, where
the collective-identifier endpoints read ``collectiveIdentifier`` too.
"""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from ksefdesk.core.rate_limits import GROUPS, OVERRIDE_REQUIRED, REPORTED, Limit
from ksefsandbox.api_auth import INVALID_INPUT, testdata
from ksefsandbox.api_misc import remove_testdata, set_testdata
from ksefsandbox.context import SandboxContext
from ksefsandbox.problems import ApiError, bad_request
from ksefsandbox.routing import Call, Router, json_response

SESSION_LIMIT_RANGES = {
    "maxInvoiceSizeInMB": (0, 5),
    "maxInvoiceWithAttachmentSizeInMB": (0, 10),
    "maxInvoices": (0, 100_000),
}
COLLECTIVE_RANGE = (2, 5000)  # CollectiveIdentifierContextLimitsOverride.maxInvoices
DEFAULT_SESSION_LIMITS = {"maxInvoiceSizeInMB": 1, "maxInvoiceWithAttachmentSizeInMB": 3, "maxInvoices": 10_000}
DEFAULT_COLLECTIVE_LIMITS = {"maxInvoices": 500}
DEFAULT_SUBJECT_LIMITS: dict[str, dict[str, int]] = {
    "enrollment": {"maxEnrollments": 300},
    "certificate": {"maxCertificates": 100},
}


def _invalid(message: str) -> ApiError:
    return bad_request(21405, INVALID_INPUT, message)


def _object(body: Any, path: str) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise _invalid(f"Pole '{path}' musi być obiektem.")
    return body


def _whole(body: dict[str, Any], name: str, path: str, low: int | None = None, high: int | None = None) -> int:
    value = body.get(name)
    if value is None:
        raise _invalid(f"Pole '{path}.{name}' jest wymagane.")
    if isinstance(value, bool) or not isinstance(value, int):
        raise _invalid(f"Pole '{path}.{name}' musi być liczbą całkowitą.")
    if low is not None and value < low:
        raise _invalid(f"Pole '{path}.{name}' musi wynosić co najmniej {low}.")
    if high is not None and value > high:
        raise _invalid(f"Pole '{path}.{name}' może wynosić najwyżej {high}.")
    return value


def _ok() -> Response:
    return Response(status=200)


# --- what a context may do -------------------------------------------------------------------------
def session_limits(sandbox: SandboxContext, context: str) -> dict[str, Any]:
    """The effective EffectiveContextLimits of ``context`` (defaults with any /testdata override)."""
    override = testdata(sandbox, "session-limits", context)
    return {
        "onlineSession": override.get("onlineSession", DEFAULT_SESSION_LIMITS),
        "batchSession": override.get("batchSession", DEFAULT_SESSION_LIMITS),
        "collectiveIdentifier": override.get("collectiveIdentifier", DEFAULT_COLLECTIVE_LIMITS),
    }


def subject_limits_of(sandbox: SandboxContext, context: str) -> dict[str, Any]:
    override = testdata(sandbox, "subject-limits", context)
    limits: dict[str, Any] = {}
    for kind, defaults in DEFAULT_SUBJECT_LIMITS.items():
        merged = dict(defaults)
        merged.update({k: v for k, v in dict(override.get(kind) or {}).items() if v is not None})
        limits[kind] = merged
    return limits


def rate_limits(call: Call) -> Response:
    limiter = call.sandbox.limiter
    return json_response({group: Limit(*limiter.effective(group, call.context)).to_wire() for group in REPORTED})


def context_limits(call: Call) -> Response:
    return json_response(session_limits(call.sandbox, call.context))


def subject_limits(call: Call) -> Response:
    return json_response(subject_limits_of(call.sandbox, call.context))


# --- /testdata ------------------------------------------------------------------------------------
def _rate_override(body: dict[str, Any]) -> dict[str, Limit]:
    """SetRateLimitsRequest: every group the contract requires; the groups it only reports (the close
    groups, anonymous, global) are accepted too, so that tests can tighten them. -1 = no limit."""
    groups = _object(body.get("rateLimits"), "rateLimits")
    missing = [group for group in OVERRIDE_REQUIRED if group not in groups]
    if missing:
        raise _invalid(f"Pole 'rateLimits.{missing[0]}' jest wymagane.")
    limits: dict[str, Limit] = {}
    for group, values in groups.items():
        if group not in GROUPS:
            raise _invalid(f"Nieznana grupa limitów: {group}.")
        path = f"rateLimits.{group}"
        entry = _object(values, path)
        second, minute, hour = (_whole(entry, name, path) for name in ("perSecond", "perMinute", "perHour"))
        limits[group] = Limit.from_wire({"perSecond": second, "perMinute": minute, "perHour": hour})
    return limits


def set_rate_limits(call: Call) -> Response:
    call.sandbox.limiter.set_overrides(call.context, _rate_override(call.json()))
    return _ok()


def reset_rate_limits(call: Call) -> Response:
    call.sandbox.limiter.drop_overrides(call.context)
    return _ok()


def production_rate_limits(call: Call) -> Response:
    call.sandbox.limiter.production(call.context)
    return _ok()


def set_session_limits(call: Call) -> Response:
    body = call.json()
    stored: dict[str, Any] = {}
    for kind in ("onlineSession", "batchSession"):
        entry = _object(body.get(kind), kind)
        stored[kind] = {name: _whole(entry, name, kind, *limits) for name, limits in SESSION_LIMIT_RANGES.items()}
    collective = _object(body.get("collectiveIdentifier"), "collectiveIdentifier")
    stored["collectiveIdentifier"] = {
        "maxInvoices": _whole(collective, "maxInvoices", "collectiveIdentifier", *COLLECTIVE_RANGE)
    }
    set_testdata(call.sandbox, "session-limits", call.context, stored)
    return _ok()


def reset_session_limits(call: Call) -> Response:
    remove_testdata(call.sandbox, "session-limits", call.context)
    return _ok()


def set_subject_limits(call: Call) -> Response:
    body = call.json()
    kind_of = body.get("subjectIdentifierType")
    if kind_of is not None and kind_of not in ("Nip", "Pesel", "Fingerprint"):
        raise _invalid("Pole 'subjectIdentifierType' ma niedozwoloną wartość.")
    stored: dict[str, Any] = {}
    for kind, field in (("enrollment", "maxEnrollments"), ("certificate", "maxCertificates")):
        entry = body.get(kind)
        if entry is None:
            continue
        entry = _object(entry, kind)
        if entry.get(field) is not None:
            stored[kind] = {field: _whole(entry, field, kind, 0, None)}
    set_testdata(call.sandbox, "subject-limits", call.context, stored)
    return _ok()


def reset_subject_limits(call: Call) -> Response:
    remove_testdata(call.sandbox, "subject-limits", call.context)
    return _ok()


def register(router: Router) -> None:
    router.route("GET", "/rate-limits", group="other")(rate_limits)
    router.route("GET", "/limits/context", group="other")(context_limits)
    router.route("GET", "/limits/subject", group="other")(subject_limits)
    router.route("POST", "/testdata/rate-limits", group="other")(set_rate_limits)
    router.route("DELETE", "/testdata/rate-limits", group="other")(reset_rate_limits)
    router.route("POST", "/testdata/rate-limits/production", group="other")(production_rate_limits)
    router.route("POST", "/testdata/limits/context/session", group="other")(set_session_limits)
    router.route("DELETE", "/testdata/limits/context/session", group="other")(reset_session_limits)
    router.route("POST", "/testdata/limits/subject/certificate", group="other")(set_subject_limits)
    router.route("DELETE", "/testdata/limits/subject/certificate", group="other")(reset_subject_limits)
