"""Collective identifiers (IZ, API 2.7/2.8): one identifier to pay several invoices of one seller."""

from __future__ import annotations

from ksefdesk.sandbox.app import Router


def register(router: Router) -> None:
    """Filled in by the work on issue 16."""
