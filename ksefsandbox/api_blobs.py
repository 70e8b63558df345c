"""Pre-signed URLs outside the API (UPO downloads, export parts, batch part uploads).

Like KSeF's blob storage: no Authorization header, no rate limit, an expiry in the URL itself, and on
every download the ``x-ms-meta-hash`` header, the Base64 SHA-256 of the bytes served.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING

from werkzeug.wrappers import Request, Response

from ksefsandbox.context import SandboxContext
from ksefsandbox.problems import ApiError

if TYPE_CHECKING:
    from ksefsandbox.routing import Router

BlobHandler = Callable[[SandboxContext, Request, str], Response]
HANDLERS: dict[tuple[str, str], BlobHandler] = {}
_DAMAGE: weakref.WeakKeyDictionary[SandboxContext, dict[str, int]] = weakref.WeakKeyDictionary()
_DAMAGE_LOCK = threading.Lock()


def damage_downloads(sandbox: SandboxContext, kind: str, times: int) -> None:
    """A test's fault: the next ``times`` downloads of ``kind`` (e.g. "export-part") arrive with one byte
    changed after the storage hashed them, as a download damaged on the way would."""
    with _DAMAGE_LOCK:
        _DAMAGE.setdefault(sandbox, {})[kind] = times


def _damaged(sandbox: SandboxContext, kind: str) -> bool:
    with _DAMAGE_LOCK:
        left = _DAMAGE.get(sandbox, {}).get(kind, 0)
        if left > 0:
            _DAMAGE[sandbox][kind] = left - 1
        return left > 0


def blob_handler(kind: str, method: str) -> Callable[[BlobHandler], BlobHandler]:
    def register(handler: BlobHandler) -> BlobHandler:
        HANDLERS[(kind, method)] = handler
        return handler

    return register


def presign(
    sandbox: SandboxContext, kind: str, ident: str, method: str = "GET", ttl_s: float | None = None
) -> tuple[str, float]:
    """(url, expiry epoch) of a pre-signed link to one object."""
    expires = time.time() + (ttl_s if ttl_s is not None else sandbox.config.url_ttl_s)
    payload = (
        base64.urlsafe_b64encode(
            json.dumps({"k": kind, "i": ident, "m": method, "e": int(expires)}, separators=(",", ":")).encode()
        )
        .decode()
        .rstrip("=")
    )
    mac = hmac.new(sandbox.keys.jwt_secret, payload.encode(), hashlib.sha256).hexdigest()[:32]
    return f"{sandbox.root_url}/_blob/{payload}.{mac}", expires


def serve_blob(sandbox: SandboxContext, request: Request, token: str) -> Response:
    payload, _, mac = token.partition(".")
    expected = hmac.new(sandbox.keys.jwt_secret, payload.encode(), hashlib.sha256).hexdigest()[:32]
    if not hmac.compare_digest(mac, expected):
        raise ApiError(403, "AuthenticationFailed", "Podpis adresu jest nieprawidłowy.")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    if claims["m"] != request.method:
        raise ApiError(405, None, "Metoda nie jest obsługiwana dla tego adresu.")
    if time.time() > claims["e"]:
        raise ApiError(403, "AuthenticationFailed", "Adres wygasł.")
    handler = HANDLERS.get((claims["k"], claims["m"]))
    if handler is None:
        raise ApiError(404, None, "Nie znaleziono zasobu.")
    response = handler(sandbox, request, claims["i"])
    if request.method == "GET" and response.status_code == 200:
        data = response.get_data()
        if "x-ms-meta-hash" not in response.headers:
            response.headers["x-ms-meta-hash"] = base64.b64encode(hashlib.sha256(data).digest()).decode()
        if data and _damaged(sandbox, claims["k"]):
            response.set_data(data[:-1] + bytes([data[-1] ^ 0xFF]))
    return response


def register(router: Router) -> None:
    """Blobs live outside the API, under the sandbox's secret root; modules register their handlers with
    ``blob_handler``."""
