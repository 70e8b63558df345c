"""The sandbox's WSGI application: routing, authentication, rate limits, faults, error bodies.

Endpoint handlers live in the ``api_*`` modules; each registers itself on the ``Router`` with its
rate-limit group and the kind of bearer token it needs, so the rules sit next to the paths.
"""

from __future__ import annotations

import json
import logging
import math
import random
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from ksefdesk.core.models import is_loopback_host
from ksefdesk.sandbox import jwt
from ksefdesk.sandbox.keys import SandboxKeys
from ksefdesk.sandbox.problems import ApiError, bad_request, render, unauthorized
from ksefdesk.sandbox.ratelimit import RateLimiter
from ksefdesk.sandbox.state import SandboxState

log = logging.getLogger(__name__)

API_PREFIX = "/v2"


@dataclass
class SandboxConfig:
    challenge_ttl_s: float = 600.0
    operation_token_ttl_s: float = 2700.0
    access_token_ttl_s: float = 900.0
    refresh_token_ttl_s: float = 604800.0
    session_ttl_s: float = 12 * 3600.0
    token_activation_s: float = 0.5  # a new KSeF token is Pending this long, then Active
    rate_scale: float = 1.0
    metadata_max_range_days: int = 92  # "3 months" (API 2.6)
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

    def update(self, values: dict[str, Any]) -> None:
        for name, value in values.items():
            if name not in self.__dataclass_fields__:
                raise ValueError(f"unknown fault {name!r}")
            setattr(self, name, type(getattr(self, name))(value) if name != "messages" else list(value))


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
            body = json.loads(self.request.get_data(cache=True) or b"null")
        except (ValueError, UnicodeDecodeError) as exc:
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
        from ksefdesk.sandbox import (
            api_auth,
            api_blobs,
            api_certificates,
            api_invoices,
            api_misc,
            api_sessions,
            api_tokens,
        )

        self.folder = folder
        self.config = config or SandboxConfig()
        self.faults = faults or Faults()
        self.state = SandboxState(folder)
        self.keys = SandboxKeys.load_or_create(folder / "keys")
        self.limiter = RateLimiter(self.config.rate_scale)
        # Requests per rate-limit group, and the 429s refused by the limits (benchmarks, tests).
        self.calls: Counter[str] = Counter()
        self.refused: Counter[str] = Counter()
        self.stats_lock = threading.Lock()
        self.base_url = ""  # set by the server once it knows its port
        self.lock = threading.RLock()  # serializes multi-step state changes (sessions, exports)
        self.router = Router()
        for module in (api_auth, api_tokens, api_sessions, api_invoices, api_misc, api_blobs, api_certificates):
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
                Rule("/_blob/<token>", endpoint="blob", methods=["GET", "PUT"]),
            ]
        )
        self.url_map = Map(self.router.rules, strict_slashes=False, merge_slashes=False)

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

    def _dispatch(self, request: Request, environ: dict[str, Any]) -> Response:
        problem = request.headers.get("X-Error-Format", "").lower() == "problem-details"
        try:
            if not request.path.startswith(API_PREFIX + "/"):
                return self._admin_call(request)
            self._inject_faults(environ)
            try:
                rule_name, params = self.url_map.bind_to_environ(environ).match()
            except NotFound as exc:
                raise ApiError(404, None, "Nie znaleziono zasobu.") from exc
            except MethodNotAllowed as exc:
                raise ApiError(405, None, "Metoda nie jest obsługiwana dla tego zasobu.") from exc
            endpoint = self.router.endpoints[rule_name]
            call = Call(request, self, params)
            if endpoint.auth != "none":
                call.claims = self._authenticate(request, endpoint.auth)
            self._rate_limit(call, endpoint.group)
            if endpoint.permissions and not set(endpoint.permissions) & set(call.claims.get("per", [])):
                from ksefdesk.sandbox.problems import forbidden

                raise forbidden(
                    "missing-permissions",
                    "Brak wymaganych uprawnień do wykonania operacji w bieżącym kontekście.",
                    security={
                        "requiredAnyOfPermissions": list(endpoint.permissions),
                        "presentPermissions": list(call.claims.get("per", [])),
                    },
                )
            response = endpoint.handler(call, **params)
        except ApiError as error:
            response = render(error, instance=request.path, problem_details=problem)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            # Input of the wrong shape that a handler's own checks did not name: KSeF's generic
            # validation error, not a 500. The traceback stays in the log for us.
            log.warning("invalid input for %s %s", request.method, request.path, exc_info=True)
            invalid = bad_request(21405, "Błąd walidacji danych wejściowych.", f"{type(exc).__name__}: {exc}")
            response = render(invalid, instance=request.path, problem_details=problem)
        except HTTPException as exc:  # from werkzeug itself (e.g. request too large)
            response = render(
                ApiError(exc.code or 400, None, exc.description or ""), instance=request.path, problem_details=True
            )
        except Exception:
            log.exception("sandbox handler failed for %s %s", request.method, request.path)
            response = render(
                ApiError(500, None, "Nieznany błąd serwera piaskownicy."), instance=request.path, problem_details=True
            )
        warning = request.headers.get("X-Test-System-Warning")
        if warning:
            response.headers["X-System-Warning"] = warning
        return response

    def _rate_limit(self, call: Call, group: str) -> None:
        if self.faults.burst_429 > 0:
            self.faults.burst_429 -= 1
            verdict_retry, detail = 2, "Przekroczono limit żądań (symulacja). Spróbuj ponownie po 2 sekundach."
        else:
            scope = call.context or call.client_ip
            verdict = self.limiter.check(scope, group)
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

    # --- outside /v2: admin (loopback only), the availability feed, pre-signed blobs ----------
    def _admin_call(self, request: Request) -> Response:
        try:
            name, params = self._admin.bind_to_environ(request.environ).match()
        except (NotFound, MethodNotAllowed) as exc:
            raise ApiError(404, None, "Nie znaleziono zasobu.") from exc
        if name == "blob":
            from ksefdesk.sandbox.api_blobs import serve_blob

            return serve_blob(self, request, params["token"])
        if name == "status":
            return json_response(
                {
                    "status": "MAINTENANCE" if self.faults.maintenance else self.faults.outage,
                    "messages": self.faults.messages,
                }
            )
        if name == "messages":
            return json_response(self.faults.messages)
        if not is_loopback_host(request.remote_addr or ""):
            raise ApiError(403, "admin-loopback-only", "Administracja piaskownicą tylko z tego komputera.")
        call = Call(request, self, params)
        body = call.json() if request.method == "POST" else {}
        if name == "faults":
            if request.method == "POST":
                try:
                    self.faults.update(body)
                except (ValueError, TypeError) as exc:
                    raise bad_request(21405, "Błąd walidacji danych wejściowych.", str(exc)) from exc
            return json_response(asdict(self.faults))
        if name == "rate-scale":
            self.limiter.scale = float(body.get("scale", 1.0))
            self.limiter.reset()
            return json_response({"scale": self.limiter.scale})
        if name == "grant":
            from ksefdesk.sandbox.api_auth import grant_permissions

            grant_permissions(self, body)
            return json_response({}, 200)
        reference = str(body.get("referenceNumber", ""))
        if name == "revoke-token":
            if not self.state.update("ksef_tokens", "ref", reference, {"status": "Revoked"}):
                raise bad_request(21405, "Błąd walidacji danych wejściowych.", f"Token {reference} nie istnieje.")
            return Response(status=204)
        from ksefdesk.sandbox.api_auth import revoke_operation

        revoke_operation(self, reference)
        return Response(status=204)
