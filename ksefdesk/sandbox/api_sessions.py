"""Work in progress."""

from __future__ import annotations

from ksefdesk.sandbox.app import Router


def register(router: Router) -> None:
    pass
