"""The release feed "Check for updates" reads, and its Ed25519 signature (pure: no I/O, no Qt).

The feed is two files next to each other at the configured address, say ``https://…/feed.json`` and
``https://…/feed.json.sig``:

``feed.json``: a UTF-8 JSON document (at most 1 MB)::

    {"product": "ksefdesk",
     "releases": [
       {"version": "0.2.0",                      # dotted numbers, 1 to 4 parts: "1", "0.2", "1.10.3"
        "date": "2027-01-15",                    # the release day, YYYY-MM-DD
        "notes": {"pl": "Co nowego…", "en": "What is new…"},   # plain text, both languages
        "downloads": {                           # any of windows, macos, linux; others are ignored
          "windows": {"url": "https://…/KSeFDesk-0.2.0-setup.exe", "sha256": "<64 hex digits>"},
          "macos": {"url": "https://…", "sha256": "…"},
          "linux": {"url": "https://…", "sha256": "…"}}}]}

Download addresses must be https:// (plain http:// only to this computer, for tests); a version appears once.
Keys this version does not know are ignored, so a later feed may add some; a field it reads that is missing or
of the wrong kind refuses the whole feed.

``feed.json.sig``: one line ``ed25519:<key id>:<signature>``, where the signature is the base64 of the 64-byte
Ed25519 signature over the exact bytes of ``feed.json`` and the key id is the first 8 bytes of the SHA-256 of
the raw 32-byte public key, in hex. The key id only makes the refusal clearer (signed by another key, say one
rotated, versus a feed changed after signing): both are refused. ``scripts/sign_feed.py`` writes it.

The app ships the public half as ``ksefdesk/resources/update_key.pub`` (the base64 of the raw 32 bytes).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import total_ordering
from typing import Any
from urllib.parse import urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ksefdesk.core.errors import Bilingual, UserError
from ksefdesk.core.models import is_loopback_host

PRODUCT = "ksefdesk"
PLATFORMS = ("windows", "macos", "linux")
MAX_FEED_BYTES = 1_000_000
MAX_SIGNATURE_BYTES = 1_000
MAX_RELEASES = 500
MAX_NOTES_CHARS = 20_000
MAX_URL_CHARS = 2_000
PUBLIC_KEY_BYTES = 32
SIGNATURE_BYTES = 64
SIGNATURE_SCHEME = "ed25519"

_VERSION = re.compile(r"\d{1,6}(\.\d{1,6}){0,3}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SHA256 = re.compile(r"[0-9a-fA-F]{64}")
_KEY_ID = re.compile(r"[0-9a-f]{16}")


# --- versions ------------------------------------------------------------------------------------------
@total_ordering
@dataclass(frozen=True)
class Version:
    """Dotted numbers compared part by part; trailing zeros do not count ("0.2" == "0.2.0")."""

    parts: tuple[int, ...]
    text: str = field(compare=False)

    @property
    def _key(self) -> tuple[int, ...]:
        parts = list(self.parts)
        while parts and parts[-1] == 0:
            parts.pop()
        return tuple(parts)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Version) and self._key == other._key

    def __hash__(self) -> int:
        return hash(self._key)

    def __lt__(self, other: Version) -> bool:
        return self._key < other._key

    def __str__(self) -> str:
        return self.text


def parse_version(text: str) -> Version:
    """Raises ValueError for anything but 1 to 4 dotted whole numbers."""
    if not isinstance(text, str) or not _VERSION.fullmatch(text):
        raise ValueError(f"{text!r} is not a version of dotted numbers")
    return Version(tuple(int(part) for part in text.split(".")), text)


def platform_key(sys_platform: str) -> str:
    """The feed's name for the system ``sys.platform`` names; an unknown one matches no download."""
    if sys_platform.startswith("win"):
        return "windows"
    if sys_platform == "darwin":
        return "macos"
    if sys_platform.startswith("linux"):
        return "linux"
    return sys_platform


# --- the feed ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Download:
    url: str
    sha256: str  # lower-case hex: shown, so that the user can compare it with the downloaded file


@dataclass(frozen=True)
class Release:
    version: Version
    day: date
    notes: Bilingual
    downloads: Mapping[str, Download]

    def download_for(self, platform: str) -> Download | None:
        return self.downloads.get(platform)


@dataclass(frozen=True)
class Feed:
    releases: tuple[Release, ...]  # newest first

    def newest(self, platform: str) -> Release | None:
        """The newest release with a download for ``platform``."""
        return next((r for r in self.releases if r.download_for(platform) is not None), None)

    def newer_than(self, current: str | Version, platform: str) -> Release | None:
        """The newest release for ``platform`` that is newer than ``current``; None: nothing new."""
        mine = parse_version(current) if isinstance(current, str) else current
        newest = self.newest(platform)
        return newest if newest is not None and newest.version > mine else None

    def since(self, current: str | Version) -> tuple[Release, ...]:
        """Every release newer than ``current``, newest first: what is new is the sum of their notes."""
        mine = parse_version(current) if isinstance(current, str) else current
        return tuple(r for r in self.releases if r.version > mine)


def _malformed(pl: str, en: str) -> UserError:
    return UserError("update.malformed", reason=Bilingual(pl, en))


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("a key appears twice in one object")
    return dict(pairs)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _text(value: Any, where: str, limit: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _malformed(f"brak tekstu „{where}”", f"“{where}” is missing or not a text")
    if len(value) > limit:
        raise _malformed(f"tekst „{where}” jest za długi", f"“{where}” is too long")
    return value


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _malformed(f"„{where}” nie jest obiektem JSON", f"“{where}” is not a JSON object")
    return value


def check_download_url(url: str) -> str:
    """https:// with a host, no user name or password in it; plain http:// only to this computer."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = -1
    scheme = parts.scheme.lower()
    host = parts.hostname or ""
    ok = bool(host) and "@" not in parts.netloc and (port is None or 1 <= port <= 65535)
    ok = ok and (scheme == "https" or (scheme == "http" and is_loopback_host(host)))
    if not ok or len(url) > MAX_URL_CHARS or any(c.isspace() or ord(c) < 32 for c in url):
        shown = f"{scheme}://{host}" if scheme else "?"
        raise _malformed(
            f"adres pobierania {shown} nie jest adresem https://", f"the download address {shown} is not https://"
        )
    return url


def _download(value: Any, where: str) -> Download:
    item = _object(value, where)
    url = check_download_url(_text(item.get("url"), f"{where}.url", MAX_URL_CHARS))
    digest = item.get("sha256")
    if not isinstance(digest, str) or not _SHA256.fullmatch(digest):
        raise _malformed(f"„{where}.sha256” nie jest skrótem SHA-256", f"“{where}.sha256” is not a SHA-256 digest")
    return Download(url, digest.lower())


def _release(value: Any, index: int) -> Release:
    where = f"releases[{index}]"
    item = _object(value, where)
    try:
        version = parse_version(item.get("version"))  # type: ignore[arg-type]  # checked inside
    except ValueError:
        raise _malformed(f"„{where}.version” nie jest numerem wersji", f"“{where}.version” is not a version") from None
    raw_day = item.get("date")
    try:
        if not isinstance(raw_day, str) or not _DATE.fullmatch(raw_day):
            raise ValueError(raw_day)
        day = date.fromisoformat(raw_day)
    except ValueError:
        pl, en = f"„{where}.date” nie jest datą RRRR-MM-DD", f"“{where}.date” is not a YYYY-MM-DD date"
        raise _malformed(pl, en) from None
    notes = _object(item.get("notes"), f"{where}.notes")
    text = Bilingual(
        _text(notes.get("pl"), f"{where}.notes.pl", MAX_NOTES_CHARS),
        _text(notes.get("en"), f"{where}.notes.en", MAX_NOTES_CHARS),
    )
    downloads = _object(item.get("downloads"), f"{where}.downloads")
    known = {name: _download(downloads[name], f"{where}.downloads.{name}") for name in PLATFORMS if name in downloads}
    return Release(version, day, text, known)


def parse_feed(feed_bytes: bytes) -> Feed:
    """The feed's releases, newest first; a UserError ``update.malformed`` says what is wrong. Call it on
    verified bytes only."""
    if len(feed_bytes) > MAX_FEED_BYTES:
        raise UserError("update.too_large", limit="1 MB")
    try:
        document = json.loads(
            feed_bytes.decode("utf-8"), object_pairs_hook=_no_duplicates, parse_constant=_refuse_constant
        )
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _malformed("to nie jest poprawny dokument JSON", "it is not a valid JSON document") from None
    top = _object(document, "feed")
    if top.get("product") != PRODUCT:
        raise _malformed("kanał nie dotyczy programu KSeF Desk", "the feed is not KSeF Desk's")
    releases = top.get("releases")
    if not isinstance(releases, list):
        raise _malformed("brak listy „releases”", "there is no “releases” list")
    if len(releases) > MAX_RELEASES:
        raise _malformed("za dużo wydań na liście", "too many releases in the list")
    parsed = [_release(item, index) for index, item in enumerate(releases)]
    if len({r.version for r in parsed}) != len(parsed):
        raise _malformed("ta sama wersja występuje dwa razy", "a version appears twice")
    return Feed(tuple(sorted(parsed, key=lambda r: r.version, reverse=True)))


# --- keys and signatures -------------------------------------------------------------------------------
def key_id(public_key: bytes) -> str:
    return hashlib.sha256(public_key).digest()[:8].hex()


def parse_public_key(text: bytes | str) -> bytes:
    """The raw 32 bytes of a public key file (base64); UserError ``update.bad_key`` otherwise."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise UserError("update.bad_key") from None
    if len(raw) != PUBLIC_KEY_BYTES:
        raise UserError("update.bad_key")
    Ed25519PublicKey.from_public_bytes(raw)  # any 32 bytes load; the check is that it is the right kind
    return raw


def public_key_text(private_key: Ed25519PrivateKey) -> str:
    """The public key file's content for a private key."""
    return base64.b64encode(private_key.public_key().public_bytes_raw()).decode("ascii") + "\n"


def sign(feed_bytes: bytes, private_key: Ed25519PrivateKey) -> bytes:
    """The signature file's content for these exact feed bytes."""
    public = private_key.public_key().public_bytes_raw()
    value = base64.b64encode(private_key.sign(feed_bytes)).decode("ascii")
    return f"{SIGNATURE_SCHEME}:{key_id(public)}:{value}\n".encode("ascii")


def verify(feed_bytes: bytes, signature: bytes, public_key: bytes) -> None:
    """Returns when ``signature`` (the ``.sig`` file's bytes) is ``public_key``'s over exactly
    ``feed_bytes``; otherwise a UserError: ``update.unsigned`` (empty), ``update.signature_unreadable``,
    ``update.wrong_key`` (another key signed it) or ``update.tampered`` (changed after signing)."""
    if not signature.strip():
        raise UserError("update.unsigned")
    try:
        scheme, claimed, value = signature.decode("ascii").strip().split(":")
        raw = base64.b64decode(value, validate=True)
    except (UnicodeDecodeError, ValueError, binascii.Error):
        raise UserError("update.signature_unreadable") from None
    if len(signature) > MAX_SIGNATURE_BYTES or scheme != SIGNATURE_SCHEME or not _KEY_ID.fullmatch(claimed):
        raise UserError("update.signature_unreadable")
    if len(raw) != SIGNATURE_BYTES:
        raise UserError("update.signature_unreadable")
    if claimed != key_id(public_key):
        raise UserError("update.wrong_key", key=claimed)
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(raw, feed_bytes)
    except InvalidSignature:
        raise UserError("update.tampered") from None


def verified_feed(feed_bytes: bytes, signature: bytes, public_key: bytes) -> Feed:
    """The feed, parsed only once its signature is checked."""
    if len(feed_bytes) > MAX_FEED_BYTES:
        raise UserError("update.too_large", limit="1 MB")
    verify(feed_bytes, signature, public_key)
    return parse_feed(feed_bytes)
