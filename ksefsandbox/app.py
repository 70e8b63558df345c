"""The sandbox's WSGI application, composed: the context, every endpoint module on one router, the
request pipeline (``dispatch``).

Endpoint handlers live in the ``api_*`` modules; each registers itself on the ``Router`` with its
rate-limit group and the kind of bearer token it needs, so the rules sit next to the paths. They
build on ``routing`` and ``context`` only: nothing but the composition (this module, ``server``)
imports ``app``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from werkzeug.wrappers import Request

from ksefsandbox import (
    api_auth,
    api_blobs,
    api_certificates,
    api_collective,
    api_invoices,
    api_limits,
    api_misc,
    api_peppol,
    api_permissions,
    api_sessions,
    api_tokens,
)
from ksefsandbox.config import Faults, SandboxConfig
from ksefsandbox.context import API_PREFIX, SandboxContext
from ksefsandbox.dispatch import Dispatcher
from ksefsandbox.routing import Call, Endpoint, Router, json_response

__all__ = ["API_PREFIX", "Call", "Endpoint", "Faults", "Router", "Sandbox", "SandboxConfig", "json_response"]

ENDPOINT_MODULES = (
    api_auth,
    api_tokens,
    api_sessions,
    api_invoices,
    api_misc,
    api_limits,
    api_blobs,
    api_certificates,
    api_permissions,
    api_peppol,
    api_collective,
)


class Sandbox(SandboxContext):
    """The context every handler sees, plus the router and the WSGI entry point."""

    def __init__(self, folder: Path, config: SandboxConfig | None = None, faults: Faults | None = None) -> None:
        super().__init__(folder, config, faults)
        self.router = Router()
        for module in ENDPOINT_MODULES:
            module.register(self.router)
        self._dispatch = Dispatcher(self, self.router)
        self.url_map = self._dispatch.url_map

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        response = self._dispatch(Request(environ), environ)
        return response(environ, start_response)
