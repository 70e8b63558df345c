"""GET /peppol/query: the Peppol service providers registered in KSeF."""

from __future__ import annotations

from ksefdesk.sandbox.app import Router


def register(router: Router) -> None:
    """Filled in by the work on issue 16."""
