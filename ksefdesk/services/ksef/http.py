"""HTTP to KSeF: timeouts, Retry-After aware retries, a shared rate limiter, cancellation and
KSeF's error bodies mapped to typed errors (``core.errors``): ``KsefUnreachable`` (no answer),
``KsefUnavailable`` (503, maintenance), ``KsefRateLimited``, ``KsefServerFault``, ``KsefRefused`` (with
KSeF's own code), all but the first a ``KsefApiError``; a cancelled wait raises ``Cancelled``.

Every request, pre-signed ones included, goes only to https (or plain http to this computer), never
follows a redirect, and ignores what the environment could slip in behind the app's back
(``REQUESTS_CA_BUNDLE``, ``~/.netrc``, a proxy for loopback traffic): the trust store changes only
through the explicit, logged ``KSEFDESK_CA_BUNDLE``, and system proxies are used for remote hosts only.
"""

from __future__ import annotations

import bisect
import email.utils
import json as jsonlib
import logging
import math
import os
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

import requests

from ksefdesk import APP_NAME, __version__
from ksefdesk.core.errors import (
    Bilingual,
    KsefError,
    KsefRateLimited,
    KsefRefused,
    KsefServerFault,
    KsefUnavailable,
    KsefUnreachable,
    UserError,
)
from ksefdesk.core.models import is_loopback_host, validate_base_url
from ksefdesk.core.rate_limits import GLOBAL, GROUPS, Limit, parse_reported, wait_for
from ksefdesk.core.redaction import scrub
from ksefdesk.services.cancel import CancelToken as CancelToken  # re-exported: callers import it from here
from ksefdesk.services.ksef.rate_budget import MAX_BLOCK_S, BudgetStore, ContextBudget, MemoryBudgets
from ksefdesk.services.system_notices import SystemNotices

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = (10.0, 60.0)  # connect, read
MAX_ATTEMPTS = 5
MAX_INLINE_WAIT_S = 30.0  # longer Retry-After: the request fails now (truthfully) and the scheduler retries
JITTER_SLACK_S = 0.25  # headroom on every rate-limit window (see SlidingWindows.wait)
RATE_LIMITS_PATH = "/rate-limits"
LIMITS_MAX_AGE_S = 24 * 3600.0  # GET /rate-limits at most once a day per context
LIMITS_RETRY_S = 3600.0  # ...or an hour after a read that failed
_SAFE_METHODS = frozenset({"GET", "HEAD", "DELETE"})
CA_BUNDLE_ENV = "KSEFDESK_CA_BUNDLE"  # a company's TLS-inspecting proxy: the only way to change the trust store


def _unsafe(address: str, pl: str, en: str) -> UserError:
    return UserError("ksef.unsafe_address", address=address, reason=Bilingual(pl, en))


def check_address(url: str) -> None:
    """Refuse (``ksef.unsafe_address``) any address but https, or plain http to this computer; the
    message names only scheme and host, never the path or query of a pre-signed link."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    shown = f"{scheme}://{parts.hostname or ''}" if scheme else "?"
    if scheme not in ("http", "https"):
        raise _unsafe(shown, "dozwolone są tylko adresy https://", "only https:// addresses are allowed")
    if not parts.hostname:
        raise _unsafe(shown, "adres nie ma nazwy serwera", "the address has no host name")
    try:
        port = parts.port
    except ValueError:
        port = -1
    if port is not None and not 1 <= port <= 65535:
        raise _unsafe(shown, "numer portu jest spoza zakresu 1–65535", "the port number is outside 1–65535")
    if scheme == "http" and not is_loopback_host(parts.hostname):
        raise _unsafe(
            shown,
            "nieszyfrowane http:// jest dozwolone tylko do tego komputera",
            "unencrypted http:// is allowed only to this computer",
        )


def trust_store(environ: Mapping[str, str] | None = None) -> bool | str:
    """``verify`` for requests: the system's trust (certifi) unless KSEFDESK_CA_BUNDLE names a file."""
    value = (os.environ if environ is None else environ).get(CA_BUNDLE_ENV, "").strip()
    if not value:
        return True
    try:
        ssl.create_default_context(cafile=value)
    except (OSError, ssl.SSLError, ValueError) as exc:
        reason = Bilingual("pliku nie ma albo nie zawiera certyfikatów", "it is missing or holds no certificates")
        raise UserError("ksef.ca_bundle_unusable", path=value, reason=reason, details=str(exc)) from exc
    return value


def _without_credentials(proxy: str) -> str:
    parts = urlsplit(proxy)
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname or ''}{port}"


KsefApiError = KsefError  # "KSeF answered with an error", the name the API layer and its callers catch


class RateLimiter:
    """Paces requests per (context, group) to stay inside KSeF's limits, so that many background
    workers never provoke a 429 storm. ``scale`` below 1 leaves headroom.

    The limits are those KSeF last reported for the context (``GET /rate-limits``, read through
    ``KsefHttp`` at most once a day), else the contract's constants. The budget itself (send times,
    Retry-After blocks) lives in ``budgets``: in memory by default, or ``FolderBudgets`` on the data
    folder so that the window, the command line and a restarted process share one budget per context.
    """

    def __init__(
        self,
        scale: float = 1.0,
        clock: Callable[[], float] = time.time,
        *,
        budgets: BudgetStore | None = None,
    ) -> None:
        self.scale = scale
        self._clock = clock  # wall-clock seconds: stored times must mean the same to another process
        self.budgets: BudgetStore = budgets or MemoryBudgets()

    def configured(self, budget: ContextBudget, group: str) -> Limit:
        """KSeF's reported limit for ``group`` (``None`` windows: no limit), else the contract's."""
        return budget.limits.get(group) or GROUPS.get(group) or GROUPS["other"]

    def _windows(self, budget: ContextBudget, group: str) -> tuple[int | None, int | None, int | None]:
        return tuple(  # type: ignore[return-value]
            None if value is None else max(1, math.floor(value * self.scale))
            for value in self.configured(budget, group).windows
        )

    def acquire(self, scope: str, group: str, cancel: CancelToken | None = None) -> float:
        """Wait until one more request fits (its group's windows, the global ones, any Retry-After
        block) and count it; returns the seconds waited."""
        waited = 0.0
        while True:
            now = self._clock()
            with self.budgets.open(scope, now) as budget:
                groups = [group]
                if group != GLOBAL and not self.configured(budget, GLOBAL).unlimited:
                    groups.append(GLOBAL)  # KSeF's is per IP address; counted here per context
                wait = 0.0
                for name in groups:
                    limits = self._windows(budget, name)
                    budget.trim(name, limits, now, JITTER_SLACK_S)
                    wait = max(wait, budget.blocked_until.get(name, 0.0) - now)
                    if self.scale > 0:
                        wait = max(wait, wait_for(budget.hits.get(name, []), limits, now, JITTER_SLACK_S).seconds)
                if wait <= 0:
                    for name in groups:
                        bisect.insort(budget.hits.setdefault(name, []), now)
                    return waited
            step = min(wait, 1.0)
            (cancel or CancelToken()).sleep(step)
            waited += step

    def used(self, scope: str, group: str, window_s: float) -> int:
        """Requests of this group sent in the last ``window_s`` seconds (for showing the budget)."""
        now = self._clock()
        hits = self.budgets.peek(scope, now).hits.get(group, [])
        return len(hits) - bisect.bisect_right(hits, now - window_s)

    def limit(self, scope: str, group: str) -> Limit:
        """The limit in force for ``group`` of this context (reported by KSeF, else the constant)."""
        return self.configured(self.budgets.peek(scope, self._clock()), group)

    def block(self, scope: str, group: str, seconds: float) -> None:
        """KSeF said 429: nothing in this group goes out before Retry-After has passed, and the limits
        are read again (a 429 the budget did not foresee means KSeF's values changed)."""
        now = self._clock()
        with self.budgets.open(scope, now) as budget:
            until = now + min(seconds, MAX_BLOCK_S)
            budget.blocked_until[group] = max(budget.blocked_until.get(group, 0.0), until)
            budget.limits_next_at = min(budget.limits_next_at, now)

    # --- what KSeF reports (GET /rate-limits) ---------------------------------------------------------
    def limits_due(self, scope: str) -> bool:
        """Whether the context's limits should be read from KSeF again (never read, or a day old)."""
        now = self._clock()
        return self.budgets.peek(scope, now).limits_next_at <= now

    def claim_limits_read(self, scope: str) -> bool:
        """Take the next read upon this caller (False: another thread or process just did); until it
        reports back, nobody else tries for a while."""
        now = self._clock()
        with self.budgets.open(scope, now) as budget:
            if budget.limits_next_at > now:
                return False
            budget.limits_next_at = now + LIMITS_RETRY_S
            return True

    def adapt(self, scope: str, body: Any) -> dict[str, Limit]:
        """Use the values of a ``GET /rate-limits`` answer from now on (-1 = no limit); groups it does
        not list keep the contract's constants. Returns what was taken."""
        reported = parse_reported(body)
        now = self._clock()
        with self.budgets.open(scope, now) as budget:
            if reported:
                budget.limits = reported
                budget.limits_next_at = now + LIMITS_MAX_AGE_S
        changed = {g: v for g, v in reported.items() if GROUPS.get(g) not in (None, v)}
        if changed:
            log.info("KSeF reports rate limits for %s that differ from the contract's: %s", scope, changed)
        return reported


def retry_after_seconds(value: str | None, default: float) -> float:
    if not value:
        return default
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = email.utils.parsedate_to_datetime(value)
        return max(0.0, (moment - datetime.now(UTC)).total_seconds())
    except (TypeError, ValueError):
        return default


def _errors_from(body: Any) -> tuple[int | None, str, list[str]]:
    """(code, description, details) from either error format."""
    if isinstance(body, dict):
        exception = body.get("exception")
        if isinstance(exception, dict):
            items = exception.get("exceptionDetailList") or [{}]
            first = items[0] if isinstance(items[0], dict) else {}
            return (
                first.get("exceptionCode"),
                str(first.get("exceptionDescription") or ""),
                list(first.get("details") or []),
            )
        errors = body.get("errors")
        if isinstance(errors, list) and errors and isinstance(errors[0], dict):
            return errors[0].get("code"), str(errors[0].get("description") or ""), list(errors[0].get("details") or [])
        status = body.get("status")
        if isinstance(status, dict):
            return None, str(status.get("description") or ""), list(status.get("details") or [])
        return None, str(body.get("detail") or body.get("title") or ""), []
    return None, "", []


# ForbiddenProblemDetails.reasonCode (contract 2.8.1): the reason in both languages; an unknown code falls
# back to KSeF's own (Polish) detail. ``timestamp`` and the other optional fields are never needed.
_FORBIDDEN_REASONS = {
    "missing-permissions": ("brak wymaganych uprawnień w kontekście tej firmy", "missing permissions in this company"),
    "ip-not-allowed": (
        "żądanie przyszło z innego adresu IP niż przy logowaniu",
        "the request came from another IP address than the login",
    ),
    "insufficient-resource-access": ("brak dostępu do wskazanego zasobu", "no access to the resource"),
    "auth-method-not-allowed": (
        "ta operacja nie jest dostępna przy tym sposobie logowania",
        "this operation is not available with this way of logging in",
    ),
    "security-service-blocked": (
        "żądanie zablokowały zabezpieczenia KSeF",
        "KSeF's security mechanisms blocked the request",
    ),
    "context-type-not-allowed": (
        "operacja nie jest dostępna dla tego rodzaju kontekstu",
        "the operation is not available for this kind of context",
    ),
}


def _forbidden(body: Any, description: str) -> KsefRefused:
    fields = body if isinstance(body, dict) else {}
    reason_code = str(fields.get("reasonCode") or "")
    security = fields.get("security") if isinstance(fields.get("security"), dict) else {}
    needed = security.get("requiredAnyOfPermissions") if isinstance(security, dict) else None
    known = _FORBIDDEN_REASONS.get(reason_code)
    if known:
        pl, en = known
        if isinstance(needed, list) and needed:
            listed = ", ".join(str(p) for p in needed[:10])
            pl, en = f"{pl} (potrzebne jedno z: {listed})", f"{en} (one of these is needed: {listed})"
        reason: object = Bilingual(pl, en)
    else:
        reason = description or reason_code or "?"
    details = "; ".join(part for part in (reason_code, description, str(fields.get("traceId") or "")) if part)
    return KsefRefused(
        "ksef.forbidden", status=403, reason_code=reason_code, reason=reason, details=scrub(details), body=body
    )


def error_for(response: requests.Response) -> KsefApiError:
    try:
        body: Any = response.json()
    except ValueError:
        body = None
    code, description, details = _errors_from(body)
    description = scrub(description)  # shown as details: never a pre-signed address a server echoed
    detail_text = scrub("; ".join(str(d) for d in details))
    status = response.status_code
    if 300 <= status < 400:  # redirects are never followed: an API answer is not a new address
        return KsefApiError(
            "ksef.bad_answer", status=status, details=f"HTTP {status}: redirect not followed", body=body
        )
    if status == 400:
        text = description + (f" ({detail_text})" if detail_text else "")
        return KsefRefused(
            "ksef.rejected",
            status=status,
            ksef_code=code,
            description=text or "?",
            details=f"HTTP 400, KSeF {code}: {description} {detail_text}".strip(),
            body=body,
        )
    if status == 401:
        return KsefRefused("ksef.unauthorized", status=status, details=description, body=body)
    if status == 403:
        return _forbidden(body, description)
    if status == 429:
        seconds = math.ceil(retry_after_seconds(response.headers.get("Retry-After"), 60))
        return KsefRateLimited(status=status, seconds=seconds, details=description, body=body)
    if status == 503:
        return KsefUnavailable(status=status, details=description, body=body)
    if status >= 500:
        return KsefServerFault(status=status, details=description, body=body)
    # another 4xx (404, 409, 413...) comes out a KsefRefused; anything else (1xx, 2xx) a bare KsefError
    return KsefError("ksef.bad_answer", status=status, details=f"{description} {detail_text}".strip(), body=body)


class KsefHttp:
    """One per company and environment. Thread-safe for concurrent calls (requests.Session is used
    behind a lock-free pattern: one Session per thread)."""

    def __init__(
        self,
        base_url: str,
        limiter: RateLimiter,
        *,
        scope: str = "",
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        max_attempts: int = MAX_ATTEMPTS,
        session_factory: Callable[[], requests.Session] = requests.Session,
        notices: SystemNotices | None = None,
    ) -> None:
        self.base_url = validate_base_url(base_url)
        self.host = urlsplit(self.base_url).netloc
        self.limiter = limiter
        self.scope = scope or self.host
        self.timeout = timeout
        self.max_attempts = max_attempts
        self._session_factory = session_factory
        self._local = threading.local()
        self.warnings: list[str] = []  # distinct X-System-Warning values this connection saw
        self.notices = notices or SystemNotices()  # the app's one (window, CLI): each distinct one told once
        self._told_trust = False
        self._told_proxies: set[tuple[str, str]] = set()
        self._limits_checked_at = -math.inf  # monotonic: when limits_due was last asked

    def _session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = self._session_factory()
            session.headers["User-Agent"] = f"{APP_NAME.replace(' ', '')}/{__version__}"
            session.headers["X-Error-Format"] = "problem-details"
            # No REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE, environment proxies or ~/.netrc (which would replace
            # the bearer header): proxies are passed per request below, the trust store only explicitly.
            session.trust_env = False
            session.verify = trust_store()  # never switched off: plain http goes only to loopback
            if session.verify is not True and not self._told_trust:
                self._told_trust = True
                log.warning("TLS: trusting only the certificates in %s (%s)", session.verify, CA_BUNDLE_ENV)
            self._local.session = session
        return session

    def _proxies(self, target: str) -> dict[str, str]:
        """The system's proxy for remote hosts (a company network keeps working); never for loopback."""
        host = urlsplit(target).hostname or ""
        if is_loopback_host(host):
            return {}
        proxies: dict[str, str] = requests.utils.get_environ_proxies(target)
        chosen = requests.utils.select_proxy(target, proxies)
        if chosen and (host, chosen) not in self._told_proxies:
            self._told_proxies.add((host, chosen))
            log.info("connecting to %s through the proxy %s", host, _without_credentials(chosen))
        return proxies

    def _read_rate_limits(self, token: str, cancel: CancelToken) -> None:
        """After login, at most once a day per context (shared through the limiter's budget): take the
        limits KSeF reports for this context instead of the constants. A failed read changes nothing."""
        if time.monotonic() - self._limits_checked_at < 60.0:  # not a file read on every request
            return
        self._limits_checked_at = time.monotonic()
        if not self.limiter.limits_due(self.scope) or not self.limiter.claim_limits_read(self.scope):
            return
        try:
            body = self.json("GET", RATE_LIMITS_PATH, group="other", token=token, cancel=cancel)
        except UserError as exc:
            log.info("rate limits of %s not read (%s): keeping the known ones", self.scope, exc.code)
            return
        self.limiter.adapt(self.scope, body)

    def request(
        self,
        method: str,
        path: str,
        *,
        group: str,
        token: str | None = None,
        json: Any = None,
        data: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | Iterable[tuple[str, Any]] | None = None,
        expect: tuple[int, ...] = (200,),
        cancel: CancelToken | None = None,
        url: str | None = None,
        retry_unsafe: bool = False,
        stream: bool = False,
    ) -> requests.Response:
        """Send one logical request, retrying what is safe to retry.

        429 and 503 are retried after Retry-After (KSeF refused before doing anything). Transport
        faults and other 5xx are retried only for safe methods or when ``retry_unsafe`` says the
        operation is idempotent, so that e.g. an invoice is never sent twice by accident.
        ``url`` replaces base_url + path for pre-signed links (no token, no rate limit).
        """
        cancel = cancel or CancelToken()
        all_headers = dict(headers or {})
        if token:
            all_headers["Authorization"] = f"Bearer {token}"
        target = url or self.base_url + path
        check_address(target)  # every request: pre-signed addresses come from answers, not from us
        if url is None and token and group != "anonymous" and path != RATE_LIMITS_PATH:
            self._read_rate_limits(token, cancel)
        retryable = method in _SAFE_METHODS or retry_unsafe
        backoff = 1.0
        for attempt in range(1, self.max_attempts + 1):
            cancel.raise_if_cancelled()
            if url is None:
                self.limiter.acquire(self.scope, group, cancel)
            started = time.monotonic()
            try:
                response = self._session().request(
                    method,
                    target,
                    json=json,
                    data=data,
                    headers=all_headers,
                    params=params,
                    timeout=self.timeout,
                    stream=stream,
                    allow_redirects=False,  # a 307 would re-send the body (a signed login file) elsewhere
                    proxies=self._proxies(target),
                )
            except (requests.ConnectionError, requests.Timeout) as exc:
                log.info("%s %s: %s (attempt %d)", method, path or "presigned", type(exc).__name__, attempt)
                if retryable and attempt < self.max_attempts:
                    cancel.sleep(backoff)
                    backoff = min(backoff * 2, 30)
                    continue
                reason = "timeout" if isinstance(exc, requests.Timeout) else "no connection"
                raise KsefUnreachable(host=self.host, reason=reason, details=scrub(str(exc))) from exc
            except requests.RequestException as exc:  # e.g. a header from an answer that cannot be sent
                raise KsefUnreachable(host=self.host, reason="invalid request", details=scrub(str(exc))) from exc
            elapsed_ms = (time.monotonic() - started) * 1000
            log.debug("%s %s -> %d (%.0f ms)", method, path or "presigned", response.status_code, elapsed_ms)
            warning = response.headers.get("X-System-Warning")
            if warning and warning not in self.warnings:  # KSeF repeats it on every answer: keep it once
                self.warnings.append(warning)
            if warning:
                self.notices.report(warning)  # logged and shown once per distinct message
            if response.status_code in expect:
                return response
            if response.status_code in (429, 503) and attempt < self.max_attempts:
                wait = retry_after_seconds(response.headers.get("Retry-After"), backoff)
                if response.status_code == 429 and url is None:
                    self.limiter.block(self.scope, group, wait)
                if wait > MAX_INLINE_WAIT_S:  # a maintenance window or an hourly limit: come back later
                    raise error_for(response)
                log.info("%s %s -> %d, waiting %.1f s", method, path, response.status_code, wait)
                cancel.sleep(wait)
                backoff = min(backoff * 2, 30)
                continue
            if response.status_code >= 500 and retryable and attempt < self.max_attempts:
                cancel.sleep(backoff)
                backoff = min(backoff * 2, 30)
                continue
            raise error_for(response)
        raise AssertionError("unreachable")  # the loop always returns or raises

    def json(self, method: str, path: str, **kwargs: Any) -> Any:
        """The answer's JSON; numbers with a fraction as ``Decimal``, exactly as written (amounts)."""
        response = self.request(method, path, **kwargs)
        try:
            return jsonlib.loads(response.content, parse_float=Decimal)
        except ValueError as exc:
            raise UserError("ksef.bad_answer", status=response.status_code, details=scrub(response.text[:200])) from exc
