"""Writes the hostile-input corpus next to this script (run once; the files are kept in git).
usage: python tests/data/hostile/make_corpus.py"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

from ksefdesk.core.fa3_build import Entity, InvoiceSpec, Line, build_invoice

HERE = Path(__file__).resolve().parent
GOOD = build_invoice(
    InvoiceSpec(
        Entity("5265877635", "Sprzedawca"),
        Entity("7251801126", "Nabywca"),
        "FV/1",
        date(2026, 11, 2),
        [Line("Chleb", Decimal(1), Decimal("4.50"), "5")],
    )
)


def zipped(files: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def metadata(*numbers: str) -> bytes:
    return json.dumps({"invoices": [{"ksefNumber": n, "invoiceHash": "x"} for n in numbers]}).encode()


CORPUS: dict[str, bytes] = {
    "invoice-xxe.xml": b'<?xml version="1.0"?><!DOCTYPE Faktura [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<Faktura xmlns="http://crd.gov.pl/wzor/2025/06/25/13775/">&x;</Faktura>',
    "invoice-billion-laughs.xml": b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10) for n in range(1, 10))
    + b']><Faktura xmlns="http://crd.gov.pl/wzor/2025/06/25/13775/">&lol9;</Faktura>',
    "invoice-external-dtd.xml": b'<?xml version="1.0"?><!DOCTYPE Faktura SYSTEM "http://example.invalid/x.dtd">'
    + GOOD.split(b"?>", 1)[1],
    "invoice-utf16-declared-utf8.xml": GOOD.decode().encode("utf-16-le"),
    "invoice-cp1250-declared-utf8.xml": GOOD.decode().replace("Sprzedawca", "Sprzedawca Żółć").encode("cp1250"),
    "invoice-truncated.xml": GOOD[: len(GOOD) // 2],
    "invoice-binary.xml": bytes(range(256)) * 8,
    "invoice-deep-nesting.xml": b"<a>" * 5000 + b"</a>" * 5000,
    "invoice-script-in-names.xml": GOOD.replace(
        b"Sprzedawca", b"&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x&gt;"
    ),
    "invoice-wrong-namespace.xml": GOOD.replace(b"http://crd.gov.pl/wzor/2025/06/25/13775/", b"urn:fake"),
    "package-zip-bomb.zip": zipped({"_metadata.json": metadata("K1"), "K1.xml": b"\0" * 200_000_000}),
    "package-zip-slip.zip": zipped({"_metadata.json": metadata("../../evil"), "../../evil.xml": GOOD}),
    "package-absolute-path.zip": zipped({"_metadata.json": metadata("/tmp/evil"), "/tmp/evil.xml": GOOD}),
    "package-not-a-zip.zip": b"PK\x03\x04 not really a zip archive" * 10,
    "package-no-metadata.zip": zipped({"K1.xml": GOOD}),
    "package-metadata-not-json.zip": zipped({"_metadata.json": b"{invoices: [", "K1.xml": GOOD}),
    "package-hash-mismatch.zip": zipped({"_metadata.json": metadata("K1"), "K1.xml": GOOD}),
    "package-metadata-bomb.zip": zipped({"_metadata.json": b"[" * 3_000_000}),
}


if __name__ == "__main__":
    for name, data in CORPUS.items():
        (HERE / name).write_bytes(data)
        print(name, len(data))
