"""Rate limits and context/subject limits as API 2.8 reports them, and the /testdata switches for them."""

from __future__ import annotations

from ksefdesk.sandbox.app import Router


def register(router: Router) -> None:
    """Filled in by the work on issue 16."""
