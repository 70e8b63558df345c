"""Imports point downwards only: ui -> services -> core; core has no Qt, services no widgets."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "ksefdesk"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _files(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


@pytest.mark.parametrize("path", _files("core"), ids=lambda p: p.name)
def test_core_imports_no_qt_and_no_upper_layer(path: Path) -> None:
    bad = {
        n
        for n in _imports(path)
        if n.startswith(
            (
                "PySide6",
                "shiboken6",
                "ksefdesk.services",
                "ksefdesk.ui",
                "ksefsandbox",
                "ksefdesk.cli",
                "ksefdesk.app",
                "requests",
                "keyring",
            )
        )
    }
    assert not bad, f"{path} imports {bad}"


@pytest.mark.parametrize("path", _files("services"), ids=lambda p: p.name)
def test_services_import_no_widgets_and_no_ui(path: Path) -> None:
    bad = {
        n
        for n in _imports(path)
        if n.startswith(("PySide6.QtWidgets", "PySide6.QtGui", "ksefdesk.ui", "ksefdesk.cli", "ksefdesk.app"))
    }
    assert not bad, f"{path} imports {bad}"


def test_the_layers_exist() -> None:
    assert _files("core") and _files("services") and _files("ui")
