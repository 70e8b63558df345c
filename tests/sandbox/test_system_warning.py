"""X-System-Warning as the contract's SystemWarning describes it: TEST echoes X-Test-System-Warning,
ASCII-folded (here only with the admin key: tests/security), and a configured sandbox warning joins it in
the `[code]: message | [code]: message` form."""

from __future__ import annotations

from ksefsandbox.server import SandboxServer
from tests.sandbox.kit import Client, admin


def test_test_header_comes_back_ascii_folded(sandbox: SandboxServer, client: Client) -> None:
    hook = {"X-Test-System-Warning": "[W1]: Zażółć gęślą".encode(), **sandbox.admin_headers}
    answer = client.get("/security/public-key-certificates", headers=hook)
    assert answer.status_code == 200
    assert answer.headers["X-System-Warning"] == "[W1]: Zazolc gesla"


def test_no_warning_without_a_reason(client: Client) -> None:
    assert "X-System-Warning" not in client.get("/security/public-key-certificates").headers


def test_configured_and_test_warnings_are_joined(sandbox: SandboxServer, client: Client) -> None:
    admin(sandbox, "faults", {"system_warning": "[S1]: planned maintenance"})
    answer = client.get(
        "/security/public-key-certificates", headers={"X-Test-System-Warning": "[T1]: test", **sandbox.admin_headers}
    )
    assert answer.headers["X-System-Warning"] == "[S1]: planned maintenance | [T1]: test"
