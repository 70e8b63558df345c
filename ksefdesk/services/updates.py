"""Checking for updates: fetch the release feed and its signature (``core/update_feed.py`` describes both),
refuse it unless the publisher's Ed25519 key signed exactly those bytes, and say whether a newer version exists.

It only reads two small files: it never downloads a release, never runs or installs anything; the window
opens the release's download page in the browser when the user asks for it.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import requests

from ksefdesk import APP_NAME, __version__
from ksefdesk.core.errors import Bilingual, UserError
from ksefdesk.core.models import is_loopback_host
from ksefdesk.core.redaction import scrub
from ksefdesk.core.update_feed import (
    MAX_FEED_BYTES,
    MAX_SIGNATURE_BYTES,
    Release,
    Version,
    parse_public_key,
    parse_version,
    platform_key,
    verified_feed,
)
from ksefdesk.services.cancel import CancelToken
from ksefdesk.services.ksef.http import check_address, trust_store
from ksefdesk.services.settings import UPDATE_FEED_URL

log = logging.getLogger(__name__)

DEFAULT_URL = UPDATE_FEED_URL.default
SIGNATURE_SUFFIX = ".sig"
TIMEOUT = (5.0, 15.0)  # connect, read: two small files, the user may be waiting
MAX_REDIRECTS = 5  # a release host may send the files on to its storage; the signature, not the host, is trusted
KEY_FILE = Path(__file__).resolve().parent.parent / "resources" / "update_key.pub"

_OFFLINE = Bilingual(
    "brak połączenia z internetem albo serwer aktualizacji nie odpowiada",
    "no internet connection, or the update server does not answer",
)
_TIMEOUT = Bilingual("serwer aktualizacji nie odpowiedział na czas", "the update server did not answer in time")


def feed_url(settings_value: str | None) -> str:
    """The configured feed address (or the default), checked like every address the app talks to."""
    url = (settings_value or DEFAULT_URL).strip()
    try:
        check_address(url)
    except UserError as exc:
        raise UserError("update.bad_address", address=url, details=exc.message("en")) from exc
    parts = urlsplit(url)
    if parts.query or parts.fragment or not parts.path.strip("/"):  # the signature is the same address + ".sig"
        raise UserError("update.bad_address", address=url)
    return url


def shipped_public_key(path: Path = KEY_FILE) -> bytes:
    """The publisher's public key that ships with the app (raw 32 bytes)."""
    try:
        text = path.read_bytes()
    except OSError as exc:
        raise UserError("update.bad_key", details=str(exc)) from exc
    return parse_public_key(text)


@dataclass(frozen=True)
class UpdateCheck:
    """What the feed says for this computer: ``available`` is a newer release, None when this is the newest."""

    current: Version
    platform: str
    newest: Release | None  # the newest release for this platform, whether newer or not
    available: Release | None
    since: tuple[Release, ...] = ()  # every release newer than this one, newest first (their notes)

    @property
    def download_url(self) -> str:
        release = self.available
        download = release.download_for(self.platform) if release is not None else None
        return download.url if download is not None else ""


class UpdateChecker:
    def __init__(
        self,
        url: str | None,
        public_key: bytes,
        *,
        current: str = __version__,
        platform: str | None = None,
        timeout: tuple[float, float] = TIMEOUT,
        session_factory: Callable[[], requests.Session] = requests.Session,
    ) -> None:
        self.url = feed_url(url)
        self.public_key = public_key
        self.current = parse_version(current)
        self.platform = platform or platform_key(sys.platform)
        self.timeout = timeout
        self._session_factory = session_factory

    def check(self, cancel: CancelToken | None = None) -> UpdateCheck:
        """Raises a UserError for a feed that cannot be fetched (``update.unreachable``) or is refused."""
        session = self._session_factory()
        session.trust_env = False  # no netrc or environment CA bundle: the same rules as the KSeF client
        session.verify = trust_store()
        session.max_redirects = MAX_REDIRECTS
        session.headers["User-Agent"] = f"{APP_NAME.replace(' ', '')}/{__version__}"
        try:
            feed = self._fetch(session, self.url, MAX_FEED_BYTES, signature=False)
            if cancel is not None:
                cancel.raise_if_cancelled()
            signature = self._fetch(session, self.url + SIGNATURE_SUFFIX, MAX_SIGNATURE_BYTES, signature=True)
        finally:
            session.close()
        if cancel is not None:
            cancel.raise_if_cancelled()
        parsed = verified_feed(feed, signature, self.public_key)
        newest = parsed.newest(self.platform)
        available = parsed.newer_than(self.current, self.platform)
        log.info(
            "update check: this is %s, the feed's newest for %s is %s",
            self.current,
            self.platform,
            newest.version if newest is not None else "none",
        )
        since = parsed.since(self.current) if available is not None else ()
        return UpdateCheck(self.current, self.platform, newest, available, since)

    def _fetch(self, session: requests.Session, url: str, limit: int, *, signature: bool) -> bytes:
        """The body, at most ``limit`` bytes. A missing signature is ``update.unsigned``; an oversized feed
        ``update.too_large`` and an oversized signature ``update.signature_unreadable``, read no further."""
        host = urlsplit(url).hostname or ""
        proxies = {} if is_loopback_host(host) else requests.utils.get_environ_proxies(url)
        try:
            with session.get(url, timeout=self.timeout, stream=True, proxies=proxies) as response:
                try:
                    check_address(response.url)  # where the redirects ended: https, or this computer
                except UserError as exc:
                    reason = Bilingual(exc.message("pl"), exc.message("en"))
                    raise UserError("update.unreachable", reason=reason, details=scrub(url)) from exc
                if signature and response.status_code in (404, 410):
                    raise UserError("update.unsigned")
                if response.status_code != 200:
                    reason = Bilingual(
                        f"serwer aktualizacji odpowiedział HTTP {response.status_code}",
                        f"the update server answered HTTP {response.status_code}",
                    )
                    raise UserError("update.unreachable", reason=reason)
                body = bytearray()
                for chunk in response.iter_content(64 * 1024):
                    body += chunk
                    if len(body) > limit:  # not the length it claims: what it sends
                        if signature:
                            raise UserError("update.signature_unreadable")
                        raise UserError("update.too_large", limit="1 MB")
                return bytes(body)
        except requests.Timeout as exc:
            raise UserError("update.unreachable", reason=_TIMEOUT, details=type(exc).__name__) from exc
        except requests.TooManyRedirects as exc:
            reason = Bilingual("za dużo przekierowań", "too many redirects")
            raise UserError("update.unreachable", reason=reason) from exc
        except requests.ConnectionError as exc:
            log.info("update server unreachable: %s", scrub(str(exc)))
            raise UserError("update.unreachable", reason=_OFFLINE, details=scrub(str(exc))[:300]) from exc
        except requests.RequestException as exc:
            raise UserError("update.unreachable", reason=_OFFLINE, details=type(exc).__name__) from exc
