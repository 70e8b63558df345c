import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ksefdesk import __version__
from ksefdesk.cli import EXIT_OK, EXIT_USER_ERROR, Output, run


def cli(*args: str, lang: str = "en") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(args), out=Output(lang, out, err))  # type: ignore[arg-type]
    return code, out.getvalue(), err.getvalue()


def test_version() -> None:
    result = subprocess.run([sys.executable, "-m", "ksefdesk", "--version"], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == f"KSeF Desk {__version__}"


def test_company_add_list_remove(tmp_path: Path) -> None:
    d = str(tmp_path / "data")
    code, out, _ = cli("--data-dir", d, "company", "add", "--nip", "526-587-76-35", "--name", "MF", "--env", "test")
    assert code == EXIT_OK and "5265877635" in out
    assert cli("--data-dir", d, "company", "add", "--nip", "1111111111", "--env", "sandbox")[0] == EXIT_OK
    code, out, _ = cli("--data-dir", d, "company", "list", "--json")
    listed = json.loads(out)
    assert [(c["nip"], c["environment"], c["status"]) for c in listed] == [
        ("1111111111", "sandbox", "not_authorized"),
        ("5265877635", "test", "not_authorized"),
    ]
    code, out, _ = cli("--data-dir", d, "company", "remove", "--nip", "5265877635")
    assert code == EXIT_OK and "Removed" in out
    code, out, _ = cli("--data-dir", d, "company", "list")
    assert "1111111111" in out and "5265877635" not in out


def test_production_warning_is_printed(tmp_path: Path) -> None:
    code, out, _ = cli("--data-dir", str(tmp_path), "company", "add", "--nip", "5265877635", "--env", "prod")
    assert code == EXIT_OK and "cannot be deleted, only corrected" in out


@pytest.mark.parametrize(
    ("args", "code_text"),
    [
        (("company", "add", "--nip", "5265877636", "--env", "test"), "[nip.checksum]"),
        (("company", "add", "--nip", "5265877635", "--env", "staging"), "[env.unknown]"),
        (
            ("company", "add", "--nip", "5265877635", "--env", "test", "--base-url", "http://x.pl/v2"),
            "[env.base_url_invalid]",
        ),
        (("company", "remove", "--nip", "1111111111"), "[company.not_found]"),
    ],
)
def test_bad_input_gives_a_message_not_a_traceback(tmp_path: Path, args: tuple[str, ...], code_text: str) -> None:
    code, _, err = cli("--data-dir", str(tmp_path), *args)
    assert code == EXIT_USER_ERROR
    assert code_text in err and "Traceback" not in err


def test_duplicate_company_message_in_polish(tmp_path: Path) -> None:
    cli("--data-dir", str(tmp_path), "company", "add", "--nip", "5265877635", "--env", "demo")
    code, _, err = cli("--data-dir", str(tmp_path), "company", "add", "--nip", "5265877635", "--env", "prod", lang="pl")
    assert code == EXIT_USER_ERROR and "jest już dodana" in err


def test_empty_list_hint(tmp_path: Path) -> None:
    assert "No companies yet" in cli("--data-dir", str(tmp_path), "company", "list")[1]


def test_info_names_the_secret_store(tmp_path: Path) -> None:
    code, out, _ = cli("--data-dir", str(tmp_path), "info")
    assert code == EXIT_OK and "Memory only" in out and str(tmp_path) in out


def test_data_dir_confines_every_write(tmp_path: Path) -> None:
    """With --data-dir D nothing is written anywhere else (HOME and XDG dirs stay empty)."""
    home = tmp_path / "home"
    home.mkdir()
    data = tmp_path / "d"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "KSEFDESK_"))}
    env.update(HOME=str(home), KSEFDESK_SECRETS="memory")
    for args in (
        ["company", "add", "--nip", "5265877635", "--env", "test"],
        ["company", "list", "--json"],
        ["info"],
    ):
        subprocess.run(
            [sys.executable, "-m", "ksefdesk", "--data-dir", str(data), *args],
            env=env,
            check=True,
            capture_output=True,
        )
    assert list(home.rglob("*")) == []
    assert (data / "ksefdesk.db").exists() and (data / "logs" / "ksefdesk.log").exists()


def test_ksefdesk_home_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KSEFDESK_HOME", str(tmp_path / "portable"))
    assert cli("company", "add", "--nip", "5265877635", "--env", "test")[0] == EXIT_OK
    assert (tmp_path / "portable" / "ksefdesk.db").exists()


def test_unexpected_errors_are_logged_not_shown_as_tracebacks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object) -> int:
        raise RuntimeError("bug")

    monkeypatch.setitem(__import__("ksefdesk.cli").cli.COMMANDS, "info", boom)
    code, _, err = cli("--data-dir", str(tmp_path), "info")
    assert code == 70 and "[internal.unexpected]" in err and "Traceback" not in err
    log_text = (tmp_path / "logs" / "ksefdesk.log").read_text(encoding="utf-8")
    assert "RuntimeError: bug" in log_text
