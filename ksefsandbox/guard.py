"""Who may talk to the sandbox, and how much they may send.

Three kinds of stranger reach a loopback server: another account on this computer (kept out by the
secret address and the admin key), a web page in the user's browser (cross-site requests: refused by
``Origin``/``Sec-Fetch-Site`` and by accepting only bodies a page cannot send without a CORS
preflight), and a DNS-rebinding name that points at 127.0.0.1 (refused by ``Host``).
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets

from werkzeug.wrappers import Request

from ksefsandbox.hosted import ADMIN_HEADER as ADMIN_HEADER  # the parent process sends it too
from ksefsandbox.problems import ApiError, bad_request

SECRET_BYTES = 24  # 192 bits, 32 URL-safe characters
MAX_API_BODY_BYTES = 4 * 1024 * 1024  # a 3 MB invoice in Base64 (4 000 024 B) plus its JSON fields
MAX_SMALL_BODY_BYTES = 64 * 1024  # admin switches and anything that carries no invoice
JSON_TYPES = frozenset({"application/json"})
XML_TYPES = frozenset({"application/xml", "text/xml"})
# What a page can POST cross-site without a preflight; never accepted, whatever the endpoint.
SIMPLE_TYPES = frozenset({"text/plain", "application/x-www-form-urlencoded", "multipart/form-data"})
INVALID_INPUT = "Błąd walidacji danych wejściowych."


def new_secret() -> str:
    return secrets.token_urlsafe(SECRET_BYTES)


def same_secret(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


def blocked(request: Request, why: str) -> ApiError:
    """KSeF's answer when its security layer refuses a request (reasonCode security-service-blocked)."""
    return ApiError(
        403,
        "security-service-blocked",
        f"Żądanie zostało zablokowane przez mechanizmy bezpieczeństwa: {why}",
        extra={"security": {"incidentId": new_secret()[:16], "clientIp": request.remote_addr or ""}},
    )


def _host_name(host: str) -> str:
    if host.startswith("["):  # [::1]:8765
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def host_allowed(host: str | None, own_names: frozenset[str]) -> bool:
    """An IP literal, ``localhost`` or the name the server was started with. A DNS-rebinding page
    reaches 127.0.0.1 under its own domain name, which is none of these."""
    if not host:
        return True  # HTTP/1.0 clients; every browser sends Host
    name = _host_name(host.strip()).lower().rstrip(".")
    if name == "localhost" or name in own_names:
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def check_origin(request: Request, own_names: frozenset[str]) -> None:
    if not host_allowed(request.headers.get("Host"), own_names):
        raise blocked(request, "nieznana nazwa serwera (Host).")
    origin = request.headers.get("Origin")
    if origin is not None and origin.lower() != f"http://{request.headers.get('Host', '')}".lower():
        raise blocked(request, "żądanie z innej strony internetowej (Origin).")
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None and site.lower() not in ("same-origin", "none"):
        raise blocked(request, "żądanie z innej strony internetowej (Sec-Fetch-Site).")


def has_body(request: Request) -> bool:
    return bool(request.content_length) or "Transfer-Encoding" in request.headers


def check_body_type(request: Request, accepted: frozenset[str] | None) -> None:
    """``accepted`` None: any type but the cross-site "simple" ones (pre-signed uploads)."""
    if not has_body(request):
        return
    media = request.mimetype
    if (accepted is None and media not in SIMPLE_TYPES) or (accepted is not None and media in accepted):
        return
    wanted = " albo ".join(sorted(accepted)) if accepted else "inny niż formularz lub zwykły tekst"
    raise bad_request(21405, INVALID_INPUT, f"Nieobsługiwany typ treści '{media or '(brak)'}': wymagany {wanted}.")


def too_large(limit: int) -> ApiError:
    return bad_request(21405, INVALID_INPUT, f"Treść żądania przekracza {limit} bajtów.")
