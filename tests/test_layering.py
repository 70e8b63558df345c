"""Imports point downwards only: ui -> services -> core; core has no Qt, services no widgets; the
composition (app, cli, selftest) sits on top; the sandbox is a package of its own on top of core."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "ksefdesk"
SANDBOX = ROOT / "ksefsandbox"
TOP = ("ksefdesk.cli", "ksefdesk.app", "ksefdesk.selftest")  # prefixes: ksefdesk.cli covers cli_auth, cli_pay, ...
# The only modules of ksefdesk that may import the sandbox package: the commands that run it, the
# bundle's entry (which dispatches to the sandbox child) and the host that starts it for the app.
SANDBOX_STARTERS = {"cli.py", "selftest.py", "__main__.py", "services/sandbox_host.py"}


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


def _top_files() -> list[Path]:
    return sorted([*PACKAGE.glob("cli*.py"), PACKAGE / "app.py", PACKAGE / "selftest.py"])


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
                *TOP,
                "requests",
                "keyring",
            )
        )
    }
    assert not bad, f"{path} imports {bad}"


@pytest.mark.parametrize("path", _files("services"), ids=lambda p: p.name)
def test_services_import_no_widgets_and_no_ui(path: Path) -> None:
    bad = {n for n in _imports(path) if n.startswith(("PySide6.QtWidgets", "PySide6.QtGui", "ksefdesk.ui", *TOP))}
    assert not bad, f"{path} imports {bad}"


@pytest.mark.parametrize("path", _files("ui"), ids=lambda p: p.name)
def test_ui_imports_no_cli_and_no_selftest(path: Path) -> None:
    # launch.py starts the window from the composition root (the cli runs it): the one ui module
    # that may build the app context.
    top = TOP if path.name != "launch.py" else ("ksefdesk.cli", "ksefdesk.selftest")
    bad = {n for n in _imports(path) if n.startswith(top)}
    assert not bad, f"{path} imports {bad}"


def test_the_app_imports_no_command_line_and_no_selftest() -> None:
    bad = {n for n in _imports(PACKAGE / "app.py") if n.startswith(("ksefdesk.cli", "ksefdesk.selftest"))}
    assert not bad, f"ksefdesk/app.py imports {bad}"


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_the_starters_import_the_sandbox(path: Path) -> None:
    if path.relative_to(PACKAGE).as_posix() in SANDBOX_STARTERS:
        return
    bad = {n for n in _imports(path) if n.split(".")[0] == "ksefsandbox"}
    assert not bad, f"{path} imports {bad}"


@pytest.mark.parametrize("path", sorted(SANDBOX.rglob("*.py")), ids=lambda p: p.name)
def test_the_sandbox_imports_only_core_of_the_app(path: Path) -> None:
    bad = {
        n
        for n in _imports(path)
        if (n.startswith("ksefdesk") and n != "ksefdesk.core" and not n.startswith("ksefdesk.core."))
        or n.startswith(("PySide6", "shiboken6"))
    }
    assert not bad, f"{path} imports {bad}"


# --- the sandbox's own import graph ---------------------------------------------------------------
def _module_name(path: Path, root: Path = ROOT) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _load_time_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Imports run when the module loads: at the top, and under a module-level if/try (TYPE_CHECKING
    included, so that type-only cycles are caught too); not those inside functions or classes."""
    found: list[ast.Import | ast.ImportFrom] = []
    pending: list[ast.stmt] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        elif isinstance(node, ast.If | ast.Try):
            pending.extend(node.body + node.orelse)
            if isinstance(node, ast.Try):
                pending.extend(node.finalbody)
                for handler in node.handlers:
                    pending.extend(handler.body)
    return found


def import_graph(package: Path, *, lazy: bool = False) -> dict[str, set[str]]:
    """Module -> the modules of the same package it imports at load time (``lazy``: anywhere, also in
    functions: an import deferred into a function hides a cycle from Python, not from the design)."""
    modules = {_module_name(path, package.parent): path for path in package.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        nodes = (
            [n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)]
            if lazy
            else _load_time_imports(tree)
        )
        edges: set[str] = set()
        for node in nodes:
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                base = node.module or ""
                if node.level:  # relative: from the module's own package
                    anchor = name.split(".")[: -node.level] if path.name != "__init__.py" else name.split(".")
                    base = ".".join([*anchor, *([base] if base else [])])
                targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
            edges.update(t for t in targets if t in modules and t != name)
        graph[name] = edges
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle (its modules, the first repeated at the end), or [] when there is none."""
    done: set[str] = set()
    path: list[str] = []
    on_path: set[str] = set()

    def visit(node: str) -> list[str]:
        path.append(node)
        on_path.add(node)
        for target in sorted(graph.get(node, ())):
            if target in on_path:
                return [*path[path.index(target) :], target]
            if target not in done:
                cycle = visit(target)
                if cycle:
                    return cycle
        path.pop()
        on_path.discard(node)
        done.add(node)
        return []

    for start in sorted(graph):
        if start not in done:
            cycle = visit(start)
            if cycle:
                return cycle
    return []


@pytest.mark.parametrize("lazy", [False, True], ids=["at-load", "anywhere"])
def test_the_sandbox_has_no_import_cycle(lazy: bool) -> None:
    graph = import_graph(SANDBOX, lazy=lazy)
    assert "ksefsandbox.app" in graph and "ksefsandbox.api_auth" in graph["ksefsandbox.app"]
    assert find_cycle(graph) == [], " -> ".join(find_cycle(graph))


def test_endpoint_modules_never_import_the_app() -> None:
    """``app`` composes the endpoints: only the server (which serves it) may import it, anywhere in a file."""
    importers = {
        _module_name(path)
        for path in SANDBOX.rglob("*.py")
        if any(n == "ksefsandbox.app" or n.startswith("ksefsandbox.app.") for n in _imports(path))
    }
    assert importers <= {"ksefsandbox.server"}, importers


def test_the_cycle_check_can_fail(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "app.py").write_text("from pkg import api\n")
    (package / "api.py").write_text("import typing\nif typing.TYPE_CHECKING:\n    from pkg.app import Thing\n")
    (package / "leaf.py").write_text("def f():\n    from pkg import app\n")  # inside a function: not at load
    graph = import_graph(package)
    assert graph["pkg.leaf"] == set()
    assert find_cycle(graph) == ["pkg.api", "pkg.app", "pkg.api"]
    # The layout the sandbox had: the app imports its endpoints inside a function, they import it back.
    (package / "app.py").write_text("class App:\n    def __init__(self):\n        from pkg import api\n")
    (package / "api.py").write_text("from pkg.app import App\n")
    assert find_cycle(import_graph(package)) == []
    assert find_cycle(import_graph(package, lazy=True)) == ["pkg.api", "pkg.app", "pkg.api"]
    assert "pkg.app" in import_graph(package, lazy=True)["pkg.leaf"]


def test_the_layers_exist() -> None:
    assert _files("core") and _files("services") and _files("ui") and _top_files()
    assert (SANDBOX / "__main__.py").exists()
