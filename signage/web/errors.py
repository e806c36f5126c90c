"""The one error shape of CONTRACT §1, for every JSON route and every failure."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from signage.core.errors import Conflict, Gone, NotFound, ServiceError
from signage.core.validation import ValidationError
from signage.extensions import db

log = logging.getLogger(__name__)

DEFAULT_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    410: "gone",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_failed",
    429: "rate_limited",
    500: "internal_error",
    503: "unavailable",
}


class ApiError(Exception):
    """Raise from a view or service; becomes `{"error": {code, message, fields}}`."""

    def __init__(
        self,
        status: int,
        message: str,
        code: str | None = None,
        fields: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or DEFAULT_CODES.get(status, "error")
        self.message = message
        self.fields = fields
        self.headers = headers or {}


def error_response(
    status: int,
    message: str,
    code: str | None = None,
    fields: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    body: dict[str, Any] = {"code": code or DEFAULT_CODES.get(status, "error"), "message": message}
    if fields:
        body["fields"] = fields
    response = jsonify({"error": body})
    response.status_code = status
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def wants_json() -> bool:
    if request.path.startswith("/api/") or request.path == "/healthz":
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


# The answer to each kind of service refusal; any other is a 422 (values that break a rule).
REFUSAL_STATUS: tuple[tuple[type[ServiceError], int], ...] = ((Conflict, 409), (NotFound, 404), (Gone, 410))


def refusal_status(exc: ServiceError) -> int:
    return next((status for kind, status in REFUSAL_STATUS if isinstance(exc, kind)), 422)


def camel(name: str) -> str:
    """A service's field name (snake_case) as the JSON names it."""
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def _page(status: int, message: str) -> tuple[str, int]:
    return render_template("error.html", status=status, message=message), status


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError):
        if wants_json():
            return error_response(exc.status, exc.message, exc.code, exc.fields, exc.headers)
        return _page(exc.status, exc.message)

    @app.errorhandler(ServiceError)
    def _service_error(exc: ServiceError):
        # Views call services and let refusals through: one mapping for every route. A console
        # form catches them first to show them beside its fields (web.console.forms).
        db.session.rollback()
        status = refusal_status(exc)
        if wants_json():
            fields = {camel(name): message for name, message in exc.fields.items()} or None
            return error_response(status, exc.message, exc.code, fields)
        return _page(status, exc.message)

    @app.errorhandler(ValidationError)
    def _validation_error(exc: ValidationError):
        return error_response(422, exc.message, "validation_failed", exc.fields)

    @app.errorhandler(CSRFError)
    def _csrf_error(exc: CSRFError):
        message = "Missing or invalid CSRF token: send the X-CSRFToken header from /api/auth/me."
        if wants_json():
            return error_response(400, message, "csrf_failed")
        return _page(400, "Your form expired or was sent from another site. Go back and try again.")

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        status = exc.code or 500
        message = exc.description or exc.name
        if status == 413:
            message = "The request body is too large."
        if wants_json():
            # Keep what the exception says about itself (Allow on 405, Retry-After ...).
            extra = {k: v for k, v in exc.get_headers() if k.lower() != "content-type"}
            return error_response(status, message, headers=extra)
        return _page(status, message)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        db.session.rollback()
        if wants_json():
            return error_response(500, "Internal error; it has been logged.")
        return _page(500, "Something went wrong on our side; it has been logged.")
