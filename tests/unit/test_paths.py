"""Where data lives: --data-dir, KSEFDESK_HOME, the portable marker, or the platform's folders."""

from pathlib import Path

import pytest

from ksefdesk import paths
from ksefdesk.paths import PORTABLE_DATA, portable_root, resolve_paths


def test_portable_marker_next_to_the_installed_program(tmp_path: Path) -> None:
    program = tmp_path / "KSeF Desk" / "ksefdesk"
    program.parent.mkdir()
    program.write_bytes(b"")
    assert portable_root(str(program), frozen=True) is None
    (program.parent / "portable").write_text("", encoding="utf-8")
    assert portable_root(str(program), frozen=True) == program.parent / PORTABLE_DATA
    assert portable_root(str(program), frozen=False) is None  # running from sources: never portable


def test_portable_mode_keeps_everything_beside_the_program(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paths, "portable_root", lambda: tmp_path / PORTABLE_DATA)
    found = resolve_paths(environ={})
    assert found.data == (tmp_path / PORTABLE_DATA).resolve()
    assert all(p.is_relative_to(tmp_path) for p in (found.data, found.config, found.logs, found.cache))
    assert resolve_paths(str(tmp_path / "inna"), environ={}).data == (tmp_path / "inna").resolve()  # flag wins
