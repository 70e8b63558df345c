"""Seed data: realistic purchase invoices to a NIP, and ready credentials to log in with."""

from __future__ import annotations

import json
import random
import secrets
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from ksefdesk.core.fa3_build import Correction, Entity, InvoiceSpec, Line, build_invoice
from ksefdesk.core.nip import normalize_nip, random_nip
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefsandbox.api_auth import OWNER_PERMISSIONS, token_hash
from ksefsandbox.context import SandboxContext
from ksefsandbox.files import private_folder, write_private
from ksefsandbox.kit import LoginKit
from ksefsandbox.processing import accept_invoice
from ksefsandbox.state import iso, now_utc

_COMPANY_WORDS = (
    "Hurtownia",
    "Usługi",
    "Transport",
    "Piekarnia",
    "Drukarnia",
    "Serwis",
    "Biuro",
    "Apteka",
    "Elektro",
    "Budmat",
    "Kwiaciarnia",
    "Agencja",
    "Studio",
    "Warsztat",
    "Przychodnia",
)
_SURNAMES = (
    "Kowalski",
    "Nowak",
    "Wiśniewski",
    "Wójcik",
    "Kamiński",
    "Lewandowski",
    "Zieliński",
    "Szymański",
    "Dąbrowski",
    "Kozłowski",
    "Jankowski",
    "Mazur",
    "Krawczyk",
    "Piotrowski",
    "Grabowski",
    "Żółć",
)
_FORMS = ("sp. z o.o.", "S.A.", "s.c.", "sp.k.", "")
_CITIES = (
    ("Warszawa", "00-950"),
    ("Kraków", "30-001"),
    ("Łódź", "90-001"),
    ("Wrocław", "50-001"),
    ("Poznań", "60-001"),
    ("Gdańsk", "80-001"),
    ("Szczecin", "70-001"),
    ("Lublin", "20-001"),
)
_GOODS = (
    ("Papier A4 80g", "ryza", "23"),
    ("Usługa transportowa", "usł.", "23"),
    ("Chleb żytni", "szt.", "5"),
    ("Książka „Podatki 2026”", "szt.", "5"),
    ("Obiad firmowy", "szt.", "8"),
    ("Konsultacja lekarska", "usł.", "zw"),
    ("Eksport usługi IT", "godz.", "0 KR"),
    ("Toner do drukarki", "szt.", "23"),
    ("Energia elektryczna", "kWh", "23"),
    ("Woda mineralna 1,5 l", "szt.", "5"),
    ("Nocleg w hotelu", "doba", "8"),
    ("Serwis klimatyzacji", "usł.", "23"),
)
_CURRENCIES = (("PLN", None), ("EUR", Decimal("4.2512")), ("USD", Decimal("3.9801")))


def _entity(rng: random.Random, nip: str) -> Entity:
    city, code = rng.choice(_CITIES)
    name = f"{rng.choice(_COMPANY_WORDS)} {rng.choice(_SURNAMES)} {rng.choice(_FORMS)}".strip()
    return Entity(nip, name, f"ul. {rng.choice(_SURNAMES)}a {rng.randint(1, 250)}", f"{code} {city}")


def seed_invoices(sandbox: SandboxContext, buyer_nip: str, count: int, *, seed: int = 2026, months: int = 6) -> int:
    """Add purchase invoices to ``buyer_nip`` until it has ``count`` seeded ones; returns how many were added."""
    existing = sandbox.state.one(
        "SELECT COUNT(*) AS n FROM invoices WHERE session_ref IS NULL AND (buyer_value = ? OR id IN"
        " (SELECT invoice_id FROM third_subjects WHERE value = ?))",
        (buyer_nip, buyer_nip),
    )
    have = int(existing["n"]) if existing else 0
    if have >= count:
        return 0
    rng = random.Random(f"{seed}-{buyer_nip}-{have}")
    buyer = _entity(rng, buyer_nip)
    sellers = [_entity(rng, random_nip(rng)) for _ in range(max(5, min(300, count // 20 + 5)))]
    now = now_utc()
    start = now - timedelta(days=30 * months)
    step = (now - timedelta(minutes=5) - start) / max(1, count - have)
    accepted: list[tuple[Entity, str, datetime, str]] = []
    added = 0
    for index in range(have, count):
        moment = start + step * (index - have) + timedelta(seconds=rng.randint(0, 59))
        seller = rng.choice(sellers)
        currency, rate = rng.choices(_CURRENCIES, weights=(85, 10, 5))[0]
        lines = []
        for _ in range(rng.choices((1, 2, 3, 5, 12), weights=(40, 25, 15, 15, 5))[0]):
            name, unit, vat = rng.choice(_GOODS)
            lines.append(Line(name, Decimal(rng.randint(1, 20)), Decimal(rng.randint(100, 500_000)) / 100, vat, unit))
        correction = None
        if accepted and rng.random() < 0.05:
            original_seller, original_number, original_date, original_ksef = rng.choice(accepted)
            seller = original_seller
            correction = Correction(original_number, original_date.date(), original_ksef)
            lines = [Line(f"Korekta: {lines[0].name}", Decimal(-1), lines[0].unit_price, lines[0].rate, lines[0].unit)]
        third = None
        invoice_buyer = buyer
        roll = rng.random()
        if roll < 0.04:  # our NIP is the recipient (Podmiot3) of an invoice bought by someone else
            invoice_buyer, third = _entity(rng, random_nip(rng)), buyer
        elif roll < 0.08:
            third = _entity(rng, random_nip(rng))
        number = f"{'KOR' if correction else 'FV'}/{index + 1:05d}/{moment:%m/%Y}/{seller.nip[-3:]}"
        issue_date = (moment - timedelta(days=rng.randint(0, 3))).date()
        spec = InvoiceSpec(
            seller,
            invoice_buyer,
            number,
            issue_date,
            lines,
            place=seller.address2.split(" ", 1)[1],
            currency=currency,
            exchange_rate=rate,
            correction=correction,
            third_party=third,
            third_party_role=2,
            notes={"Sposób zapłaty": rng.choice(("przelew 14 dni", "gotówka", "karta"))},
        )
        result = accept_invoice(
            sandbox.state,
            context=seller.nip,
            plain=build_invoice(spec, created=moment),
            session_ref=None,
            ordinal=0,
            when=moment,
            stored=moment + timedelta(seconds=30),
        )
        if result.status == 200:
            row = sandbox.state.one("SELECT ksef_number FROM invoices WHERE ref = ?", (result.ref,))
            if row and not correction:
                accepted.append((seller, number, moment, row["ksef_number"]))
            added += 1
    return added


def login_kit(sandbox: SandboxContext, nip: str) -> LoginKit:
    """A ready KSeF token and a self-signed certificate for ``nip``, like the official TEST environment
    accepts; made once and kept in the sandbox folder. Test data, but it logs in to this sandbox as
    ``nip``: private to the user (0600 files in a 0700 folder), kit.json written last."""
    folder = private_folder(sandbox.folder / "login" / normalize_nip(nip))
    kit_file = folder / "kit.json"
    if kit_file.exists():
        data = json.loads(kit_file.read_text(encoding="utf-8"))
    else:
        identity = self_signed(person_subject(nip=nip, given="Jan", surname="Piaskownicowy"), kind="ec")
        password = secrets.token_urlsafe(9)
        write_private(folder / "certificate.pem", identity.certificate_pem())
        write_private(folder / "key.pem", identity.key_pem())
        write_private(folder / "certificate.p12", identity.pkcs12(password.encode()))
        from ksefdesk.core.numbers import reference_number

        ref = reference_number("EC", now_utc().date())
        token = f"{ref}|nip-{nip}|{secrets.token_hex(32)}"
        created = now_utc() - timedelta(minutes=1)
        sandbox.state.insert(
            "ksef_tokens",
            {
                "ref": ref,
                "token_hash": token_hash(token),
                "context_type": "Nip",
                "context_value": nip,
                "author_type": "Nip",
                "author_value": nip,
                "description": "Token piaskownicy KSeF Desk",
                "permissions": json.dumps(sorted(OWNER_PERMISSIONS)),
                "status": "Active",
                "date_created": iso(created),
            },
        )
        data = {"token": token, "password": password, "created": datetime.now(UTC).isoformat()}
        write_private(kit_file, json.dumps(data).encode("utf-8"))
    return LoginKit(
        nip, data["token"], folder / "certificate.pem", folder / "key.pem", folder / "certificate.p12", data["password"]
    )
