"""Issue 21, sandbox: the embedded sandbox's data and its login kit (KSeF token, PEM key, PKCS#12
certificate) are private to the user from their first byte: folders 0700, files 0600, whatever the
umask, and nothing is created readable and tightened afterwards."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import stat
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests

from ksefdesk.core.crypto import aes_encrypt, new_aes_key, new_iv, sha256_b64
from ksefdesk.services.sandbox_host import InProcessSandboxHost
from ksefsandbox.app import SandboxConfig
from ksefsandbox.server import SandboxServer
from tests.sandbox.kit import FA3, Client, invoice_xml
from tests.sandbox.test_invoices_api import _export

NIP = "5265877635"


def _modes(folder: Path) -> dict[str, int]:
    found = {".": stat.S_IMODE(folder.lstat().st_mode)}
    for path in folder.rglob("*"):
        found[str(path.relative_to(folder))] = stat.S_IMODE(path.lstat().st_mode)
    return found


def _not_private(folder: Path) -> dict[str, str]:
    return {
        name: oct(mode)
        for name, mode in _modes(folder).items()
        if mode != (0o700 if (folder / name).is_dir() else 0o600)
    }


@contextlib.contextmanager
def loose_umask() -> Iterator[None]:
    """umask 000: a file created without an explicit mode would be world-readable (and writable)."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def _spy_on_chmod(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every chmod that made something private afterwards: until then others could read it."""
    calls: list[tuple[str, str]] = []
    real = os.chmod

    def spy(path: object, mode: int, *args: object, **kwargs: object) -> None:
        try:
            before = stat.S_IMODE(os.stat(path).st_mode)  # type: ignore[arg-type]
        except (OSError, TypeError):
            before = 0
        if before & 0o077:
            calls.append((str(path), oct(before)))
        real(path, mode, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "chmod", spy)
    return calls


@pytest.fixture
def tightened(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    return _spy_on_chmod(monkeypatch)


def _batch(client: Client) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.xml", invoice_xml(NIP))
    data = buffer.getvalue()
    key, iv = new_aes_key(), new_iv()
    part = aes_encrypt(key, iv, data)
    body = {
        "formCode": FA3,
        "encryption": client.encryption(key, iv),
        "batchFile": {
            "fileSize": len(data),
            "fileHash": sha256_b64(data),
            "fileParts": [{"ordinalNumber": 1, "fileSize": len(part), "fileHash": sha256_b64(part)}],
        },
    }
    opened = client.post("/sessions/batch", json=body).json()
    upload = opened["partUploadRequests"][0]
    assert requests.put(upload["url"], data=part, headers=upload["headers"], timeout=10).status_code == 201
    assert client.post(f"/sessions/batch/{opened['referenceNumber']}/close").status_code == 204


def test_the_embedded_sandbox_and_its_login_kit_are_private_from_the_first_byte(
    tmp_path: Path, tightened: list[tuple[str, str]]
) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    # In this process: the chmod spy sees only its own process (the child's files: test_sandbox_child.py).
    host = InProcessSandboxHost(data / "sandbox", SandboxConfig(rate_scale=0, hwm_lag_s=0), port=0)
    with loose_umask():
        try:
            kit = host.demo_kit(NIP, invoices=3)
            for path in (kit.key_file, kit.certificate_file, kit.pkcs12_file):
                assert path.is_relative_to(data / "sandbox") and path.exists()
            client = Client(host.base_url()).login_token(NIP, kit.ksef_token)
            _batch(client)  # batch parts on disk
            _export(client)  # export packages on disk
        finally:
            host.stop()
    folder = data / "sandbox"
    assert len(_modes(folder)) > 10
    assert _not_private(folder) == {}
    assert tightened == []


def test_the_standalone_sandbox_login_kit_is_private(
    start_sandbox: Callable[..., SandboxServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ksefsandbox.seed import login_kit

    server = start_sandbox()
    tightened = _spy_on_chmod(monkeypatch)
    with loose_umask():
        kit = login_kit(server.sandbox, NIP)
    kit_folder = kit.key_file.parent
    assert _not_private(kit_folder) == {}
    assert stat.S_IMODE(server.sandbox.folder.stat().st_mode) == 0o700
    assert tightened == []


def test_a_sandbox_folder_an_older_version_made_readable_is_made_private(
    tmp_path: Path, keys_template: Path, start_sandbox: Callable[..., SandboxServer]
) -> None:
    folder = tmp_path / "old"
    shutil.copytree(keys_template, folder / "keys")
    kit = folder / "login" / NIP
    kit.mkdir(parents=True)
    (kit / "key.pem").write_bytes(b"-----BEGIN PRIVATE KEY-----\n")
    (kit / "kit.json").write_text("{}")
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    start_sandbox(folder=folder)
    assert _not_private(folder) == {}


def test_a_symlink_planted_in_the_sandbox_folder_is_not_followed(
    tmp_path: Path, start_sandbox: Callable[..., SandboxServer]
) -> None:
    """Tightening walks the folder; a link to the user's other files must not change their mode."""
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("not the sandbox's")
    outside.chmod(0o644)
    folder = tmp_path / "linked"
    folder.mkdir()
    (folder / "link").symlink_to(outside)
    start_sandbox(folder=folder)
    assert stat.S_IMODE(outside.stat().st_mode) == 0o644
