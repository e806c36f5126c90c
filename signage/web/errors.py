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
from signage.i18n import N_
from signage.web.i18n import translate

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


# What a bare HTTP error says (werkzeug's own descriptions are English paragraphs).
DEFAULT_MESSAGES = {
    400: N_("The request is not valid."),
    401: N_("Sign in first."),
    403: N_("This action is not allowed."),
    404: N_("This page or object does not exist."),
    405: N_("This method is not allowed here."),
    409: N_("This conflicts with existing data."),
    410: N_("This has expired."),
    413: N_("The request body is too large."),
    415: N_("This type of content is not supported."),
    422: N_("Some fields are invalid."),
    429: N_("Too many requests: wait a moment and try again."),
    500: N_("Internal error; it has been logged."),
    503: N_("The service is not available right now."),
}
CSRF_API_MESSAGE = N_("Missing or invalid CSRF token: send the X-CSRFToken header from /api/auth/me.")
# Flask-WTF's strict HTTPS check: the token was fine, the Referer was not.
CSRF_REFERER_MESSAGE = N_(
    "Behind HTTPS, a request signed in with the session cookie must also send a Referer from this "
    "site; scripts should use an API token (Authorization: Bearer) instead."
)
CSRF_PAGE_MESSAGE = N_("Your form expired or was sent from another site. Go back and try again.")
UNEXPECTED_PAGE_MESSAGE = N_("Something went wrong on our side; it has been logged.")


class ApiError(Exception):
    """Raise from a view or service; becomes `{"error": {code, message, fields}}`.

    `message` is an English sentence with `%(name)s` placeholders and `params` their values:
    the answer carries it in the request's language when the catalogues know it (CONTRACT §1,
    §14), English otherwise; `code` is the same in every language."""

    def __init__(
        self,
        status: int,
        message: str,
        code: str | None = None,
        fields: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        params: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message % params if params else message)
        self.status = status
        self.code = code or DEFAULT_CODES.get(status, "error")
        self.template = message
        self.params = params
        self.message = message % params if params else message
        self.fields = fields
        self.headers = headers or {}


def localized_fields(fields: dict[str, str] | None) -> dict[str, str] | None:
    return {name: translate(message) for name, message in fields.items()} if fields else fields


def error_response(
    status: int,
    message: str,
    code: str | None = None,
    fields: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    body: dict[str, Any] = {"code": code or DEFAULT_CODES.get(status, "error"), "message": translate(message)}
    if fields:
        body["fields"] = localized_fields(fields)
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
    return render_template("error.html", status=status, message=translate(message)), status


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError):
        message = translate(exc.template, exc.params)
        if wants_json():
            return error_response(exc.status, message, exc.code, exc.fields, exc.headers)
        return _page(exc.status, message)

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
        if wants_json():
            referer = "referrer" in str(exc.description or "").lower()
            return error_response(400, CSRF_REFERER_MESSAGE if referer else CSRF_API_MESSAGE, "csrf_failed")
        return _page(400, CSRF_PAGE_MESSAGE)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        status = exc.code or 500
        # A view's own description (abort(400, "...")) or, for werkzeug's stock paragraph, ours.
        default = type(exc).description
        message = exc.description if exc.description and exc.description != default else None
        message = message or DEFAULT_MESSAGES.get(status) or exc.name
        if status == 413:
            message = DEFAULT_MESSAGES[413]
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
            return error_response(500, DEFAULT_MESSAGES[500])
        return _page(500, UNEXPECTED_PAGE_MESSAGE)
