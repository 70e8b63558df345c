"""Issue 21, sandbox command: out-of-range ports and other bad options give a catalogue message (never
a traceback, never a silently different port), and a non-loopback --host warns loudly."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from ksefdesk.cli import EXIT_OK, EXIT_USER_ERROR, Output, run
from ksefsandbox.server import SandboxServer

EVERYWHERE = "0.0.0.0"  # noqa: S104 - the audit's case: listening on every interface


@pytest.fixture(autouse=True)
def _no_foreground_loop(monkeypatch: pytest.MonkeyPatch) -> list[SandboxServer]:
    """Run the command up to the point where it would serve until Ctrl+C."""
    started: list[SandboxServer] = []

    def serve(self: SandboxServer) -> None:
        started.append(self)
        self.start()  # in a thread, so that the command's stop() finds a loop to end

    monkeypatch.setattr(SandboxServer, "serve_forever", serve)
    return started


def cli(*args: str, lang: str = "en") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(args), out=Output(lang, out, err))  # type: ignore[arg-type]
    return code, out.getvalue(), err.getvalue()


def _file(tmp_path: Path) -> str:
    target = tmp_path / "a-file"
    target.write_text("not a folder")
    return str(target)


def _broken_db(tmp_path: Path) -> str:
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "sandbox.db").write_bytes(b"this is not SQLite" * 100)
    return str(folder)


@pytest.mark.parametrize(
    ("args", "code_text"),
    [
        (("--port", "70000"), "[sandbox.port_invalid]"),  # used to bind port 4464 (70000 mod 65536)
        (("--port", "65536"), "[sandbox.port_invalid]"),
        (("--port", "-1"), "[sandbox.port_invalid]"),
        (("--rate-scale", "nan"), "[sandbox.option_invalid]"),
        (("--rate-scale", "-1"), "[sandbox.option_invalid]"),
        (("--error-rate", "1.5"), "[sandbox.option_invalid]"),
        (("--drop-rate", "-0.1"), "[sandbox.option_invalid]"),
        (("--latency", "inf"), "[sandbox.option_invalid]"),
        (("--latency", "-1"), "[sandbox.option_invalid]"),
        (("--access-ttl", "0"), "[sandbox.option_invalid]"),
        (("--challenge-ttl", "nan"), "[sandbox.option_invalid]"),
        (("--refresh-ttl", "1e400"), "[sandbox.option_invalid]"),
        (("--seed-invoices", "-3", "--nip", "5265877635"), "[sandbox.option_invalid]"),
        (("--seed-invoices", "3"), "[sandbox.option_invalid]"),  # for which NIP?
        (("--nip", "123"), "[nip.length]"),
        (("--host", "no-such-host.invalid"), "[sandbox.host_invalid]"),
        (("--host", "256.1.1.1"), "[sandbox.host_invalid]"),
        (("--data", "{file}"), "[sandbox.folder_unusable]"),
        (("--data", "{broken}"), "[store.unreadable]"),
    ],
)
def test_bad_sandbox_options_give_a_message_not_a_traceback(
    tmp_path: Path, args: tuple[str, ...], code_text: str, _no_foreground_loop: list[SandboxServer]
) -> None:
    filled = [a.format(file=_file(tmp_path), broken=_broken_db(tmp_path)) if "{" in a else a for a in args]
    if "--port" not in args:
        filled += ["--port", "0"]
    code, out, err = cli("--data-dir", str(tmp_path / "data"), "sandbox", *filled)
    assert (code, code_text in err, "Traceback" in err) == (EXIT_USER_ERROR, True, False), (out, err)
    assert _no_foreground_loop == []  # nothing was served


def test_a_port_message_in_polish(tmp_path: Path) -> None:
    code, _, err = cli("--data-dir", str(tmp_path), "sandbox", "--port", "70000", lang="pl")
    assert code == EXIT_USER_ERROR and "70000" in err and "65535" in err and "port" in err.lower()


def test_valid_options_still_start_and_print_the_full_address(
    tmp_path: Path, _no_foreground_loop: list[SandboxServer]
) -> None:
    code, out, err = cli("--data-dir", str(tmp_path), "sandbox", "--port", "0", "--nip", "5265877635")
    assert code == EXIT_OK, err
    (server,) = _no_foreground_loop
    assert server.base_url in out and server.admin_key in out
    assert f"127.0.0.1:{server.port}/" in server.base_url and not server.base_url.endswith(f"{server.port}/v2")
    assert "KSeF token:" in out and "warning" not in err.lower()


def test_a_non_loopback_host_warns_on_stderr_and_in_the_log(
    tmp_path: Path, _no_foreground_loop: list[SandboxServer]
) -> None:
    data = tmp_path / "data"
    code, _, err = cli("--data-dir", str(data), "sandbox", "--host", EVERYWHERE, "--port", "0")
    assert code == EXIT_OK, err
    assert "WARNING" in err and EVERYWHERE in err and "other computers" in err
    logged = "\n".join(p.read_text(encoding="utf-8") for p in data.rglob("*.log*"))
    assert EVERYWHERE in logged and "WARNING" in logged
    (server,) = _no_foreground_loop
    assert server.base_url.startswith(f"http://127.0.0.1:{server.port}/")  # what this computer's clients use
    code, _, err = cli("--data-dir", str(data), "sandbox", "--host", EVERYWHERE, "--port", "0", lang="pl")
    assert code == EXIT_OK and "UWAGA" in err and "inne komputery" in err


def test_a_refused_start_creates_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert cli("--data-dir", str(data), "sandbox", "--port", "99999")[0] == EXIT_USER_ERROR
    assert not (data / "sandbox").exists()  # options are checked before anything is made
