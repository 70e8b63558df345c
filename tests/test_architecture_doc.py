"""docs/ARCHITECTURE.md stays true: every module it names exists.

Checked: paths of Python files (``ksefdesk/app.py``, ``ksefsandbox/child.py``, and in backticks the short
forms used inside the ``ksefdesk`` package, ``services/sync.py``), folders in backticks (``services/store/``),
and dotted module names in backticks (``ksefdesk.core.errors``, ``ksefsandbox.server``), where a last part
that is no module must be a name the module defines at its top level (``ksefdesk.app.AppContext``)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "ARCHITECTURE.md"
PACKAGES = ("ksefdesk", "ksefsandbox")
# Folders a backticked path may be relative to: the repository, then the app's package (``core/errors.py``).
BASES = (ROOT, ROOT / "ksefdesk")

FULL_PATH = re.compile(r"\b(?:ksefdesk|ksefsandbox)/[\w/]*\w\.py\b")
BACKTICKED = re.compile(r"`([^`\s]+)`")
PATHLIKE = re.compile(r"^[\w./]+(?:\.py|/)$")
DOTTED = re.compile(r"^(?:ksefdesk|ksefsandbox)(?:\.\w+)+$")


def _path_exists(text: str) -> bool:
    return any((base / text).exists() for base in BASES)


def _top_level_names(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.ImportFrom):
            names.update(alias.asname or alias.name for alias in node.names)
    return names


def _module_file(parts: list[str]) -> Path | None:
    base = ROOT.joinpath(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _dotted_exists(name: str) -> bool:
    """A module, or a module and one name it defines (``ksefdesk.cli*`` style prefixes are not names)."""
    parts = name.split(".")
    if _module_file(parts) is not None:
        return True
    module = _module_file(parts[:-1])
    return module is not None and parts[-1] in _top_level_names(module)


def missing_references(text: str) -> list[str]:
    """The modules, paths and names ``text`` mentions that do not exist."""
    missing: list[str] = []
    for path in FULL_PATH.findall(text):
        if not (ROOT / path).is_file():
            missing.append(path)
    for token in BACKTICKED.findall(text):
        token = token.rstrip(",.;:")
        if PATHLIKE.match(token) and ("/" in token or token.endswith(".py")):
            if not _path_exists(token):
                missing.append(token)
        elif DOTTED.match(token) and not _dotted_exists(token):
            missing.append(token)
    return sorted(set(missing))


def test_every_module_the_architecture_page_names_exists() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert missing_references(text) == []


def test_the_page_names_the_composition_root_and_each_layer() -> None:
    text = DOC.read_text(encoding="utf-8")
    for must in ("ksefdesk/app.py", "ksefdesk/core/", "ksefdesk/services/", "ksefdesk/ui/", "ksefsandbox/"):
        assert must in text, must


def test_the_check_finds_what_does_not_exist() -> None:
    text = (
        "See ksefdesk/services/gone.py and `services/sync.py`, `core/nowhere.py`, `services/store/`,"
        " `services/absent/`, `ksefsandbox.hosted`, `ksefsandbox.nothing`, `ksefdesk.app.AppContext`,"
        " `ksefdesk.app.NoSuchThing`, `ksefsandbox/xades_verify.py`, `sync.py`, `KSEFDESK_STRETCH=2`."
    )
    assert missing_references(text) == [
        "core/nowhere.py",
        "ksefdesk.app.NoSuchThing",
        "ksefdesk/services/gone.py",
        "ksefsandbox.nothing",
        "services/absent/",
        "sync.py",
    ]
