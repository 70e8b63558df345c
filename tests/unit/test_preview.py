"""The invoice preview, KOD I / KOD II and UPO pages: every official example and every kind of seeded
sandbox invoice renders, its totals and VAT summary are the file's own, and nothing in it is dropped."""

from __future__ import annotations

import base64
import hashlib
import html
import re
from decimal import Decimal
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from lxml import etree

from ksefdesk.core.errors import UserError
from ksefdesk.core.models import Environment
from ksefdesk.core.preview import amount, file_page, invoice_page, quantity, read_invoice, upo_page, when
from ksefdesk.core.qr import InvoiceFacts, kod1_link, kod2_link, qr_png
from ksefdesk.core.schemas import FA3_NS
from ksefsandbox.app import Sandbox
from ksefsandbox.seed import seed_invoices
from tests.qr_helpers import decoded_qr

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"  # copies of the official KSeF examples
FA3_EXAMPLES = sorted((EXAMPLES / "fa3").glob("*.xml"))
UPO_EXAMPLES = sorted((EXAMPLES / "upo").glob("*.xml"))
N = f"{{{FA3_NS}}}"
# Elements whose value is shown as its meaning, or whose "no" is shown by absence, not as the raw code.
CODED = {
    "P_16", "P_17", "P_18", "P_18A", "P_23", "P_19N", "P_22N", "P_PMarzyN", "RodzajFaktury", "FormaPlatnosci",
    "Rola", "KodFormularza", "WariantFormularza", "P_12", "KodKraju", "Zaplacono", "JST", "GV",
    "RachunekWlasnyBanku", "NrRB",
}  # fmt: skip


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> list[bytes]:
    """400 sandbox invoices: corrections, foreign currencies, third parties, up to 12 lines."""
    sandbox = Sandbox(tmp_path_factory.mktemp("seed"))
    seed_invoices(sandbox, "5265877635", 400)
    return [bytes(row["xml"]) for row in sandbox.state.all("SELECT xml FROM invoices WHERE status_code = 200")]


def _fields(xml: bytes) -> dict[str, str]:
    fa = etree.fromstring(xml).find(f"{N}Fa")
    assert fa is not None
    return {etree.QName(c).localname: (c.text or "").strip() for c in fa}


def _plain(page_html: str) -> str:
    """The page's text; keeps no-break spaces, drops the soft break points of overlong codes."""
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page_html))).replace("\u200b", "")


def _check(xml: bytes) -> None:
    for lang in ("pl", "en"):
        view = read_invoice(xml, lang)
        fields = _fields(xml)
        assert view.total == Decimal(fields["P_15"])
        stated = {k: Decimal(v) for k, v in fields.items() if re.fullmatch(r"P_13_\d+(_\d)?", k)}
        assert {row.field: row.net for row in view.vat} == stated
        for row in view.vat:
            vat_field = row.field.replace("P_13", "P_14")
            assert row.vat == (Decimal(fields[vat_field]) if vat_field in fields else None)
            assert row.vat_pln == (Decimal(fields[vat_field + "W"]) if vat_field + "W" in fields else None)
        text = _plain(invoice_page(xml, Environment.TEST, lang, ksef_number="K-1").html)
        assert amount(fields["P_15"], lang) in text
        for row in view.vat:
            assert amount(row.net, lang) in text
        # Nothing silently dropped: every value in the file shows, as it is or formatted.
        for element in etree.fromstring(xml).iter():
            value = " ".join((element.text or "").split())
            if not isinstance(element.tag, str) or len(element) or not value:
                continue
            name = etree.QName(element).localname
            if name in CODED:
                continue
            shown = {value, amount(value, lang), quantity(value, lang), when(value, lang)}
            assert any(s in text for s in shown), (name, value)


@pytest.mark.parametrize("path", FA3_EXAMPLES, ids=lambda p: p.name)
def test_every_official_example_renders_with_its_own_totals(path: Path) -> None:
    _check(path.read_bytes())


def test_every_seeded_invoice_renders_with_its_own_totals(seeded: list[bytes]) -> None:
    assert len(seeded) >= 400
    kinds = set()
    for xml in seeded:
        _check(xml)
        view = read_invoice(xml, "en")
        kinds.add((view.kind_code, view.currency != "PLN", len(view.parties) > 2))
    assert ("KOR", False, False) in kinds and any(foreign for _, foreign, _ in kinds)


def test_a_correction_shows_what_it_corrects(seeded: list[bytes]) -> None:
    correction = next(x for x in seeded if b"<RodzajFaktury>KOR<" in x)
    text = _plain(invoice_page(correction, Environment.TEST, "pl").html)
    assert "Faktura korygująca" in text and "Numer faktury korygowanej" in text
    assert "Numer KSeF faktury korygowanej" in text


def test_the_lines_disagreeing_with_the_vat_summary_are_pointed_out() -> None:
    xml = (EXAMPLES / "fa3" / "invoice-template-fa-3.xml").read_bytes().replace(b"<P_13_1>", b"<P_13_1>1", 1)
    assert any("VAT summary" in w for w in read_invoice(xml, "en").warnings)
    assert not read_invoice((EXAMPLES / "fa3" / "invoice-template-fa-3.xml").read_bytes(), "en").warnings


def test_unknown_elements_are_shown_not_dropped() -> None:
    xml = (EXAMPLES / "fa3" / "invoice-template-fa-3.xml").read_bytes()
    xml = xml.replace(b"</Fa>", b"<NowePole><Wartosc>niespodzianka-2027</Wartosc></NowePole></Fa>")
    view = read_invoice(xml, "pl")
    assert any(i.value == "niespodzianka-2027" and "Nowe pole" in i.label for i in view.other)  # spelt out


def test_kod1_is_the_official_link_and_reads_back_from_the_png(seeded: list[bytes]) -> None:
    xml = seeded[0]
    facts = InvoiceFacts.of(xml)
    digest = base64.urlsafe_b64encode(hashlib.sha256(xml).digest()).rstrip(b"=").decode()
    p1 = _fields(xml)["P_1"]
    day = f"{p1[8:10]}-{p1[5:7]}-{p1[0:4]}"
    for environment, host in (
        (Environment.TEST, "https://qr-test.ksef.mf.gov.pl"),
        (Environment.DEMO, "https://qr-demo.ksef.mf.gov.pl"),
        (Environment.PROD, "https://qr.ksef.mf.gov.pl"),
    ):
        link = kod1_link(environment, facts)
        assert link == f"{host}/invoice/{facts.seller_nip}/{day}/{digest}"
        assert re.fullmatch(r"https://[a-z.-]+/invoice/\d{10}/\d{2}-\d{2}-\d{4}/[A-Za-z0-9_-]{43}", link)
    png = Path(__file__).parent / "kod1.png"
    try:
        png.write_bytes(qr_png(kod1_link(Environment.PROD, facts)))
        assert decoded_qr(png) == [kod1_link(Environment.PROD, facts)]
    finally:
        png.unlink(missing_ok=True)


@pytest.mark.parametrize("kind", ["rsa", "ec"])
def test_kod2_is_signed_as_ksef_verifies_it(kind: str, seeded: list[bytes]) -> None:
    facts = InvoiceFacts.of(seeded[1])
    key = rsa.generate_private_key(65537, 2048) if kind == "rsa" else ec.generate_private_key(ec.SECP256R1())
    link = kod2_link(
        Environment.TEST,
        facts,
        context_type="Nip",
        context_value="5265877635",
        certificate_serial="01f20a5d352ae590",
        key=key,
    )
    prefix = f"https://qr-test.ksef.mf.gov.pl/certificate/Nip/5265877635/{facts.seller_nip}/01F20A5D352AE590/"
    assert link.startswith(prefix + facts.hash_b64url + "/")
    signed, signature_text = link.removeprefix("https://").rsplit("/", 1)
    signature = base64.urlsafe_b64decode(signature_text + "=" * (-len(signature_text) % 4))
    if isinstance(key, rsa.RSAPrivateKey):
        key.public_key().verify(
            signature, signed.encode(), padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32), hashes.SHA256()
        )
    else:
        assert len(signature) == 64  # IEEE P1363 R||S
        der = encode_dss_signature(int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big"))
        key.public_key().verify(der, signed.encode(), ec.ECDSA(hashes.SHA256()))


@pytest.mark.parametrize("path", UPO_EXAMPLES, ids=lambda p: p.name)
def test_upo_pages_list_every_document(path: Path) -> None:
    xml = path.read_bytes()
    numbers = re.findall(rb"<NumerKSeFDokumentu>([^<]+)<", xml)
    text = _plain(upo_page(xml, "pl").html)
    assert numbers and all(n.decode() in text for n in numbers)
    assert "Urzędowe Poświadczenie Odbioru" in text and file_page("upo.xml", xml, Environment.TEST).html


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty"), (b"not xml at all", "well-formed"), (b'<?xml version="1.0"?><!DOCTYPE x []><x/>', "DOCTYPE")],
)
def test_files_that_are_not_invoices_get_a_specific_message(data: bytes, reason: str) -> None:
    with pytest.raises(UserError) as caught:
        file_page("faktura.xml", data, Environment.TEST, "en")
    assert caught.value.code == "pdf.not_xml" and reason in caught.value.message("en")
