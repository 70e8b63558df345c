"""Fixtures of the security regression tests: a recording HTTP server that plays a hostile KSeF, a proxy,
or a stranger's host (the sandbox itself comes from tests/conftest.py's ``start_sandbox``)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes


class _Quiet(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


@dataclass
class Recorder:
    """A real HTTP server on 127.0.0.1: every request is kept, ``answer`` decides the response."""

    answer: Callable[[Request], Response]
    seen: list[Seen] = field(default_factory=list)
    server: BaseWSGIServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_port}"

    @property
    def port(self) -> int:
        assert self.server is not None
        return int(self.server.server_port)

    def __call__(self, environ: dict[str, object], start_response: Callable[..., object]) -> object:
        request = Request(environ)
        self.seen.append(
            Seen(request.method, request.path, request.query_string.decode(), dict(request.headers), request.get_data())
        )
        return self.answer(request)(environ, start_response)


RecorderFactory = Callable[[Callable[[Request], Response]], Recorder]


@pytest.fixture
def recorder() -> Iterator[RecorderFactory]:
    started: list[Recorder] = []

    def start(answer: Callable[[Request], Response]) -> Recorder:
        recording = Recorder(answer)
        recording.server = make_server("127.0.0.1", 0, recording, threaded=True, request_handler=_Quiet)
        threading.Thread(target=recording.server.serve_forever, daemon=True).start()
        started.append(recording)
        return recording

    yield start
    for recording in started:
        assert recording.server is not None
        recording.server.shutdown()
        recording.server.server_close()
