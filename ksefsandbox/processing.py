"""What KSeF does with an invoice it receives, and the receipts (UPO) it issues.

``accept_invoice`` is the one path for online sends, batch packages and seeded data: validate
the FA(3) form, check the seller against the context, detect duplicates, assign a KSeF number.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lxml import etree

from ksefdesk.core.crypto import sha256_b64
from ksefdesk.core.fa3 import check_invoice_bytes, summarize
from ksefdesk.core.numbers import ksef_number, reference_number
from ksefdesk.core.schemas import UPO_NS
from ksefsandbox.arithmetic import arithmetic_problems
from ksefsandbox.identifiers import subject_identifier_problems
from ksefsandbox.state import Row, SandboxState, iso, now_utc

STATUS_TEXT = {
    100: "Faktura przyjęta do dalszego przetwarzania",
    150: "Trwa przetwarzanie",
    200: "Sukces",
    410: "Nieprawidłowy zakres uprawnień",
    430: "Błąd weryfikacji pliku faktury",
    435: "Błąd odszyfrowania pliku",
    440: "Duplikat faktury",
    450: "Błąd weryfikacji semantyki dokumentu faktury",
}


@dataclass(frozen=True)
class Accepted:
    ref: str
    status: int


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def accept_invoice(
    state: SandboxState,
    *,
    context: str,
    plain: bytes | None,
    session_ref: str | None,
    ordinal: int,
    offline: bool = False,
    file_name: str | None = None,
    decrypt_error: str | None = None,
    when: datetime | None = None,
    corrected_hash: str | None = None,
    stored: datetime | None = None,
    refused: str | None = None,
    validate_subjects: bool = False,
    strict_arithmetic: bool = False,
) -> Accepted:
    """Record one received invoice with its final status (the sandbox processes at once).

    ``refused`` is a reason known before the file is read (e.g. a package member too large to
    unpack): the invoice gets status 430 with it. ``validate_subjects``: the session asked for
    subject-identifier-validation, so a NIP or internal identifier with a wrong check digit is 450.
    ``strict_arithmetic`` (SandboxConfig): a summary that disagrees with the lines is 450 too."""
    now = when or now_utc()
    ref = reference_number("EE", now.date())
    row: dict[str, Any] = {
        "ref": ref,
        "session_ref": session_ref,
        "ordinal": ordinal,
        "seller_nip": context,
        "issue_date": now.date().isoformat(),
        "invoicing_date": iso(now),
        "invoice_hash": sha256_b64(plain or b""),
        "file_name": file_name,
        "offline": int(offline),
        "corrected_hash": corrected_hash,
    }
    if plain is None or decrypt_error:
        state.insert(
            "invoices",
            {
                **row,
                "status_code": 435,
                "status_description": STATUS_TEXT[435],
                "status_details": _json([decrypt_error or "Nie udało się odszyfrować faktury."]),
            },
        )
        return Accepted(ref, 435)
    if refused:
        state.insert(
            "invoices",
            {**row, "status_code": 430, "status_description": STATUS_TEXT[430], "status_details": _json([refused])},
        )
        return Accepted(ref, 430)
    root, problems = check_invoice_bytes(plain)
    if root is not None and not problems and strict_arithmetic and (sums := arithmetic_problems(plain)):
        state.insert(
            "invoices",
            {**row, "status_code": 450, "status_description": STATUS_TEXT[450], "status_details": _json(sums[:20])},
        )
        return Accepted(ref, 450)
    if root is not None and not problems and validate_subjects and (wrong := subject_identifier_problems(root)):
        state.insert(
            "invoices",
            {**row, "status_code": 450, "status_description": STATUS_TEXT[450], "status_details": _json(wrong[:20])},
        )
        return Accepted(ref, 450)
    if root is None or problems:
        details = [p.text("pl") for p in problems][:20]
        state.insert(
            "invoices",
            {**row, "status_code": 430, "status_description": STATUS_TEXT[430], "status_details": _json(details)},
        )
        return Accepted(ref, 430)
    summary = summarize(root)
    row.update(
        seller_nip=summary.seller_nip or context,
        seller_name=summary.seller_name,
        buyer_type=summary.buyer.identifier_type,
        buyer_value=summary.buyer.identifier or None,
        buyer_name=summary.buyer.name or None,
        third_subjects=_json(
            [
                {"identifier": {"type": p.identifier_type, "value": p.identifier}, "name": p.name, "role": p.role}
                for p in summary.third_parties
            ]
        ),
        invoice_number=summary.invoice_number,
        invoice_type=summary.invoice_type,
        issue_date=(summary.issue_date or now.date()).isoformat(),
        net=float(summary.net),
        vat=float(summary.vat),
        gross=float(summary.gross),
        currency=summary.currency,
        offline=int(offline or (summary.issue_date is not None and summary.issue_date < now.date())),
    )
    if summary.seller_nip != context:
        state.insert(
            "invoices",
            {
                **row,
                "status_code": 410,
                "status_description": STATUS_TEXT[410],
                "status_details": _json([f"NIP sprzedawcy {summary.seller_nip} nie jest NIP-em kontekstu {context}."]),
            },
        )
        return Accepted(ref, 410)
    duplicate = state.one(
        "SELECT ksef_number, session_ref FROM invoices WHERE seller_nip = ? AND invoice_type = ? AND invoice_number = ?"
        " AND status_code = 200",
        (summary.seller_nip, summary.invoice_type, summary.invoice_number),
    )
    if duplicate:
        state.insert(
            "invoices",
            {
                **row,
                "status_code": 440,
                "status_description": STATUS_TEXT[440],
                "status_details": _json(["Faktura o tym numerze została już przyjęta."]),
                "status_extensions": _json(
                    {
                        "originalKsefNumber": duplicate["ksef_number"],
                        "originalSessionReferenceNumber": duplicate["session_ref"],
                    }
                ),
            },
        )
        return Accepted(ref, 440)
    invoice_id = state.insert(
        "invoices",
        {
            **row,
            "ksef_number": ksef_number(summary.seller_nip, now.date()),
            "acquisition_date": iso(now),
            "permanent_storage_date": iso(stored or now_utc()),
            "xml": plain,
            "status_code": 200,
            "status_description": STATUS_TEXT[200],
        },
    )
    for party in summary.third_parties:
        if party.identifier_type == "Nip" and party.identifier:
            state.execute(
                "INSERT OR IGNORE INTO third_subjects (invoice_id, value) VALUES (?, ?)", (invoice_id, party.identifier)
            )
    return Accepted(ref, 200)


def invoice_status_json(row: Row, upo: tuple[str, float] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "ordinalNumber": row["ordinal"],
        "referenceNumber": row["ref"],
        "invoiceHash": row["invoice_hash"],
        "invoicingDate": row["invoicing_date"],
        "invoicingMode": "Offline" if row["offline"] else "Online",
        "status": {"code": row["status_code"], "description": row["status_description"]},
    }
    details = row.json_of("status_details", [])
    if details:
        body["status"]["details"] = details
    extensions = row.json_of("status_extensions")
    if extensions:
        body["status"]["extensions"] = extensions
    if row["invoice_number"]:
        body["invoiceNumber"] = row["invoice_number"]
    if row["file_name"]:
        body["invoiceFileName"] = row["file_name"]
    if row["ksef_number"]:
        body.update(
            ksefNumber=row["ksef_number"],
            acquisitionDate=row["acquisition_date"],
            permanentStorageDate=row["permanent_storage_date"],
        )
    if upo:
        from datetime import UTC

        body["upoDownloadUrl"] = upo[0]
        body["upoDownloadUrlExpirationDate"] = iso(datetime.fromtimestamp(upo[1], UTC))
    return body


def upo_xml(session: Row, auth: Row | None, invoices: list[Row]) -> bytes:
    """An UPO v4-3 document (valid against the official XSD) for these accepted invoices."""
    ns = UPO_NS
    root = etree.Element(f"{{{ns}}}Potwierdzenie", nsmap={None: ns})

    def add(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
        element = etree.SubElement(parent, f"{{{ns}}}{name}")
        if text is not None:
            element.text = text
        return element

    add(root, "NazwaPodmiotuPrzyjmujacego", "Ministerstwo Finansów")
    add(root, "NumerReferencyjnySesji", session["ref"])
    authentication = add(root, "Uwierzytelnienie")
    add(add(authentication, "IdKontekstu"), "Nip", session["context_value"])
    if auth is not None and auth["ksef_token_ref"]:
        add(authentication, "NumerReferencyjnyTokenaKSeF", auth["ksef_token_ref"])
    else:
        add(
            authentication,
            "SkrotDokumentuUwierzytelniajacego",
            (auth["auth_digest"] if auth is not None else None) or sha256_b64(session["ref"].encode()),
        )
    description = add(root, "OpisPotwierdzenia")
    for name, value in (
        ("Strona", 1),
        ("LiczbaStron", 1),
        ("ZakresDokumentowOd", 1 if invoices else 0),
        ("ZakresDokumentowDo", len(invoices)),
        ("CalkowitaLiczbaDokumentow", len(invoices)),
    ):
        add(description, name, str(value))
    add(root, "NazwaStrukturyLogicznej", "Schemat_FA(3)_v1-0E.xsd")
    add(root, "KodFormularza", "FA (3)")
    for invoice in invoices:
        document = add(root, "Dokument")
        add(document, "NipSprzedawcy", invoice["seller_nip"])
        add(document, "NumerKSeFDokumentu", invoice["ksef_number"])
        add(document, "NumerFaktury", invoice["invoice_number"])
        add(document, "DataWystawieniaFaktury", invoice["issue_date"])
        add(document, "DataPrzeslaniaDokumentu", invoice["invoicing_date"])
        add(document, "DataNadaniaNumeruKSeF", invoice["acquisition_date"])
        add(document, "SkrotDokumentu", invoice["invoice_hash"])
        add(document, "TrybWysylki", "Offline" if invoice["offline"] else "Online")
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="utf-8")
    return data


def new_upo_ref(now: datetime) -> str:
    return reference_number("EU", now.date())
