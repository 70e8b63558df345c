"""/invoices: metadata query, single download and encrypted export packages."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import tarfile
import threading
import zipfile
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from werkzeug.wrappers import Request, Response

from ksefdesk.core.crypto import aes_encrypt, sha256_b64
from ksefdesk.core.fa3 import FORM_CODE
from ksefdesk.core.numbers import reference_number
from ksefsandbox.api_auth import INVALID_INPUT
from ksefsandbox.api_blobs import blob_handler, presign
from ksefsandbox.api_sessions import _session_key
from ksefsandbox.context import SandboxContext
from ksefsandbox.files import private_folder, write_private
from ksefsandbox.problems import ApiError, bad_request
from ksefsandbox.routing import Call, Router, json_response
from ksefsandbox.state import Row, iso, now_utc, parse_iso

READ = ("InvoiceRead",)
WARSAW = ZoneInfo("Europe/Warsaw")
_DATE_COLUMNS = {"Issue": "issue_date", "Invoicing": "invoicing_date", "PermanentStorage": "permanent_storage_date"}
_SUBJECTS = ("Subject1", "Subject2", "Subject3", "SubjectAuthorized")
_AMOUNT_COLUMNS = {"Brutto": "gross", "Netto": "net", "Vat": "vat"}
MAX_CONCURRENT_EXPORTS = 10
EXPORT_RETENTION = timedelta(days=7)


def _invalid(detail: str) -> ApiError:
    return bad_request(21405, INVALID_INPUT, detail)


def _moment(text: Any, name: str) -> datetime:
    """A filter date; without an offset it is Warsaw local time, as KSeF reads it."""
    if not isinstance(text, str):
        raise _invalid(f"'{name}' musi być datą i czasem ISO 8601.")
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise _invalid(f"'{name}' musi być datą i czasem ISO 8601.") from exc
    return (value if value.tzinfo else value.replace(tzinfo=WARSAW)).astimezone(UTC)


def hwm(sandbox: SandboxContext) -> datetime:
    """Everything stored before this moment is final (the sandbox stores synchronously)."""
    return now_utc() - timedelta(seconds=sandbox.config.hwm_lag_s)


HWM_DESCRIPTION = "Zakres filtrowania wykracza poza dostępny zakres danych"
HWM_DETAILS = (
    "Parametr dateRange.from jest późniejszy niż PermanentStorageHwmDate przy włączonym"
    " restrictToPermanentStorageHwmDate."
)


def _filters(call: Call, filters: Any, *, export: bool = False) -> tuple[str, list[Any], str, datetime, bool]:
    """SQL WHERE, its parameters, the ordering column, the HWM and whether the range starts after the HWM
    for a filter object. A metadata query past the HWM is refused (21183); an export is accepted and then
    ends with status 420, as KSeF does since 2.8."""
    if not isinstance(filters, dict):
        raise _invalid("Pole 'filters' jest wymagane.")
    subject = filters.get("subjectType")
    if subject not in _SUBJECTS:
        raise _invalid(f"'subjectType' musi być jedną z wartości: {', '.join(_SUBJECTS)}.")
    date_range = filters.get("dateRange")
    if not isinstance(date_range, dict) or date_range.get("dateType") not in _DATE_COLUMNS:
        raise _invalid("'dateRange' z 'dateType' (Issue, Invoicing, PermanentStorage) i 'from' jest wymagany.")
    column = _DATE_COLUMNS[date_range["dateType"]]
    start = _moment(date_range.get("from"), "dateRange.from")
    end = _moment(date_range["to"], "dateRange.to") if date_range.get("to") else now_utc()
    high_water = hwm(call.sandbox)
    # 100 days counted in UTC (2.7.1): both ends are UTC instants, whatever offset they were given with
    max_days = call.sandbox.config.metadata_max_range_days
    if end.astimezone(UTC) - start.astimezone(UTC) > timedelta(days=max_days):
        raise _invalid(f"Zakres dat nie może przekraczać {max_days} dni (liczonych w UTC).")
    past_hwm = False
    if date_range.get("restrictToPermanentStorageHwmDate"):
        if start > high_water:
            if not export:
                raise bad_request(21183, HWM_DESCRIPTION + ".", HWM_DETAILS)
            past_hwm = True
        end = min(end, high_water)
    if end < start and not past_hwm:
        raise _invalid("dateRange.to nie może być wcześniejsze niż dateRange.from.")

    context = call.context
    where = ["status_code = 200"]
    params: list[Any] = []
    if subject == "Subject1":
        where.append("seller_nip = ?")
        params.append(context)
    elif subject == "Subject2":
        where.append("buyer_type = 'Nip' AND buyer_value = ?")
        params.append(context)
    elif subject == "Subject3":
        where.append("id IN (SELECT invoice_id FROM third_subjects WHERE value = ?)")
        params.append(context)
    else:
        where.append("authorized_subject = ?")
        params.append(context)
    if column == "issue_date":
        where.append("issue_date >= ? AND issue_date <= ?")
        params += [start.astimezone(WARSAW).date().isoformat(), end.astimezone(WARSAW).date().isoformat()]
    else:
        where.append(f"{column} >= ? AND {column} <= ?")
        params += [iso(start), iso(end)]
    for key, sql in (
        ("ksefNumber", "ksef_number = ?"),
        ("invoiceNumber", "invoice_number = ?"),
        ("sellerNip", "seller_nip = ?"),
    ):
        if filters.get(key):
            where.append(sql)
            params.append(str(filters[key]))
    amount = filters.get("amount")
    if isinstance(amount, dict):
        amount_column = _AMOUNT_COLUMNS.get(str(amount.get("type")))
        if amount_column is None:
            raise _invalid("amount.type musi być Brutto, Netto albo Vat.")
        for bound, op in (("from", ">="), ("to", "<=")):
            if amount.get(bound) is not None:
                where.append(f"{amount_column} {op} ?")
                params.append(float(amount[bound]))
    buyer = filters.get("buyerIdentifier")
    if isinstance(buyer, dict) and buyer.get("type"):
        where.append("buyer_type = ?")
        params.append(buyer["type"])
        if buyer.get("value"):
            where.append("buyer_value = ?")
            params.append(buyer["value"])
    currencies = filters.get("currencyCodes")
    if isinstance(currencies, list) and currencies:
        where.append(f"currency IN ({','.join('?' * len(currencies))})")
        params += [str(c) for c in currencies]
    types = filters.get("invoiceTypes")
    if isinstance(types, list) and types:
        where.append(f"invoice_type IN ({','.join('?' * len(types))})")
        params += [str(t) for t in types]
    if filters.get("invoicingMode") in ("Online", "Offline"):
        where.append("offline = ?")
        params.append(int(filters["invoicingMode"] == "Offline"))
    for key, sql in (("isSelfInvoicing", "self_invoicing = ?"), ("hasAttachment", "has_attachment = ?")):
        if isinstance(filters.get(key), bool):
            where.append(sql)
            params.append(int(filters[key]))
    if filters.get("formType") not in (None, "FA"):
        where.append("0")  # the sandbox holds FA invoices only
    return " AND ".join(where), params, column, high_water, past_hwm


def metadata_json(row: Row) -> dict[str, Any]:
    buyer_identifier: dict[str, Any] = {"type": row["buyer_type"]}
    if row["buyer_value"]:
        buyer_identifier["value"] = row["buyer_value"]
    buyer: dict[str, Any] = {"identifier": buyer_identifier}
    if row["buyer_name"]:
        buyer["name"] = row["buyer_name"]
    body: dict[str, Any] = {
        "ksefNumber": row["ksef_number"],
        "invoiceNumber": row["invoice_number"],
        "issueDate": row["issue_date"],
        "invoicingDate": row["invoicing_date"],
        "acquisitionDate": row["acquisition_date"],
        "permanentStorageDate": row["permanent_storage_date"],
        "seller": {"nip": row["seller_nip"], **({"name": row["seller_name"]} if row["seller_name"] else {})},
        "buyer": buyer,
        "netAmount": row["net"],
        "grossAmount": row["gross"],
        "vatAmount": row["vat"],
        "currency": row["currency"],
        "invoicingMode": "Offline" if row["offline"] else "Online",
        "invoiceType": row["invoice_type"],
        "formCode": FORM_CODE,
        "isSelfInvoicing": bool(row["self_invoicing"]),
        "hasAttachment": bool(row["has_attachment"]),
        "invoiceHash": row["invoice_hash"],
    }
    if row["corrected_hash"]:
        body["hashOfCorrectedInvoice"] = row["corrected_hash"]
    third = [
        {
            "identifier": {
                "type": t["identifier"]["type"] if t["identifier"]["type"] != "None" else "None",
                **({"value": t["identifier"]["value"]} if t["identifier"]["value"] else {}),
            },
            **({"name": t["name"]} if t.get("name") else {}),
            "role": t.get("role") or 0,
        }
        for t in row.json_of("third_subjects", [])
    ]
    if third:
        body["thirdSubjects"] = third
    return body


_METADATA_COLUMNS = (
    "id, ksef_number, invoice_number, issue_date, invoicing_date, acquisition_date,"
    " permanent_storage_date, seller_nip, seller_name, buyer_type, buyer_value, buyer_name, net,"
    " gross, vat, currency, offline, invoice_type, self_invoicing, has_attachment, invoice_hash,"
    " corrected_hash, third_subjects"
)


def query_metadata(call: Call) -> Response:
    body = call.json()
    offset = call.query_int("pageOffset", 0, 0, 1_000_000)
    size = call.query_int("pageSize", 10, 10, 250)
    order = call.request.args.get("sortOrder", "Asc")
    if order not in ("Asc", "Desc"):
        raise _invalid("sortOrder musi być Asc albo Desc.")
    where, params, column, high_water, _ = _filters(call, body)
    cap = call.sandbox.config.max_truncation
    state = call.sandbox.state
    counted = state.one(
        f"SELECT COUNT(*) AS n FROM (SELECT 1 FROM invoices WHERE {where} LIMIT ?)",
        [*params, cap + 1],
    )
    total = int(counted["n"]) if counted else 0
    reachable = min(total, cap)
    rows = []
    if offset < reachable:
        direction = "ASC" if order == "Asc" else "DESC"
        rows = state.all(
            f"SELECT {_METADATA_COLUMNS} FROM invoices WHERE {where}"
            f" ORDER BY {column} {direction}, ksef_number {direction} LIMIT ? OFFSET ?",
            [*params, min(size, reachable - offset), offset],
        )
    truncated = total > cap and offset + size >= cap
    return json_response(
        {
            "hasMore": offset + size < reachable or truncated,
            "isTruncated": truncated,
            "permanentStorageHwmDate": iso(high_water),
            "invoices": [metadata_json(r) for r in rows],
        }
    )


def _visible_invoice(call: Call, ksef_number: str) -> Row:
    row = call.sandbox.state.one(
        "SELECT id, xml, seller_nip, buyer_type, buyer_value FROM invoices WHERE ksef_number = ? AND status_code = 200",
        (ksef_number,),
    )
    context = call.context
    visible = row is not None and (
        row["seller_nip"] == context
        or (row["buyer_type"] == "Nip" and row["buyer_value"] == context)
        or call.sandbox.state.one(
            "SELECT 1 FROM third_subjects WHERE invoice_id = ? AND value = ?", (row["id"], context)
        )
        is not None
    )
    if not visible or row is None:
        raise bad_request(21164, "Faktura o podanym identyfikatorze nie istnieje.", f"Numer KSeF: {ksef_number}.")
    return row


def download_invoice(call: Call, ksefNumber: str) -> Response:
    data: bytes = _visible_invoice(call, ksefNumber)["xml"]
    digest = base64.b64encode(hashlib.sha256(data).digest()).decode()
    return Response(data, content_type="application/xml", headers={"x-ms-meta-hash": digest})


# --- exports ----------------------------------------------------------------------------------------
def _export_folder(sandbox: SandboxContext, ref: str) -> Any:
    return private_folder(sandbox.folder / "exports" / ref)


def start_export(call: Call) -> Response:
    body = call.json()
    where, params, column, high_water, past_hwm = _filters(call, body.get("filters"), export=True)
    aes, iv = _session_key(call, body)
    compression = body.get("compressionType")
    if compression is None:  # nullable, and Zip by default
        compression = "Zip"
    if compression not in ("Zip", "TarGz"):
        raise _invalid("compressionType musi być Zip albo TarGz.")
    sandbox = call.sandbox
    with sandbox.lock:
        running = sandbox.state.one(
            "SELECT COUNT(*) AS n FROM exports WHERE context_value = ? AND status_code = 100", (call.context,)
        )
        if running and int(running["n"]) >= MAX_CONCURRENT_EXPORTS:
            raise bad_request(21182, "Osiągnięto limit równoczesnych eksportów.", "Najwyżej 10 eksportów naraz.")
        ref = reference_number("EH", now_utc().date())
        sandbox.state.insert(
            "exports",
            {
                "ref": ref,
                "context_value": call.context,
                "created": iso(now_utc()),
                "status_code": 100,
                "status_description": "Eksport w toku",
            },
        )
    only_metadata = bool(body.get("onlyMetadata"))
    job = (sandbox, ref, where, params, column, high_water, aes, iv, only_metadata, compression, past_hwm)
    threading.Thread(target=_build_export, args=job, name=f"export-{ref}", daemon=True).start()
    return json_response({"referenceNumber": ref}, 201)


def _build_export(
    sandbox: SandboxContext,
    ref: str,
    where: str,
    params: list[Any],
    column: str,
    high_water: datetime,
    aes: bytes | None,
    iv: bytes,
    only_metadata: bool,
    compression: str,
    past_hwm: bool = False,
) -> None:
    try:
        if aes is None:
            sandbox.state.update(
                "exports",
                "ref",
                ref,
                {"status_code": 415, "status_description": "Błąd odszyfrowania dostarczonego klucza"},
            )
            return
        if past_hwm:
            sandbox.state.update(
                "exports",
                "ref",
                ref,
                {
                    "status_code": 420,
                    "status_description": HWM_DESCRIPTION,
                    "status_details": json.dumps([HWM_DETAILS], ensure_ascii=False),
                },
            )
            return
        cap = sandbox.config.max_truncation
        rows = sandbox.state.all(
            f"SELECT {_METADATA_COLUMNS}, xml FROM invoices WHERE {where} ORDER BY {column}, ksef_number LIMIT ?",
            [*params, cap + 1],
        )
        truncated = len(rows) > cap
        rows = rows[:cap]
        archive = io.BytesIO()
        if compression == "TarGz":
            with tarfile.open(fileobj=archive, mode="w:gz") as tar:
                for name, data in _package_files(rows, only_metadata):
                    info = tarfile.TarInfo(name)
                    info.size = len(data)
                    tar.addfile(info, io.BytesIO(data))
        else:
            with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as package:
                for name, data in _package_files(rows, only_metadata):
                    package.writestr(name, data)
        blob = archive.getvalue()
        folder = _export_folder(sandbox, ref)
        parts = []
        step = sandbox.config.export_part_bytes
        extension = "tar.gz" if compression == "TarGz" else "zip"
        for index, start in enumerate(range(0, max(len(blob), 1), step), start=1):
            plain = blob[start : start + step]
            encrypted = aes_encrypt(aes, iv, plain)
            name = f"{ref}-{index:03d}.{extension}.aes"
            write_private(folder / name, encrypted)
            parts.append(
                {
                    "ordinalNumber": index,
                    "partName": name,
                    "partSize": len(plain),
                    "partHash": sha256_b64(plain),
                    "encryptedPartSize": len(encrypted),
                    "encryptedPartHash": sha256_b64(encrypted),
                }
            )
        package_info: dict[str, Any] = {
            "invoiceCount": len(rows),
            "size": len(blob),
            "isTruncated": truncated,
            "parts": parts,
            "permanentStorageHwmDate": iso(high_water),
            "compressionType": compression,
        }
        if truncated and rows:
            last = rows[-1]
            package_info.update(
                lastIssueDate=last["issue_date"],
                lastInvoicingDate=last["invoicing_date"],
                lastPermanentStorageDate=last["permanent_storage_date"],
            )
        sandbox.state.update(
            "exports",
            "ref",
            ref,
            {
                "status_code": 200,
                "status_description": "Eksport zakończony",
                "completed": iso(now_utc()),
                "package": json.dumps(package_info),
            },
        )
    except Exception as exc:  # a failed export is a status the client can see, never a dead thread
        sandbox.state.update(
            "exports",
            "ref",
            ref,
            {
                "status_code": 500,
                "status_description": "Nieznany błąd",
                "status_details": json.dumps([type(exc).__name__]),
            },
        )


def _package_files(rows: list[Row], only_metadata: bool) -> list[tuple[str, bytes]]:
    files = [] if only_metadata else [(f"{r['ksef_number']}.xml", bytes(r["xml"])) for r in rows]
    metadata = json.dumps({"invoices": [metadata_json(r) for r in rows]}, ensure_ascii=False).encode("utf-8")
    return [*files, ("_metadata.json", metadata)]


def export_status(call: Call, referenceNumber: str) -> Response:
    row = call.sandbox.state.one(
        "SELECT * FROM exports WHERE ref = ? AND context_value = ?", (referenceNumber, call.context)
    )
    if row is None:
        raise bad_request(21175, "Wynik zapytania o podanym identyfikatorze nie istnieje.", referenceNumber)
    created = parse_iso(row["created"])
    if created and now_utc() - created > EXPORT_RETENTION:
        raise ApiError(410, None, "Status eksportu nie jest już dostępny.")
    body: dict[str, Any] = {"status": {"code": row["status_code"], "description": row["status_description"]}}
    details = row.json_of("status_details", [])
    if details:
        body["status"]["details"] = details
    package = row.json_of("package")
    if package:
        completed = parse_iso(row["completed"])
        body["completedDate"] = row["completed"]
        body["packageExpirationDate"] = iso((completed or now_utc()) + EXPORT_RETENTION)
        for part in package["parts"]:
            url, expires = presign(call.sandbox, "export-part", f"{referenceNumber}/{part['partName']}")
            part.update(method="GET", url=url, expirationDate=iso(datetime.fromtimestamp(expires, UTC)))
        body["package"] = package
    return json_response(body)


@blob_handler("export-part", "GET")
def _export_part(sandbox: SandboxContext, request: Request, ident: str) -> Response:
    ref, _, name = ident.partition("/")
    path = sandbox.folder / "exports" / ref / name
    if "/" in name or not path.is_file():
        raise ApiError(404, None, "Nie znaleziono zasobu.")
    return Response(path.read_bytes(), content_type="application/octet-stream")


def register(router: Router) -> None:
    router.route("POST", "/invoices/query/metadata", group="invoiceMetadata", permissions=READ)(query_metadata)
    router.route("GET", "/invoices/ksef/<ksefNumber>", group="invoiceDownload", permissions=READ)(download_invoice)
    router.route("POST", "/invoices/exports", group="invoiceExport", permissions=READ)(start_export)
    router.route("GET", "/invoices/exports/<referenceNumber>", group="invoiceExportStatus", permissions=READ)(
        export_status
    )
