"""/sessions: online and batch sending, statuses, invoice lists and UPO receipts."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import tempfile
import weakref
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Request, Response

from ksefdesk.core.crypto import aes_decrypt, rsa_oaep_decrypt, sha256_b64, unb64
from ksefdesk.core.fa3 import MAX_INVOICE_BYTES
from ksefdesk.core.numbers import reference_number
from ksefsandbox.api_auth import INVALID_INPUT, page, paged
from ksefsandbox.api_blobs import blob_handler, presign
from ksefsandbox.context import SandboxContext
from ksefsandbox.files import private_folder, private_writer
from ksefsandbox.identifiers import SUBJECT_VALIDATION
from ksefsandbox.keys import SYMMETRIC_USAGE
from ksefsandbox.problems import ApiError, bad_request
from ksefsandbox.processing import accept_invoice, invoice_status_json, new_upo_ref, upo_xml
from ksefsandbox.routing import Call, Router, json_response
from ksefsandbox.state import Row, iso, now_utc, parse_iso
from ksefsandbox.unpack import (
    BROKEN_ARCHIVE,
    CHUNK,
    MAX_SESSION_INVOICES,
    PackageRefused,
    decrypt_parts,
    members,
    sha256_file,
)

WRITE = ("InvoiceWrite", "EnforcementOperations")
READ = ("InvoiceWrite", "InvoiceRead", "EnforcementOperations")
SUPPORTED_FORMS = ({"systemCode": "FA (3)", "schemaVersion": "1-0E", "value": "FA"},)
MAX_PARTS = 50
MAX_PART_BYTES = 100_000_000
MAX_BATCH_BYTES = 5_000_000_000
COMPRESSIONS = ("Zip", "TarGz")
_TOO_LARGE = "Plik faktury po rozpakowaniu przekracza 3 MB (limit KSeF: 1 MB, z załącznikami 3 MB)."
_SESSION_TEXT = {
    100: "Sesja interaktywna otwarta",
    170: "Sesja interaktywna zamknięta",
    200: "Sesja przetworzona pomyślnie",
    415: "Błąd odszyfrowania dostarczonego klucza",
    440: "Sesja anulowana",
    445: "Błąd weryfikacji, brak poprawnych faktur",
    150: "Trwa przetwarzanie",
    420: "Przekroczony limit faktur w sesji",
    405: "Błąd weryfikacji poprawności dostarczonych elementów paczki",
    430: "Błąd dekompresji pierwotnego archiwum",
    435: "Błąd odszyfrowania zaszyfrowanych części archiwum",
}
_BATCH_OPEN_TEXT = "Sesja wsadowa rozpoczęta"


def _invalid(detail: str) -> ApiError:
    return bad_request(21405, INVALID_INPUT, detail)


def _form_code(body: dict[str, Any]) -> dict[str, str]:
    form = body.get("formCode")
    if (
        not isinstance(form, dict)
        or {k: form.get(k) for k in ("systemCode", "schemaVersion", "value")} not in SUPPORTED_FORMS
    ):
        raise _invalid("Nieobsługiwany formCode: piaskownica przyjmuje FA (3) / 1-0E / FA.")
    return form


def _session_key(call: Call, body: dict[str, Any]) -> tuple[bytes | None, bytes]:
    """(AES key or None when it cannot be decrypted, IV). A bad key is a session status, not a 400."""
    encryption = body.get("encryption")
    if not isinstance(encryption, dict):
        raise _invalid("Pole 'encryption' jest wymagane.")
    key = call.sandbox.keys.by_public_key_id(encryption.get("publicKeyId"), SYMMETRIC_USAGE)
    if key is None:
        raise bad_request(
            21470,
            "Przesłany identyfikator klucza jest nieznany lub wskazuje na wycofany klucz.",
            f"Klucz o identyfikatorze {encryption.get('publicKeyId')} nie jest wspierany.",
        )
    try:
        iv = unb64(str(encryption.get("initializationVector", "")))
        wrapped = unb64(str(encryption.get("encryptedSymmetricKey", "")))
    except ValueError as exc:
        raise _invalid("encryptedSymmetricKey i initializationVector muszą być w Base64.") from exc
    if len(iv) != 16:
        raise _invalid("initializationVector musi mieć 16 bajtów.")
    try:
        aes = rsa_oaep_decrypt(key.private_key, wrapped)
    except ValueError:
        return None, iv
    return (aes if len(aes) == 32 else None), iv


def _features(call: Call) -> list[str]:
    """The X-KSeF-Feature values KSeF honours at opening (one header, comma-separated, or several)."""
    values = ",".join(call.request.headers.getlist("X-KSeF-Feature")).split(",")
    return sorted({v.strip() for v in values} & {SUBJECT_VALIDATION})


def _new_session(call: Call, kind: str, body: dict[str, Any], batch: dict[str, Any] | None = None) -> Row:
    form = _form_code(body)
    aes, iv = _session_key(call, body)
    now = now_utc()
    ref = reference_number("SO" if kind == "online" else "SB", now.date())
    status = 100 if aes else 415
    text = (_SESSION_TEXT[100] if kind == "online" else _BATCH_OPEN_TEXT) if aes else _SESSION_TEXT[415]
    call.sandbox.state.insert(
        "sessions",
        {
            "ref": ref,
            "kind": kind,
            "context_value": call.context,
            "auth_ref": call.claims.get("arn", ""),
            "form_code": json.dumps(form),
            "aes_key": aes,
            "iv": iv,
            "status_code": status,
            "status_description": text,
            "date_created": iso(now),
            "date_updated": iso(now),
            "valid_until": iso(now + timedelta(seconds=call.sandbox.config.session_ttl_s)),
            "offline": int(bool(body.get("offlineMode"))),
            "batch": json.dumps(batch) if batch else None,
            "features": json.dumps(_features(call)),
        },
    )
    row = call.sandbox.state.one("SELECT * FROM sessions WHERE ref = ?", (ref,))
    assert row is not None
    return row


def _session(call: Call, ref: str, kind: str | None = None) -> Row:
    row = call.sandbox.state.one("SELECT * FROM sessions WHERE ref = ?", (ref,))
    if row is None or row["context_value"] != call.context or (kind and row["kind"] != kind):
        raise bad_request(21173, "Brak sesji o wskazanym numerze referencyjnym.", f"Sesja {ref} nie istnieje.")
    return _expire(call.sandbox, row)


def _expire(sandbox: SandboxContext, row: Row) -> Row:
    """Sessions close by themselves 12 hours after opening."""
    valid_until = parse_iso(row["valid_until"])
    if row["status_code"] == 100 and valid_until and now_utc() > valid_until:
        _finish(sandbox, row)
        refreshed = sandbox.state.one("SELECT * FROM sessions WHERE ref = ?", (row["ref"],))
        assert refreshed is not None
        return refreshed
    return row


def _counts(sandbox: SandboxContext, ref: str) -> tuple[int, int]:
    row = sandbox.state.one(
        "SELECT COUNT(*) AS total, SUM(status_code = 200) AS ok FROM invoices WHERE session_ref = ?", (ref,)
    )
    assert row is not None
    return int(row["total"] or 0), int(row["ok"] or 0)


def _finish(sandbox: SandboxContext, session: Row) -> None:
    total, ok = _counts(sandbox, session["ref"])
    status = 440 if total == 0 else 445 if ok == 0 else 200
    updates: dict[str, Any] = {
        "status_code": status,
        "status_description": _SESSION_TEXT[status],
        "date_updated": iso(now_utc()),
    }
    if status == 440:
        updates["status_details"] = json.dumps(["Nie przesłano faktur"], ensure_ascii=False)
    if ok:
        updates["upo_ref"] = new_upo_ref(now_utc())
    sandbox.state.update("sessions", "ref", session["ref"], updates)


# --- online ---------------------------------------------------------------------------------------
def open_online(call: Call) -> Response:
    row = _new_session(call, "online", call.json())
    return json_response({"referenceNumber": row["ref"], "validUntil": row["valid_until"]}, 201)


def _hash_field(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or len(value) != 44:
        raise _invalid(f"'{name}' musi być skrótem SHA-256 w Base64 (44 znaki).")
    return value


def _size_field(body: dict[str, Any], name: str) -> int:
    value = body.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise _invalid(f"'{name}' musi być dodatnią liczbą całkowitą.")
    return value


# Online sessions under "maintenance" (the session_unavailable_after fault), per sandbox; in memory like the faults.
_UNAVAILABLE: weakref.WeakKeyDictionary[SandboxContext, set[str]] = weakref.WeakKeyDictionary()


def _refuse_if_unavailable(sandbox: SandboxContext, ref: str) -> None:
    """21184 (API 2.8.0): the session that reaches the fault's count stays unavailable; new sessions work."""
    unavailable = _UNAVAILABLE.setdefault(sandbox, set())
    if sandbox.faults.session_unavailable_after == 0:
        sandbox.faults.session_unavailable_after = -1
        unavailable.add(ref)
    if ref in unavailable:
        raise bad_request(
            21184,
            "Sesja tymczasowo niedostępna.",
            f"Trwają prace serwisowe i sesja {ref} jest tymczasowo niedostępna. Spróbuj ponownie później"
            " lub otwórz nową sesję, aby wysłać kolejne faktury.",
        )


def send_invoice(call: Call, referenceNumber: str) -> Response:
    body = call.json()
    invoice_hash, encrypted_hash = _hash_field(body, "invoiceHash"), _hash_field(body, "encryptedInvoiceHash")
    invoice_size, encrypted_size = _size_field(body, "invoiceSize"), _size_field(body, "encryptedInvoiceSize")
    try:
        encrypted = unb64(str(body.get("encryptedInvoiceContent", "")))
    except ValueError as exc:
        raise _invalid("'encryptedInvoiceContent' musi być w Base64.") from exc
    sandbox = call.sandbox
    with sandbox.lock:
        session = _session(call, referenceNumber, "online")
        if session["status_code"] != 100:
            raise bad_request(
                21180,
                "Status sesji nie pozwala na wykonanie operacji.",
                f"Sesja {referenceNumber} ma status {session['status_code']}.",
            )
        _refuse_if_unavailable(sandbox, session["ref"])
        total, _ = _counts(sandbox, session["ref"])
        if total >= MAX_SESSION_INVOICES:
            raise bad_request(21155, "Przekroczono dozwoloną liczbę faktur w sesji.")
        if len(encrypted) != encrypted_size:
            raise bad_request(21402, "Nieprawidłowy rozmiar pliku.", "encryptedInvoiceSize nie zgadza się z treścią.")
        if sha256_b64(encrypted) != encrypted_hash:
            raise bad_request(21403, "Nieprawidłowy skrót pliku.", "encryptedInvoiceHash nie zgadza się z treścią.")
        plain, error = None, None
        try:
            plain = aes_decrypt(session["aes_key"], session["iv"], encrypted)
        except (ValueError, TypeError):
            error = "Nie udało się odszyfrować faktury kluczem sesji."
        if plain is not None:
            if len(plain) != invoice_size:
                raise bad_request(21402, "Nieprawidłowy rozmiar pliku.", "invoiceSize nie zgadza się z fakturą.")
            if sha256_b64(plain) != invoice_hash:
                raise bad_request(21403, "Nieprawidłowy skrót pliku.", "invoiceHash nie zgadza się z fakturą.")
            if len(plain) > MAX_INVOICE_BYTES:
                raise bad_request(21402, "Nieprawidłowy rozmiar pliku.", "Faktura przekracza 1 MB.")
        accepted = accept_invoice(
            sandbox.state,
            context=call.context,
            plain=plain,
            session_ref=session["ref"],
            ordinal=total + 1,
            offline=bool(body.get("offlineMode")),
            decrypt_error=error,
            corrected_hash=body.get("hashOfCorrectedInvoice"),
            validate_subjects=SUBJECT_VALIDATION in session.json_of("features", []),
            strict_arithmetic=sandbox.config.strict_arithmetic,
        )
        sandbox.state.update("sessions", "ref", session["ref"], {"date_updated": iso(now_utc())})
        if sandbox.faults.session_unavailable_after > 0:
            sandbox.faults.session_unavailable_after -= 1
    return json_response({"referenceNumber": accepted.ref}, 202)


def close_online(call: Call, referenceNumber: str) -> Response:
    with call.sandbox.lock:
        session = _session(call, referenceNumber, "online")
        if session["status_code"] != 100:
            raise bad_request(
                21180, "Status sesji nie pozwala na wykonanie operacji.", f"Sesja {referenceNumber} jest już zamknięta."
            )
        _finish(call.sandbox, session)
    return Response(status=204)


# --- batch ------------------------------------------------------------------------------------------
def open_batch(call: Call) -> Response:
    body = call.json()
    batch_file = body.get("batchFile")
    if not isinstance(batch_file, dict):
        raise _invalid("Pole 'batchFile' jest wymagane.")
    parts = batch_file.get("fileParts")
    if not isinstance(parts, list) or not parts:
        raise _invalid("'batchFile.fileParts' musi zawierać co najmniej jedną część.")
    if len(parts) > MAX_PARTS:
        raise bad_request(21161, "Przekroczono dozwoloną liczbę części pliku.", f"Najwyżej {MAX_PARTS} części.")
    for part in parts:
        if not isinstance(part, dict):
            raise _invalid("Nieprawidłowy opis części pliku.")
        if _size_field(part, "fileSize") > MAX_PART_BYTES:
            raise bad_request(21157, "Nieprawidłowy rozmiar części pliku.", "Część przekracza 100 MB.")
        _hash_field(part, "fileHash")
    ordinals = sorted(int(p.get("ordinalNumber", 0)) for p in parts)
    if ordinals != list(range(1, len(parts) + 1)):
        raise _invalid("Części muszą być numerowane kolejno od 1.")
    if _size_field(batch_file, "fileSize") > MAX_BATCH_BYTES:
        raise _invalid("Paczka przekracza 5 GB.")
    _hash_field(batch_file, "fileHash")
    compression = batch_file.get("compressionType") or "Zip"  # absent or null: Zip, the contract's default
    if compression not in COMPRESSIONS:
        raise _invalid("compressionType musi być Zip albo TarGz.")
    session = _new_session(call, "batch", body, batch={**batch_file, "compressionType": compression, "uploaded": []})
    window = len(parts) * 20 * 60
    requests_ = []
    for part in sorted(parts, key=lambda p: p["ordinalNumber"]):
        url, _ = presign(call.sandbox, "batch-part", f"{session['ref']}:{part['ordinalNumber']}", "PUT", window)
        requests_.append(
            {
                "ordinalNumber": part["ordinalNumber"],
                "method": "PUT",
                "url": url,
                "headers": {"x-ms-blob-type": "BlockBlob"},
            }
        )
    return json_response({"referenceNumber": session["ref"], "partUploadRequests": requests_}, 201)


def _batch_folder(sandbox: SandboxContext, ref: str) -> Path:
    return private_folder(sandbox.folder / "batch" / ref)


def _part_path(sandbox: SandboxContext, ref: str, ordinal: int) -> Path:
    return _batch_folder(sandbox, ref) / f"part-{int(ordinal):03d}.aes"


def _declared_part(sandbox: SandboxContext, ref: str, ordinal: int) -> dict[str, Any]:
    session = sandbox.state.one("SELECT status_code, batch FROM sessions WHERE ref = ? AND kind = 'batch'", (ref,))
    parts = session.json_of("batch", {}).get("fileParts", []) if session else []
    declared = next((p for p in parts if p.get("ordinalNumber") == ordinal), None)
    if session is None or declared is None:
        raise ApiError(404, None, "Nie znaleziono zasobu.")
    if session["status_code"] != 100:
        raise bad_request(21180, "Status sesji nie pozwala na wykonanie operacji.", f"Sesja {ref} jest zamknięta.")
    return dict(declared)


@blob_handler("batch-part", "PUT")
def upload_part(sandbox: SandboxContext, request: Request, ident: str) -> Response:
    """Stream the part to disk; more bytes than declared are refused while they arrive."""
    ref, _, ordinal_text = ident.partition(":")
    ordinal = int(ordinal_text)
    limit = int(_declared_part(sandbox, ref, ordinal)["fileSize"])
    # One byte over the limit still reads, so that a chunked body of exactly the limit is not refused.
    request.max_content_length = limit + 1
    refusal = bad_request(
        21157, "Nieprawidłowy rozmiar części pakietu.", f"Część {ordinal} ma więcej niż zadeklarowane {limit} bajtów."
    )
    try:
        with private_writer(_part_path(sandbox, ref, ordinal)) as handle:
            written = 0
            while chunk := request.stream.read(CHUNK):
                written += len(chunk)
                if written > limit:
                    raise refusal
                handle.write(chunk)
    except RequestEntityTooLarge as exc:
        raise refusal from exc
    return Response(status=201)


def close_batch(call: Call, referenceNumber: str) -> Response:
    sandbox = call.sandbox
    with sandbox.lock:
        session = _session(call, referenceNumber, "batch")
        if session["status_code"] != 100:
            raise bad_request(21180, "Status sesji nie pozwala na wykonanie operacji.")
        batch = session.json_of("batch", {})
        parts = []
        for part in sorted(batch["fileParts"], key=lambda p: p["ordinalNumber"]):
            path = _part_path(sandbox, session["ref"], part["ordinalNumber"])
            if not path.exists():
                raise bad_request(
                    21205,
                    "Nie przesłano wszystkich zadeklarowanych części pliku.",
                    f"Brak części {part['ordinalNumber']}.",
                )
            parts.append((part, path))
        status, detail = _process_batch(sandbox, session, batch, parts)
        if status is not None:  # the package itself was broken
            sandbox.state.update(
                "sessions",
                "ref",
                session["ref"],
                {
                    "status_code": status,
                    "status_description": _SESSION_TEXT[status],
                    "status_details": json.dumps([detail] if detail else [], ensure_ascii=False),
                    "date_updated": iso(now_utc()),
                },
            )
        else:
            _finish(sandbox, session)
        shutil.rmtree(_batch_folder(sandbox, session["ref"]), ignore_errors=True)  # the parts are spent
    return Response(status=204)


def _process_batch(
    sandbox: SandboxContext, session: Row, batch: dict[str, Any], parts: list[tuple[dict[str, Any], Path]]
) -> tuple[int | None, str]:
    """(the session's failure status and why, or None when the invoices were taken one by one)."""
    if session["aes_key"] is None:
        return 415, ""
    for part, path in parts:
        if sha256_file(path) != (part["fileSize"], part["fileHash"]):
            return 405, f"Część {part['ordinalNumber']} nie zgadza się z zadeklarowanym rozmiarem lub skrótem."
    fd, name = tempfile.mkstemp(prefix=".package-", dir=_batch_folder(sandbox, session["ref"]))  # 0600
    archive = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            try:
                unpacked = decrypt_parts(session["aes_key"], session["iv"], [path for _, path in parts], out)
            except ValueError:
                return 435, ""
        if unpacked != (batch["fileSize"], batch["fileHash"]):
            return 405, "Paczka nie zgadza się z zadeklarowanym rozmiarem lub skrótem."
        compression = batch.get("compressionType") or "Zip"
        try:
            for _ in members(archive, compression):
                pass  # a first pass checks the whole package against its budgets: nothing is half taken
        except PackageRefused as refused:
            return refused.status, refused.detail
        except BROKEN_ARCHIVE as exc:
            return 430, f"Nie udało się rozpakować paczki ({type(exc).__name__})."
        invoicing_time = parse_iso(session["date_created"])  # batch invoices count as received at opening
        for ordinal, member in enumerate(members(archive, compression), start=1):
            accept_invoice(
                sandbox.state,
                context=session["context_value"],
                plain=member.data or b"",
                session_ref=session["ref"],
                ordinal=ordinal,
                offline=bool(session["offline"]),
                file_name=member.name[:128],
                when=invoicing_time,
                refused=None if member.data is not None else _TOO_LARGE,
                validate_subjects=SUBJECT_VALIDATION in session.json_of("features", []),
                strict_arithmetic=sandbox.config.strict_arithmetic,
            )
    finally:
        archive.unlink(missing_ok=True)
    return None, ""


# --- status, lists, receipts ------------------------------------------------------------------------
def _upo_pages(sandbox: SandboxContext, session: Row) -> dict[str, Any] | None:
    if not session["upo_ref"]:
        return None
    url, expires = presign(sandbox, "session-upo", session["ref"])
    return {
        "pages": [
            {
                "referenceNumber": session["upo_ref"],
                "downloadUrl": url,
                "downloadUrlExpirationDate": iso(datetime.fromtimestamp(expires, UTC)),
            }
        ]
    }


def session_status(call: Call, referenceNumber: str) -> Response:
    session = _session(call, referenceNumber)
    total, ok = _counts(call.sandbox, session["ref"])
    body: dict[str, Any] = {
        "status": {"code": session["status_code"], "description": session["status_description"]},
        "dateCreated": session["date_created"],
        "dateUpdated": session["date_updated"],
        "validUntil": session["valid_until"],
        "invoiceCount": total,
        "successfulInvoiceCount": ok,
        "failedInvoiceCount": total - ok,
    }
    details = session.json_of("status_details", [])
    if details:
        body["status"]["details"] = details
    upo = _upo_pages(call.sandbox, session)
    if upo:
        body["upo"] = upo
    return json_response(body)


def _invoice_json(call: Call, row: Row) -> dict[str, Any]:
    upo = presign(call.sandbox, "invoice-upo", row["ref"]) if row["status_code"] == 200 else None
    return invoice_status_json(row, upo)


def _list(call: Call, referenceNumber: str, failed: bool) -> Response:
    session = _session(call, referenceNumber)
    offset, size = page(call, 10, 10, 1000)
    where = "session_ref = ?" + (" AND status_code <> 200" if failed else "")
    total_row = call.sandbox.state.one(f"SELECT COUNT(*) AS n FROM invoices WHERE {where}", (session["ref"],))
    rows = call.sandbox.state.all(
        f"SELECT * FROM invoices WHERE {where} ORDER BY ordinal LIMIT ? OFFSET ?",
        (session["ref"], size, offset),
    )
    total = int(total_row["n"]) if total_row else 0
    return paged("invoices", [_invoice_json(call, r) for r in rows], offset, size, total)


def session_invoices(call: Call, referenceNumber: str) -> Response:
    return _list(call, referenceNumber, failed=False)


def failed_invoices(call: Call, referenceNumber: str) -> Response:
    return _list(call, referenceNumber, failed=True)


def _invoice(call: Call, session_ref: str, column: str, value: str) -> Row:
    session = _session(call, session_ref)
    row = call.sandbox.state.one(
        f"SELECT * FROM invoices WHERE session_ref = ? AND {column} = ?",
        (session["ref"], value),
    )
    if row is None:
        raise bad_request(21405, INVALID_INPUT, f"Faktura {value} nie istnieje w sesji {session_ref}.")
    return row


def invoice_status(call: Call, referenceNumber: str, invoiceReferenceNumber: str) -> Response:
    return json_response(_invoice_json(call, _invoice(call, referenceNumber, "ref", invoiceReferenceNumber)))


def _xml(data: bytes) -> Response:
    digest = base64.b64encode(hashlib.sha256(data).digest()).decode()
    return Response(data, content_type="application/xml", headers={"x-ms-meta-hash": digest})


def _invoice_upo(sandbox: SandboxContext, invoice: Row) -> bytes:
    session = sandbox.state.one("SELECT * FROM sessions WHERE ref = ?", (invoice["session_ref"],))
    assert session is not None
    auth = sandbox.state.one("SELECT * FROM auth_operations WHERE ref = ?", (session["auth_ref"],))
    return upo_xml(session, auth, [invoice])


def _require_upo(invoice: Row) -> None:
    if invoice["status_code"] != 200:
        raise bad_request(21405, INVALID_INPUT, "UPO jest dostępne tylko dla faktur przyjętych (status 200).")


def invoice_upo(call: Call, referenceNumber: str, invoiceReferenceNumber: str) -> Response:
    invoice = _invoice(call, referenceNumber, "ref", invoiceReferenceNumber)
    _require_upo(invoice)
    return _xml(_invoice_upo(call.sandbox, invoice))


def invoice_upo_by_ksef(call: Call, referenceNumber: str, ksefNumber: str) -> Response:
    invoice = _invoice(call, referenceNumber, "ksef_number", ksefNumber)
    _require_upo(invoice)
    return _xml(_invoice_upo(call.sandbox, invoice))


def _session_upo(sandbox: SandboxContext, session: Row) -> bytes:
    invoices = sandbox.state.all(
        "SELECT * FROM invoices WHERE session_ref = ? AND status_code = 200 ORDER BY ordinal", (session["ref"],)
    )
    auth = sandbox.state.one("SELECT * FROM auth_operations WHERE ref = ?", (session["auth_ref"],))
    return upo_xml(session, auth, invoices)


def session_upo(call: Call, referenceNumber: str, upoReferenceNumber: str) -> Response:
    session = _session(call, referenceNumber)
    if session["upo_ref"] != upoReferenceNumber:
        raise bad_request(21405, INVALID_INPUT, f"UPO {upoReferenceNumber} nie istnieje.")
    return _xml(_session_upo(call.sandbox, session))


@blob_handler("session-upo", "GET")
def _session_upo_blob(sandbox: SandboxContext, request: Request, ident: str) -> Response:
    session = sandbox.state.one("SELECT * FROM sessions WHERE ref = ?", (ident,))
    if session is None:
        raise ApiError(404, None, "Nie znaleziono zasobu.")
    return _xml(_session_upo(sandbox, session))


@blob_handler("invoice-upo", "GET")
def _invoice_upo_blob(sandbox: SandboxContext, request: Request, ident: str) -> Response:
    invoice = sandbox.state.one("SELECT * FROM invoices WHERE ref = ?", (ident,))
    if invoice is None or invoice["status_code"] != 200:
        raise ApiError(404, None, "Nie znaleziono zasobu.")
    return _xml(_invoice_upo(sandbox, invoice))


def list_sessions(call: Call) -> Response:
    kind = call.request.args.get("sessionType")
    if kind not in ("Online", "Batch"):
        raise _invalid("'sessionType' jest wymagany: Online albo Batch.")
    where: list[str] = ["context_value = ?", "kind = ?"]
    params: list[Any] = [call.context, kind.lower()]
    args = call.request.args
    if args.get("referenceNumber"):
        where.append("ref = ?")
        params.append(args["referenceNumber"])
    for name, column, op in (
        ("dateCreatedFrom", "date_created", ">="),
        ("dateCreatedTo", "date_created", "<="),
        ("dateModifiedFrom", "date_updated", ">="),
        ("dateModifiedTo", "date_updated", "<="),
    ):
        if args.get(name):
            moment = parse_iso(args[name])
            where.append(f"{column} {op} ?")
            params.append(iso(moment))
    status_map = {
        "InProgress": (100, 150, 170),
        "Succeeded": (200,),
        "Failed": (405, 415, 420, 430, 435, 445, 500),
        "Cancelled": (440,),
    }
    statuses = args.getlist("statuses")
    if statuses:
        codes = [c for s in statuses for c in status_map.get(s, ())]
        where.append(f"status_code IN ({','.join('?' * len(codes)) or 'NULL'})")
        params.extend(codes)
    rows = call.sandbox.state.all(
        f"SELECT * FROM sessions WHERE {' AND '.join(where)} ORDER BY date_created DESC",
        params,
    )
    offset, size = page(call, 10, 10, 1000)
    items = []
    for row in rows[offset : offset + size]:
        row = _expire(call.sandbox, row)
        total, ok = _counts(call.sandbox, row["ref"])
        items.append(
            {
                "referenceNumber": row["ref"],
                "status": {"code": row["status_code"], "description": row["status_description"]},
                "dateCreated": row["date_created"],
                "dateUpdated": row["date_updated"],
                "validUntil": row["valid_until"],
                "totalInvoiceCount": total,
                "successfulInvoiceCount": ok,
                "failedInvoiceCount": total - ok,
            }
        )
    return paged("sessions", items, offset, size, len(rows))


def register(router: Router) -> None:
    router.route("POST", "/sessions/online", group="onlineSession", permissions=WRITE)(open_online)
    router.route("POST", "/sessions/online/<referenceNumber>/invoices", group="invoiceSend", permissions=WRITE)(
        send_invoice
    )
    router.route("POST", "/sessions/online/<referenceNumber>/close", group="onlineSessionClose", permissions=WRITE)(
        close_online
    )
    router.route("POST", "/sessions/batch", group="batchSession", permissions=WRITE)(open_batch)
    router.route("POST", "/sessions/batch/<referenceNumber>/close", group="batchSessionClose", permissions=WRITE)(
        close_batch
    )
    router.route("GET", "/sessions", group="sessionList", permissions=READ)(list_sessions)
    router.route("GET", "/sessions/<referenceNumber>", group="sessionMisc", permissions=READ)(session_status)
    router.route("GET", "/sessions/<referenceNumber>/invoices", group="sessionInvoiceList", permissions=READ)(
        session_invoices
    )
    router.route("GET", "/sessions/<referenceNumber>/invoices/failed", group="sessionInvoiceList", permissions=READ)(
        failed_invoices
    )
    router.route(
        "GET", "/sessions/<referenceNumber>/invoices/<invoiceReferenceNumber>", group="invoiceStatus", permissions=READ
    )(invoice_status)
    router.route(
        "GET",
        "/sessions/<referenceNumber>/invoices/<invoiceReferenceNumber>/upo",
        group="sessionMisc",
        permissions=READ,
    )(invoice_upo)
    router.route(
        "GET", "/sessions/<referenceNumber>/invoices/ksef/<ksefNumber>/upo", group="sessionMisc", permissions=READ
    )(invoice_upo_by_ksef)
    router.route("GET", "/sessions/<referenceNumber>/upo/<upoReferenceNumber>", group="sessionMisc", permissions=READ)(
        session_upo
    )
