"""Build KSeF Desk for Linux from a checkout: the PyInstaller one-folder bundle, a portable .tar.gz and a
.deb. Windows (Inno Setup) and macOS (.app) are built on those systems: see packaging/README.md.

usage: python packaging/build.py [--out DIR] [--no-deb] [--no-tar]
Prints one line per product with its size, and the build time. Needs PyInstaller (the "packaging"
extra) and, for the .deb, dpkg-deb (Debian/Ubuntu).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ksefdesk import APP_ID, __version__  # noqa: E402

# Qt's xcb platform plugin and the libraries the bundle does not carry (Debian package names).
DEB_DEPENDS = (
    "libc6 (>= 2.34), libegl1, libgl1, libopengl0, libfontconfig1, libfreetype6, libglib2.0-0, libdbus-1-3, "
    "libxkbcommon0, libxkbcommon-x11-0, libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxcb-image0, "
    "libxcb-render-util0, libxcb-randr0, libxcb-shape0, libxcb-xinerama0, libxcb-xkb1, libx11-xcb1, "
    "fonts-dejavu-core"
)


def size_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6


def bundle(out: Path) -> Path:
    """dist/ksefdesk: the one-folder bundle started by its ``ksefdesk`` launcher."""
    subprocess.run([sys.executable, str(ROOT / "scripts" / "translations.py"), "compile"], check=True)
    work = ROOT / "build" / "pyinstaller"
    subprocess.run(
        [
            sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
            "--distpath", str(out), "--workpath", str(work), str(ROOT / "packaging" / "ksefdesk.spec"),
        ],
        check=True,
        cwd=ROOT / "packaging",
    )  # fmt: skip
    folder = out / APP_ID
    shutil.copy(ROOT / "ksefdesk" / "resources" / "icons" / "ksefdesk.svg", folder / "ksefdesk.svg")
    shutil.copy(ROOT / "packaging" / "linux" / "ksefdesk.desktop", folder / "ksefdesk.desktop")
    return folder


def portable_tar(folder: Path, out: Path) -> Path:
    """Unpack anywhere and run ./ksefdesk; create a file named ``portable`` beside it to keep the data
    in the same folder (a USB stick)."""
    target = out / f"{APP_ID}-{__version__}-linux-x86_64.tar.gz"
    with tarfile.open(target, "w:gz") as archive:
        archive.add(folder, arcname=f"{APP_ID}-{__version__}")
    return target


def deb(folder: Path, out: Path) -> Path:
    staging = out / "deb-root"
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(folder, staging / "opt" / APP_ID, symlinks=True)
    (staging / "usr" / "bin").mkdir(parents=True)
    os.symlink(f"/opt/{APP_ID}/{APP_ID}", staging / "usr" / "bin" / APP_ID)
    linux = ROOT / "packaging" / "linux"
    for source, target in (
        (linux / "ksefdesk.desktop", "usr/share/applications/ksefdesk.desktop"),
        (
            ROOT / "ksefdesk" / "resources" / "icons" / "ksefdesk.svg",
            "usr/share/icons/hicolor/scalable/apps/ksefdesk.svg",
        ),
        (linux / "pl.ksefdesk.KSeFDesk.metainfo.xml", "usr/share/metainfo/pl.ksefdesk.KSeFDesk.metainfo.xml"),
    ):
        (staging / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, staging / target)
    installed_kb = int(size_mb(staging) * 1000)
    (staging / "DEBIAN").mkdir()
    (staging / "DEBIAN" / "control").write_text(
        f"Package: {APP_ID}\n"
        f"Version: {__version__}\n"
        "Section: misc\n"
        "Priority: optional\n"
        "Architecture: amd64\n"
        f"Installed-Size: {installed_kb}\n"
        f"Depends: {DEB_DEPENDS}\n"
        "Recommends: gnome-keyring | kwalletmanager\n"
        "Suggests: opensc, pcscd\n"
        "Maintainer: KSeF Desk <support@ksefdesk.invalid>\n"
        "Description: desktop client for KSeF, the Polish national e-invoicing system\n"
        " Authorize companies with a qualified signature, a KSeF certificate or a token, send sales\n"
        " invoices with their UPO, receive purchase invoices in the background, print them with KSeF\n"
        " QR codes and keep working through KSeF outages. A local KSeF sandbox is built in.\n",
        encoding="utf-8",
    )
    target = out / f"{APP_ID}_{__version__}_amd64.deb"
    subprocess.run(["dpkg-deb", "--build", "--root-owner-group", "-Zxz", str(staging), str(target)], check=True,
                   capture_output=True)  # fmt: skip
    shutil.rmtree(staging)
    return target


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "dist"), help="where the products go (default: dist/)")
    parser.add_argument("--no-deb", action="store_true")
    parser.add_argument("--no-tar", action="store_true")
    args = parser.parse_args(argv)
    # what is installed must be readable by every user (dpkg refuses a 0700 DEBIAN folder), whatever
    # umask the caller runs with (the app itself uses 077)
    os.umask(0o022)
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    folder = bundle(out)
    print(f"bundle {folder} {size_mb(folder):.1f} MB", flush=True)
    if not args.no_tar:
        archive = portable_tar(folder, out)
        print(f"tar {archive} {size_mb(archive):.1f} MB", flush=True)
    if not args.no_deb:
        if shutil.which("dpkg-deb") is None:
            print("deb skipped: dpkg-deb not found (not a Debian/Ubuntu system)", flush=True)
        else:
            package = deb(folder, out)
            print(f"deb {package} {size_mb(package):.1f} MB", flush=True)
    print(f"build time {time.perf_counter() - started:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
