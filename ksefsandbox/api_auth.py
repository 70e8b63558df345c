"""/auth/*: challenge, XAdES and KSeF-token login, status, redeem, refresh, sessions."""

from __future__ import annotations

import base64
import hashlib
import json
import time
from datetime import timedelta
from typing import Any

from cryptography.hazmat.primitives.serialization import Encoding
from werkzeug.wrappers import Response

from ksefdesk.core.auth_request import ContextType
from ksefdesk.core.crypto import rsa_oaep_decrypt, sha256_b64, unb64
from ksefdesk.core.numbers import reference_number
from ksefsandbox.api_certificates import check_login_certificate
from ksefsandbox.context import SandboxContext
from ksefsandbox.keys import TOKEN_USAGE
from ksefsandbox.problems import ApiError, bad_request
from ksefsandbox.routing import Call, Router, json_response
from ksefsandbox.state import Row, iso, now_utc, parse_iso
from ksefsandbox.xades_verify import KSEF_CODES, MAX_BODY_BYTES, Refusal, SignatureRefused, verify_login

OWNER_PERMISSIONS = (
    "InvoiceRead",
    "InvoiceWrite",
    "CredentialsRead",
    "CredentialsManage",
    "SubunitManage",
    "EnforcementOperations",
    "Introspection",
)
INVALID_INPUT = "Błąd walidacji danych wejściowych."
BAD_CHALLENGE = "Nieprawidłowe wyzwanie autoryzacyjne."

_STATUS_TEXT = {
    100: "Uwierzytelnianie w toku",
    200: "Uwierzytelnianie zakończone sukcesem",
    415: "Uwierzytelnianie zakończone niepowodzeniem z powodu braku nadanych uprawnień",
    425: "Uwierzytelnienie unieważnione",
    450: "Uwierzytelnianie zakończone niepowodzeniem z powodu błędnego tokenu",
    470: "Uwierzytelnianie zakończone niepowodzeniem z powodu użycia danych osoby zmarłej",
    480: "Uwierzytelnienie zablokowane z powodu podejrzenia incydentu bezpieczeństwa",
    460: "Uwierzytelnianie zakończone niepowodzeniem z powodu błędu certyfikatu",
}
_METHOD_NAMES = {
    "QualifiedSignature": "Podpis kwalifikowany",
    "QualifiedSeal": "Pieczęć kwalifikowana",
    "InternalCertificate": "Certyfikat KSeF",
    "TrustedProfile": "Profil Zaufany",
    "Token": "Token KSeF",
}


# --- helpers shared with other endpoints ------------------------------------------------------
def permissions_for(sandbox: SandboxContext, context: str, subject_type: str, subject_value: str) -> list[str]:
    if subject_type == "Nip" and subject_value == context:
        return list(OWNER_PERMISSIONS)
    if subject_type == "Pesel" and testdata(sandbox, "person", subject_value).get("nip") == context:
        return list(OWNER_PERMISSIONS)  # the owner of a sole proprietorship (JDG)
    rows = sandbox.state.all(
        "SELECT permission FROM grants WHERE context_value = ? AND subject_type = ? AND subject_value = ?",
        (context, subject_type, subject_value),
    )
    return sorted(r["permission"] for r in rows)


def testdata(sandbox: SandboxContext, kind: str, key: str) -> dict[str, Any]:
    row = sandbox.state.one("SELECT value FROM testdata WHERE kind = ? AND key = ?", (kind, key))
    return dict(json.loads(row["value"])) if row else {}


def _refusal(
    sandbox: SandboxContext, context: str, subject_type: str, subject_value: str
) -> tuple[int, list[str]] | None:
    """Auth statuses that /testdata can provoke: a blocked context (480), a deceased person (470)."""
    if testdata(sandbox, "blocked", context):
        return 480, ["Kontekst zablokowany (symulacja incydentu bezpieczeństwa)."]
    if subject_type == "Pesel" and testdata(sandbox, "person", subject_value).get("isDeceased"):
        return 470, ["Osoba zmarła."]
    return None


def grant_permissions(sandbox: SandboxContext, body: dict[str, Any]) -> None:
    """Admin/testdata: let a person (PESEL/NIP) or fingerprint act in a NIP's context."""
    for permission in body.get("permissions", []):
        sandbox.state.execute(
            "INSERT OR IGNORE INTO grants (context_value, subject_type, subject_value, permission) VALUES (?, ?, ?, ?)",
            (body["contextNip"], body["subjectType"], body["subjectValue"], permission),
        )


def revoke_operation(sandbox: SandboxContext, reference: str) -> None:
    if not sandbox.state.update("auth_operations", "ref", reference, {"revoked": 1}):
        raise bad_request(
            21304, "Brak uwierzytelnienia.", f"Operacja uwierzytelniania {reference} nie została znaleziona."
        )


def _take_challenge(sandbox: SandboxContext, challenge: str) -> Row:
    """Known, unused, unexpired: mark it used and return it; 21111 otherwise."""
    with sandbox.lock:
        row = sandbox.state.one("SELECT * FROM challenges WHERE challenge = ?", (challenge,))
        if row is None:
            raise bad_request(21111, BAD_CHALLENGE, "Wyzwanie nie istnieje.")
        if row["used"]:
            raise bad_request(21111, BAD_CHALLENGE, "Wyzwanie zostało już wykorzystane.")
        if time.time() * 1000 > row["timestamp_ms"] + sandbox.config.challenge_ttl_s * 1000:
            raise bad_request(21111, BAD_CHALLENGE, "Wyzwanie wygasło.")
        sandbox.state.update("challenges", "challenge", challenge, {"used": 1})
    return row


def _start_operation(
    sandbox: SandboxContext,
    *,
    context: str,
    subject_type: str,
    subject_value: str,
    method: str,
    category: str,
    status: int,
    details: list[str],
    permissions: list[str],
    ksef_token_ref: str | None = None,
    auth_digest: str | None = None,
    login_certificate: bytes | None = None,
) -> Response:
    ref = reference_number("AU", now_utc().date())
    sandbox.state.insert(
        "auth_operations",
        {
            "ref": ref,
            "context_type": "Nip",
            "context_value": context,
            "subject_type": subject_type,
            "subject_value": subject_value,
            "method": method,
            "category": category,
            "status_code": status,
            "status_description": _STATUS_TEXT[status],
            "status_details": json.dumps(details, ensure_ascii=False),
            "permissions": json.dumps(permissions),
            "ksef_token_ref": ksef_token_ref,
            "start_date": iso(now_utc()),
            "auth_digest": auth_digest,
            "login_certificate": base64.b64encode(login_certificate).decode() if login_certificate else None,
        },
    )
    token, exp = sandbox.issue(
        {"typ": "OperationToken", "operation-reference-number": ref}, sandbox.config.operation_token_ttl_s
    )
    return json_response(
        {"referenceNumber": ref, "authenticationToken": {"token": token, "validUntil": _iso_ts(exp)}}, 202
    )


def _iso_ts(epoch: float) -> str:
    from datetime import UTC, datetime

    return iso(datetime.fromtimestamp(epoch, UTC)) or ""


def _operation(sandbox: SandboxContext, ref: str) -> Row:
    row = sandbox.state.one("SELECT * FROM auth_operations WHERE ref = ?", (ref,))
    if row is None:
        raise bad_request(
            21304,
            "Brak uwierzytelnienia.",
            f"Operacja uwierzytelniania o numerze referencyjnym {ref} nie została znaleziona.",
        )
    return row


def _method_info(row: Row) -> dict[str, str]:
    return {
        "category": row["category"],
        "code": row["method"],
        "displayName": _METHOD_NAMES.get(row["method"], row["method"]),
    }


def _status(row: Row) -> dict[str, Any]:
    status: dict[str, Any] = {"code": row["status_code"], "description": row["status_description"]}
    details = row.json_of("status_details", [])
    if details:
        status["details"] = details
    return status


def _context_identifier(body: dict[str, Any]) -> str:
    context = body.get("contextIdentifier")
    if not isinstance(context, dict) or context.get("type") not in [t.value for t in ContextType]:
        raise bad_request(21405, INVALID_INPUT, "Pole 'contextIdentifier' jest wymagane (type, value).")
    if context["type"] != "Nip":
        raise bad_request(
            21117,
            "Nieprawidłowy identyfikator podmiotu dla wskazanego typu kontekstu.",
            "Piaskownica obsługuje kontekst Nip.",
        )
    value = str(context.get("value", ""))
    if len(value) != 10 or not value.isdigit():
        raise bad_request(21405, INVALID_INPUT, "contextIdentifier.value: NIP musi mieć 10 cyfr.")
    return value


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# --- endpoints --------------------------------------------------------------------------------
def challenge(call: Call) -> Response:
    now = now_utc()
    value = reference_number("CR", now.date())
    timestamp_ms = int(now.timestamp() * 1000)
    call.sandbox.state.insert(
        "challenges", {"challenge": value, "timestamp_ms": timestamp_ms, "client_ip": call.client_ip}
    )
    return json_response(
        {"challenge": value, "timestamp": iso(now), "timestampMs": timestamp_ms, "clientIp": call.client_ip}
    )


def _signed_body(call: Call) -> bytes:
    """The body, read only up to the verifier's size limit (a bigger one is refused unread)."""
    code, description = KSEF_CODES[Refusal.UNREADABLE]
    too_large = f"Plik jest większy niż {MAX_BODY_BYTES} bajtów."
    length = call.request.content_length
    if length is not None and length > MAX_BODY_BYTES:
        raise ApiError(400, code, description, [too_large], headers={"Connection": "close"})
    data: bytes = call.request.stream.read(MAX_BODY_BYTES + 1)
    if len(data) > MAX_BODY_BYTES:
        raise ApiError(400, code, description, [too_large], headers={"Connection": "close"})
    return data


def xades_signature(call: Call) -> Response:
    data = _signed_body(call)
    try:
        signed = verify_login(data, now=now_utc())
    except SignatureRefused as exc:
        raise bad_request(exc.ksef_code, exc.ksef_description, exc.detail) from exc
    if signed.context_type != ContextType.NIP.value:
        raise bad_request(
            21117,
            "Nieprawidłowy identyfikator podmiotu dla wskazanego typu kontekstu.",
            "Piaskownica obsługuje kontekst Nip.",
        )
    check_login_certificate(call.sandbox, signed.certificate)
    _take_challenge(call.sandbox, signed.challenge)
    identity = signed.identity
    context = signed.context_value
    permissions = permissions_for(call.sandbox, context, identity.kind.value, identity.value)
    issuer = signed.certificate.issuer.rfc4514_string()
    method = "InternalCertificate" if "KSeF Sandbox CA" in issuer else identity.method
    status, details = (200, []) if permissions else (415, ["Brak uprawnień w kontekście NIP " + context])
    refusal = _refusal(call.sandbox, context, identity.kind.value, identity.value)
    if refusal:
        (status, details), permissions = refusal, []
    return _start_operation(
        call.sandbox,
        context=context,
        subject_type=identity.kind.value,
        subject_value=identity.value,
        method=method,
        category="XadesSignature",
        status=status,
        details=details,
        permissions=permissions,
        auth_digest=sha256_b64(data),
        login_certificate=signed.certificate.public_bytes(Encoding.DER),
    )


def ksef_token(call: Call) -> Response:
    body = call.json()
    context = _context_identifier(body)
    for name in ("challenge", "encryptedToken"):
        if not isinstance(body.get(name), str) or not body[name]:
            raise bad_request(21405, INVALID_INPUT, f"Pole '{name}' jest wymagane.")
    key_id = body.get("publicKeyId")
    key = call.sandbox.keys.by_public_key_id(key_id, TOKEN_USAGE)
    if key is None:
        raise bad_request(
            21470,
            "Przesłany identyfikator klucza jest nieznany lub wskazuje na wycofany klucz.",
            f"Klucz o identyfikatorze {key_id} nie jest wspierany.",
        )
    challenge_row = _take_challenge(call.sandbox, body["challenge"])
    problem, token_row = "", None
    try:
        plain = rsa_oaep_decrypt(key.private_key, unb64(body["encryptedToken"])).decode("utf-8")
        token, _, timestamp = plain.rpartition("|")
        token_row = call.sandbox.state.one("SELECT * FROM ksef_tokens WHERE token_hash = ?", (token_hash(token),))
        if timestamp != str(challenge_row["timestamp_ms"]):
            problem = "Nieprawidłowy czas tokena."
        elif token_row is None or token_row["context_value"] != context:
            problem, token_row = "Nieprawidłowy token.", None
        else:
            token_state = _token_status(call.sandbox, token_row)
            if token_state in ("Revoked", "Revoking"):
                problem = "Token unieważniony."
            elif token_state != "Active":
                problem = "Token nieaktywny."
    except (ValueError, UnicodeDecodeError):
        problem = "Nieprawidłowy token."
    subject_type, subject_value = "Nip", ""
    status: int
    details: list[str]
    permissions: list[str] = []
    if problem or token_row is None:
        status, details = 450, [problem]
    else:
        subject_type, subject_value = token_row["author_type"], token_row["author_value"]
        refusal = _refusal(call.sandbox, context, "Nip", context)
        status, details = refusal if refusal else (200, [])
        permissions = [] if refusal else token_row.json_of("permissions", [])
        if not refusal:
            call.sandbox.state.update("ksef_tokens", "ref", token_row["ref"], {"last_use": iso(now_utc())})
    return _start_operation(
        call.sandbox,
        context=context,
        subject_type=subject_type,
        subject_value=subject_value,
        method="Token",
        category="Token",
        status=status,
        details=details,
        permissions=permissions,
        ksef_token_ref=token_row["ref"] if status == 200 and token_row is not None else None,
    )


def _token_status(sandbox: SandboxContext, row: Row) -> str:
    status = str(row["status"])
    created = parse_iso(row["date_created"])
    if status == "Pending" and created and now_utc() - created >= timedelta(seconds=sandbox.config.token_activation_s):
        sandbox.state.update("ksef_tokens", "ref", row["ref"], {"status": "Active"})
        return "Active"
    return status


def auth_status(call: Call, referenceNumber: str) -> Response:
    if call.claims.get("operation-reference-number") != referenceNumber:
        raise ApiError(403, "insufficient-resource-access", "Token nie dotyczy tej operacji uwierzytelniania.")
    row = _operation(call.sandbox, referenceNumber)
    started = parse_iso(row["start_date"])
    if started and now_utc() - started > timedelta(days=7):
        raise ApiError(410, None, "Status operacji uwierzytelniania nie jest już dostępny.")
    body: dict[str, Any] = {
        "startDate": row["start_date"],
        "authenticationMethod": row["method"],
        "authenticationMethodInfo": _method_info(row),
        "status": _status(row),
        "isTokenRedeemed": bool(row["redeemed"]),
    }
    if row["last_refresh"]:
        body["lastTokenRefreshDate"] = row["last_refresh"]
    if row["refresh_valid_until"]:
        body["refreshTokenValidUntil"] = row["refresh_valid_until"]
    return json_response(body)


def _access_token(sandbox: SandboxContext, row: Row) -> tuple[str, float]:
    subject = {"type": row["subject_type"], "value": row["subject_value"]}
    return sandbox.issue(
        {
            "typ": "ContextToken",
            "cit": row["context_type"],
            "civ": row["context_value"],
            "aum": row["method"],
            "arn": row["ref"],
            "per": row.json_of("permissions", []),
            "sud": json.dumps(subject),
        },
        sandbox.config.access_token_ttl_s,
    )


def _refuse_if_token_revoked(sandbox: SandboxContext, row: Row) -> None:
    if row["ksef_token_ref"]:
        token_row = sandbox.state.one("SELECT status FROM ksef_tokens WHERE ref = ?", (row["ksef_token_ref"],))
        if token_row is None or token_row["status"] in ("Revoking", "Revoked"):
            raise bad_request(21301, "Brak autoryzacji.", "Token KSeF został unieważniony.")


def redeem(call: Call) -> Response:
    sandbox = call.sandbox
    with sandbox.lock:
        row = _operation(sandbox, str(call.claims.get("operation-reference-number")))
        if row["redeemed"]:
            raise bad_request(
                21301, "Brak autoryzacji.", f"Tokeny dla operacji uwierzytelniania {row['ref']} zostały już pobrane."
            )
        if row["status_code"] != 200 or row["revoked"]:
            raise bad_request(
                21301,
                "Brak autoryzacji.",
                f"Status uwierzytelniania ({row['status_code']}) nie pozwala na pobranie tokenów.",
            )
        _refuse_if_token_revoked(sandbox, row)
        access, access_exp = _access_token(sandbox, row)
        refresh, refresh_exp = sandbox.issue(
            {"typ": "RefreshToken", "arn": row["ref"]}, sandbox.config.refresh_token_ttl_s
        )
        sandbox.state.update(
            "auth_operations", "ref", row["ref"], {"redeemed": 1, "refresh_valid_until": _iso_ts(refresh_exp)}
        )
    return json_response(
        {
            "accessToken": {"token": access, "validUntil": _iso_ts(access_exp)},
            "refreshToken": {"token": refresh, "validUntil": _iso_ts(refresh_exp)},
        }
    )


def refresh(call: Call) -> Response:
    sandbox = call.sandbox
    row = _operation(sandbox, str(call.claims.get("arn")))
    if row["revoked"] or row["status_code"] != 200:
        raise bad_request(
            21301,
            "Brak autoryzacji.",
            "Status uwierzytelniania (425) nie pozwala na odświeżenie tokenu dostępowego."
            if row["revoked"]
            else "Status uwierzytelniania nie pozwala na odświeżenie tokenu dostępowego.",
        )
    _refuse_if_token_revoked(sandbox, row)
    access, access_exp = _access_token(sandbox, row)
    sandbox.state.update("auth_operations", "ref", row["ref"], {"last_refresh": iso(now_utc())})
    return json_response({"accessToken": {"token": access, "validUntil": _iso_ts(access_exp)}})


def page(call: Call, default: int, low: int, high: int) -> tuple[int, int]:
    """(offset, size) from pageSize and the x-continuation-token header (21418 when it is bad)."""
    size = call.query_int("pageSize", default, low, high)
    token = call.request.headers.get("x-continuation-token")
    if not token:
        return 0, size
    try:
        offset = int(base64.b64decode(token, validate=True).decode("ascii"))
        if offset < 0:
            raise ValueError
    except ValueError as exc:
        raise bad_request(21418, "Przekazany token kontynuacji ma nieprawidłowy format.") from exc
    return offset, size


def continuation(offset: int, size: int, total: int) -> str | None:
    nxt = offset + size
    return base64.b64encode(str(nxt).encode()).decode() if nxt < total else None


def paged(key: str, items: list[Any], offset: int, size: int, total: int) -> Response:
    """A page of a list answer, with continuationToken when more follow."""
    body: dict[str, Any] = {key: items}
    token = continuation(offset, size, total)
    if token:
        body["continuationToken"] = token
    return json_response(body)


def sessions(call: Call) -> Response:
    rows = call.sandbox.state.all(
        "SELECT * FROM auth_operations WHERE context_value = ? AND redeemed = 1 AND revoked = 0"
        " AND refresh_valid_until > ? ORDER BY start_date DESC",
        (call.context, iso(now_utc())),
    )
    offset, size = page(call, 10, 10, 100)
    items = []
    for row in rows[offset : offset + size]:
        item: dict[str, Any] = {
            "referenceNumber": row["ref"],
            "isCurrent": row["ref"] == call.claims.get("arn"),
            "startDate": row["start_date"],
            "authenticationMethod": row["method"],
            "authenticationMethodInfo": _method_info(row),
            "status": _status(row),
            "isTokenRedeemed": True,
            "refreshTokenValidUntil": row["refresh_valid_until"],
        }
        if row["last_refresh"]:
            item["lastTokenRefreshDate"] = row["last_refresh"]
        items.append(item)
    return paged("items", items, offset, size, len(rows))


def revoke_current(call: Call) -> Response:
    revoke_operation(call.sandbox, str(call.claims.get("arn")))
    return Response(status=204)


def revoke_session(call: Call, referenceNumber: str) -> Response:
    row = _operation(call.sandbox, referenceNumber)
    if row["context_value"] != call.context:
        raise ApiError(403, "insufficient-resource-access", "Sesja należy do innego kontekstu.")
    revoke_operation(call.sandbox, referenceNumber)
    return Response(status=204)


def register(router: Router) -> None:
    router.route("POST", "/auth/challenge", group="anonymous", auth="none")(challenge)
    router.route("POST", "/auth/xades-signature", group="anonymous", auth="none")(xades_signature)
    router.route("POST", "/auth/ksef-token", group="anonymous", auth="none")(ksef_token)
    router.route("GET", "/auth/<referenceNumber>", group="anonymous", auth="operation")(auth_status)
    router.route("POST", "/auth/token/redeem", group="anonymous", auth="operation")(redeem)
    router.route("POST", "/auth/token/refresh", group="anonymous", auth="refresh")(refresh)
    router.route("GET", "/auth/sessions", group="other")(sessions)
    router.route("DELETE", "/auth/sessions/current", group="other", auth="access_or_refresh")(revoke_current)
    router.route("DELETE", "/auth/sessions/<referenceNumber>", group="other")(revoke_session)
