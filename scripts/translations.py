"""Qt translations: ``update`` collects tr() strings into the .ts source, ``compile`` builds the .qm
the app loads, ``check`` fails when a string is untranslated.

    python scripts/translations.py update|compile|check
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "ksefdesk" / "resources" / "translations"
LANGUAGES = ("pl",)


def _tool(name: str) -> str:
    candidate = Path(sys.executable).parent / f"pyside6-{name}"
    found = str(candidate) if candidate.exists() else shutil.which(f"pyside6-{name}")
    if not found:
        sys.exit(f"pyside6-{name} not found: install PySide6-Essentials")
    return found


def update() -> None:
    sources = sorted(str(p) for p in (ROOT / "ksefdesk" / "ui").rglob("*.py"))
    for lang in LANGUAGES:
        subprocess.run(
            [_tool("lupdate"), "-no-obsolete", *sources, "-ts", str(FOLDER / f"ksefdesk_{lang}.ts")], check=True
        )


def compile_all() -> None:
    """Every .ts in the folder: ours, and the few texts Qt's own Polish lacks (qtgaps_*.ts)."""
    for source in sorted(FOLDER.glob("*.ts")):
        subprocess.run(
            [_tool("lrelease"), "-silent", str(source), "-qm", str(source.with_suffix(".qm"))],
            check=True,
        )


def unfinished(lang: str) -> list[str]:
    tree = etree.parse(str(FOLDER / f"ksefdesk_{lang}.ts"))
    return [
        m.findtext("source") or ""
        for m in tree.iter("message")
        if m.find("translation") is None
        or m.find("translation").get("type") == "unfinished"
        or not (m.findtext("translation") or "").strip()
    ]


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "compile"
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "check":
        missing = {lang: unfinished(lang) for lang in LANGUAGES}
        for lang, texts in missing.items():
            for text in texts:
                print(f"{lang}: untranslated: {text!r}")
        return 1 if any(missing.values()) else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
