"""Check for updates against a local feed: a threaded HTTP server on 127.0.0.1 serving feed.json and its
signature, signed with a key the test makes (the checker is handed its public half). A newer version is
offered with its notes and download; the same version is nothing new; an unsigned, tampered, wrongly signed,
oversized or malformed feed is refused, each with its own message; a server that is down is "could not check".
The shipped public key is a valid key."""

from __future__ import annotations

import base64
import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ksefdesk import __version__
from ksefdesk.core.errors import UserError
from ksefdesk.core.update_feed import (
    MAX_FEED_BYTES,
    key_id,
    parse_feed,
    parse_public_key,
    parse_version,
    platform_key,
    sign,
    verify,
)
from ksefdesk.services.updates import KEY_FILE, UpdateChecker, feed_url, shipped_public_key

SHA = "ab" * 32


def release(version: str, *, url: str = "https://example.org/KSeFDesk-setup.exe", **extra: Any) -> dict[str, Any]:
    return {
        "version": version,
        "date": "2027-01-15",
        "notes": {"pl": f"Nowości w {version}: szybsze okno.", "en": f"New in {version}: a faster window."},
        "downloads": {name: {"url": url, "sha256": SHA} for name in ("windows", "macos", "linux")},
        **extra,
    }


def feed_bytes(*releases: dict[str, Any]) -> bytes:
    return json.dumps({"product": "ksefdesk", "releases": list(releases)}, ensure_ascii=False).encode()


class FeedServer:
    """Serves ``files`` (path → body, or an HTTP status to answer with) on 127.0.0.1 from a thread."""

    def __init__(self) -> None:
        self.files: dict[str, bytes | int] = {}
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append(self.path)
                body = server.files.get(self.path, 404)
                if isinstance(body, int):
                    self.send_response(body)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:  # quiet test output
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, name="feed-server", daemon=True
        )
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/feed.json"

    def publish(self, body: bytes, key: Ed25519PrivateKey | None, *, signature: bytes | None = None) -> None:
        self.files["/feed.json"] = body
        if signature is not None:
            self.files["/feed.json.sig"] = signature
        elif key is not None:
            self.files["/feed.json.sig"] = sign(body, key)
        else:
            self.files.pop("/feed.json.sig", None)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
def public(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes_raw()


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    server = FeedServer()
    yield server
    server.close()


def checker(server: FeedServer, public: bytes, current: str = "0.1.0") -> UpdateChecker:
    return UpdateChecker(server.url, public, current=current, platform="windows", timeout=(2.0, 5.0))


def refusal(server: FeedServer, public: bytes) -> UserError:
    with pytest.raises(UserError) as caught:
        checker(server, public).check()
    error = caught.value
    for lang in ("pl", "en"):  # a clear message with something to do, and no placeholder left unfilled
        assert error.message(lang) and error.action(lang) and "{" not in error.message(lang)
    return error


# --- outcomes --------------------------------------------------------------------------------------------
def test_the_newest_version_is_nothing_new(feed_server: FeedServer, key: Ed25519PrivateKey, public: bytes) -> None:
    feed_server.publish(feed_bytes(release("0.1.0"), release("0.0.9")), key)
    check = checker(feed_server, public).check()
    assert check.available is None and check.download_url == ""
    assert check.newest is not None and str(check.newest.version) == "0.1.0"
    assert feed_server.requests == ["/feed.json", "/feed.json.sig"]  # two small files; nothing downloaded


def test_a_newer_version_comes_with_its_notes_and_download(
    feed_server: FeedServer, key: Ed25519PrivateKey, public: bytes
) -> None:
    download = "https://example.org/KSeFDesk-0.3.0-setup.exe"
    feed_server.publish(feed_bytes(release("0.2.0"), release("0.3.0", url=download), release("0.1.0")), key)
    check = checker(feed_server, public).check()
    assert check.available is not None and str(check.available.version) == "0.3.0"  # the newest, not the first
    assert check.available.notes.text("pl") == "Nowości w 0.3.0: szybsze okno."
    assert check.available.notes.text("en") == "New in 0.3.0: a faster window."
    assert check.download_url == download
    assert [str(r.version) for r in check.since] == ["0.3.0", "0.2.0"]  # what is new since 0.1.0, newest first
    assert check.available.download_for("windows") is not None
    assert check.available.download_for("windows").sha256 == SHA  # type: ignore[union-attr]
    assert feed_server.requests == ["/feed.json", "/feed.json.sig"]  # never the download itself


def test_a_release_without_this_systems_download_is_not_offered(
    feed_server: FeedServer, key: Ed25519PrivateKey, public: bytes
) -> None:
    mac_only = release("0.5.0")
    mac_only["downloads"] = {"macos": {"url": "https://example.org/KSeFDesk.dmg", "sha256": SHA}}
    feed_server.publish(feed_bytes(mac_only, release("0.2.0")), key)
    check = checker(feed_server, public).check()
    assert check.available is not None and str(check.available.version) == "0.2.0"


# --- refusals --------------------------------------------------------------------------------------------
def test_tampered_feed_bytes_are_refused(feed_server: FeedServer, key: Ed25519PrivateKey, public: bytes) -> None:
    honest = feed_bytes(release("0.2.0"))
    tampered = honest.replace(b"https://example.org/", b"https://evil.example/")
    feed_server.publish(tampered, None, signature=sign(honest, key))
    error = refusal(feed_server, public)
    assert error.code == "update.tampered"
    assert "changed after it was signed" in error.message("en") and "zmieniony" in error.message("pl")


def test_a_feed_without_a_signature_is_refused(feed_server: FeedServer, public: bytes) -> None:
    feed_server.publish(feed_bytes(release("0.2.0")), None)  # the .sig answers 404
    assert refusal(feed_server, public).code == "update.unsigned"
    feed_server.files["/feed.json.sig"] = b""
    error = refusal(feed_server, public)
    assert error.code == "update.unsigned" and "no signature" in error.message("en")


def test_a_feed_signed_by_another_key_is_refused(feed_server: FeedServer, public: bytes) -> None:
    other = Ed25519PrivateKey.generate()
    feed_server.publish(feed_bytes(release("0.2.0")), other)
    error = refusal(feed_server, public)
    assert error.code == "update.wrong_key"
    assert key_id(other.public_key().public_bytes_raw()) in error.message("en")


def test_a_signature_made_by_another_key_but_labelled_ours_is_tampering(
    feed_server: FeedServer, key: Ed25519PrivateKey, public: bytes
) -> None:
    body = feed_bytes(release("0.2.0"))
    forged = Ed25519PrivateKey.generate().sign(body)
    signature = f"ed25519:{key_id(public)}:{base64.b64encode(forged).decode()}".encode()
    feed_server.publish(body, None, signature=signature)
    assert refusal(feed_server, public).code == "update.tampered"


@pytest.mark.parametrize(
    "signature",
    [b"not a signature", b"ed25519:0011223344556677:!!!", b"ed25519:0011:" + base64.b64encode(b"x" * 64), b"x" * 5000],
)
def test_an_unreadable_signature_is_refused(feed_server: FeedServer, public: bytes, signature: bytes) -> None:
    feed_server.publish(feed_bytes(release("0.2.0")), None, signature=signature)
    assert refusal(feed_server, public).code == "update.signature_unreadable"


def test_a_bare_base64_signature_is_unreadable(key: Ed25519PrivateKey, public: bytes) -> None:
    body = feed_bytes(release("0.2.0"))
    with pytest.raises(UserError) as caught:
        verify(body, base64.b64encode(key.sign(body)), public)
    assert caught.value.code == "update.signature_unreadable"
    verify(body, sign(body, key), public)  # the documented line is accepted


@pytest.mark.parametrize(
    ("body", "said"),
    [
        (b"{not json", "not a valid JSON document"),
        (b"\xff\xfe", "not a valid JSON document"),
        (b'{"product": "ksefdesk", "product": "x", "releases": []}', "not a valid JSON document"),
        (b'{"product": "other", "releases": []}', "not KSeF Desk's"),
        (b'{"product": "ksefdesk"}', "no “releases” list"),
        (feed_bytes(release("0.2.0", url="http://example.org/setup.exe")), "is not https://"),
        (feed_bytes(release("0.2.0", url="ftp://example.org/setup.exe")), "is not https://"),
        (feed_bytes(release("0.2.0", url="https://user:pw@example.org/setup.exe")), "is not https://"),
        (feed_bytes(release("0.2.0-beta")), "is not a version"),
        (feed_bytes(release("0.2.0", date="15.01.2027")), "is not a YYYY-MM-DD date"),
        (feed_bytes(release("0.2.0", notes={"pl": "tylko po polsku"})), "notes.en"),
        (feed_bytes(release("0.2.0"), release("0.2.0")), "a version appears twice"),
    ],
)
def test_a_malformed_feed_is_refused_even_when_signed(
    feed_server: FeedServer, key: Ed25519PrivateKey, public: bytes, body: bytes, said: str
) -> None:
    feed_server.publish(body, key)
    error = refusal(feed_server, public)
    assert error.code == "update.malformed"
    assert said in error.message("en"), error.message("en")


def test_a_bad_checksum_is_malformed() -> None:
    bad = release("0.2.0")
    bad["downloads"]["windows"]["sha256"] = "abc"
    with pytest.raises(UserError) as caught:
        parse_feed(feed_bytes(bad))
    assert caught.value.code == "update.malformed" and "SHA-256" in caught.value.message("en")


def test_an_oversized_feed_is_refused_before_its_signature_is_asked(
    feed_server: FeedServer, key: Ed25519PrivateKey, public: bytes
) -> None:
    big = feed_bytes(release("0.2.0", padding="x" * (MAX_FEED_BYTES + 10)))
    feed_server.publish(big, key)
    error = refusal(feed_server, public)
    assert error.code == "update.too_large" and "1 MB" in error.message("en")
    assert feed_server.requests == ["/feed.json"]


def test_loopback_http_downloads_are_allowed_for_tests(key: Ed25519PrivateKey) -> None:
    parsed = parse_feed(feed_bytes(release("0.2.0", url="http://127.0.0.1:8000/setup.exe")))
    assert parsed.releases[0].downloads["linux"].url == "http://127.0.0.1:8000/setup.exe"


# --- could not check ------------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_server_that_is_down_is_could_not_check(public: bytes) -> None:
    down = UpdateChecker(f"http://127.0.0.1:{_free_port()}/feed.json", public, timeout=(1.0, 1.0))
    with pytest.raises(UserError) as caught:
        down.check()
    error = caught.value
    assert error.code == "update.unreachable"
    assert error.message("en").startswith("Could not check for updates: no internet connection")
    assert error.message("pl").startswith("Nie udało się sprawdzić aktualizacji")


def test_a_missing_feed_is_could_not_check(feed_server: FeedServer, public: bytes) -> None:
    error = refusal(feed_server, public)  # nothing published: 404
    assert error.code == "update.unreachable" and "HTTP 404" in error.message("en")


def test_the_feed_address_is_checked_like_every_address() -> None:
    assert feed_url("") == "https://ksefdesk.pl/updates/feed.json"
    assert feed_url(" http://localhost:9/feed.json ") == "http://localhost:9/feed.json"
    for bad in ("http://example.org/feed.json", "ftp://example.org/feed.json", "https://example.org/f.json?x=1"):
        with pytest.raises(UserError) as caught:
            feed_url(bad)
        assert caught.value.code == "update.bad_address"


# --- versions and keys ----------------------------------------------------------------------------------
def test_versions_compare_as_numbers() -> None:
    assert parse_version("0.10.0") > parse_version("0.9.9")
    assert parse_version("0.2") == parse_version("0.2.0")
    assert parse_version("1.0.0.1") > parse_version("1")
    assert parse_version(__version__) == parse_version(__version__ + ".0")
    for bad in ("", "1.", "v1.0", "1.0rc1", "1.2.3.4.5", "1 .0"):
        with pytest.raises(ValueError):
            parse_version(bad)


def test_platform_names() -> None:
    assert [platform_key(p) for p in ("win32", "darwin", "linux")] == ["windows", "macos", "linux"]


def test_the_shipped_public_key_is_a_valid_ed25519_key() -> None:
    text = KEY_FILE.read_text(encoding="ascii")
    raw = base64.b64decode(text.strip(), validate=True)
    assert len(raw) == 32
    assert shipped_public_key() == raw == parse_public_key(text)
    assert "PRIVATE" not in text


def test_no_private_key_is_left_in_the_repository() -> None:
    root = Path(__file__).resolve().parent.parent.parent
    assert sorted(p.name for p in (root / "ksefdesk" / "resources").glob("update_key*")) == ["update_key.pub"]


def test_a_damaged_public_key_is_a_clear_error(tmp_path: Path) -> None:
    for content in (b"", b"not base64!", base64.b64encode(b"short")):
        (tmp_path / "k.pub").write_bytes(content)
        with pytest.raises(UserError) as caught:
            shipped_public_key(tmp_path / "k.pub")
        assert caught.value.code == "update.bad_key"
    with pytest.raises(UserError):
        shipped_public_key(tmp_path / "missing.pub")


def test_the_signing_script_makes_keys_and_signatures_the_checker_accepts(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    import stat
    import subprocess
    import sys

    script = Path(__file__).resolve().parent.parent.parent / "scripts" / "sign_feed.py"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True, cwd=tmp_path)

    assert run("keygen", "--out", "keys").returncode == 0
    private, public_file = tmp_path / "keys" / "update_key.pem", tmp_path / "keys" / "update_key.pub"
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert run("keygen", "--out", "keys").returncode == 1  # never over an existing key
    feed = tmp_path / "feed.json"
    feed.write_bytes(feed_bytes(release("0.2.0")))
    assert run("sign", "feed.json", "--key", str(private)).returncode == 0
    assert run("verify", "feed.json", "--pub", str(public_file)).returncode == 0
    feed_server.publish(feed.read_bytes(), None, signature=(tmp_path / "feed.json.sig").read_bytes())
    check = checker(feed_server, parse_public_key(public_file.read_bytes())).check()
    assert check.available is not None and str(check.available.version) == "0.2.0"
    feed.write_bytes(b'{"product": "ksefdesk"}')
    assert run("sign", "feed.json", "--key", str(private)).returncode == 1  # a feed the app would refuse
