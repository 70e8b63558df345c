"""At the root, outside the secret address: the public availability feed (``/latarnia/*``), the VAT
White List stand-in, and the admin switches (``/_sandbox/*``: loopback and the per-run key only)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from ksefdesk.core.models import is_loopback_host
from ksefsandbox import guard
from ksefsandbox.api_auth import grant_permissions, revoke_operation
from ksefsandbox.config import number
from ksefsandbox.context import SandboxContext
from ksefsandbox.problems import ApiError, bad_request
from ksefsandbox.routing import Call, json_response
from ksefsandbox.whitelist import answer

ROUTES = Map(
    [
        Rule("/_sandbox/faults", endpoint="faults", methods=["GET", "POST"]),
        Rule("/_sandbox/revoke-session", endpoint="revoke-session", methods=["POST"]),
        Rule("/_sandbox/revoke-token", endpoint="revoke-token", methods=["POST"]),
        Rule("/_sandbox/grant", endpoint="grant", methods=["POST"]),
        Rule("/_sandbox/rate-scale", endpoint="rate-scale", methods=["POST"]),
        Rule("/latarnia/status", endpoint="status", methods=["GET"]),
        Rule("/latarnia/messages", endpoint="messages", methods=["GET"]),
        # the VAT White List stand-in (whitelist.py), public like the real one
        Rule("/api/check/nip/<nip>/bank-account/<account>", endpoint="wl-check", methods=["GET"]),
        Rule("/api/search/nip/<nip>", endpoint="wl-search", methods=["GET"]),
    ]
)


def root_call(sandbox: SandboxContext, request: Request) -> Response:
    try:
        name, params = ROUTES.bind_to_environ(request.environ).match()
    except (NotFound, MethodNotAllowed) as exc:
        raise ApiError(404, None, "Nie znaleziono zasobu.") from exc
    faults = sandbox.faults
    if name == "status":
        return json_response(
            {"status": "MAINTENANCE" if faults.maintenance else faults.outage, "messages": faults.messages}
        )
    if name == "messages":
        return json_response(faults.messages)
    if name in ("wl-check", "wl-search"):
        return answer(sandbox.state, request, name, params)
    if not is_loopback_host(request.remote_addr or ""):
        raise ApiError(403, "admin-loopback-only", "Administracja piaskownicą tylko z tego komputera.")
    if not guard.same_secret(request.headers.get(guard.ADMIN_HEADER), sandbox.admin_key):
        raise ApiError(403, "admin-key-required", f"Administracja piaskownicą wymaga nagłówka {guard.ADMIN_HEADER}.")
    body: dict[str, Any] = {}
    if request.method == "POST":
        guard.check_body_type(request, guard.JSON_TYPES)
        body = Call(request, sandbox, params).json()
    return _switch(sandbox, name, request.method, body)


def _switch(sandbox: SandboxContext, name: str, method: str, body: dict[str, Any]) -> Response:
    if name == "faults":
        if method == "POST":
            try:
                sandbox.faults.update(body)
            except (ValueError, TypeError) as exc:
                raise bad_request(21405, "Błąd walidacji danych wejściowych.", str(exc)) from exc
        return json_response(asdict(sandbox.faults))
    if name == "rate-scale":
        try:
            scale = number("scale", body.get("scale", 1.0), 0, 1_000_000)
        except ValueError as exc:
            raise bad_request(21405, "Błąd walidacji danych wejściowych.", str(exc)) from exc
        sandbox.limiter.scale = scale
        sandbox.limiter.reset()
        return json_response({"scale": sandbox.limiter.scale})
    if name == "grant":
        grant_permissions(sandbox, body)
        return json_response({}, 200)
    reference = str(body.get("referenceNumber", ""))
    if name == "revoke-token":
        if not sandbox.state.update("ksef_tokens", "ref", reference, {"status": "Revoked"}):
            raise bad_request(21405, "Błąd walidacji danych wejściowych.", f"Token {reference} nie istnieje.")
        return Response(status=204)
    revoke_operation(sandbox, reference)
    return Response(status=204)
