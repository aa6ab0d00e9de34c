"""The one JSON error shape and the exceptions that produce it."""

from __future__ import annotations

import logging
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

log = logging.getLogger("attune.errors")


class ErrorDetail(msgspec.Struct, frozen=True):
    """What the error is about, for a client to show or act on."""

    code: str
    message: str
    # Always sent (null when no one field is at fault), so the schema marks it required.
    field: str | None


class ErrorBody(msgspec.Struct, frozen=True):
    """Every error response: {"error": {"code", "message", "field"}}."""

    error: ErrorDetail


class AppError(Exception):
    """A failure the client caused or can act on, carrying its HTTP status."""

    status_code = 400
    code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if code is not None:
            self.code = code


class BadRequest(AppError):
    status_code = 400
    code = "bad_request"


class Unauthorized(AppError):
    status_code = 401
    code = "no_session"


class Forbidden(AppError):
    status_code = 403
    code = "forbidden"


class NotFound(AppError):
    status_code = 404
    code = "not_found"


class Conflict(AppError):
    status_code = 409
    code = "conflict"


class PayloadTooLarge(AppError):
    status_code = 413
    code = "too_large"


class TooManyRequests(AppError):
    status_code = 429
    code = "rate_limited"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def _response(status: int, code: str, message: str, field: str | None = None) -> Response[Any]:
    body = ErrorBody(error=ErrorDetail(code=code, message=message, field=field))
    return Response(content=body, status_code=status, media_type="application/json")


def app_error_handler(_: Request[Any, Any, Any], exc: AppError) -> Response[Any]:
    response = _response(exc.status_code, exc.code, exc.message, exc.field)
    if isinstance(exc, TooManyRequests):
        response.headers["Retry-After"] = str(exc.retry_after)
    return response


def validation_error_handler(_: Request[Any, Any, Any], exc: ValidationException) -> Response[Any]:
    field, message = _first_problem(exc)
    return _response(400, "invalid", message, field)


def http_error_handler(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    codes = {
        400: "bad_request",
        404: "not_found",
        405: "method_not_allowed",
        413: "too_large",
        415: "unsupported",
    }
    if exc.status_code >= 500:
        return internal_error_handler(request, exc)
    code = codes.get(exc.status_code, "http_error")
    # Litestar's own 404 texts repeat the requested path; ours says nothing about the disk.
    message = "Nothing here." if exc.status_code == 404 else str(exc.detail)
    response = _response(exc.status_code, code, message)
    for name, value in (exc.headers or {}).items():
        response.headers[name] = value
    return response


def internal_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    # The path is the client's text: repr escapes CR, LF and NUL so it cannot forge a log line.
    log.error(
        "unhandled %s on %s %r",
        type(exc).__name__,
        request.method,
        request.url.path,
        exc_info=exc,
    )
    return _response(
        HTTP_500_INTERNAL_SERVER_ERROR, "internal", "Something went wrong on our side."
    )


def _first_problem(exc: ValidationException) -> tuple[str | None, str]:
    extra = exc.extra if isinstance(exc.extra, list) else []
    for item in extra:
        if isinstance(item, dict) and item.get("message"):
            message = str(item["message"])
            key = item.get("key")
            # "data" is the whole body; then the field is named inside msgspec's message.
            field = str(key) if key and key != "data" else _field_from(message)
            return field, f"{field}: {message}" if field else message
    return None, str(exc.detail)


def _field_from(message: str) -> str | None:
    for marker in ("`$.", "unknown field `", "required field `"):
        start = message.find(marker)
        if start >= 0:
            end = message.find("`", start + len(marker))
            return message[start + len(marker) : end] or None
    return None


EXCEPTION_HANDLERS: dict[type[Exception] | int, Any] = {
    AppError: app_error_handler,
    ValidationException: validation_error_handler,
    HTTPException: http_error_handler,
    Exception: internal_error_handler,
}
