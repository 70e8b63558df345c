"""One way to produce user-facing text (issue 19): widgets speak through Qt's tr(), everything made outside
Qt through the catalogue in core/errors.py (``Bilingual(pl, en).text(lang)``), and numbers and dates are put
in the language's notation in core/formatting.py. This scan finds the other ways coming back:

- a language compared with "pl"/"en" (``lang == "pl"``, ``self.lang != "en"``, ``0 if lang == "pl" else 1``)
  anywhere but the two modules whose job it is;
- in ``ksefdesk/ui``, a sentence handed to a widget's text setter that lupdate cannot see: an f-string or a
  ``+`` with words in it, or a bare literal not wrapped in tr().
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "ksefdesk"

# The modules that decide by language on purpose: the catalogue's picker and the notation of numbers and dates.
LANGUAGE_MODULES = {"ksefdesk/core/errors.py", "ksefdesk/core/formatting.py"}
# Choosing which Qt translator to load is the one decision by language on the Qt side.
LANGUAGE_FUNCTIONS = {("ksefdesk/ui/launch.py", "install_translations")}
LANGUAGE_VALUES = {"pl", "en"}

# Widget calls whose first text argument the user reads.
SETTERS = {
    "setText", "setWindowTitle", "setToolTip", "setStatusTip", "setWhatsThis", "setPlaceholderText", "setTitle",
    "addAction", "addTab", "setTabText", "setLabelText", "showMessage", "setInformativeText", "addButton",
    "setAccessibleName", "addRow", "setHtml",
}  # fmt: skip
WIDGETS = {
    "QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QAction", "QGroupBox", "QToolButton", "QMenu",
    "QCommandLinkButton",
}  # fmt: skip
# Names that are the same in every language (the product, the system, a tax number), never translated.
PROPER_NAMES = ("KSeF Desk", "Qt for Python", "Python", "KSeF", "NIP", "PDF", "CSV", "XML", "UPO", "QR")
_TAGS = re.compile(r"<[^>]*>|&[a-zA-Z]+;|%\d")
_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}"


def _has_words(text: str) -> bool:
    """Words a person reads, once markup, entities, %1 placeholders and proper names are taken out."""
    text = _TAGS.sub(" ", text)
    for name in PROPER_NAMES:  # longest first: "KSeF Desk" before "KSeF"
        text = text.replace(name, " ")
    return bool(_WORD.search(text))


def _mentions_language(node: ast.expr) -> bool:
    return "lang" in ast.unparse(node).lower()


def _is_language_value(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value in LANGUAGE_VALUES


def _is_tr(node: ast.expr) -> bool:
    """tr(...), self.tr(...), QCoreApplication.translate(...), and anything called on their result."""
    while isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Name) and func.id in ("tr", "translate"):
            return True
        if isinstance(func, ast.Attribute):
            if func.attr in ("tr", "translate"):
                return True
            node = func.value  # self.tr("%1").replace("%1", x): look at what .replace is called on
            continue
        return False
    return False


def _untranslated_text(node: ast.expr) -> str | None:
    """Why this argument is a sentence the translation tools cannot see, or None when it is fine."""
    if isinstance(node, ast.IfExp):
        return _untranslated_text(node.body) or _untranslated_text(node.orelse)
    if isinstance(node, ast.JoinedStr):
        literal = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
        return "an f-string with words" if _has_words(literal) else None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        if not _has_words(node.value):
            return None
        return f"a literal not wrapped in tr(): {node.value[:40]!r}"
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        for side in (node.left, node.right):
            if _is_tr(side):
                continue
            found = _untranslated_text(side)
            if found:
                return "a + of texts with " + found.removeprefix("a ").removeprefix("an ")
    return None


def _text_argument(call: ast.Call, name: str) -> ast.expr | None:
    args = list(call.args)
    if name == "addAction":  # addAction(icon, text, ...) or addAction(text, ...) or addAction(action)
        args = [a for a in args if isinstance(a, ast.Constant | ast.JoinedStr | ast.BinOp | ast.IfExp)]
    return args[0] if args else None


class _Scanner(ast.NodeVisitor):
    def __init__(self, path: str, widgets: bool) -> None:
        self.path, self.widgets = path, widgets
        self.found: list[Violation] = []
        self._functions: list[str] = []

    def _add(self, node: ast.AST, what: str) -> None:
        self.found.append(Violation(self.path, getattr(node, "lineno", 0), what))

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._functions.append(node.name)
        self.generic_visit(node)
        self._functions.pop()

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def _language_allowed(self) -> bool:
        if self.path in LANGUAGE_MODULES:
            return True
        return any((self.path, name) in LANGUAGE_FUNCTIONS for name in self._functions)

    def visit_Compare(self, node: ast.Compare) -> None:
        sides = [node.left, *node.comparators]
        values = [s for s in sides if _is_language_value(s)]
        others = [s for s in sides if not _is_language_value(s)]
        if values and any(_mentions_language(o) for o in others) and not self._language_allowed():
            self._add(node, f"a language compared with a value: {ast.unparse(node)[:60]}")
        self.generic_visit(node)

    def visit_IfExp(self, node: ast.IfExp) -> None:
        numbers = all(isinstance(b, ast.Constant) and type(b.value) is int for b in (node.body, node.orelse))
        language = any(_is_language_value(n) for n in ast.walk(node.test))
        if numbers and language and not self._language_allowed() and not _mentions_language(node.test):
            # (a test naming a language variable is reported by visit_Compare already)
            self._add(node, f"an index chosen by language: {ast.unparse(node)[:60]}")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        if self.widgets:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name in SETTERS or name in WIDGETS:
                argument = _text_argument(node, name)
                problem = _untranslated_text(argument) if argument is not None else None
                if problem:
                    self._add(node, f"{name}() gets {problem}")
        self.generic_visit(node)


def scan_source(source: str, path: str) -> list[Violation]:
    scanner = _Scanner(path, widgets=path.startswith("ksefdesk/ui/"))
    scanner.visit(ast.parse(source, filename=path))
    return scanner.found


def scan_package() -> list[Violation]:
    found: list[Violation] = []
    for file in sorted(PACKAGE.rglob("*.py")):
        path = file.relative_to(ROOT).as_posix()
        found += scan_source(file.read_text(encoding="utf-8"), path)
    return found


# --- the scanner itself: it finds what it should and nothing else -------------------------------------------
BAD_CORE = """
def f(lang, out, self):
    a = "tak" if lang == "pl" else "yes"
    b = out.lang == "pl"
    c = self.lang != "en"
    index = 0 if lang == "pl" else 1
    d = 0 if (settings.get(KEY) or current) == "pl" else 1
    e = f"{x if lang == 'pl' else y}"
"""
GOOD_CORE = """
def f(lang, kind, value, forced):
    a = Bilingual("tak", "yes").text(lang)
    b = kind == "pl_code"
    c = forced == "pl"
    d = value.startswith("pl")
    e = 0 if value == "x" else 1
"""
BAD_UI = """
class W:
    def f(self, name, n):
        self.label.setText(f"Hello {name}, you have {n} invoices")
        self.setWindowTitle("Settings")
        QLabel("Company name:")
        self.menu.addAction(icon, f"Open {name}")
        self.box.setToolTip("Shown: " + name)
        self.other.setText(self.tr("A") if n else "Plain words")
"""
GOOD_UI = """
class W:
    def f(self, name, n, error):
        self.label.setText(self.tr("Hello %1").replace("%1", name))
        self.setWindowTitle("KSeF Desk")
        QLabel(self.tr("Company name:"))
        self.menu.addAction(icon, self.tr("Open"))
        self.status.setText(f"<b>{error.message(self.lang)}</b><br>{error.action(self.lang)}")
        self.notes.setText("<br>".join("• " + n.text(self.lang) for n in notes))
        self.name.setText(name)
        self.label.setText("")
        self.tip.setToolTip(self.tr("Shown: ") + name)
        self.count.setText(f"{n} / {n}")
        self.x.setText(QCoreApplication.translate("Dialogs", "Print"))
        self.error.setText(f"KSeF {code}: {text}")
"""


def test_the_scanner_finds_every_second_mechanism() -> None:
    core = scan_source(BAD_CORE, "ksefdesk/core/x.py")
    assert [v.line for v in core] == [3, 4, 5, 6, 7, 8], [str(v) for v in core]
    ui = scan_source(BAD_UI, "ksefdesk/ui/x.py")
    assert [v.line for v in ui] == [4, 5, 6, 7, 8, 9], [str(v) for v in ui]


def test_the_scanner_leaves_the_one_mechanism_alone() -> None:
    assert scan_source(GOOD_CORE, "ksefdesk/core/x.py") == []
    assert scan_source(GOOD_UI, "ksefdesk/ui/x.py") == []
    assert scan_source(BAD_CORE, "ksefdesk/core/formatting.py") == []  # the notation's own module
    assert scan_source(BAD_UI, "ksefdesk/services/x.py") == []  # widget rules are for widgets


def test_the_package_speaks_one_way() -> None:
    found = scan_package()
    assert found == [], "user-facing text made a second way:\n" + "\n".join(str(v) for v in found)


if __name__ == "__main__":  # a list of what is left, for whoever fixes it
    for violation in scan_package():
        print(violation)
    pytest.main([__file__, "-q"])
