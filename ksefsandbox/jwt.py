"""Minimal HS256 JSON Web Tokens (the sandbox signs and checks its own; clients treat them as opaque)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any


class JwtError(ValueError):
    pass


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def encode(claims: dict[str, Any], key: bytes) -> str:
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    payload = _b64(json.dumps(claims, separators=(",", ":")).encode())
    signature = hmac.new(key, f"{header}.{payload}".encode("ascii"), hashlib.sha256).digest()
    return f"{header}.{payload}.{_b64(signature)}"


def decode(token: str, key: bytes, *, now: float | None = None) -> dict[str, Any]:
    """Claims of a token signed with ``key`` that has not expired; JwtError otherwise."""
    try:
        header, payload, signature = token.split(".")
        expected = hmac.new(key, f"{header}.{payload}".encode("ascii"), hashlib.sha256).digest()
        if not hmac.compare_digest(expected, _unb64(signature)):
            raise JwtError("bad signature")
        if json.loads(_unb64(header)).get("alg") != "HS256":
            raise JwtError("unexpected algorithm")
        claims: dict[str, Any] = json.loads(_unb64(payload))
    except (ValueError, UnicodeError) as exc:
        raise JwtError(str(exc)) from exc
    if float(claims.get("exp", 0)) <= (time.time() if now is None else now):
        raise JwtError("expired")
    return claims
