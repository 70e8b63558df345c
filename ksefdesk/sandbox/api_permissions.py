"""Permissions: grants, queries, revocations and their operation status, as KSeF keeps them."""

from __future__ import annotations

from ksefdesk.sandbox.app import Router


def register(router: Router) -> None:
    """Filled in by the work on issue 16."""
