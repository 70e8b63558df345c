"""The Linux bundle, .tar.gz and .deb build from this checkout (with scripts/release-linux.sh, the release
workflow's Linux job), and the bundle starts and passes its self-test (Qt, translations, schemas, crypto,
secret store, card library, sandbox). Slow: ~2 minutes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from ksefdesk import __version__

ROOT = Path(__file__).resolve().parent.parent
MAX_BUNDLE_MB = 300

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("dpkg-deb") is None:
        pytest.skip("dpkg-deb is not available (not Debian/Ubuntu)")
    out = tmp_path_factory.mktemp("dist")
    # the release workflow's Linux job (build, self-test, SHA256SUMS) without its setup: this Python as it is
    done = subprocess.run(
        ["bash", str(ROOT / "scripts" / "release-linux.sh"), "--no-setup", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=1200,
        env={**os.environ, "RELEASE_PYTHON": sys.executable},
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    assert f"ksefdesk_{__version__}_amd64.deb" in (out / "SHA256SUMS").read_text(encoding="utf-8")
    return out


def _self_test(executable: Path, home: Path) -> str:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    done = subprocess.run(
        [str(executable), "--self-test"], capture_output=True, text=True, timeout=120, env={**env, "HOME": str(home)}
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_the_bundle_starts_and_passes_its_self_test(built: Path, tmp_path: Path) -> None:
    bundle = built / "ksefdesk"
    output = _self_test(bundle / "ksefdesk", tmp_path)
    assert "all checks passed" in output and output.count("OK    ") == 7
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6
    assert size < MAX_BUNDLE_MB, f"the bundle grew to {size:.0f} MB"
    assert not list(tmp_path.rglob("*.db")), "the self-test must not create user data"


def test_the_portable_archive_and_the_deb_hold_a_working_program(built: Path, tmp_path: Path) -> None:
    with tarfile.open(built / f"ksefdesk-{__version__}-linux-x86_64.tar.gz") as archive:
        names = archive.getnames()
    assert f"ksefdesk-{__version__}/ksefdesk" in names and f"ksefdesk-{__version__}/ksefdesk.desktop" in names
    package = built / f"ksefdesk_{__version__}_amd64.deb"
    info = subprocess.run(["dpkg-deb", "--info", str(package)], capture_output=True, text=True, check=True).stdout
    assert "Package: ksefdesk" in info and "libxcb-cursor0" in info
    contents = subprocess.run(["dpkg-deb", "--contents", str(package)], capture_output=True, text=True).stdout
    for path in (
        "./usr/share/applications/ksefdesk.desktop",
        "./usr/share/metainfo/pl.ksefdesk.KSeFDesk.metainfo.xml",
        "./usr/share/icons/hicolor/scalable/apps/ksefdesk.svg",
        "./usr/bin/ksefdesk -> /opt/ksefdesk/ksefdesk",
    ):
        assert path in contents, path
    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", str(package), str(root)], check=True)
    assert "all checks passed" in _self_test(root / "opt" / "ksefdesk" / "ksefdesk", tmp_path)
