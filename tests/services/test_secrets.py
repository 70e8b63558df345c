import os
import stat
from pathlib import Path
from typing import Any

import keyring.backend
import keyring.backends.chainer
import keyring.backends.fail
import keyring.backends.null
import pytest

from ksefdesk.core.errors import UserError
from ksefdesk.core.redaction import Redactor
from ksefdesk.services.secrets import (
    KdfParams,
    KeyringSecretStore,
    MemorySecretStore,
    SecretBackend,
    VaultSecretStore,
    is_real_keyring,
    keyring_service_name,
    open_secret_store,
)

FAST = KdfParams(memory_kib=1024, iterations=1, lanes=1)
PASS = "correct horse battery"


class DictKeyring(keyring.backend.KeyringBackend):
    """A keyring backend that behaves like a real one, kept in memory."""

    priority = 5  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        del self.items[(service, username)]


class LockedKeyring(DictKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("the collection is locked")


def _plaintext_backend() -> Any:
    cls = type("PlaintextKeyring", (DictKeyring,), {})
    cls.__module__ = "keyrings.alt.file"
    return cls()


def _chainer(backends: list[Any]) -> Any:
    cls = type("ChainerBackend", (keyring.backends.chainer.ChainerBackend,), {"backends": backends})
    cls.__module__ = "keyring.backends.chainer"
    return cls()


# --- memory ------------------------------------------------------------------------------------
def test_memory_store_round_trip_and_redaction() -> None:
    redactor = Redactor()
    store = MemorySecretStore(redactor)
    store.set("a/refresh", "refresh-token-value")
    assert store.get("a/refresh") == "refresh-token-value"
    assert "refresh-token-value" not in redactor.redact("leaked refresh-token-value")
    store.delete("a/refresh")
    store.delete("a/refresh")  # deleting twice is fine
    assert store.get("a/refresh") is None
    assert store.backend is SecretBackend.MEMORY and "forgotten" in store.describe("en")


# --- keyring -----------------------------------------------------------------------------------
def test_keyring_store_uses_the_backend_and_registers_secrets() -> None:
    backend = DictKeyring()
    redactor = Redactor()
    store = KeyringSecretStore("ksefdesk:test", backend, redactor)
    store.set("5265877635/ksef_token", "ksef-token-secret")
    assert backend.items[("ksefdesk:test", "5265877635/ksef_token")] == "ksef-token-secret"
    assert KeyringSecretStore("ksefdesk:test", backend, Redactor()).get("5265877635/ksef_token") == "ksef-token-secret"
    store.delete("5265877635/ksef_token")
    store.delete("5265877635/ksef_token")
    assert backend.items == {}
    assert "DictKeyring" in store.describe("en") and "pęk kluczy" in store.describe("pl")


def test_keyring_failure_is_a_clear_error() -> None:
    store = KeyringSecretStore("ksefdesk:test", LockedKeyring(), None)
    with pytest.raises(UserError) as caught:
        store.set("x", "secret-value")
    assert caught.value.code == "secrets.keyring_failed" and "KeyringLocked" in caught.value.message("en")


def test_which_keyring_backends_count_as_real() -> None:
    assert is_real_keyring(DictKeyring())
    assert not is_real_keyring(keyring.backends.fail.Keyring())
    assert not is_real_keyring(keyring.backends.null.Keyring())
    assert not is_real_keyring(_plaintext_backend())
    assert not is_real_keyring(_chainer([keyring.backends.fail.Keyring()]))
    assert is_real_keyring(_chainer([keyring.backends.fail.Keyring(), DictKeyring()]))


def test_service_name_differs_per_data_dir(tmp_path: Path) -> None:
    assert keyring_service_name(tmp_path / "a") != keyring_service_name(tmp_path / "b")
    assert keyring_service_name(tmp_path / "a") == keyring_service_name(tmp_path / "a")


# --- vault -------------------------------------------------------------------------------------
def test_vault_round_trip_permissions_and_no_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "secrets.vault"
    vault = VaultSecretStore(path, PASS, kdf=FAST)
    vault.set("5265877635/refresh", "very-secret-refresh-token")
    vault.set("5265877635/access", "very-secret-access-token")
    vault.delete("5265877635/access")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert b"very-secret" not in path.read_bytes() and b"5265877635" not in path.read_bytes()
    reopened = VaultSecretStore(path, PASS)
    assert reopened.get("5265877635/refresh") == "very-secret-refresh-token"
    assert reopened.get("5265877635/access") is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["locks", "secrets.vault"]  # no temporary files left


def test_vault_with_production_kdf_parameters(tmp_path: Path) -> None:
    vault = VaultSecretStore(tmp_path / "v", PASS)
    vault.set("k", "secret-value")
    assert VaultSecretStore(tmp_path / "v", PASS).get("k") == "secret-value"


def test_each_write_uses_a_fresh_nonce(tmp_path: Path) -> None:
    path = tmp_path / "v"
    vault = VaultSecretStore(path, PASS, kdf=FAST)
    vault.set("k", "same-value-here")
    first = path.read_bytes()
    vault.set("k", "same-value-here")
    assert first != path.read_bytes()


def test_wrong_passphrase_is_refused_and_destroys_nothing(tmp_path: Path) -> None:
    path = tmp_path / "v"
    VaultSecretStore(path, PASS, kdf=FAST).set("k", "secret-value")
    before = path.read_bytes()
    with pytest.raises(UserError) as caught:
        VaultSecretStore(path, "wrong horse battery")
    assert caught.value.code == "secrets.wrong_passphrase"
    assert path.read_bytes() == before
    assert VaultSecretStore(path, PASS).get("k") == "secret-value"


def test_every_tampered_byte_is_detected_and_the_file_kept(tmp_path: Path) -> None:
    path = tmp_path / "v"
    VaultSecretStore(path, PASS, kdf=FAST).set("k", "secret-value")
    original = path.read_bytes()
    header_length = len(original) - 12 - len(b'{"secrets": {"k": "secret-value"}}') - 16
    for position in range(len(original)):
        tampered = bytearray(original)
        tampered[position] ^= 0x80
        path.write_bytes(bytes(tampered))
        with pytest.raises(UserError) as caught:
            VaultSecretStore(path, PASS)
        if position >= header_length:
            assert caught.value.code == "secrets.vault_tampered", position
        else:  # header bytes feed the key derivation: the check cannot tell them from a wrong passphrase
            assert caught.value.code in {
                "secrets.vault_tampered",
                "secrets.wrong_passphrase",
                "secrets.vault_unreadable",
            }, position
        assert path.read_bytes() == bytes(tampered)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "secrets.vault_unreadable"),
        (b"hello world", "secrets.vault_unreadable"),
        (b"KSEFDESK-VAULT\x00\x01", "secrets.vault_tampered"),
    ],
)
def test_foreign_or_truncated_files(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "v"
    path.write_bytes(content)
    with pytest.raises(UserError) as caught:
        VaultSecretStore(path, PASS)
    assert caught.value.code == code
    assert path.read_bytes() == content


def test_new_vault_needs_a_real_passphrase(tmp_path: Path) -> None:
    with pytest.raises(UserError) as caught:
        VaultSecretStore(tmp_path / "v", "short")
    assert caught.value.code == "secrets.passphrase_too_short"
    assert not (tmp_path / "v").exists()


def test_a_crash_while_writing_keeps_the_old_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "v"
    vault = VaultSecretStore(path, PASS, kdf=FAST)
    vault.set("k", "first-value")
    before = path.read_bytes()

    def crash(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        vault.set("k", "second-value")
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["locks", "v"]  # locks/: the vault's file lock
    assert VaultSecretStore(path, PASS).get("k") == "first-value"


def test_two_handles_keep_each_others_changes(tmp_path: Path) -> None:
    path = tmp_path / "v"
    one = VaultSecretStore(path, PASS, kdf=FAST)
    two = VaultSecretStore(path, PASS)
    one.set("a", "value-of-a")
    two.set("b", "value-of-b")
    merged = VaultSecretStore(path, PASS)
    assert merged.get("a") == "value-of-a" and merged.get("b") == "value-of-b"


# --- choosing ----------------------------------------------------------------------------------
def _open(tmp_path: Path, environ: dict[str, str], backend: Any, ask: Any = None) -> Any:
    return open_secret_store(
        tmp_path,
        tmp_path / "secrets.vault",
        Redactor(),
        environ=environ,
        ask_passphrase=ask,
        keyring_backend=lambda: backend,
    )


def test_default_prefers_a_real_keyring(tmp_path: Path) -> None:
    assert _open(tmp_path, {}, DictKeyring()).backend is SecretBackend.KEYRING


def test_default_without_keyring_uses_the_vault(tmp_path: Path) -> None:
    fail = keyring.backends.fail.Keyring()
    store = _open(tmp_path, {"KSEFDESK_VAULT_PASSPHRASE": PASS}, fail)
    assert store.backend is SecretBackend.VAULT
    asked: list[bool] = []
    store = _open(tmp_path, {}, fail, ask=lambda creating: asked.append(creating) or PASS)
    assert store.backend is SecretBackend.VAULT and asked == [False]  # the vault exists now


def test_plaintext_keyring_is_never_used(tmp_path: Path) -> None:
    store = _open(tmp_path, {"KSEFDESK_VAULT_PASSPHRASE": PASS}, _plaintext_backend())
    assert store.backend is SecretBackend.VAULT


def test_user_may_choose_session_only(tmp_path: Path) -> None:
    store = _open(tmp_path, {}, keyring.backends.fail.Keyring(), ask=lambda creating: None)
    assert store.backend is SecretBackend.MEMORY


def test_no_keyring_no_passphrase_no_prompt_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(UserError) as caught:
        _open(tmp_path, {}, keyring.backends.fail.Keyring())
    assert caught.value.code == "secrets.passphrase_required"


@pytest.mark.parametrize(
    ("forced", "expected"),
    [("memory", SecretBackend.MEMORY), ("vault", SecretBackend.VAULT), ("keyring", SecretBackend.KEYRING)],
)
def test_forced_backend(tmp_path: Path, forced: str, expected: SecretBackend) -> None:
    store = _open(tmp_path, {"KSEFDESK_SECRETS": forced, "KSEFDESK_VAULT_PASSPHRASE": PASS}, DictKeyring())
    assert store.backend is expected


def test_forced_keyring_without_a_real_one_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UserError) as caught:
        _open(tmp_path, {"KSEFDESK_SECRETS": "keyring"}, keyring.backends.fail.Keyring())
    assert caught.value.code == "secrets.keyring_unavailable"
    assert "keyring.backends.fail" in caught.value.message("en")


def test_unknown_forced_backend(tmp_path: Path) -> None:
    with pytest.raises(UserError) as caught:
        _open(tmp_path, {"KSEFDESK_SECRETS": "plaintext"}, DictKeyring())
    assert caught.value.code == "secrets.backend_unknown"
