"""A validating HTTP proxy in front of a running sandbox: the app's own client talks to it as if it were
KSeF, it forwards every request unchanged and checks each /v2 request and answer against the 2.8.1
contract (the one production runs), recording every violation instead of failing the call.

    with ContractProxy(server.base_url) as proxy:
        api = KsefApi(KsefHttp(proxy.base_url, RateLimiter()))
        ...
        assert proxy.violations == []

The proxy keeps the sandbox's address layout (``http://127.0.0.1:PORT/<secret>/v2``), so the contract's
servers entry (tests/sandbox/contract.py) matches both. Pre-signed ``/_blob`` links in answers point at the
sandbox itself and are used directly (they are not part of the contract either).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import requests
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from tests.sandbox.contract import SPEC_FILE, openapi, operations

# Not forwarded either way (RFC 9110 7.6.1), plus what werkzeug and requests compute themselves.
_HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "content-length",
        "content-encoding",
        "host",
    }
)


@dataclass(frozen=True)
class Violation:
    method: str
    path: str  # below /v2, the secret address part left out
    status: int
    where: str  # "request" or "answer"
    message: str

    def __str__(self) -> str:
        return f"{self.where} {self.method} {self.path} -> {self.status}: {self.message}"


class _Quiet(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


def _operation_of(method: str, path: str) -> str | None:
    """The contract's "METHOD /template" for a concrete /v2 path, if it has one; a literal segment wins
    over a parameter (/certificates/enrollments/data is not enrollment "data")."""
    matches = [
        template
        for op_method, template in operations(SPEC_FILE)
        if op_method == method and re.fullmatch(re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(template)), path)
    ]
    return f"{method} {min(matches, key=lambda t: (t.count('{'), t))}" if matches else None


class ContractProxy:
    def __init__(self, upstream_base_url: str, spec_file: Any = SPEC_FILE) -> None:
        parts = urlsplit(upstream_base_url)
        self.upstream_origin = f"{parts.scheme}://{parts.netloc}"
        self.api_path = parts.path.rstrip("/")  # /<secret>/v2
        self.api = openapi(spec_file)
        self.violations: list[Violation] = []
        self.checked = 0
        self.seen: set[str] = set()  # contract operations that went through
        self._lock = threading.Lock()
        self._local = threading.local()
        self._server: BaseWSGIServer = make_server("127.0.0.1", 0, self._app, threaded=True, request_handler=_Quiet)
        self._thread = threading.Thread(target=self._server.serve_forever, name="contract-proxy", daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}{self.api_path}"

    def start(self) -> ContractProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> ContractProxy:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()

    def report(self) -> str:
        return "\n".join(str(v) for v in self.violations) or "no violations"

    def clear(self) -> None:
        with self._lock:
            self.violations.clear()

    # --- forwarding -----------------------------------------------------------------------------
    def _session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.trust_env = False  # loopback only: no environment proxy may sit between us and the sandbox
            self._local.session = session
        return session

    def _app(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        # The path exactly as the client sent it (still percent-encoded), with its query.
        raw = environ.get("REQUEST_URI") or environ.get("RAW_URI") or request.full_path.rstrip("?")
        url = self.upstream_origin + raw
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _HOP_BY_HOP}
        body = request.get_data(cache=False)
        try:
            answer = self._session().request(
                request.method, url, data=body or None, headers=headers, allow_redirects=False, timeout=120
            )
        except requests.RequestException as exc:
            return Response(f"contract proxy: upstream failed: {exc}", status=502)(environ, start_response)
        if request.path.startswith(self.api_path + "/"):
            self._validate(answer)
        response = Response(answer.content, status=answer.status_code)
        for name, value in answer.headers.items():
            if name.lower() not in _HOP_BY_HOP:
                response.headers.add(name, value)
        return response(environ, start_response)

    # --- checking -------------------------------------------------------------------------------
    def _record(self, answer: requests.Response, where: str, exc: Exception) -> None:
        method = str(answer.request.method)
        path = urlsplit(str(answer.request.url)).path.removeprefix(self.api_path)
        cause = f" / {exc.__cause__}" if exc.__cause__ else ""
        schema_errors = getattr(exc.__cause__, "schema_errors", None) or getattr(exc, "schema_errors", None) or []
        extra = "".join(f"; {getattr(e, 'message', e)}" for e in list(schema_errors)[:5])
        message = f"{type(exc).__name__}: {exc}{cause}{extra}"
        if where == "answer":
            message += f" | body: {answer.text[:300]}"
        with self._lock:
            self.violations.append(Violation(method, path, answer.status_code, where, message))

    def _validate(self, answer: requests.Response) -> None:
        request = RequestsOpenAPIRequest(answer.request)
        path = urlsplit(str(answer.request.url)).path.removeprefix(self.api_path)
        operation = _operation_of(str(answer.request.method), path)
        with self._lock:
            self.checked += 1
            if operation:
                self.seen.add(operation)
        try:
            self.api.validate_request(request)
        except Exception as exc:  # any openapi-core error is a violation to record, not a crash
            self._record(answer, "request", exc)
        if answer.status_code >= 500:
            return  # simulated server faults: the contract documents no 5xx answers
        try:
            self.api.validate_response(request, RequestsOpenAPIResponse(answer))
        except Exception as exc:
            self._record(answer, "answer", exc)
