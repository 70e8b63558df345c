"""Scrub secrets out of text before it is logged or shown as technical details.

Two layers: patterns that catch secrets by their shape (JWTs, Bearer headers, KSeF tokens,
``"password": ...`` pairs), and exact values the secret store registers as it handles them,
which catch secrets of any shape.
"""

from __future__ import annotations

import re
import threading
from urllib.parse import unquote

MASK = "***"

_SECRET_KEYS = (
    r"(?:access|refresh|authentication|ksef|encrypted)?_?token|password|passphrase|passwd|pin|secret"
    r"|api_?key|private_?key|encryptedSymmetricKey|authorization"
)
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # Authorization: Bearer <anything>
    (re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9._~+/=|-]+"), r"\1 " + MASK),
    # JSON or Python-repr pairs:  "token": "value"  /  'password': 'value'
    (
        re.compile(r"""(?i)(["']?(?:""" + _SECRET_KEYS + r""")["']?\s*[:=]\s*)(["'])(?:(?!\2).)*\2"""),
        r"\1\2" + MASK + r"\2",
    ),
    # key=value in URLs, command lines and log lines
    (re.compile(r"(?i)\b((?:" + _SECRET_KEYS + r")=)[^\s&,;]+"), r"\1" + MASK),
    # JSON Web Tokens wherever they stand
    (re.compile(r"eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*"), MASK),
    # KSeF tokens: 20251010-EC-....|nip-...|hex
    (re.compile(r"\b\d{8}-EC-[0-9A-F]{10}-[0-9A-F]{10}-[0-9A-F]{2}\|[^\s|\"']+\|[0-9a-fA-F]{16,}"), MASK),
    # PEM private keys
    (
        re.compile(r"-----BEGIN (?:[A-Z ]+ )?PRIVATE KEY-----.*?-----END (?:[A-Z ]+ )?PRIVATE KEY-----", re.S),
        MASK,
    ),
)
_MIN_REGISTERED_LENGTH = 6

# Pre-signed addresses (UPO, export parts, batch uploads) work without a token for anyone who has them.
# A query holding any of these is a signed one: every value in it is masked (Azure SAS, S3, GCS,
# CloudFront and look-alikes); other queries (pageSize=...) stay readable.
_SIGNING_KEYS = frozenset(
    {
        "sig",
        "signature",
        "x-amz-signature",
        "x-amz-credential",
        "x-amz-security-token",
        "x-goog-signature",
        "x-goog-credential",
        "googleaccessid",
        "key-pair-id",
        "policy",
        "skoid",
        "sktid",
        "token",
        "access_token",
    }
)
_QUERY = re.compile(r"\?([^\s\"'<>#?]+)")
_SIGNATURE_ANYWHERE = re.compile(
    r"(?i)((?:^|[^A-Za-z0-9_-]|%26|%3F)(?:sig|signature|x-amz-signature|x-goog-signature)(?:=|%3D))[^\s&\"'<>;,%]+"
    r"(?:%[0-9A-F]{2}[^\s&\"'<>;,%]*)*"
)
# The sandbox signs its links in the path (/_blob/<claims>.<mac>) and serves everything below a secret
# first segment (http://127.0.0.1:PORT/<secret>/v2): whoever reads it could use this user's sandbox.
_SANDBOX_BLOB = re.compile(r"(/_blob/)[A-Za-z0-9_.=%-]+")
_SANDBOX_ROOT = re.compile(r"(?<=/)[A-Za-z0-9_-]{24,}(?=/(?:v2|_blob|_sandbox)\b)")


def _mask_signed_query(match: re.Match[str]) -> str:
    pairs = match.group(1).split("&")
    keys = {unquote(pair.partition("=")[0]).lower() for pair in pairs}
    if not keys & _SIGNING_KEYS:
        return match.group(0)
    masked = [f"{pair.partition('=')[0]}={MASK}" if "=" in pair else pair for pair in pairs]
    return "?" + "&".join(masked)


def _mask_presigned(text: str) -> str:
    text = _QUERY.sub(_mask_signed_query, text)
    text = _SIGNATURE_ANYWHERE.sub(r"\1" + MASK, text)
    return _SANDBOX_ROOT.sub(MASK, _SANDBOX_BLOB.sub(r"\1" + MASK, text))


class Redactor:
    """Thread-safe: the secret store registers values from worker threads while logging runs."""

    def __init__(self) -> None:
        self._values: set[str] = set()
        self._lock = threading.Lock()
        self._combined: re.Pattern[str] | None = None

    def register(self, secret: str | None) -> None:
        """Remember an exact secret value so it is masked wherever it appears."""
        if not secret or len(secret) < _MIN_REGISTERED_LENGTH:
            return
        with self._lock:
            if secret not in self._values:
                self._values.add(secret)
                self._combined = None

    def redact(self, text: str) -> str:
        text = scrub(text)
        with self._lock:
            if self._values and self._combined is None:
                # Longest first so that a secret containing another is masked whole.
                alternatives = sorted(self._values, key=len, reverse=True)
                self._combined = re.compile("|".join(re.escape(v) for v in alternatives))
            combined = self._combined
        if combined is not None:
            text = combined.sub(MASK, text)
        return text


def scrub(text: str) -> str:
    """Mask secrets recognisable by their shape (no registered values): for texts shown as technical
    details, built where no Redactor is at hand."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return _mask_presigned(text)
