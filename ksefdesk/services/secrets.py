"""Where tokens, refresh tokens and key passwords live: never in the database, never in plain text.

Three stores behind one protocol:
- ``KeyringSecretStore``: the OS keyring, used only when its backend is a real one (not keyring's
  ``fail``/``null`` backends and not a plaintext file backend such as keyrings.alt's);
- ``VaultSecretStore``: an encrypted file (Argon2id -> AES-256-GCM, header bound as associated
  data, mode 0600, atomic replace) unlocked by a passphrase;
- ``MemorySecretStore``: "remember for this session only", and tests.

``KSEFDESK_SECRETS=keyring|vault|memory`` forces one; ``KSEFDESK_VAULT_PASSPHRASE`` unlocks the
vault without a prompt.
"""

from __future__ import annotations

import contextlib
import enum
import hashlib
import json
import os
import secrets as pysecrets
import struct
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from ksefdesk.core.errors import Bilingual, Lang, UserError
from ksefdesk.core.redaction import Redactor
from ksefdesk.services.locks import ProcessLock, lock_path

SECRETS_ENV = "KSEFDESK_SECRETS"
PASSPHRASE_ENV = "KSEFDESK_VAULT_PASSPHRASE"
MIN_PASSPHRASE_LENGTH = 8
VAULT_LOCK_TIMEOUT_S = 30.0  # another process holds the vault for milliseconds; this long means it hangs


class SecretBackend(enum.StrEnum):
    KEYRING = "keyring"
    VAULT = "vault"
    MEMORY = "memory"


class SecretStore(Protocol):
    backend: SecretBackend

    def get(self, name: str) -> str | None: ...
    def set(self, name: str, value: str) -> None: ...
    def delete(self, name: str) -> None: ...
    def describe(self, lang: Lang = "en") -> str: ...


# --- memory ------------------------------------------------------------------------------------
class MemorySecretStore:
    backend = SecretBackend.MEMORY

    def __init__(self, redactor: Redactor | None = None) -> None:
        self._values: dict[str, str] = {}
        self._lock = threading.Lock()
        self._redactor = redactor

    def get(self, name: str) -> str | None:
        with self._lock:
            return self._values.get(name)

    def set(self, name: str, value: str) -> None:
        if self._redactor:
            self._redactor.register(value)
        with self._lock:
            self._values[name] = value

    def delete(self, name: str) -> None:
        with self._lock:
            self._values.pop(name, None)

    def describe(self, lang: Lang = "en") -> str:
        return Bilingual(
            "Tylko w pamięci: dane logowania znikną po zamknięciu programu.",
            "Memory only: credentials are forgotten when the app closes.",
        ).text(lang)


# --- OS keyring --------------------------------------------------------------------------------
_NOT_REAL_MODULES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


def is_real_keyring(backend: Any) -> bool:
    """True for a backend that really protects secrets (Secret Service, KWallet, macOS, Windows)."""
    module = type(backend).__module__
    name = type(backend).__name__
    if module.startswith(_NOT_REAL_MODULES) or "plaintext" in name.lower():
        return False
    if module == "keyring.backends.chainer":
        return any(is_real_keyring(b) for b in getattr(backend, "backends", ()))
    try:
        return float(backend.priority) > 0
    except Exception:  # a backend whose priority check fails is not usable
        return False


def backend_name(backend: Any) -> str:
    return f"{type(backend).__module__}.{type(backend).__name__}"


class KeyringSecretStore:
    backend = SecretBackend.KEYRING

    def __init__(self, service: str, keyring_backend: Any, redactor: Redactor | None = None) -> None:
        self.service = service
        self._keyring = keyring_backend
        self._redactor = redactor

    def _call(self, operation: Callable[[], Any]) -> Any:
        try:
            return operation()
        except Exception as exc:  # keyring backends raise many kinds (dbus, locked, denied)
            raise UserError("secrets.keyring_failed", reason=type(exc).__name__, details=str(exc)) from exc

    def get(self, name: str) -> str | None:
        value: str | None = self._call(lambda: self._keyring.get_password(self.service, name))
        if value and self._redactor:
            self._redactor.register(value)
        return value

    def set(self, name: str, value: str) -> None:
        if self._redactor:
            self._redactor.register(value)
        self._call(lambda: self._keyring.set_password(self.service, name, value))

    def delete(self, name: str) -> None:
        if self.get(name) is not None:
            self._call(lambda: self._keyring.delete_password(self.service, name))

    def describe(self, lang: Lang = "en") -> str:
        kind = type(self._keyring).__name__
        return Bilingual(
            f"Systemowy pęk kluczy ({kind}): dane logowania chroni system operacyjny.",
            f"System keyring ({kind}): the operating system protects your credentials.",
        ).text(lang)


# --- encrypted vault ---------------------------------------------------------------------------
_MAGIC = b"KSEFDESK-VAULT\x00"
_FORMAT_VERSION = 1
_PARAMS = struct.Struct(">BIII")  # format version, memory KiB, iterations, lanes
_SALT_LEN = 16
_VERIFIER_LEN = 32
_NONCE_LEN = 12
_HEADER_LEN = len(_MAGIC) + _PARAMS.size + _SALT_LEN + _VERIFIER_LEN


@dataclass(frozen=True)
class KdfParams:
    memory_kib: int = 64 * 1024
    iterations: int = 3
    lanes: int = 4


def _derive(passphrase: str, salt: bytes, params: KdfParams) -> tuple[bytes, bytes]:
    """(AES key, verifier). The verifier tells a wrong passphrase from a tampered file."""
    out = Argon2id(
        salt=salt,
        length=32 + _VERIFIER_LEN,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    ).derive(passphrase.encode("utf-8"))
    return out[:32], out[32:]


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{pysecrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if hasattr(os, "O_DIRECTORY"):  # make the rename durable (POSIX)
        dir_fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


class VaultSecretStore:
    """Secrets in one encrypted file. Every change rewrites the file atomically with a new nonce,
    re-reading it first so that another process's changes are kept; an OS file lock makes that
    read-modify-replace one step for all processes (the window and the command line at once)."""

    backend = SecretBackend.VAULT

    def __init__(
        self,
        path: Path,
        passphrase: str,
        *,
        redactor: Redactor | None = None,
        kdf: KdfParams | None = None,
    ) -> None:
        self.path = path
        self._redactor = redactor
        self._lock = threading.Lock()
        self._passphrase = passphrase
        self._header = b""
        self._key = b""
        self._values: dict[str, str] = {}
        with self._file_lock():  # two processes creating it at once must not end with two keys
            if path.exists():
                self._header, self._key, self._values = self._read()
            else:
                if len(passphrase) < MIN_PASSPHRASE_LENGTH:
                    raise UserError(
                        "secrets.passphrase_too_short", length=len(passphrase), minimum=MIN_PASSPHRASE_LENGTH
                    )
                params = kdf or KdfParams()
                salt = pysecrets.token_bytes(_SALT_LEN)
                self._key, verifier = _derive(passphrase, salt, params)
                self._header = (
                    _MAGIC
                    + _PARAMS.pack(_FORMAT_VERSION, params.memory_kib, params.iterations, params.lanes)
                    + salt
                    + verifier
                )
                self._write()
        if redactor:
            for value in self._values.values():
                redactor.register(value)

    @contextlib.contextmanager
    def _file_lock(self) -> Iterator[None]:
        lock = ProcessLock(lock_path(self.path, self.path.name))
        if not lock.acquire_wait(VAULT_LOCK_TIMEOUT_S):
            raise UserError("secrets.vault_busy", path=str(self.path), seconds=int(VAULT_LOCK_TIMEOUT_S))
        try:
            yield
        finally:
            lock.release()

    def _unreadable(self, reason: str) -> UserError:
        return UserError("secrets.vault_unreadable", path=str(self.path), reason=reason)

    def _read(self) -> tuple[bytes, bytes, dict[str, str]]:
        try:
            blob = self.path.read_bytes()
        except OSError as exc:
            raise self._unreadable(exc.strerror or str(exc)) from exc
        if not blob.startswith(_MAGIC):
            raise self._unreadable("unknown file format")
        if len(blob) < _HEADER_LEN + _NONCE_LEN + 16:
            raise UserError("secrets.vault_tampered", path=str(self.path), details="file is truncated")
        header = blob[:_HEADER_LEN]
        version, memory_kib, iterations, lanes = _PARAMS.unpack_from(header, len(_MAGIC))
        if version != _FORMAT_VERSION:
            raise self._unreadable(f"format version {version}")
        if not (1 <= lanes <= 64 and 8 * lanes <= memory_kib <= 1024 * 1024 and 1 <= iterations <= 64):
            # Absurd parameters can only come from tampering; refuse before spending on them.
            raise UserError("secrets.vault_tampered", path=str(self.path), details="implausible KDF parameters")
        if self._key and pysecrets.compare_digest(header, self._header):
            key = self._key  # the same salt and parameters: Argon2id (64 MiB, ~0.1 s) runs once per process
        else:
            salt_at = len(_MAGIC) + _PARAMS.size
            salt = header[salt_at : salt_at + _SALT_LEN]
            stored_verifier = header[salt_at + _SALT_LEN :]
            try:
                key, verifier = _derive(self._passphrase, salt, KdfParams(memory_kib, iterations, lanes))
            except ValueError as exc:  # parameters the KDF refuses
                raise UserError("secrets.vault_tampered", path=str(self.path), details=str(exc)) from exc
            if not pysecrets.compare_digest(verifier, stored_verifier):
                raise UserError("secrets.wrong_passphrase")
        nonce = blob[_HEADER_LEN : _HEADER_LEN + _NONCE_LEN]
        try:
            plain = AESGCM(key).decrypt(nonce, blob[_HEADER_LEN + _NONCE_LEN :], header)
            document = json.loads(plain.decode("utf-8"))
            values = document["secrets"]
            if not isinstance(values, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in values.items()
            ):
                raise ValueError("bad content")
        except (InvalidTag, ValueError, KeyError, TypeError) as exc:
            raise UserError("secrets.vault_tampered", path=str(self.path), details=type(exc).__name__) from exc
        return header, key, dict(values)

    def _write(self) -> None:
        nonce = pysecrets.token_bytes(_NONCE_LEN)
        plain = json.dumps({"secrets": self._values}, sort_keys=True).encode("utf-8")
        blob = self._header + nonce + AESGCM(self._key).encrypt(nonce, plain, self._header)
        _atomic_write(self.path, blob)

    def _refresh(self) -> None:
        """Pick up changes another process wrote since we read the file."""
        if self.path.exists():
            header, key, values = self._read()
            self._header, self._key, self._values = header, key, values

    def get(self, name: str) -> str | None:
        with self._lock:
            return self._values.get(name)

    def set(self, name: str, value: str) -> None:
        if self._redactor:
            self._redactor.register(value)
        with self._lock, self._file_lock():
            self._refresh()
            self._values[name] = value
            self._write()

    def delete(self, name: str) -> None:
        with self._lock, self._file_lock():
            self._refresh()
            if self._values.pop(name, None) is not None:
                self._write()

    def describe(self, lang: Lang = "en") -> str:
        return Bilingual(
            f"Zaszyfrowany sejf chroniony hasłem: {self.path}",
            f"Encrypted vault protected by a passphrase: {self.path}",
        ).text(lang)


# --- choosing one --------------------------------------------------------------------------------
PassphraseProvider = Callable[[bool], str | None]
"""Asked for the vault passphrase; the argument says whether a new vault is being created.
Returns None when the user prefers "remember for this session only"."""


def keyring_service_name(data_dir: Path) -> str:
    """One keyring namespace per data folder, so portable and test installs never collide."""
    digest = hashlib.sha256(str(data_dir.resolve()).encode("utf-8")).hexdigest()[:12]
    return f"ksefdesk:{digest}"


def default_keyring_backend() -> Any:
    import keyring  # imported lazily: probing backends can take a moment

    return keyring.get_keyring()


def open_secret_store(
    data_dir: Path,
    vault_path: Path,
    redactor: Redactor,
    *,
    environ: Mapping[str, str] | None = None,
    ask_passphrase: PassphraseProvider | None = None,
    keyring_backend: Callable[[], Any] = default_keyring_backend,
) -> SecretStore:
    """The store this installation should use (see the module docstring for the rules)."""
    env = os.environ if environ is None else environ
    forced = env.get(SECRETS_ENV, "").strip().lower()
    if forced and forced not in SecretBackend.__members__.values():
        raise UserError("secrets.backend_unknown", value=forced)
    if forced == SecretBackend.MEMORY:
        return MemorySecretStore(redactor)
    if forced in ("", SecretBackend.KEYRING):
        backend = keyring_backend()
        if is_real_keyring(backend):
            return KeyringSecretStore(keyring_service_name(data_dir), backend, redactor)
        if forced == SecretBackend.KEYRING:
            raise UserError("secrets.keyring_unavailable", backend=backend_name(backend))
    passphrase = env.get(PASSPHRASE_ENV)
    if passphrase is None and ask_passphrase is not None:
        passphrase = ask_passphrase(not vault_path.exists())
        if passphrase is None:
            return MemorySecretStore(redactor)
    if passphrase is None:
        raise UserError("secrets.passphrase_required")
    return VaultSecretStore(vault_path, passphrase, redactor=redactor)
