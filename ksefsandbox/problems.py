"""KSeF's error bodies: the legacy ExceptionResponse or Problem Details (X-Error-Format)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from werkzeug.wrappers import Response


class ApiError(Exception):
    """An error answer. ``code`` is KSeF's exceptionCode (400) or reasonCode (403)."""

    def __init__(
        self,
        status: int,
        code: int | str | None = None,
        description: str = "",
        details: list[str] | None = None,
        *,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(f"{status} {code}: {description}")
        self.status = status
        self.code = code
        self.description = description
        self.details = details or []
        self.headers = headers or {}
        self.extra = extra or {}


def bad_request(code: int, description: str, *details: str) -> ApiError:
    return ApiError(400, code, description, list(details))


def unauthorized(detail: str = "Wymagane jest uwierzytelnienie.") -> ApiError:
    return ApiError(401, None, detail)


def forbidden(reason: str, detail: str, **extra: Any) -> ApiError:
    return ApiError(403, reason, detail, extra=extra)


_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    410: "Gone",
    413: "Payload Too Large",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


def _now() -> str:
    return datetime.now(UTC).isoformat()


def render(error: ApiError, *, instance: str, problem_details: bool) -> Response:
    trace = uuid.uuid4().hex
    title = _TITLES.get(error.status, "Error")
    body: dict[str, Any]
    if error.status == 400 and not problem_details:
        body = {
            "exception": {
                "exceptionDetailList": [
                    {"exceptionCode": error.code, "exceptionDescription": error.description, "details": error.details}
                ],
                "serviceCode": trace,
                "serviceCtx": "srvSANDBOX",
                "serviceName": "ksefdesk-sandbox",
                "timestamp": _now(),
            }
        }
        content_type = "application/json"
    elif error.status == 429 and not problem_details:
        body = {"status": {"code": 429, "description": title, "details": [error.description]}}
        content_type = "application/json"
    else:
        body = {
            "title": title,
            "status": error.status,
            "instance": instance,
            "detail": error.description,
            "timestamp": _now(),
            "traceId": trace,
        }
        if error.status == 400:
            body["detail"] = "Żądanie jest nieprawidłowe."
            body["errors"] = [{"code": error.code, "description": error.description, "details": error.details}]
        if error.status == 403:
            body["reasonCode"] = error.code
        body.update(error.extra)
        content_type = "application/problem+json"
    response = Response(json.dumps(body, ensure_ascii=False), status=error.status, content_type=content_type)
    for name, value in error.headers.items():
        response.headers[name] = value
    return response
