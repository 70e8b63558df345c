"""What the Windows build depends on, checked on Linux: file names Windows accepts, the data folders under
%LOCALAPPDATA% for a user with Polish letters in the name, portable mode beside the installed program, and
the keyring choice (Windows Credential Manager, never a plaintext backend)."""

from __future__ import annotations

import ntpath
import os
import re
import sys
import unicodedata
from pathlib import Path, PureWindowsPath
from typing import Any

import keyring.backend
import keyring.backends.chainer
import keyring.core
import platformdirs.windows
import pytest

from ksefdesk import APP_ID, paths
from ksefdesk.core.file_names import MAX_NAME_BYTES, MAX_NAME_CHARS, is_reserved, safe_file_name
from ksefdesk.core.redaction import Redactor
from ksefdesk.paths import PORTABLE_DATA, resolve_paths
from ksefdesk.services.secrets import (
    PASSPHRASE_ENV,
    KdfParams,
    KeyringSecretStore,
    VaultSecretStore,
    default_keyring_backend,
    is_real_keyring,
    open_secret_store,
)

USER = "Łukasz Żółć"
ROAMING = rf"C:\Users\{USER}\AppData\Roaming"
LOCAL = rf"C:\Users\{USER}\AppData\Local"
WINDOWS_ENV = {"APPDATA": ROAMING, "LOCALAPPDATA": LOCAL, "USERPROFILE": rf"C:\Users\{USER}", "USERNAME": USER}
WINDOWS_BAD = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


# --- file names -------------------------------------------------------------------------------------
def _valid_everywhere(name: str) -> None:
    assert name and name not in (".", "..")
    assert not WINDOWS_BAD.search(name), name
    assert name == name.rstrip(" .") and name == name.lstrip(" "), name
    assert not is_reserved(name), name
    assert len(name) <= MAX_NAME_CHARS and len(name.encode("utf-8")) <= MAX_NAME_BYTES
    assert unicodedata.is_normalized("NFC", name)


@pytest.mark.parametrize(
    ("stem", "suffix", "expected"),
    [
        ("FV/1/12/2026", ".pdf", "FV_1_12_2026.pdf"),
        ("Piekarnia Żółć: Ciasta*Chleb", ".xml", "Piekarnia Żółć_ Ciasta_Chleb.xml"),
        ("CON", ".pdf", "_CON.pdf"),
        ("con", "", "_con"),
        ("nul.txt", "", "_nul.txt"),
        ("COM1", ".xml", "_COM1.xml"),
        ("LPT9", "", "_LPT9"),
        ("COM²", ".pdf", "_COM².pdf"),  # superscript digits are device names too
        ("AUX .tar", ".gz", "_AUX .tar.gz"),  # Windows ignores the space before the dot
        ("Faktura. . .", ".pdf", "Faktura.pdf"),  # trailing dots and spaces are dropped by Windows
        ("  .hidden", "", "hidden"),
        ("Spółka z o.o.", "", "Spółka z o.o"),
        ("a\tb\nc", ".txt", "a_b_c.txt"),
        ("faktura\u202efdp.exe", "", "faktura_fdp.exe"),  # a right-to-left override cannot disguise the type
        ("", ".pdf", "plik.pdf"),
        ("...", "", "plik"),
        ("Zażółć gęślą jaźń", "pdf", "Zażółć gęślą jaźń.pdf"),  # Polish letters kept; a bare suffix gets its dot
        ("CONSOLE", ".txt", "CONSOLE.txt"),  # only the exact device names are reserved
    ],
)
def test_names_from_data_are_valid_on_windows(stem: str, suffix: str, expected: str) -> None:
    assert safe_file_name(stem, suffix) == expected
    _valid_everywhere(safe_file_name(stem, suffix))
    _valid_everywhere(safe_file_name(stem, suffix, unique=True))


def test_long_names_are_cut_keeping_the_suffix_and_polish_letters_fit_linux_bytes() -> None:
    name = safe_file_name("Ż" * 400, ".pdf")
    _valid_everywhere(name)
    assert name.endswith("Ż.pdf") and name.encode("utf-8")[-4:] == b".pdf"
    ascii_name = safe_file_name("A" * 400, ".xml")
    assert len(ascii_name) == MAX_NAME_CHARS and ascii_name.endswith(".xml")
    assert safe_file_name("A" * 400, ".xml", unique=True) != safe_file_name("A" * 401, ".xml", unique=True)


def test_decomposed_letters_from_macos_are_stored_composed() -> None:
    decomposed = unicodedata.normalize("NFD", "Łódź")
    assert safe_file_name(decomposed, ".pdf") == "Łódź.pdf"


def test_unique_names_never_collide_and_clean_names_stay() -> None:
    texts = ["FV/1/2026", "FV:1:2026", "FV_1_2026", "FV*1*2026", "CON", "_CON"]
    names = [safe_file_name(t, ".xml", unique=True) for t in texts]
    assert len(set(names)) == len(texts)
    assert safe_file_name("FV_1_2026", ".xml", unique=True) == "FV_1_2026.xml"  # nothing to change: no hash
    assert safe_file_name("5265877635-20261124-0100000000AA-01", ".xml", unique=True).count("-") == 3


def test_exports_use_the_same_rules(tmp_path: Path) -> None:
    from ksefdesk.services.export import safe_name, write_files, xml_path

    target = xml_path(tmp_path, "CON", "FV/1:2", "2026-12-01")
    for part in target.relative_to(tmp_path).parts:
        _valid_everywhere(part)
    assert target.suffix == ".xml" and safe_name("nul.txt", "file").startswith("_nul.txt-")
    assert write_files(tmp_path, ("CON", "Spółka: Żółć"), [("FV/1:2.xml", b"<a/>"), ("nul.xml", b"<b/>")]) == 2
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.xml"))
    assert len(written) == 2 and all(p.suffix == ".xml" for p in written)  # the hash goes before the extension
    for path in written:
        for part in path.parts:
            _valid_everywhere(part)
    assert "Spółka_ Żółć" in str(written[0])


# --- data folders ------------------------------------------------------------------------------------
def test_windows_folders_follow_localappdata_with_a_polish_user_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paths, "portable_root", lambda: None)
    found = resolve_paths(environ=WINDOWS_ENV, platform="win32")
    expected = PureWindowsPath(LOCAL, APP_ID)
    assert PureWindowsPath(str(found.data)) == expected
    assert str(found.data) == rf"C:\Users\{USER}\AppData\Local\ksefdesk"  # the letters survive as they are
    assert PureWindowsPath(str(found.config)) == expected
    assert PureWindowsPath(str(found.logs)) == expected / "Logs"
    assert PureWindowsPath(str(found.cache)) == expected / "Cache"
    assert PureWindowsPath(str(found.database)) == expected / "ksefdesk.db"
    assert not str(found.data).startswith(ROAMING), "invoices must not roam with the profile"


def test_the_windows_layout_is_the_one_platformdirs_gives_on_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same folders as platformdirs' own Windows rules (what the app used before), fed the same variables."""
    monkeypatch.setattr(paths, "portable_root", lambda: None)
    monkeypatch.setattr(os, "environ", {**os.environ, **WINDOWS_ENV})
    monkeypatch.setattr(platformdirs.windows, "_RESOLVE_WIN_FOLDER", platformdirs.windows.get_win_folder_from_env_vars)
    theirs = platformdirs.windows.Windows(APP_ID, appauthor=False)
    ours = resolve_paths(environ=WINDOWS_ENV, platform="win32")
    for mine, reference in (
        (ours.data, theirs.user_data_dir),
        (ours.config, theirs.user_config_dir),
        (ours.logs, theirs.user_log_dir),
        (ours.cache, theirs.user_cache_dir),
    ):
        assert PureWindowsPath(str(mine)) == PureWindowsPath(reference)


@pytest.mark.parametrize("value", ["", "   ", r"relative\folder", r"\\server\share"])
def test_without_a_usable_localappdata_the_platform_lookup_decides(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paths, "portable_root", lambda: None)
    assert paths.windows_local_app_data({"LOCALAPPDATA": value}) is None
    found = resolve_paths(environ={"LOCALAPPDATA": value}, platform="win32")
    assert "\\" not in str(found.data)  # platformdirs' own answer for this machine, not a half Windows path


def test_home_variable_wins_over_windows_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paths, "portable_root", lambda: None)
    found = resolve_paths(environ={**WINDOWS_ENV, "KSEFDESK_HOME": str(tmp_path / USER)}, platform="win32")
    assert found.data == (tmp_path / USER).resolve()


def test_portable_mode_beside_the_installed_program(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The installer's portable task writes the marker as an INI file in {app}; the program then keeps
    everything in "KSeF Desk data" beside ksefdesk.exe, not in %LOCALAPPDATA%\\ksefdesk."""
    app = tmp_path / "Users" / USER / "AppData" / "Local" / "Programs" / "KSeF Desk"
    app.mkdir(parents=True)
    (app / "ksefdesk.exe").write_bytes(b"MZ")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(app / "ksefdesk.exe"))
    assert Path(ntpath.basename(str(resolve_paths(environ=WINDOWS_ENV, platform="win32").data))) == Path(APP_ID)
    (app / "portable").write_text("[KSeF Desk]\r\nmode=portable\r\n", encoding="utf-16")  # what [INI] writes
    found = resolve_paths(environ=WINDOWS_ENV, platform="win32")
    assert found.data == (app / PORTABLE_DATA).resolve()
    assert all(p.is_relative_to(app) for p in (found.data, found.config, found.logs, found.cache))
    assert USER in str(found.data)


# --- keyring -------------------------------------------------------------------------------------------
class _Stored(keyring.backend.KeyringBackend):
    def __init__(self) -> None:
        super().__init__()
        self.values: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.values.pop((service, username), None)


class WinVaultKeyring(_Stored):
    """Stands in for keyring.backends.Windows.WinVaultKeyring (the Credential Manager) on Linux."""

    priority = 5  # type: ignore[assignment]  # what keyring gives it on Windows


WinVaultKeyring.__module__ = "keyring.backends.Windows"


class PlaintextKeyring(_Stored):
    """Stands in for keyrings.alt.file.PlaintextKeyring: installed by some users, readable by anyone."""

    priority = 0.5  # type: ignore[assignment]


PlaintextKeyring.__module__ = "keyrings.alt.file"


@pytest.fixture
def windows_keyrings(monkeypatch: pytest.MonkeyPatch) -> Any:
    """keyring's own detection, run as on Windows with the given backends installed."""
    monkeypatch.setattr(sys, "platform", "win32")  # what keyring's backends look at
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)  # restored afterwards
    monkeypatch.setattr(keyring.core, "load_env", lambda: None)
    monkeypatch.setattr(keyring.core, "load_config", lambda: None)

    def install(*backends: keyring.backend.KeyringBackend) -> None:
        monkeypatch.setattr(keyring.backend, "get_all_keyring", lambda: list(backends))

    return install


def _open(tmp_path: Path, environ: dict[str, str]) -> Any:
    return open_secret_store(
        tmp_path, tmp_path / "secrets.vault", Redactor(), environ=environ, keyring_backend=default_keyring_backend
    )


def test_windows_uses_the_credential_manager_and_never_the_plaintext_file(
    windows_keyrings: Any, tmp_path: Path
) -> None:
    vault, plain = WinVaultKeyring(), PlaintextKeyring()
    windows_keyrings(vault, plain)
    store = _open(tmp_path, {})
    assert isinstance(store, KeyringSecretStore)
    store.set("token:5265877635", "sekret-żółć")
    assert store.get("token:5265877635") == "sekret-żółć"
    assert list(vault.values.values()) == ["sekret-żółć"] and plain.values == {}
    assert is_real_keyring(WinVaultKeyring()) and not is_real_keyring(PlaintextKeyring())


def test_a_chain_of_only_plaintext_backends_is_refused(tmp_path: Path) -> None:
    class Chain(keyring.backends.chainer.ChainerBackend):
        backends = (PlaintextKeyring(),)  # type: ignore[assignment]

    Chain.__module__ = "keyring.backends.chainer"  # judged by what it chains, as keyring's own chainer
    assert not is_real_keyring(Chain())
    Chain.backends = (PlaintextKeyring(), WinVaultKeyring())  # type: ignore[assignment]
    assert is_real_keyring(Chain())


def test_with_only_a_plaintext_backend_windows_falls_back_to_the_encrypted_vault(
    windows_keyrings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ksefdesk.services.secrets.KdfParams", lambda: KdfParams(memory_kib=64, iterations=1, lanes=1))
    plain = PlaintextKeyring()
    windows_keyrings(plain)  # e.g. a build that lost pywin32-ctypes: WinVaultKeyring is not viable
    with pytest.raises(Exception) as refused:
        _open(tmp_path, {})
    assert getattr(refused.value, "code", "") == "secrets.passphrase_required"
    monkeypatch.setattr(sys, "platform", "linux")  # the vault's file lock is the real one of this machine
    store = _open(tmp_path, {PASSPHRASE_ENV: "hasło-do-sejfu"})
    assert isinstance(store, VaultSecretStore)
    store.set("token:5265877635", "sekret")
    assert plain.values == {} and b"sekret" not in (tmp_path / "secrets.vault").read_bytes()


def test_the_windows_build_carries_the_credential_manager_backend() -> None:
    """keyring needs pywin32-ctypes on Windows (its own dependency), and the spec bundles every backend module
    (keyring finds them as entry points, which PyInstaller's analysis does not follow)."""
    from importlib.metadata import requires

    assert any(r.startswith("pywin32-ctypes") and "win32" in r for r in requires("keyring") or [])
    spec = (Path(__file__).resolve().parents[2] / "packaging" / "ksefdesk.spec").read_text(encoding="utf-8")
    assert 'collect_submodules("keyring.backends")' in spec and "copy_metadata(name)" in spec
