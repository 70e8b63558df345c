"""One request's way through the sandbox: its address, injected faults, bearer token, rate limit,
permissions, the handler, and KSeF-shaped error bodies for whatever goes wrong.

Addresses (see ``guard`` for why): the API and the pre-signed links live under a secret first path
segment, ``http://127.0.0.1:PORT/<secret>/v2``; the admin switches (``/_sandbox/*``) need the
per-run key in ``X-Sandbox-Admin-Key``; only the public availability feed (``/latarnia/*``) sits at
the root, where the app's availability check looks for it.
"""

from __future__ import annotations

import logging
import random
import socket
import time
import unicodedata
from typing import Any

from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound, RequestEntityTooLarge
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from ksefsandbox import guard, jwt
from ksefsandbox.admin import root_call
from ksefsandbox.api_blobs import serve_blob
from ksefsandbox.context import API_PREFIX, SandboxContext
from ksefsandbox.problems import ApiError, bad_request, forbidden, render, unauthorized
from ksefsandbox.routing import Call, Router

log = logging.getLogger(__name__)

XML_BODIES = frozenset({"POST /auth/xades-signature"})  # every other API body is JSON (open-api.json)
_BLOBS = Map([Rule("/_blob/<token>", endpoint="blob", methods=["GET", "PUT"])])
_TOKEN_TYPES = {
    "operation": {"OperationToken"},
    "access": {"ContextToken"},
    "refresh": {"RefreshToken"},
    "access_or_refresh": {"ContextToken", "RefreshToken"},
}


class Dispatcher:
    def __init__(self, sandbox: SandboxContext, router: Router) -> None:
        self.sandbox = sandbox
        self.router = router
        self.url_map = Map(router.rules, strict_slashes=False, merge_slashes=False)

    def __call__(self, request: Request, environ: dict[str, Any]) -> Response:
        sandbox = self.sandbox
        problem = request.headers.get("X-Error-Format", "").lower() == "problem-details"
        inner = self._inside(request.path)
        shown = inner or request.path  # error bodies never echo the secret part of the address
        is_api = inner is not None and inner.startswith(API_PREFIX + "/")
        # Nothing reads more than this; werkzeug enforces it on Content-Length and on chunked bodies alike.
        request.max_content_length = guard.MAX_API_BODY_BYTES if is_api else guard.MAX_SMALL_BODY_BYTES
        try:
            guard.check_origin(request, sandbox.own_names)
            if inner is None:
                return root_call(sandbox, request)
            if not is_api:
                return self._blob_call(request, inner)
            response = self._api_call(request, environ, inner)
        except ApiError as error:
            response = render(error, instance=shown, problem_details=problem)
        except RequestEntityTooLarge:
            limit = request.max_content_length or 0
            response = render(guard.too_large(limit), instance=shown, problem_details=problem)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            # Input of the wrong shape that a handler's own checks did not name: KSeF's generic
            # validation error, not a 500. The traceback stays in the log for us.
            log.warning("invalid input for %s %s", request.method, shown, exc_info=True)
            invalid = bad_request(21405, "Błąd walidacji danych wejściowych.", f"{type(exc).__name__}: {exc}")
            response = render(invalid, instance=shown, problem_details=problem)
        except HTTPException as exc:  # from werkzeug itself (e.g. a client that disconnected mid-body)
            refused = (
                bad_request(21405, "Błąd walidacji danych wejściowych.", exc.description or "")
                if exc.code == 400
                else ApiError(exc.code or 400, None, exc.description or "")
            )
            response = render(refused, instance=shown, problem_details=problem or exc.code != 400)
        except Exception:
            log.exception("sandbox handler failed for %s %s", request.method, shown)
            response = render(
                ApiError(500, None, "Nieznany błąd serwera piaskownicy."), instance=shown, problem_details=True
            )
        if is_api:
            # TEST echoes X-Test-System-Warning to anyone; here only to a holder of the admin key, so that
            # nothing but the sandbox's owner can make it show a text of their choosing (security audit).
            hooked = guard.same_secret(request.headers.get(guard.ADMIN_HEADER), sandbox.admin_key)
            warnings = [w for w in (sandbox.faults.system_warning, _test_warning(request) if hooked else "") if w]
            if warnings:
                response.headers["X-System-Warning"] = " | ".join(warnings)
        return response

    def _inside(self, path: str) -> str | None:
        """The path below the secret root (``/v2/...``, ``/_blob/...``), or None outside it."""
        first, slash, rest = path.lstrip("/").partition("/")
        return "/" + rest if slash and guard.same_secret(first, self.sandbox.keys.address_secret) else None

    def _api_call(self, request: Request, environ: dict[str, Any], inner: str) -> Response:
        _inject_faults(self.sandbox, environ)
        try:
            rule_name, params = self.url_map.bind_to_environ(environ).match(path_info=inner)
        except NotFound as exc:
            raise ApiError(404, None, "Nie znaleziono zasobu.") from exc
        except MethodNotAllowed as exc:
            raise ApiError(405, None, "Metoda nie jest obsługiwana dla tego zasobu.") from exc
        guard.check_body_type(request, guard.XML_TYPES if rule_name in XML_BODIES else guard.JSON_TYPES)
        endpoint = self.router.endpoints[rule_name]
        call = Call(request, self.sandbox, params)
        if endpoint.auth != "none":
            call.claims = _authenticate(self.sandbox, request, endpoint.auth)
        _rate_limit(self.sandbox, call, endpoint.group)
        if endpoint.permissions and not set(endpoint.permissions) & set(call.claims.get("per", [])):
            raise forbidden(
                "missing-permissions",
                "Brak wymaganych uprawnień do wykonania operacji w bieżącym kontekście.",
                security={
                    "requiredAnyOfPermissions": list(endpoint.permissions),
                    "presentPermissions": list(call.claims.get("per", [])),
                },
            )
        return endpoint.handler(call, **params)

    def _blob_call(self, request: Request, inner: str) -> Response:
        try:
            _, params = _BLOBS.bind_to_environ(request.environ).match(path_info=inner)
        except (NotFound, MethodNotAllowed) as exc:
            raise ApiError(404, None, "Nie znaleziono zasobu.") from exc
        guard.check_body_type(request, None)
        return serve_blob(self.sandbox, request, params["token"])


def _authenticate(sandbox: SandboxContext, request: Request, kind: str) -> dict[str, Any]:
    header = request.headers.get("Authorization", "")
    if not header.lower().startswith("bearer "):
        raise unauthorized()
    try:
        claims = jwt.decode(header[7:].strip(), sandbox.keys.jwt_secret)
    except jwt.JwtError as exc:
        raise unauthorized("Token jest nieprawidłowy lub wygasł.") from exc
    if claims.get("typ") not in _TOKEN_TYPES[kind]:
        raise unauthorized("Ten rodzaj tokena nie uprawnia do tej operacji.")
    return claims


def _rate_limit(sandbox: SandboxContext, call: Call, group: str) -> None:
    faults = sandbox.faults
    if faults.burst_429 > 0:
        faults.burst_429 -= 1
        verdict_retry, detail = 2, "Przekroczono limit żądań (symulacja). Spróbuj ponownie po 2 sekundach."
    else:
        scope = call.context or call.client_ip
        verdict = sandbox.limiter.check(scope, group, call.client_ip)  # + the per-IP global group
        with sandbox.stats_lock:
            sandbox.calls[group] += 1
            if not verdict.allowed:
                sandbox.refused[group] += 1  # a 429 the client caused itself (not an injected burst)
        if verdict.allowed:
            return
        verdict_retry = verdict.retry_after
        per = {"second": "sekundę", "minute": "minutę", "hour": "godzinę"}[verdict.window]
        detail = f"Przekroczono limit {verdict.limit} żądań na {per}. Spróbuj ponownie po {verdict_retry} sekundach."
    raise ApiError(429, None, detail, headers={"Retry-After": str(verdict_retry)})


def _inject_faults(sandbox: SandboxContext, environ: dict[str, Any]) -> None:
    faults = sandbox.faults
    if faults.latency_s > 0:
        time.sleep(faults.latency_s)
    if faults.maintenance:
        raise ApiError(503, None, "Trwa okno serwisowe KSeF (symulacja).", headers={"Retry-After": "60"})
    if faults.drop_rate > 0 and random.random() < faults.drop_rate:
        sock = environ.get("werkzeug.socket")
        if isinstance(sock, socket.socket):
            sock.shutdown(socket.SHUT_RDWR)
        raise ApiError(500, None, "Połączenie zerwane (symulacja).")
    if faults.error_rate > 0 and random.random() < faults.error_rate:
        raise ApiError(random.choice((500, 502, 503)), None, "Błąd serwera (symulacja).")


def _test_warning(request: Request) -> str:
    """TEST's ``X-Test-System-Warning`` comes back as ``X-System-Warning`` (the contract's SystemWarning),
    ASCII-folded like KSeF does, one line, bounded."""
    raw = request.headers.get("X-Test-System-Warning", "")
    try:  # WSGI hands headers over as Latin-1: a client's UTF-8 (Polish text) is decoded back
        value = raw.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        value = raw
    folded = unicodedata.normalize("NFKD", value.replace("ł", "l").replace("Ł", "L"))
    text = "".join(c for c in folded if 32 <= ord(c) < 127)
    return text[:500]
