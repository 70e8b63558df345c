"""Reading QR codes back from PDFs and images with independent tools (poppler's pdftoppm, zbar's
zbarimg: Debian packages poppler-utils and zbar-tools, installed by scripts/system-deps.sh)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (Debian package {package})")
    return path


def decoded_qr(file: Path, *, first_page_only: bool = True) -> list[str]:
    """Every QR code's text in a PDF (its first page, at 150 dpi) or a PNG image, in reading order."""
    images = [file]
    with tempfile.TemporaryDirectory() as folder:
        if file.suffix.lower() == ".pdf":
            pages = ["-f", "1", "-l", "1"] if first_page_only else []
            subprocess.run(
                [_tool("pdftoppm", "poppler-utils"), "-png", "-r", "150", *pages, str(file), f"{folder}/page"],
                check=True,
                capture_output=True,
            )
            images = sorted(Path(folder).glob("page*.png"))
        found = subprocess.run(
            [_tool("zbarimg", "zbar-tools"), "--raw", "-q", "-Sdisable", "-Sqrcode.enable", *map(str, images)],
            capture_output=True,
            text=True,
        )
    return [line for line in found.stdout.splitlines() if line]
