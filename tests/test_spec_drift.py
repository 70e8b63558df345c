"""scripts/spec_drift.py: the drift check between KSeF contracts, on the real contracts in the repository
(facts from REFERENCE.md section 13) and on small synthetic ones."""

from __future__ import annotations

import copy
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SCRIPT = ROOT / "scripts" / "spec_drift.py"

_spec = importlib.util.spec_from_file_location("spec_drift", SCRIPT)
assert _spec and _spec.loader
spec_drift = importlib.util.module_from_spec(_spec)
sys.modules["spec_drift"] = spec_drift
_spec.loader.exec_module(spec_drift)


@pytest.fixture(scope="module")
def drift_26_27() -> list[Any]:
    changes: list[Any] = spec_drift.drift(DATA / "open-api-2.6.0.json", DATA / "open-api-2.7.0.json")
    return changes


@pytest.fixture(scope="module")
def drift_27_281() -> list[Any]:
    changes: list[Any] = spec_drift.drift(DATA / "open-api-2.7.0.json", DATA / "open-api-2.8.1.json")
    return changes


def find(changes: list[Any], kind: str, subject: str) -> Any:
    matches = [c for c in changes if c.kind == kind and c.subject == subject]
    assert matches, f"no {kind} change for {subject}: {[c.subject for c in changes if c.kind == kind][:40]}"
    return matches[0]


def test_iz_operations_arrive_in_270(drift_26_27: list[Any]) -> None:
    added = {c.subject for c in drift_26_27 if c.kind == "operations" and c.change == "added"}
    assert {
        "POST /collective-identifiers",
        "POST /collective-identifiers/query",
        "GET /collective-identifiers/ksef/{ksefNumber}",
        "GET /collective-identifiers/{collectiveIdentifierNumber}/invoices",
        "PUT /testdata/certificates/{serialNumber}",
    } <= added
    assert not [c for c in drift_26_27 if c.kind == "operations" and c.change == "removed"]
    assert "CollectiveIdentifierManage" in find(drift_26_27, "enums", "PersonPermissionType").detail
    codes = {c.subject for c in drift_26_27 if c.kind == "error codes"}
    assert "POST /collective-identifiers -> 400: 71002" in codes
    auth_450 = find(drift_26_27, "error codes", "AuthenticationOperationStatusResponse: 450")
    assert auth_450.change == "changed" and "Nieprawidłowe szyfrowanie tokena" in auth_450.detail
    assert auth_450.used_by == ["app", "sandbox"]


def test_iz_listing_replaced_in_281(drift_27_281: list[Any]) -> None:
    assert find(drift_27_281, "operations", "POST /collective-identifiers/invoices").change == "added"
    removed = find(drift_27_281, "operations", "GET /collective-identifiers/{collectiveIdentifierNumber}/invoices")
    assert removed.change == "removed"
    limit = find(drift_27_281, "limits", "POST /collective-identifiers/invoices (query parameter).pageSize")
    assert "maximum" in limit.detail or "minimum" in limit.detail


def test_281_field_and_enum_changes(drift_27_281: list[Any]) -> None:
    compression = find(drift_27_281, "fields", "InvoicePackage.compressionType")
    assert compression.change == "added" and "required true" in compression.detail
    assert "sandbox" in compression.used_by
    currency = find(drift_27_281, "enums", "CurrencyCode")
    assert all(code in currency.detail for code in ("CNH", "VED", "XTS", "ZWG", "SLE"))
    assert "removed" not in currency.detail
    assert currency.used_by == ["app", "sandbox"]  # both know currency codes (e.g. "PLN")
    key_limits = {
        c.detail for c in drift_27_281 if c.kind == "limits" and c.subject == "PublicKeyCertificate.publicKeyId"
    }
    assert key_limits == {"maxLength - -> 44", "minLength - -> 44"}
    forbidden = find(drift_27_281, "fields", "ForbiddenProblemDetails.timestamp")
    assert forbidden.change == "changed" and forbidden.detail == "no longer required"


def test_281_rate_limit_groups_and_codes(drift_27_281: list[Any]) -> None:
    for group in ("onlineSessionClose", "batchSessionClose", "anonymous", "global"):
        assert find(drift_27_281, "fields", f"EffectiveApiRateLimits.{group}").change == "added"
    close = [
        c for c in drift_27_281 if c.kind == "limits" and c.subject == "POST /sessions/online/{referenceNumber}/close"
    ]
    assert {c.detail for c in close} >= {"x-rate-limits.perMinute 30 -> 60", "x-rate-limits.perHour 120 -> 240"}
    assert all(c.used_by == ["app", "sandbox"] for c in close)
    code = find(drift_27_281, "error codes", "POST /sessions/online/{referenceNumber}/invoices -> 400: 21184")
    assert code.change == "added" and "tymczasowo" in code.detail
    # 71004/71005 belong to an operation neither side serves yet? Either way the flag follows the code.
    assert find(drift_27_281, "error codes", "POST /collective-identifiers -> 400: 71004").change == "added"


def test_same_contract_is_no_drift(capsys: pytest.CaptureFixture[str]) -> None:
    contract = str(DATA / "open-api-2.8.1.json")
    assert spec_drift.main([contract, "--base", contract]) == 0
    assert "No drift" in capsys.readouterr().out


def test_default_base_is_the_281_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert spec_drift.main([str(DATA / "open-api-2.8.1.json"), "--no-usage"]) == 0
    assert spec_drift.main([str(DATA / "open-api-2.7.0.json"), "--no-usage"]) == 1
    out = capsys.readouterr().out
    assert "== operations" in out and "== error codes" in out


# --- synthetic contracts -------------------------------------------------------------------------------

BASE: dict[str, Any] = {
    "openapi": "3.0.4",
    "info": {"title": "t", "version": "1"},
    "paths": {
        "/sessions/online": {
            "post": {
                "x-rate-limits": {"perSecond": 10, "perMinute": 30, "perHour": 120},
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Open"}}}},
                "responses": {
                    "201": {"description": "ok"},
                    "400": {
                        "description": "| ExceptionCode | ExceptionDescription | Details |\n|---|---|---|\n"
                        "| 21405 | Błąd walidacji danych wejściowych. | - |\n"
                    },
                },
            }
        },
        "/obscure/{id}": {
            "get": {
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok"}},
            }
        },
    },
    "components": {
        "schemas": {
            "Open": {
                "required": ["formCode"],
                "type": "object",
                "properties": {
                    "formCode": {"type": "string", "maxLength": 20},
                    "encryption": {"type": "string", "nullable": True},
                    "zzUnusedField": {"type": "string"},
                    "limits": {"type": "object", "properties": {"perHour": {"type": "integer"}}},
                },
            },
            "Kind": {"type": "string", "enum": ["ZzOne", "ZzTwo"]},
            "Status": {
                "type": "object",
                "properties": {"code": {"type": "integer"}},
                "description": "| Kod | Opis | Szczegóły |\n|---|---|---|\n| 450 | Błąd | Token nieaktywny |\n"
                "| 450 | Błąd | Token unieważniony |\n",
            },
        }
    },
}


def write(tmp_path: Path, name: str, spec: dict[str, Any]) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(spec), encoding="utf-8")
    return path


def synthetic(tmp_path: Path, change: Any) -> list[Any]:
    new = copy.deepcopy(BASE)
    change(new)
    changes: list[Any] = spec_drift.drift(write(tmp_path, "old.json", BASE), write(tmp_path, "new.json", new))
    return changes


def test_synthetic_field_changes(tmp_path: Path) -> None:
    def change(spec: dict[str, Any]) -> None:
        open_ = spec["components"]["schemas"]["Open"]
        open_["required"] = ["formCode", "encryption"]
        open_["properties"]["encryption"]["nullable"] = False
        open_["properties"]["formCode"]["maxLength"] = 10
        del open_["properties"]["zzUnusedField"]
        open_["properties"]["offlineMode"] = {"type": "boolean"}
        open_["properties"]["limits"]["properties"]["perHour"]["maximum"] = 240
        open_["properties"]["limits"]["required"] = ["perHour"]

    changes = synthetic(tmp_path, change)
    encryption = find(changes, "fields", "Open.encryption")
    assert set(encryption.detail.split("; ")) == {"no longer nullable", "now required"}
    assert "app" in encryption.used_by  # the client sends "encryption"
    assert find(changes, "fields", "Open.zzUnusedField").change == "removed"
    assert find(changes, "fields", "Open.zzUnusedField").used_by == []
    assert find(changes, "fields", "Open.offlineMode").change == "added"
    assert find(changes, "limits", "Open.formCode").detail == "maxLength 20 -> 10"
    assert find(changes, "fields", "Open.limits.perHour").detail == "now required"  # an inline object's field
    assert find(changes, "limits", "Open.limits.perHour").detail == "maximum - -> 240"


def test_synthetic_enum_operation_limit_and_code_changes(tmp_path: Path) -> None:
    def change(spec: dict[str, Any]) -> None:
        spec["components"]["schemas"]["Kind"]["enum"] = ["ZzOne", "ZzThree"]
        operation = spec["paths"]["/sessions/online"]["post"]
        operation["x-rate-limits"]["perHour"] = -1
        operation["responses"]["429"] = {"description": "too many"}
        operation["responses"]["400"]["description"] += "| 21184 | Sesja tymczasowo niedostępna. | - |\n"
        spec["components"]["schemas"]["Status"]["description"] = (
            "| Kod | Opis | Szczegóły |\n|---|---|---|\n| 450 | Błąd | Token nieaktywny |\n| 460 | Błąd | - |\n"
        )
        del spec["paths"]["/obscure/{id}"]

    changes = synthetic(tmp_path, change)
    kinds = find(changes, "enums", "Kind")
    assert kinds.detail == "added ZzThree; removed ZzTwo" and kinds.used_by == []
    operation = find(changes, "operations", "POST /sessions/online")
    assert operation.detail == "answers +429" and operation.used_by == ["app", "sandbox"]
    removed = find(changes, "operations", "GET /obscure/{id}")
    assert removed.change == "removed" and removed.used_by == []
    assert find(changes, "limits", "POST /sessions/online").detail == "x-rate-limits.perHour 120 -> -1"
    code = find(changes, "error codes", "POST /sessions/online -> 400: 21184")
    assert code.change == "added"
    status = find(changes, "error codes", "Status: 450")
    assert status.change == "changed" and status.detail == "removed 'Błąd (Token unieważniony)'"
    assert find(changes, "error codes", "Status: 460").change == "added"


def test_sandbox_only_operations_are_flagged_for_the_sandbox_only(tmp_path: Path) -> None:
    """The sandbox's router table decides what it serves (testdata paths are registered in a loop)."""
    spec = json.loads((DATA / "open-api-2.8.1.json").read_text(encoding="utf-8"))
    spec["paths"]["/testdata/subject"]["post"]["x-rate-limits"] = {"perSecond": 1, "perMinute": 2, "perHour": 3}
    spec["paths"]["/sessions/online"]["post"]["responses"]["418"] = {"description": "new"}
    changes = spec_drift.drift(DATA / "open-api-2.8.1.json", write(tmp_path, "new.json", spec))
    testdata = [c for c in changes if c.subject == "POST /testdata/subject"]
    assert testdata and all(c.kind == "limits" and c.used_by == ["sandbox"] for c in testdata)
    assert find(changes, "operations", "POST /sessions/online").used_by == ["app", "sandbox"]
    assert len(changes) == len(testdata) + 1


def test_json_output_and_exit_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = copy.deepcopy(BASE)
    new["components"]["schemas"]["Kind"]["enum"].append("Peppol")
    old_file, new_file = write(tmp_path, "old.json", BASE), write(tmp_path, "new.json", new)
    assert spec_drift.main([str(new_file), "--base", str(old_file), "--json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["summary"]["enums"] == 1 and sum(document["summary"].values()) == 1
    assert document["changes"] == [
        {"kind": "enums", "change": "changed", "subject": "Kind", "detail": "added Peppol", "used_by": []}
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        ("{not json", "not valid JSON"),
        ('{"swagger": "2.0"}', "not an OpenAPI contract"),
        ('{"openapi": "3.0.4", "paths": {"/x": {"get": 5}}}', "must map methods"),
        (b"\xff\xfe\x00", "cannot be read"),
        ('{"openapi": "3.0.4", "paths": {"/x": {"get": {"responses": [1]}}}}', "not a usable OpenAPI contract"),
        (
            '{"openapi": "3.0.4", "paths": {}, "components": {"schemas": {"A": {"properties": {"b": {"allOf": 3}}}}}}',
            "not a usable OpenAPI contract",
        ),
    ],
)
def test_bad_input_exit_2_without_traceback(tmp_path: Path, content: str | bytes | None, message: str) -> None:
    path = tmp_path / "new.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(path), "--no-usage"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_usage_scan_binds_methods_to_paths(tmp_path: Path) -> None:
    (tmp_path / "client.py").write_text(
        "def f(http, ref):\n"
        "    http.json('POST', f'/sessions/online/{ref}/close', group='x')\n"
        "    http.request('GET', '/tokens')\n"
        "    PATHS = ['/limits/context']\n"
        "    return 21184\n",
        encoding="utf-8",
    )
    usage = spec_drift.scan_source([tmp_path / "client.py"])
    assert usage.uses_operation("POST", "/sessions/online/{referenceNumber}/close")
    assert not usage.uses_operation("GET", "/sessions/online/{referenceNumber}/close")
    assert usage.uses_operation("GET", "/tokens") and not usage.uses_operation("POST", "/tokens")
    assert usage.uses_operation("GET", "/limits/context")  # a bare path: any method
    assert 21184 in usage.numbers
