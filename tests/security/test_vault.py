"""The encrypted vault shared by the window and the command line: concurrent writers keep every secret."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from ksefdesk.core.redaction import Redactor
from ksefdesk.services import secrets as secrets_module
from ksefdesk.services.secrets import KdfParams, VaultSecretStore

PASSPHRASE = "haslo do sejfu 8x"
WRITERS = 8
ROUNDS = 4
FAST = KdfParams(memory_kib=1024, iterations=1, lanes=1)  # the header keeps these; the real default is 64 MiB


def _writer(path: str, number: int, start: multiprocessing.synchronize.Barrier) -> None:  # type: ignore[name-defined]
    store = VaultSecretStore(Path(path), PASSPHRASE, kdf=FAST)  # FAST only if this one creates it
    start.wait()
    for round_ in range(ROUNDS):
        store.set(f"writer-{number}-{round_}", f"sekret-{number}-{round_}")


def _creator(path: str, number: int, start: multiprocessing.synchronize.Barrier) -> None:  # type: ignore[name-defined]
    start.wait()  # all at once, before the vault exists
    VaultSecretStore(Path(path), PASSPHRASE, kdf=FAST).set(f"creator-{number}", f"sekret-{number}")


def test_eight_processes_writing_at_once_keep_every_secret(tmp_path: Path) -> None:
    path = tmp_path / "secrets.vault"
    VaultSecretStore(path, PASSPHRASE, kdf=FAST)
    context = multiprocessing.get_context("spawn")  # real, separate interpreters: no shared locks
    start = context.Barrier(WRITERS)
    workers = [context.Process(target=_writer, args=(str(path), n, start)) for n in range(WRITERS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert [w.exitcode for w in workers] == [0] * WRITERS
    kept = VaultSecretStore(path, PASSPHRASE)
    missing = [
        (n, r) for n in range(WRITERS) for r in range(ROUNDS) if kept.get(f"writer-{n}-{r}") != f"sekret-{n}-{r}"
    ]
    assert missing == [], f"{len(missing)} of {WRITERS * ROUNDS} secrets lost"


def test_two_processes_creating_the_vault_at_once_agree_on_one_key(tmp_path: Path) -> None:
    path = tmp_path / "secrets.vault"
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(WRITERS)
    workers = [context.Process(target=_creator, args=(str(path), n, start)) for n in range(WRITERS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert [w.exitcode for w in workers] == [0] * WRITERS  # nobody met "wrong passphrase" or "tampered"
    kept = VaultSecretStore(path, PASSPHRASE)
    assert [kept.get(f"creator-{n}") for n in range(WRITERS)] == [f"sekret-{n}" for n in range(WRITERS)]


def test_the_key_is_derived_once_per_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = secrets_module._derive

    def counting(passphrase: str, salt: bytes, params: KdfParams) -> tuple[bytes, bytes]:
        calls.append(salt)
        return real(passphrase, salt, params)

    monkeypatch.setattr(secrets_module, "_derive", counting)
    path = tmp_path / "secrets.vault"
    store = VaultSecretStore(path, PASSPHRASE, redactor=Redactor(), kdf=FAST)
    other = VaultSecretStore(path, PASSPHRASE)  # "the other process" (its own instance)
    for n in range(5):
        store.set(f"a{n}", "wartosc-a")
        other.set(f"b{n}", "wartosc-b")
        store.delete(f"a{n}")
    assert len(calls) == 2, "each change must not run Argon2id again (64 MiB, ~0.1 s each)"
    assert other.get("a0") is None and store.get("b4") == "wartosc-b"
