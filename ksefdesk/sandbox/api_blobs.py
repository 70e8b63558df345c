"""Pre-signed URLs outside the API (UPO downloads, export parts, batch part uploads).

Like KSeF's blob storage: no Authorization header, no rate limit, an expiry in the URL itself.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from werkzeug.wrappers import Request, Response

from ksefdesk.sandbox.problems import ApiError

if TYPE_CHECKING:
    from ksefdesk.sandbox.app import Router, Sandbox

BlobHandler = Callable[["Sandbox", Request, str], Response]
HANDLERS: dict[tuple[str, str], BlobHandler] = {}


def blob_handler(kind: str, method: str) -> Callable[[BlobHandler], BlobHandler]:
    def register(handler: BlobHandler) -> BlobHandler:
        HANDLERS[(kind, method)] = handler
        return handler

    return register


def presign(
    sandbox: Sandbox, kind: str, ident: str, method: str = "GET", ttl_s: float | None = None
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


def serve_blob(sandbox: Sandbox, request: Request, token: str) -> Response:
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
    return handler(sandbox, request, claims["i"])


def register(router: Router) -> None:
    """Blobs live outside the API, under the sandbox's secret root; modules register their handlers with
    ``blob_handler``."""
