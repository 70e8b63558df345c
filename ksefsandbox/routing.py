"""What endpoint modules build on: the request as a handler sees it, the router they register on,
and JSON answers. Endpoint modules import this and ``context``, never ``app`` (which imports them)."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from werkzeug.routing import Rule
from werkzeug.wrappers import Request, Response

from ksefsandbox.context import API_PREFIX, SandboxContext
from ksefsandbox.problems import bad_request


@dataclass
class Call:
    """One request as a handler sees it."""

    request: Request
    sandbox: SandboxContext
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
