"""The invoice and UPO on paper, read back from the PDF as a reader sees it (poppler's pdftotext):
no word split in the middle, the KSeF number whole, rates with their per cent sign, Polish dates
and local times, UPO labels in words."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from datetime import date, datetime
from decimal import Decimal
from html import unescape
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ksefdesk.core.fa3_build import Entity, InvoiceSpec, Line, build_invoice
from ksefdesk.core.models import Environment
from ksefdesk.core.preview import format_moment, humanize, invoice_page, upo_page, when
from ksefdesk.ui.paper import write_pdf

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (scripts/system-deps.sh)")

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"
KSEF_NUMBER = "2883541154-20261125-31C707322DFE-1B"
A4_WIDTH_PT = 595.0


def _invoice() -> bytes:
    spec = InvoiceSpec(
        Entity("2883541154", "Serwis Żółć S.A.", "ul. Kowalska 114", "30-001 Kraków"),
        Entity("5265877635", "Budmat Grabowski", "ul. Wójcika 25", "00-950 Warszawa"),
        "FV/00059/11/2026/154",
        date(2026, 11, 23),
        [
            Line("Serwis klimatyzacji", Decimal(20), Decimal("4632.72"), "23", "usł."),
            Line("Energia elektryczna czynna", Decimal("1234.5"), Decimal("0.8765"), "8", "kWh"),
            Line("Usługa zwolniona z podatku", Decimal(1), Decimal(100), "zw", "szt."),
            Line("Pieczywo", Decimal(3), Decimal("6.5"), "5", "szt."),
        ],
    )
    return build_invoice(spec)


def _words(pdf: Path) -> list[tuple[float, float, str]]:
    """(xMin, xMax, text) of every word poppler finds, in reading order."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return [
        (float(x0), float(x1), unicodedata.normalize("NFKC", unescape(text)))  # "ﬁ" ligatures back to letters
        for x0, x1, text in re.findall(
            r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', out
        )
    ]


def _pdf(tmp_path: Path, page: object, name: str) -> list[tuple[float, float, str]]:
    target = tmp_path / name
    write_pdf([page], target)  # type: ignore[list-item]
    return _words(target)


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_no_word_of_the_invoice_is_split_and_nothing_leaves_the_page(qtbot: QtBot, tmp_path: Path, lang: str) -> None:
    xml = _invoice()
    page = invoice_page(xml, Environment.TEST, lang, ksef_number=KSEF_NUMBER)  # type: ignore[arg-type]
    words = _pdf(tmp_path, page, f"faktura-{lang}.pdf")
    texts = [text for _, _, text in words]
    # Every word printed is a word of the page (or a piece of a link broken after "/" or "-").
    source = re.sub(r"<[^>]+>", " ", page.html.split("<body>", 1)[1])
    tokens = unescape(source).replace("\u00a0", " ").split()
    allowed = set(tokens)
    for token in tokens:
        pieces = [p for p in re.findall(r"[^/\-\u200b]*[/\-\u200b]?", token) if p]
        allowed.update(
            "".join(pieces[i:j]).strip("\u200b") for i in range(len(pieces)) for j in range(i + 1, len(pieces) + 1)
        )
    split = [t for t in texts if t not in allowed and not t.isdigit()]
    assert split == [], f"words broken in the middle: {split}"
    for word in ("Stawka", "kWh", "Lp.", "J.m.") if lang == "pl" else ("rate", "kWh", "No.", "Unit"):
        assert word in texts
    assert texts.count(KSEF_NUMBER) == 2  # beside the title and under KOD I, each on one line
    assert "FV/00059/11/2026/154" in texts
    # All of it inside the sheet's text area (2 cm margins), nothing pushed off the right edge.
    assert max(x1 for _, x1, _ in words) <= A4_WIDTH_PT - 50
    # Rates as the FA(3) codes mean them.
    assert {"23%", "8%", "5%"} <= set(texts)
    assert ("zw" if lang == "pl" else "exempt") in texts


def test_dates_are_polish_in_polish_and_spelt_out_in_english(qtbot: QtBot, tmp_path: Path) -> None:
    xml = _invoice()
    polish = " ".join(t for _, _, t in _pdf(tmp_path, invoice_page(xml, Environment.TEST, "pl"), "pl.pdf"))
    english = " ".join(t for _, _, t in _pdf(tmp_path, invoice_page(xml, Environment.TEST, "en"), "en.pdf"))
    assert "23.11.2026" in polish and "2026-11-23" not in polish
    assert "23 Nov 2026" in english and "2026-11-23" not in english
    created = re.search(rb"<DataWytworzeniaFa>([^<]+)<", xml)
    assert created is not None
    moment = datetime.fromisoformat(created.group(1).decode())
    assert f"{moment.astimezone():%d.%m.%Y}, {moment.astimezone():%H:%M}" in polish  # local time, no seconds
    assert not re.search(r"\d{4}-\d{2}-\d{2}T", polish + english)


def test_date_and_time_formatting() -> None:
    assert when("2026-11-24", "pl") == "24.11.2026" and when("2026-11-24", "en") == "24 Nov 2026"
    moment = datetime.fromisoformat("2026-11-24T08:23:45.123456Z")
    local = moment.astimezone()
    assert when("2026-11-24T08:23:45.123456Z", "pl") == f"{local:%d.%m.%Y}, {local:%H:%M}"
    assert format_moment(moment, "pl", seconds=True).endswith(f"{local:%H:%M:%S}")
    assert when("FV/2026-11-24", "pl") == "FV/2026-11-24" and when("2026-13-45", "pl") == "2026-13-45"


def test_upo_speaks_in_words_with_local_times(qtbot: QtBot, tmp_path: Path) -> None:
    xml = (EXAMPLES / "upo" / "upo-faktura-kontekst-id-nip.xml").read_bytes()
    # A UPO of a session opened with a KSeF token, sent offline, as the sandbox and KSeF write it.
    xml = re.sub(
        rb"<SkrotDokumentuUwierzytelniajacego>[^<]+</SkrotDokumentuUwierzytelniajacego>",
        b"<NumerReferencyjnyTokenaKSeF>20251010-EC-2A1B3C4D5E-F6A7B8C9D0-11</NumerReferencyjnyTokenaKSeF>",
        xml,
    ).replace(b"<TrybWysylki>Online<", b"<TrybWysylki>Offline<")
    page = upo_page(xml, "pl")
    text = " ".join(t for _, _, t in _pdf(tmp_path, page, "upo.pdf"))
    assert "Numer referencyjny tokena KSeF 20251010-EC-2A1B3C4D5E-F6A7B8C9D0-11" in text
    assert "Tryb wysyłki Offline" in text
    assert "Identyfikator kontekstu (NIP) 5265877635" in text
    sent = re.search(rb"<DataPrzeslaniaDokumentu>([^<]+)<", xml)
    assert sent is not None
    local = datetime.fromisoformat(sent.group(1).decode()).astimezone()
    assert f"{local:%d.%m.%Y}, {local:%H:%M:%S}" in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}T", text)
    raw_names = [w for w in text.split() if re.fullmatch(r"[A-Z][a-z]+[A-Z]\w*", w) and w != "KSeF"]  # NipSprzedawcy
    assert raw_names == [], raw_names
    english = upo_page(xml, "en").html
    assert "KSeF token reference number" in english and "Sending mode" in english


def test_element_names_nobody_labelled_are_spelt_out() -> None:
    assert humanize("NumerReferencyjnyTokenaKSeF") == "Numer referencyjny tokena KSeF"
    assert humanize("IdKontekstu") == "ID kontekstu"
    assert humanize("NrFaKorygowanej") == "Nr faktury korygowanej"
    assert humanize("P_13_1") == "P_13_1"
