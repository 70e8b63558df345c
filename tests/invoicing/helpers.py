"""Shared pieces of the invoicing tests: a signed-in company at a sandbox, and a buyer."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from ksefdesk.core.invoice_draft import InvoiceDraft, Line, Party
from ksefdesk.core.models import Environment
from ksefdesk.core.self_signed import person_subject, self_signed
from ksefdesk.core.signing_material import SigningMaterial
from ksefsandbox.server import SandboxServer
from tests import harness

NIP = "5265877635"
BUYER = Party("Klient Testowy S.A.", "7251801126", address1="ul. Długa 2", address2="90-001 Łódź")
TODAY = date(2026, 12, 2)


class Desk(harness.Desk):
    """A company signed in at the sandbox, with its seller address set."""

    def __init__(self, folder: Path, server: SandboxServer) -> None:
        super().__init__(folder, server.base_url)
        self.companies.add(NIP, Environment.SANDBOX, name="Moja Firma Sp. z o.o.")
        person = self_signed(person_subject(nip=NIP))
        self.auth.sign_in(NIP, SigningMaterial(person.key, person.certificate))
        from ksefdesk.services.invoicing import SellerDefaults

        self.invoicing.save_defaults(
            NIP, SellerDefaults("ul. Prosta 1", "00-001 Warszawa", "PL61109010140000071219812874", "Warszawa")
        )


def three_rates(invoicing_draft: InvoiceDraft) -> InvoiceDraft:
    from dataclasses import replace

    return replace(
        invoicing_draft,
        buyer=BUYER,
        lines=(
            Line("Usługa programistyczna", Decimal(10), Decimal("150.00"), "23", "godz."),
            Line("Książka", Decimal(3), Decimal("49.99"), "5"),
            Line("Catering", Decimal(1), Decimal("333.33"), "8", discount_percent=Decimal(5)),
        ),
    )
