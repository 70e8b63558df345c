"""Every request a test sends to the sandbox and every answer it gets is checked against the
official open-api.json: an answer that breaks the spec fails the test."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import requests
from openapi_core import Config, OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse

SPEC_FILE = Path(__file__).resolve().parent.parent / "data" / "open-api.json"


def _raw_text(data: Any, **_: Any) -> Any:
    """XML bodies are plain strings in the spec; openapi-core would parse them into elements."""
    return data.decode("utf-8", "replace") if isinstance(data, bytes) else data


@functools.cache
def openapi() -> OpenAPI:
    spec = json.loads(SPEC_FILE.read_text(encoding="utf-8"))
    spec["servers"] = [{"url": "http://127.0.0.1:{port}/v2", "variables": {"port": {"default": "8765"}}}]
    deserializers = {"application/xml": _raw_text, "application/problem+json": lambda data, **_: json.loads(data)}
    return OpenAPI.from_dict(spec, config=Config(extra_media_type_deserializers=deserializers))


class ContractViolation(AssertionError):
    pass


class ContractSession(requests.Session):
    """A requests session that validates /v2 traffic against the spec.

    ``expect_invalid_request=True`` on a call lets a test send a request that breaks the spec on
    purpose; the answer is still checked.
    """

    def __init__(self) -> None:
        super().__init__()
        self.checked = 0

    def request(
        self, method: str | bytes, url: str | bytes, *args: Any, expect_invalid_request: bool = False, **kwargs: Any
    ) -> requests.Response:
        response = super().request(method, url, *args, **kwargs)
        if "/v2/" in str(url):
            self._check(response, expect_invalid_request)
        return response

    def _check(self, response: requests.Response, expect_invalid_request: bool) -> None:
        request = RequestsOpenAPIRequest(response.request)
        api = openapi()
        if not expect_invalid_request:
            try:
                api.validate_request(request)
            except Exception as exc:
                raise ContractViolation(
                    f"request breaks the spec: {response.request.method} "
                    f"{response.request.url}: {exc} / {exc.__cause__}"
                ) from exc
        if (
            response.status_code in (404, 405)
            and response.headers.get("content-type", "").startswith("application/problem+json")
            and expect_invalid_request
        ):
            return  # paths the spec does not have: nothing to compare the answer with
        if response.status_code >= 500:
            return  # simulated server faults: the spec documents no 5xx answers to compare with
        try:
            api.validate_response(request, RequestsOpenAPIResponse(response))
        except Exception as exc:
            raise ContractViolation(
                f"answer breaks the spec: {response.request.method} {response.request.url} "
                f"-> {response.status_code}: {exc} / {exc.__cause__}\n{response.text[:800]}"
            ) from exc
        self.checked += 1
