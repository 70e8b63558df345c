import logging
import stat
from pathlib import Path

from ksefdesk.core.redaction import Redactor
from ksefdesk.logging_setup import LOG_FILE_NAME, setup_logging

JWT = "eyJhbGciOiJSUzI1NiJ9.eyJ0eXAiOiJDb250ZXh0VG9rZW4ifQ.c2lnbmF0dXJlLXZhbHVl"


def _flush() -> None:
    for handler in logging.getLogger().handlers:
        handler.flush()


def test_secrets_never_reach_the_log_file(tmp_path: Path) -> None:
    redactor = Redactor()
    redactor.register("my vault passphrase")
    log_file = setup_logging(tmp_path, redactor)
    log = logging.getLogger("ksefdesk.test")
    log.info("headers: %s", {"Authorization": f"Bearer {JWT}"})
    log.info("redeemed %s", '{"refreshToken": {"token": "opaque-refresh-123456"}}')
    log.warning("unlock with my vault passphrase failed")
    logging.getLogger("urllib3.connectionpool").info("GET /v2/x?token=abcdef0123456789 HTTP/1.1")
    try:
        raise ValueError(f"bad token {JWT}")
    except ValueError:
        log.exception("failure while using password=hunter2hunter2")
    _flush()
    text = log_file.read_text(encoding="utf-8")
    for secret in (JWT, "opaque-refresh-123456", "my vault passphrase", "abcdef0123456789", "hunter2hunter2"):
        assert secret not in text, secret
    assert "ValueError" in text and "Traceback" in text  # the traceback itself is kept
    assert log_file.name == LOG_FILE_NAME
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600


def test_verbose_mirrors_to_the_console_redacted(tmp_path: Path, capsys: object) -> None:
    setup_logging(tmp_path, Redactor(), verbose=True)
    logging.getLogger("ksefdesk.test").debug("Bearer %s", JWT)
    _flush()
    err = capsys.readouterr().err  # type: ignore[attr-defined]
    assert "Bearer ***" in err and JWT not in err


def test_setting_up_twice_does_not_duplicate_lines(tmp_path: Path) -> None:
    setup_logging(tmp_path, Redactor())
    log_file = setup_logging(tmp_path, Redactor())
    logging.getLogger("ksefdesk.test").info("only once")
    _flush()
    assert log_file.read_text(encoding="utf-8").count("only once") == 1


def test_a_broken_format_string_is_still_logged(tmp_path: Path) -> None:
    log_file = setup_logging(tmp_path, Redactor())
    record = logging.LogRecord("ksefdesk.test", logging.INFO, __file__, 1, "%d items", ("not a number",), None)
    ours = [h for h in logging.getLogger().handlers if getattr(h, "_ksefdesk_handler", False)]
    ours[0].handle(record)  # pytest's own capture handler would choke on it first otherwise
    _flush()
    assert "items" in log_file.read_text(encoding="utf-8")
