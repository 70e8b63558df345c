"""The sandbox's WSGI application: routing, authentication, rate limits, faults, error bodies.

Endpoint handlers live in the ``api_*`` modules; each registers itself on the ``Router`` with its
rate-limit group and the kind of bearer token it needs, so the rules sit next to the paths.

Addresses (see ``guard`` for why): the API and the pre-signed links live under a secret first path
segment, ``http://127.0.0.1:PORT/<secret>/v2``; the admin switches (``/_sandbox/*``) need the
per-run key in ``X-Sandbox-Admin-Key``; only the public availability feed (``/latarnia/*``) sits at
the root, where the app's availability check looks for it.
"""

from __future__ import annotations

import json
import logging
import math
import random
import socket
import threading
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound, RequestEntityTooLarge
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from ksefdesk.core.models import is_loopback_host
from ksefsandbox import guard, jwt
from ksefsandbox.files import make_tree_private, private_folder
from ksefsandbox.keys import SandboxKeys
from ksefsandbox.problems import ApiError, bad_request, render, unauthorized
from ksefsandbox.ratelimit import RateLimiter
from ksefsandbox.state import SandboxState

log = logging.getLogger(__name__)

API_PREFIX = "/v2"
XML_BODIES = frozenset({"POST /auth/xades-signature"})  # every other API body is JSON (open-api.json)


@dataclass
class SandboxConfig:
    challenge_ttl_s: float = 600.0
    operation_token_ttl_s: float = 2700.0
    access_token_ttl_s: float = 900.0
    refresh_token_ttl_s: float = 604800.0
    session_ttl_s: float = 12 * 3600.0
    token_activation_s: float = 0.5  # a new KSeF token is Pending this long, then Active
    rate_scale: float = 1.0
    metadata_max_range_days: int = 100  # metadata queries and exports, in UTC (API 2.7.1)
    max_truncation: int = 10_000
    export_part_bytes: int = 50_000_000
    url_ttl_s: float = 3600.0
    hwm_lag_s: float = 1.0  # permanent-storage high-water mark trails "now" by this much


@dataclass
class Faults:
    """What the sandbox does wrong on purpose (CLI flags and POST /_sandbox/faults)."""

    error_rate: float = 0.0  # share of requests answered 500/502/503
    latency_s: float = 0.0  # added to every request
    drop_rate: float = 0.0  # share of connections closed without an answer
    burst_429: int = 0  # the next N API requests get 429
    maintenance: bool = False  # every API request gets 503, the status feed says MAINTENANCE
    outage: str = "AVAILABLE"  # the availability feed: AVAILABLE, MAINTENANCE, FAILURE, TOTAL_FAILURE
    messages: list[dict[str, Any]] = field(default_factory=list)
    system_warning: str = ""  # sent as X-System-Warning with every API answer
    session_unavailable_after: int = -1  # after N more accepted online sends, that session answers 21184; -1: off

    def update(self, values: dict[str, Any]) -> None:
        """All or nothing: every value is checked before any is set."""
        checked = {name: _fault_value(name, value) for name, value in values.items()}
        for name, value in checked.items():
            setattr(self, name, value)


_OUTAGES = ("AVAILABLE", "MAINTENANCE", "FAILURE", "TOTAL_FAILURE")


def _number(name: str, value: Any, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise ValueError(f"{name!r} musi być liczbą z zakresu {low:g}..{high:g}")
    return float(value)


def _fault_value(name: str, value: Any) -> Any:
    if name in ("error_rate", "drop_rate"):
        return _number(name, value, 0, 1)
    if name == "latency_s":
        return _number(name, value, 0, 60)
    if name == "burst_429":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1_000_000:
            raise ValueError("'burst_429' musi być liczbą całkowitą z zakresu 0..1000000")
        return value
    if name == "session_unavailable_after":
        if isinstance(value, bool) or not isinstance(value, int) or not -1 <= value <= 1_000_000:
            raise ValueError("'session_unavailable_after' musi być liczbą całkowitą z zakresu -1..1000000")
        return value
    if name == "maintenance":
        if not isinstance(value, bool):
            raise ValueError("'maintenance' musi mieć wartość true albo false")
        return value
    if name == "outage":
        if value not in _OUTAGES:
            raise ValueError(f"'outage' musi być jednym z: {', '.join(_OUTAGES)}")
        return value
    if name == "messages":
        if not isinstance(value, list) or len(value) > 100 or not all(isinstance(m, dict) for m in value):
            raise ValueError("'messages' musi być listą (najwyżej 100) obiektów")
        return list(value)
    if name == "system_warning":
        # A header value: one line of Latin-1 (HTTP headers carry nothing else).
        printable = isinstance(value, str) and all(32 <= ord(c) < 256 and ord(c) != 127 for c in value)
        if not printable or len(value) > 500:
            raise ValueError("'system_warning' musi być jednym wierszem tekstu Latin-1 (najwyżej 500 znaków)")
        return value
    raise ValueError(f"nieznana usterka {name!r}")


@dataclass
class Call:
    """One request as a handler sees it."""

    request: Request
    sandbox: Sandbox
    params: Mapping[str, Any]
    claims: dict[str, Any] = field(default_factory=dict)

    @property
    def context(self) -> str:
        return str(self.claims.get("civ", ""))

    @property
    def client_ip(self) -> str:
        return self.request.remote_addr or "127.0.0.1"

    def json(self) -> dict[str, Any]:
        try:
            body = json.loads(
                self.request.get_data(cache=True) or b"null", parse_constant=_no_constant, parse_float=_finite
            )
        except (ValueError, RecursionError) as exc:  # RecursionError: nesting deeper than the parser goes
            raise bad_request(21405, "Błąd walidacji danych wejściowych.", f"Nieprawidłowy JSON: {exc}") from exc
        if not isinstance(body, dict):
            raise bad_request(21405, "Błąd walidacji danych wejściowych.", "Treść żądania musi być obiektem JSON.")
        return body

    def query_int(self, name: str, default: int, low: int, high: int) -> int:
        raw = self.request.args.get(name)
        if raw is None:
            return default
        try:
            value = int(raw)
        except ValueError:
            value = low - 1
        if not low <= value <= high:
            raise bad_request(
                21405, "Błąd walidacji danych wejściowych.", f"'{name}' musi być z zakresu {low}..{high}."
            )
        return value


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} nie jest liczbą JSON")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"liczba {text[:20]} jest poza zakresem")
    return value


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


Handler = Callable[..., Response]


@dataclass(frozen=True)
class Endpoint:
    handler: Handler
    group: str
    auth: str  # "none", "operation", "access", "refresh", "access_or_refresh"
    permissions: tuple[str, ...] = ()  # any one of them is enough


class Router:
    def __init__(self) -> None:
        self.rules: list[Rule] = []
        self.endpoints: dict[str, Endpoint] = {}

    def route(
        self, method: str, path: str, *, group: str, auth: str = "access", permissions: tuple[str, ...] = ()
    ) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            name = f"{method} {path}"
            self.rules.append(Rule(API_PREFIX + path, endpoint=name, methods=[method]))
            self.endpoints[name] = Endpoint(handler, group, auth, permissions)
            return handler

        return register


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    response = Response(json.dumps(body, ensure_ascii=False), status=status, content_type="application/json")
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


class Sandbox:
    def __init__(self, folder: Path, config: SandboxConfig | None = None, faults: Faults | None = None) -> None:
        from ksefsandbox import (
            api_auth,
            api_blobs,
            api_certificates,
            api_collective,
            api_invoices,
            api_limits,
            api_misc,
            api_peppol,
            api_permissions,
            api_sessions,
            api_tokens,
        )

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
        self.router = Router()
        for module in (
            api_auth,
            api_tokens,
            api_sessions,
            api_invoices,
            api_misc,
            api_limits,
            api_blobs,
            api_certificates,
            api_permissions,
            api_peppol,
            api_collective,
        ):
            module.register(self.router)
        self._admin = Map(
            [
                Rule("/_sandbox/faults", endpoint="faults", methods=["GET", "POST"]),
                Rule("/_sandbox/revoke-session", endpoint="revoke-session", methods=["POST"]),
                Rule("/_sandbox/revoke-token", endpoint="revoke-token", methods=["POST"]),
                Rule("/_sandbox/grant", endpoint="grant", methods=["POST"]),
                Rule("/_sandbox/rate-scale", endpoint="rate-scale", methods=["POST"]),
                Rule("/latarnia/status", endpoint="status", methods=["GET"]),
                Rule("/latarnia/messages", endpoint="messages", methods=["GET"]),
                # the VAT White List stand-in (sandbox/whitelist.py), public like the real one
                Rule("/api/check/nip/<nip>/bank-account/<account>", endpoint="wl-check", methods=["GET"]),
                Rule("/api/search/nip/<nip>", endpoint="wl-search", methods=["GET"]),
            ]
        )
        self._blobs = Map([Rule("/_blob/<token>", endpoint="blob", methods=["GET", "PUT"])])
        self.url_map = Map(self.router.rules, strict_slashes=False, merge_slashes=False)

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

    def _authenticate(self, request: Request, kind: str) -> dict[str, Any]:
        header = request.headers.get("Authorization", "")
        if not header.lower().startswith("bearer "):
            raise unauthorized()
        try:
            claims = jwt.decode(header[7:].strip(), self.keys.jwt_secret)
        except jwt.JwtError as exc:
            raise unauthorized("Token jest nieprawidłowy lub wygasł.") from exc
        allowed = {
            "operation": {"OperationToken"},
            "access": {"ContextToken"},
            "refresh": {"RefreshToken"},
            "access_or_refresh": {"ContextToken", "RefreshToken"},
        }[kind]
        if claims.get("typ") not in allowed:
            raise unauthorized("Ten rodzaj tokena nie uprawnia do tej operacji.")
        return claims

    # --- WSGI -------------------------------------------------------------------------------
    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        request = Request(environ)
        response = self._dispatch(request, environ)
        return response(environ, start_response)

    def _inside(self, path: str) -> str | None:
        """The path below the secret root (``/v2/...``, ``/_blob/...``), or None outside it."""
        first, slash, rest = path.lstrip("/").partition("/")
        return "/" + rest if slash and guard.same_secret(first, self.keys.address_secret) else None

    def _dispatch(self, request: Request, environ: dict[str, Any]) -> Response:
        problem = request.headers.get("X-Error-Format", "").lower() == "problem-details"
        inner = self._inside(request.path)
        shown = inner or request.path  # error bodies never echo the secret part of the address
        is_api = inner is not None and inner.startswith(API_PREFIX + "/")
        # Nothing reads more than this; werkzeug enforces it on Content-Length and on chunked bodies alike.
        request.max_content_length = guard.MAX_API_BODY_BYTES if is_api else guard.MAX_SMALL_BODY_BYTES
        try:
            guard.check_origin(request, self.own_names)
            if inner is None:
                return self._admin_call(request)
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
            hooked = guard.same_secret(request.headers.get(guard.ADMIN_HEADER), self.admin_key)
            warnings = [w for w in (self.faults.system_warning, _test_warning(request) if hooked else "") if w]
            if warnings:
                response.headers["X-System-Warning"] = " | ".join(warnings)
        return response

    def _api_call(self, request: Request, environ: dict[str, Any], inner: str) -> Response:
        self._inject_faults(environ)
        try:
            rule_name, params = self.url_map.bind_to_environ(environ).match(path_info=inner)
        except NotFound as exc:
            raise ApiError(404, None, "Nie znaleziono zasobu.") from exc
        except MethodNotAllowed as exc:
            raise ApiError(405, None, "Metoda nie jest obsługiwana dla tego zasobu.") from exc
        guard.check_body_type(request, guard.XML_TYPES if rule_name in XML_BODIES else guard.JSON_TYPES)
        endpoint = self.router.endpoints[rule_name]
        call = Call(request, self, params)
        if endpoint.auth != "none":
            call.claims = self._authenticate(request, endpoint.auth)
        self._rate_limit(call, endpoint.group)
        if endpoint.permissions and not set(endpoint.permissions) & set(call.claims.get("per", [])):
            from ksefsandbox.problems import forbidden

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
            _, params = self._blobs.bind_to_environ(request.environ).match(path_info=inner)
        except (NotFound, MethodNotAllowed) as exc:
            raise ApiError(404, None, "Nie znaleziono zasobu.") from exc
        guard.check_body_type(request, None)
        from ksefsandbox.api_blobs import serve_blob

        return serve_blob(self, request, params["token"])

    def _rate_limit(self, call: Call, group: str) -> None:
        if self.faults.burst_429 > 0:
            self.faults.burst_429 -= 1
            verdict_retry, detail = 2, "Przekroczono limit żądań (symulacja). Spróbuj ponownie po 2 sekundach."
        else:
            scope = call.context or call.client_ip
            verdict = self.limiter.check(scope, group, call.client_ip)  # + the per-IP global group
            with self.stats_lock:
                self.calls[group] += 1
                if not verdict.allowed:
                    self.refused[group] += 1  # a 429 the client caused itself (not an injected burst)
            if verdict.allowed:
                return
            verdict_retry = verdict.retry_after
            per = {"second": "sekundę", "minute": "minutę", "hour": "godzinę"}[verdict.window]
            detail = (
                f"Przekroczono limit {verdict.limit} żądań na {per}. Spróbuj ponownie po {verdict_retry} sekundach."
            )
        raise ApiError(429, None, detail, headers={"Retry-After": str(verdict_retry)})

    def _inject_faults(self, environ: dict[str, Any]) -> None:
        faults = self.faults
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

    # --- at the root: the availability feed (public), the admin switches (per-run key) ---------
    def _admin_call(self, request: Request) -> Response:
        try:
            name, params = self._admin.bind_to_environ(request.environ).match()
        except (NotFound, MethodNotAllowed) as exc:
            raise ApiError(404, None, "Nie znaleziono zasobu.") from exc
        if name == "status":
            return json_response(
                {
                    "status": "MAINTENANCE" if self.faults.maintenance else self.faults.outage,
                    "messages": self.faults.messages,
                }
            )
        if name == "messages":
            return json_response(self.faults.messages)
        if name in ("wl-check", "wl-search"):
            from ksefsandbox.whitelist import answer

            return answer(self.state, request, name, params)
        if not is_loopback_host(request.remote_addr or ""):
            raise ApiError(403, "admin-loopback-only", "Administracja piaskownicą tylko z tego komputera.")
        if not guard.same_secret(request.headers.get(guard.ADMIN_HEADER), self.admin_key):
            raise ApiError(
                403, "admin-key-required", f"Administracja piaskownicą wymaga nagłówka {guard.ADMIN_HEADER}."
            )
        call = Call(request, self, params)
        body: dict[str, Any] = {}
        if request.method == "POST":
            guard.check_body_type(request, guard.JSON_TYPES)
            body = call.json()
        if name == "faults":
            if request.method == "POST":
                try:
                    self.faults.update(body)
                except (ValueError, TypeError) as exc:
                    raise bad_request(21405, "Błąd walidacji danych wejściowych.", str(exc)) from exc
            return json_response(asdict(self.faults))
        if name == "rate-scale":
            try:
                scale = _number("scale", body.get("scale", 1.0), 0, 1_000_000)
            except ValueError as exc:
                raise bad_request(21405, "Błąd walidacji danych wejściowych.", str(exc)) from exc
            self.limiter.scale = scale
            self.limiter.reset()
            return json_response({"scale": self.limiter.scale})
        if name == "grant":
            from ksefsandbox.api_auth import grant_permissions

            grant_permissions(self, body)
            return json_response({}, 200)
        reference = str(body.get("referenceNumber", ""))
        if name == "revoke-token":
            if not self.state.update("ksef_tokens", "ref", reference, {"status": "Revoked"}):
                raise bad_request(21405, "Błąd walidacji danych wejściowych.", f"Token {reference} nie istnieje.")
            return Response(status=204)
        from ksefsandbox.api_auth import revoke_operation

        revoke_operation(self, reference)
        return Response(status=204)
