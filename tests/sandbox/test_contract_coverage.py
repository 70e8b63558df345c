"""The sandbox serves every operation of the contracts (2.8.1, plus 2.7.0's that old clients still call),
each one reached by its own path, in the rate-limit group whose numbers the 2.8.1 contract gives."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest

from ksefdesk.core.rate_limits import GROUPS
from ksefsandbox.app import API_PREFIX, Endpoint, Sandbox
from ksefsandbox.server import SandboxServer
from tests.sandbox.contract import OLDER_SPEC_FILES, SPEC_FILE, operations

ServerFactory = Callable[..., SandboxServer]
_PARAMETER = re.compile(r"<(?:\w+(?:\([^)]*\))?:)?(\w+)>")  # werkzeug's <name> / <converter:name>
_LIMIT_ROW = re.compile(r"\*\*Limity liczby żądań\*\*\s*\|([^\n]*)")


def contract_operations() -> set[tuple[str, str]]:
    """(METHOD, /path/{name}) of 2.8.1 and of the older contracts still checked (their union)."""
    wanted = set(operations(SPEC_FILE))
    for older in OLDER_SPEC_FILES:
        wanted |= operations(older)
    return wanted


def served(sandbox: Sandbox) -> dict[tuple[str, str], Endpoint]:
    """The router's operations in the contract's spelling: /auth/<referenceNumber> -> /auth/{referenceNumber}."""
    result = {}
    for name, endpoint in sandbox.router.endpoints.items():
        method, _, path = name.partition(" ")
        result[(method, _PARAMETER.sub(r"{\1}", path))] = endpoint
    return result


def _spec() -> dict[str, Any]:
    return dict(json.loads(SPEC_FILE.read_text(encoding="utf-8")))


@pytest.fixture
def app(start_sandbox: ServerFactory) -> Sandbox:
    return start_sandbox().sandbox


def test_every_contract_operation_is_served(app: Sandbox) -> None:
    missing = sorted(contract_operations() - set(served(app)))
    assert not missing, "the sandbox does not serve:\n" + "\n".join(f"  {m} {p}" for m, p in missing)


def test_each_operation_reaches_its_own_handler(app: Sandbox) -> None:
    """Routing, not only registration: a concrete path of each operation matches that operation's rule
    (e.g. /sessions/{ref}/invoices/failed is not taken for an invoice reference)."""
    adapter = app.url_map.bind("127.0.0.1")
    wrong = []
    for (method, path), _ in sorted(served(app).items()):
        concrete = re.sub(r"\{(\w+)\}", lambda m: f"x{m.group(1)}1", path)
        name, _params = adapter.match(API_PREFIX + concrete, method=method)
        expected = next(
            n
            for n in app.router.endpoints
            if n.startswith(method + " ") and _PARAMETER.sub(r"{\1}", n.partition(" ")[2]) == path
        )
        if name != expected:
            wrong.append(f"{method} {concrete} -> {name} (expected {expected})")
    assert not wrong, "\n".join(wrong)


def test_rate_limit_groups_match_the_contract(app: Sandbox) -> None:
    spec = _spec()
    problems = []
    for (method, path), endpoint in sorted(served(app).items()):
        operation = spec["paths"].get(path, {}).get(method.lower())
        if operation is None:
            continue  # not in 2.8.1 (a 2.7.0-only operation or a sandbox extra): nothing to compare with
        limits = operation.get("x-rate-limits")
        assert limits, f"{method} {path} has no x-rate-limits in the contract"
        expected = (limits.get("perSecond"), limits.get("perMinute"), limits.get("perHour"))
        group = GROUPS.get(endpoint.group)
        actual = None if group is None else (group.per_second, group.per_minute, group.per_hour)
        if actual != expected:
            problems.append(f"{method} {path}: group {endpoint.group!r} is {actual}, the contract says {expected}")
        # The 429 description names the group (or "-" for the anonymous ones).
        row = _LIMIT_ROW.search(operation.get("responses", {}).get("429", {}).get("description", ""))
        named = row.group(1).split("|")[-1].strip() if row else "-"
        if named != "-" and named != endpoint.group:
            problems.append(f"{method} {path}: served in group {endpoint.group!r}, the contract names {named!r}")
        if named == "-" and endpoint.group != "anonymous":
            problems.append(f"{method} {path}: served in group {endpoint.group!r}, the contract's limit is anonymous")
    assert not problems, "\n".join(problems)


def test_the_coverage_check_can_fail(app: Sandbox) -> None:
    """The comparison is not vacuous: the contracts define the operations we know, and the router's
    spelling converts to theirs."""
    wanted = contract_operations()
    assert ("GET", "/collective-identifiers/{collectiveIdentifierNumber}/invoices") in wanted  # 2.7.0 only
    assert ("POST", "/collective-identifiers/invoices") in wanted and len(wanted) >= 84
    assert ("GET", "/auth/{referenceNumber}") in served(app)
    assert ("DELETE", "/permissions/common/grants/{permissionId}") in served(app)
