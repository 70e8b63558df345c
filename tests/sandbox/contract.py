"""Every request a test sends to the sandbox and every answer it gets is checked against the official
contracts: the 2.8.1 one that production runs, and the 2.7.0 one for every operation it also has. An
answer that breaks either fails the test."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

import requests
from openapi_core import Config, OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse

DATA = Path(__file__).resolve().parent.parent / "data"
SPEC_FILE = DATA / "open-api-2.8.1.json"  # the newest contract in the repository: what the sandbox answers to
OLDER_SPEC_FILES = (DATA / "open-api-2.7.0.json",)  # still checked where they have the operation


def _raw_text(data: Any, **_: Any) -> Any:
    """XML bodies are plain strings in the spec; openapi-core would parse them into elements."""
    return data.decode("utf-8", "replace") if isinstance(data, bytes) else data


@functools.cache
def openapi(spec_file: Path = SPEC_FILE) -> OpenAPI:
    spec = json.loads(spec_file.read_text(encoding="utf-8"))
    # The sandbox serves the API below a secret first path segment: http://127.0.0.1:PORT/<secret>/v2.
    spec["servers"] = [
        {
            "url": "http://127.0.0.1:{port}/{secret}/v2",
            "variables": {"port": {"default": "8765"}, "secret": {"default": "secret"}},
        }
    ]
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
        self._check_against(openapi(), request, response, expect_invalid_request)
        for older in OLDER_SPEC_FILES:
            if _has_operation(older, request):
                self._check_against(openapi(older), request, response, expect_invalid_request)
        self.checked += 1

    def _check_against(
        self, api: OpenAPI, request: RequestsOpenAPIRequest, response: requests.Response, expect_invalid_request: bool
    ) -> None:
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


@functools.cache
def operations(spec_file: Path = SPEC_FILE) -> frozenset[tuple[str, str]]:
    """(METHOD, /path/{template}) of every operation a contract defines."""
    spec = json.loads(spec_file.read_text(encoding="utf-8"))
    methods = ("get", "post", "put", "delete", "patch")
    return frozenset((m.upper(), path) for path, item in spec["paths"].items() for m in item if m in methods)


@functools.cache
def _operation_patterns(spec_file: Path) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple(
        (method, re.compile(re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(path)) + "$"))
        for method, path in operations(spec_file)
    )


def _has_operation(spec_file: Path, request: RequestsOpenAPIRequest) -> bool:
    path = "/" + request.path.split("/v2/", 1)[-1]
    return any(
        method == request.method.upper() and pattern.match(path) for method, pattern in _operation_patterns(spec_file)
    )


@functools.cache
def _schema_validator(name: str) -> Any:
    from openapi_schema_validator import OAS30Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    spec = json.loads(SPEC_FILE.read_text(encoding="utf-8"))
    registry: Registry[Any] = Registry().with_resource(
        "urn:ksef", Resource.from_contents(spec, default_specification=DRAFT4)
    )
    return OAS30Validator({"$ref": f"urn:ksef#/components/schemas/{name}"}, registry=registry)


def check_error_body(response: requests.Response) -> None:
    """An error answer of any endpoint (documented for it or not) has one of the spec's error shapes:
    400 ExceptionResponse (or BadRequestProblemDetails), 403 ForbiddenProblemDetails, 429
    TooManyRequests; 404/405 a problem-details body."""
    body = response.json()
    status = response.status_code
    if status == 400 and "exception" in body:
        name = "ExceptionResponse"
        details = body["exception"]["exceptionDetailList"]
        if not details or not isinstance(details[0]["exceptionCode"], int):
            raise ContractViolation(f"400 without an exception code: {body}")
    elif status == 400:
        name = "BadRequestProblemDetails"
    elif status == 403:
        name = "ForbiddenProblemDetails"
    elif status == 429:
        name = (
            "TooManyRequestsResponse"
            if "status" in body and isinstance(body["status"], dict)
            else "TooManyRequestsProblemDetails"
        )
    elif status in (404, 405):
        if body.get("status") != status or not body.get("title"):
            raise ContractViolation(f"{status} without a problem-details body: {body}")
        return
    else:
        raise ContractViolation(f"unexpected status {status}: {response.text[:300]}")
    errors = [error.message for error in _schema_validator(name).iter_errors(body)]
    if errors:
        raise ContractViolation(f"{status} answer is not a {name}: {errors[:3]} in {body}")
