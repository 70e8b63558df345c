#!/usr/bin/env python3
"""Drift between two KSeF OpenAPI contracts, for a maintainer when KSeF publishes a new one.

    python scripts/spec_drift.py NEW_OPEN_API.json [--base OLD.json] [--json]

Lists, against the contract the project codes to (default: tests/data/open-api-2.8.1.json), the added,
removed and changed operations, request/response fields (type, required-ness, nullable), enums, limits
(x-rate-limits, maxLength/maximum/maxItems/pattern...) and error codes (the ``| 21184 | ... |`` tables
KSeF puts in descriptions). Each entry says whether the app's client (``app``) or the sandbox
(``sandbox``) uses it, found by scanning ksefdesk/ for the paths, field names, enum values and codes.

Exit code: 0 no drift, 1 drift, 2 bad input (with a message, never a traceback).
"""

from __future__ import annotations

import argparse
import ast
import itertools
import json
import re
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BASE = ROOT / "tests" / "data" / "open-api-2.8.1.json"
PACKAGE = ROOT / "ksefdesk"
METHODS = ("get", "post", "put", "delete", "patch")
KINDS = ("operations", "fields", "enums", "limits", "error codes")
LIMIT_KEYS = (
    "maxLength",
    "minLength",
    "maximum",
    "minimum",
    "exclusiveMaximum",
    "exclusiveMinimum",
    "maxItems",
    "minItems",
    "pattern",
)
SHAPE_KEYS = ("type", "format", "ref", "items", "nullable", "required", "deprecated", "readOnly", "writeOnly")
# A row of a markdown table whose first cell is a numeric code (21184, 450) or a reason code (ip-not-allowed).
_CODE_ROW = re.compile(r"^\|\s*(\d{2,6}|[a-z]+(?:-[a-z]+)+)\s*\|([^|\n]*)\|?([^|\n]*)", re.M)


class BadInput(Exception):
    """A contract file that cannot be compared (missing, not JSON, not OpenAPI)."""


@dataclass
class Change:
    kind: str  # one of KINDS
    change: str  # added, removed, changed
    subject: str  # "POST /sessions/online", "InvoicePackage.compressionType", "CurrencyCode"
    detail: str = ""
    used_by: list[str] = field(default_factory=list)  # "app", "sandbox"


# --- loading ---------------------------------------------------------------------------------------


def load_contract(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise BadInput(f"{path}: no such file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"{path}: cannot be read ({exc})") from exc
    try:
        spec = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise BadInput(f"{path}: not valid JSON ({exc})") from exc
    if not isinstance(spec, dict) or "openapi" not in spec or not isinstance(spec.get("paths"), dict):
        raise BadInput(f"{path}: not an OpenAPI contract (needs 'openapi' and a 'paths' object)")
    components = spec.get("components", {})
    if not isinstance(components, dict) or not isinstance(components.get("schemas", {}), dict):
        raise BadInput(f"{path}: 'components.schemas' must be an object")
    for where, item in spec["paths"].items():
        if not isinstance(item, dict) or not all(isinstance(item[m], dict) for m in item if m in METHODS):
            raise BadInput(f"{path}: path {where!r} must map methods to operation objects")
    return spec


# --- flattening a contract into comparable facts -----------------------------------------------------


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _shape(schema: Mapping[str, Any]) -> dict[str, Any]:
    """Type-ish facts of one property/parameter schema (a single allOf $ref counts as that ref)."""
    facts: dict[str, Any] = {}
    parts = [schema, *[p for p in schema.get("allOf", []) if isinstance(p, dict)]]
    for part in parts:
        if "$ref" in part:
            facts["ref"] = _ref_name(str(part["$ref"]))
        for key in ("type", "format", "nullable", "deprecated", "readOnly", "writeOnly"):
            if key in part:
                facts[key] = part[key]
    items = schema.get("items")
    if isinstance(items, dict):
        facts["items"] = _ref_name(str(items["$ref"])) if "$ref" in items else items.get("type", "?")
    return facts


def _limits(schema: Mapping[str, Any]) -> dict[str, Any]:
    limits: dict[str, Any] = {}
    for part in [schema, *[p for p in schema.get("allOf", []) if isinstance(p, dict)]]:
        for key in LIMIT_KEYS:
            if key in part:
                limits[key] = part[key]
    items = schema.get("items")
    if isinstance(items, dict):
        for key in LIMIT_KEYS:
            if key in items:
                limits[f"items.{key}"] = items[key]
    return limits


def _object_fields(schema: Mapping[str, Any]) -> tuple[dict[str, Mapping[str, Any]], set[str], list[str]]:
    """(properties, required names, $ref names it is built from) of an object schema, allOf merged."""
    properties: dict[str, Mapping[str, Any]] = {}
    required: set[str] = set(schema.get("required", []) or [])
    refs: list[str] = []
    if "$ref" in schema:
        refs.append(_ref_name(str(schema["$ref"])))
    for part in schema.get("allOf", []) or []:
        if isinstance(part, dict):
            sub_properties, sub_required, sub_refs = _object_fields(part)
            properties.update(sub_properties)
            required |= sub_required
            refs += sub_refs
    for name, prop in (schema.get("properties") or {}).items():
        if isinstance(prop, dict):
            properties[name] = prop
    return properties, required, refs


@dataclass
class Facts:
    operations: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    fields: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)  # (owner, name) -> shape
    enums: dict[str, list[Any]] = field(default_factory=dict)
    limits: dict[tuple[str, str], Any] = field(default_factory=dict)  # (subject, limit) -> value
    codes: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)  # (where, code) -> its rows
    field_names: dict[str, str] = field(default_factory=dict)  # owner "Schema.prop" -> property name


def _record_fields(facts: Facts, owner: str, schema: Mapping[str, Any]) -> None:
    properties, required, refs = _object_fields(schema)
    if refs and not properties and not schema.get("required"):
        facts.fields[(owner, "$ref")] = {"ref": ", ".join(refs)}
    elif refs:
        facts.fields[(owner, "$ref")] = {"ref": ", ".join(refs)}
        for name in sorted(required - set(properties)):
            facts.fields[(owner, name)] = {"required": True}  # required here, defined in the referenced schema
    for name, prop in properties.items():
        shape = _shape(prop)
        shape["required"] = name in required
        facts.fields[(owner, name)] = shape
        facts.field_names[f"{owner}.{name}"] = name
        for key, value in _limits(prop).items():
            facts.limits[(f"{owner}.{name}", key)] = value
        if "enum" in prop:
            facts.enums[f"{owner}.{name}"] = list(prop["enum"])
        items = prop.get("items")
        if isinstance(items, dict) and "enum" in items:
            facts.enums[f"{owner}.{name}[]"] = list(items["enum"])
        # inline objects (TooManyRequestsResponse.status): their fields are fields too
        if "properties" in prop:
            _record_fields(facts, f"{owner}.{name}", prop)
        if isinstance(items, dict) and "properties" in items:
            _record_fields(facts, f"{owner}.{name}[]", items)


def _record_codes(facts: Facts, where: str, text: Any) -> None:
    if not isinstance(text, str) or "|" not in text:
        return
    rows: dict[str, list[str]] = {}
    for code, description, details in _CODE_ROW.findall(text):
        details = details.strip()
        # One code can have several rows (450 once per reason): each row is description plus details.
        rows.setdefault(code, []).append(description.strip() + (f" ({details})" if details not in ("", "-") else ""))
    for code, texts in rows.items():
        facts.codes[(where, code)] = tuple(sorted(set(texts)))


def _walk_descriptions(node: Any, where: str, facts: Facts) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "description":
                _record_codes(facts, where, value)
            elif key != "example":
                _walk_descriptions(value, where, facts)
    elif isinstance(node, list):
        for value in node:
            _walk_descriptions(value, where, facts)


def _body_schema(content: Any) -> Mapping[str, Any] | None:
    if not isinstance(content, dict):
        return None
    for media in content.values():
        if isinstance(media, dict) and isinstance(media.get("schema"), dict):
            schema: Mapping[str, Any] = media["schema"]
            return schema
    return None


def collect(spec: Mapping[str, Any]) -> Facts:
    facts = Facts()
    for name, schema in (spec.get("components", {}).get("schemas") or {}).items():
        if not isinstance(schema, dict):
            continue
        if "enum" in schema:
            facts.enums[name] = list(schema["enum"])
        _record_fields(facts, name, schema)
        for key, value in _limits(schema).items():
            facts.limits[(name, key)] = value
        _walk_descriptions(schema, name, facts)
    for path, item in spec["paths"].items():
        shared = item.get("parameters", []) if isinstance(item.get("parameters"), list) else []
        for method in (m for m in item if m in METHODS):
            operation = item[method]
            subject = f"{method.upper()} {path}"
            responses = operation.get("responses") or {}
            facts.operations[(method.upper(), path)] = {
                "responses": sorted(str(code) for code in responses),
                "deprecated": bool(operation.get("deprecated", False)),
                "permissions": sorted(operation.get("x-required-permissions") or []),
            }
            for key, value in (operation.get("x-rate-limits") or {}).items():
                facts.limits[(subject, f"x-rate-limits.{key}")] = value
            for parameter in [*shared, *(operation.get("parameters") or [])]:
                if not isinstance(parameter, dict) or "name" not in parameter:
                    continue
                schema = parameter.get("schema") or {}
                shape = _shape(schema)
                shape["required"] = bool(parameter.get("required", False))
                owner = f"{subject} ({parameter.get('in', '?')} parameter)"
                facts.fields[(owner, str(parameter["name"]))] = shape
                facts.field_names[f"{owner}.{parameter['name']}"] = str(parameter["name"])
                for key, value in _limits(schema).items():
                    facts.limits[(f"{owner}.{parameter['name']}", key)] = value
                if "enum" in schema:
                    facts.enums[f"{owner}.{parameter['name']}"] = list(schema["enum"])
            request = operation.get("requestBody")
            body = _body_schema(request.get("content")) if isinstance(request, dict) else None
            if body is not None:
                _record_fields(facts, f"{subject} request", body)
            for status, answer in responses.items():
                body = _body_schema(answer.get("content")) if isinstance(answer, dict) else None
                if body is not None:
                    _record_fields(facts, f"{subject} response {status}", body)
            _walk_descriptions({"description": operation.get("description")}, subject, facts)
            for status, answer in responses.items():
                if isinstance(answer, dict):
                    _record_codes(facts, f"{subject} -> {status}", answer.get("description"))
    return facts


# --- what the app and the sandbox use --------------------------------------------------------------


def _template(path: str) -> str:
    return re.sub(r"\{[^}]*\}|<[^>]*>", "{}", path.rstrip("/") or "/")


@dataclass
class Usage:
    operations: set[tuple[str, str]] = field(default_factory=set)  # (METHOD or "*", /path/{})
    strings: set[str] = field(default_factory=set)
    numbers: set[int] = field(default_factory=set)

    def uses_operation(self, method: str, path: str) -> bool:
        template = _template(path)
        return (method, template) in self.operations or ("*", template) in self.operations


def _literal(node: ast.AST) -> str | None:
    """A string constant, or an f-string with each placeholder as ``{}``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            str(part.value) if isinstance(part, ast.Constant) else "{}"
            for part in node.values
            if isinstance(part, ast.Constant | ast.FormattedValue)
        )
    return None


def scan_source(files: Iterable[Path]) -> Usage:
    usage = Usage()
    for file in files:
        try:
            tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
        except (OSError, SyntaxError, UnicodeDecodeError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
                usage.numbers.add(node.value)
            text = _literal(node)
            if text is not None:
                usage.strings.add(text)
                if text.startswith("/") and len(text) > 1:
                    usage.operations.add(("*", _template(text.split("?", 1)[0])))
            if isinstance(node, ast.Call):
                # request("POST", "/sessions/online", ...) and friends: method and path side by side
                args = [_literal(a) for a in node.args]
                for first, second in itertools.pairwise(args):
                    if first and first.upper() in {m.upper() for m in METHODS} and second and second.startswith("/"):
                        usage.operations.add((first.upper(), _template(second.split("?", 1)[0])))
    # A path literal proves the path, not the method; keep "*" only for paths with no method-bound call.
    bound = {path for method, path in usage.operations if method != "*"}
    usage.operations = {(m, p) for m, p in usage.operations if m != "*" or p not in bound}
    return usage


def app_usage(package: Path = PACKAGE) -> Usage:
    files = [f for f in package.rglob("*.py") if "sandbox" not in f.relative_to(package).parts]
    return scan_source(files)


def sandbox_usage(package: Path = PACKAGE) -> Usage:
    usage = scan_source((package.parent / "ksefsandbox").rglob("*.py"))  # the package beside ksefdesk/
    # The router table is the truth about what the sandbox serves (some paths are registered in loops);
    # the route("GET", "/path") calls found in the source are the fallback when it cannot be built.
    sys.path.insert(0, str(package.parent))
    try:
        from ksefsandbox.app import Sandbox

        with tempfile.TemporaryDirectory() as folder:
            endpoints = Sandbox(Path(folder) / "sandbox").router.endpoints
    except Exception as exc:  # a sandbox mid-edit must not hide the drift itself
        print(
            f"spec_drift: sandbox router unavailable ({type(exc).__name__}: {exc}); using its source", file=sys.stderr
        )
        return usage
    finally:
        sys.path.pop(0)
    usage.operations = {(method, _template(path)) for method, path in (name.split(" ", 1) for name in endpoints)}
    return usage


# --- comparing -------------------------------------------------------------------------------------


def _fmt(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if not isinstance(value, str) else value


def _diff_shape(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    parts = []
    for key in SHAPE_KEYS:
        before, after = old.get(key), new.get(key)
        if key in ("required", "nullable", "deprecated", "readOnly", "writeOnly"):
            before, after = bool(before), bool(after)
            if before != after:
                parts.append(f"{'now' if after else 'no longer'} {key}")
        elif before != after:
            parts.append(f"{key} {_fmt(before) if before is not None else '-'} -> {_fmt(after) if after else '-'}")
    return parts


def compare(old: Facts, new: Facts) -> list[Change]:
    changes: list[Change] = []
    for key in sorted(new.operations.keys() - old.operations.keys()):
        changes.append(Change("operations", "added", " ".join(key)))
    for key in sorted(old.operations.keys() - new.operations.keys()):
        changes.append(Change("operations", "removed", " ".join(key)))
    for key in sorted(old.operations.keys() & new.operations.keys()):
        before, after = old.operations[key], new.operations[key]
        parts = []
        if before["responses"] != after["responses"]:
            gained = sorted(set(after["responses"]) - set(before["responses"]))
            lost = sorted(set(before["responses"]) - set(after["responses"]))
            parts.append("answers " + ", ".join([f"+{c}" for c in gained] + [f"-{c}" for c in lost]))
        if before["deprecated"] != after["deprecated"]:
            parts.append("now deprecated" if after["deprecated"] else "no longer deprecated")
        if before["permissions"] != after["permissions"]:
            parts.append(f"permissions {before['permissions']} -> {after['permissions']}")
        if parts:
            changes.append(Change("operations", "changed", " ".join(key), "; ".join(parts)))

    for owner, name in sorted(new.fields.keys() - old.fields.keys()):
        shape = new.fields[(owner, name)]
        detail = ", ".join(f"{k} {_fmt(v)}" for k, v in shape.items() if k in SHAPE_KEYS and v not in (False, None))
        changes.append(Change("fields", "added", f"{owner}.{name}", detail))
    for owner, name in sorted(old.fields.keys() - new.fields.keys()):
        changes.append(Change("fields", "removed", f"{owner}.{name}"))
    for key in sorted(old.fields.keys() & new.fields.keys()):
        parts = _diff_shape(old.fields[key], new.fields[key])
        if parts:
            changes.append(Change("fields", "changed", f"{key[0]}.{key[1]}", "; ".join(parts)))

    for name in sorted(new.enums.keys() - old.enums.keys()):
        changes.append(Change("enums", "added", name, "values " + ", ".join(map(_fmt, new.enums[name]))))
    for name in sorted(old.enums.keys() - new.enums.keys()):
        changes.append(Change("enums", "removed", name))
    for name in sorted(old.enums.keys() & new.enums.keys()):
        gained = [v for v in new.enums[name] if v not in old.enums[name]]
        lost = [v for v in old.enums[name] if v not in new.enums[name]]
        if gained or lost:
            detail = "; ".join(
                part
                for part in (
                    "added " + ", ".join(map(_fmt, gained)) if gained else "",
                    "removed " + ", ".join(map(_fmt, lost)) if lost else "",
                )
                if part
            )
            changes.append(Change("enums", "changed", name, detail))

    for subject, limit in sorted(old.limits.keys() | new.limits.keys()):
        old_value, new_value = old.limits.get((subject, limit)), new.limits.get((subject, limit))
        if old_value == new_value:
            continue
        kind = "added" if old_value is None else "removed" if new_value is None else "changed"
        shown = ["-" if value is None else _fmt(value) for value in (old_value, new_value)]
        changes.append(Change("limits", kind, subject, f"{limit} {shown[0]} -> {shown[1]}"))

    for where, code in sorted(new.codes.keys() - old.codes.keys()):
        changes.append(Change("error codes", "added", f"{where}: {code}", "; ".join(new.codes[(where, code)])))
    for where, code in sorted(old.codes.keys() - new.codes.keys()):
        changes.append(Change("error codes", "removed", f"{where}: {code}", "; ".join(old.codes[(where, code)])))
    for key in sorted(old.codes.keys() & new.codes.keys()):
        old_rows, new_rows = old.codes[key], new.codes[key]
        if old_rows == new_rows:
            continue
        if len(old_rows) == 1 and len(new_rows) == 1:
            detail = f"{old_rows[0]!r} -> {new_rows[0]!r}"
        else:
            rows = [f"added {row!r}" for row in new_rows if row not in old_rows]
            detail = "; ".join(rows + [f"removed {row!r}" for row in old_rows if row not in new_rows])
        changes.append(Change("error codes", "changed", f"{key[0]}: {key[1]}", detail))
    # An operation that came or went is one entry: the shapes of its answers are not news of their own.
    whole = {c.subject for c in changes if c.kind == "operations" and c.change != "changed"}
    return [c for c in changes if not (c.kind == "fields" and _answer_ref_of(c.subject) in whole)]


def _answer_ref_of(subject: str) -> str:
    match = re.match(r"^(\S+ \S+) response \d+\.\$ref$", subject)
    return match.group(1) if match else ""


_OPERATION = re.compile(r"^(GET|POST|PUT|DELETE|PATCH) (/\S*)")


def _uses(change: Change, usage: Usage, facts: Iterable[Facts]) -> bool:
    subject = change.subject
    if change.kind == "error codes":
        code = subject.rsplit(": ", 1)[-1]
        operation = _OPERATION.match(subject)
        if operation and not usage.uses_operation(operation.group(1), operation.group(2)):
            return False  # a code of an operation nobody calls or serves
        return int(code) in usage.numbers if code.isdigit() else code in usage.strings
    if change.kind == "enums" and not _OPERATION.match(subject):
        values = [v for f in facts for v in f.enums.get(subject, [])]
        return any(isinstance(v, str) and v in usage.strings for v in values)
    operation = _OPERATION.match(subject)
    if operation:  # the operation itself, or its body field / parameter / rate limit
        if not usage.uses_operation(operation.group(1), operation.group(2)):
            return False
        rest = subject[operation.end() :]
        name = rest.rsplit(".", 1)[-1] if "." in rest else ""
        if change.kind == "enums":
            values = [v for f in facts for v in f.enums.get(subject, [])]
            return name in usage.strings or any(isinstance(v, str) and v in usage.strings for v in values)
        return not name or name == "$ref" or name in usage.strings
    # "Schema.property": the property name appears in the code
    return "." in subject and subject.rsplit(".", 1)[-1] in usage.strings


def mark_usage(changes: list[Change], usages: Mapping[str, Usage], facts: Iterable[Facts]) -> None:
    facts = list(facts)
    for change in changes:
        change.used_by = [who for who, usage in usages.items() if _uses(change, usage, facts)]


# --- output ----------------------------------------------------------------------------------------


def render_text(changes: list[Change], base: Path, new: Path) -> str:
    if not changes:
        return f"No drift: {new} matches {base}.\n"
    lines = [f"Drift from {base} to {new}: {len(changes)} changes", "[app] = the client uses it, [sandbox] = served"]
    for kind in KINDS:
        group = [c for c in changes if c.kind == kind]
        if not group:
            continue
        used = sum(1 for c in group if c.used_by)
        lines += ["", f"== {kind} ({len(group)}, {used} used) =="]
        for change in group:
            flags = "".join(f"[{who}]" for who in change.used_by)
            detail = f": {change.detail}" if change.detail else ""
            lines.append(f"  {change.change:<8} {flags:<14} {change.subject}{detail}")
    return "\n".join(lines) + "\n"


def render_json(changes: list[Change], base: Path, new: Path) -> str:
    summary = {kind: sum(1 for c in changes if c.kind == kind) for kind in KINDS}
    document = {"base": str(base), "new": str(new), "summary": summary, "changes": [asdict(c) for c in changes]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _facts(path: Path) -> Facts:
    spec = load_contract(path)
    try:
        return collect(spec)
    except (AttributeError, TypeError, KeyError, ValueError) as exc:  # a shape OpenAPI does not allow
        raise BadInput(f"{path}: not a usable OpenAPI contract ({type(exc).__name__}: {exc})") from exc


def drift(base: Path, new: Path, *, package: Path | None = PACKAGE) -> list[Change]:
    old_facts, new_facts = _facts(base), _facts(new)
    changes = compare(old_facts, new_facts)
    if package is not None:
        mark_usage(changes, {"app": app_usage(package), "sandbox": sandbox_usage(package)}, (old_facts, new_facts))
    return changes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="List the drift between two KSeF OpenAPI contracts.")
    parser.add_argument("new", type=Path, help="the new contract (open-api.json)")
    parser.add_argument("--base", type=Path, default=DEFAULT_BASE, help=f"default: {DEFAULT_BASE.relative_to(ROOT)}")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--no-usage", action="store_true", help="skip scanning ksefdesk/ for what is used")
    args = parser.parse_args(argv)
    try:
        changes = drift(args.base, args.new, package=None if args.no_usage else PACKAGE)
    except BadInput as exc:
        print(f"spec_drift: {exc}", file=sys.stderr)
        return 2
    output = (render_json if args.json else render_text)(changes, args.base, args.new)
    sys.stdout.write(output)
    return 1 if changes else 0


if __name__ == "__main__":
    sys.exit(main())
