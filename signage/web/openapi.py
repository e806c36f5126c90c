"""GET /api/openapi.json, generated: the /api routes of the Flask url_map, each with its
methods, how it is authenticated, the pydantic model of its body where it takes one (the
same model that validates it, so the description cannot drift from the code) and the models
of its answers (signage.schemas; a test checks each route's real answers against them).

Views name their body with @accepts(Model), their answers with @answers(Model, status) and
their query with @paged(...) or @queried(Model); the guard's @requires(Permission) gives the
roles allowed (signage.access.matrix).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema
from werkzeug.routing import Rule

from signage.access.matrix import MATRIX, Permission
from signage.bodies import OFFSET_MAX, PAGE_MAX, Body, Query
from signage.schemas.base import Error
from signage.web.guard import declared_permission, is_public

F = TypeVar("F", bound=Callable[..., object])
OPENAPI_VERSION = "3.1.0"
# Routes a player calls without its token (activating, pairing by code).
PLAYER_ANONYMOUS = frozenset({"api_player.activate", "api_player.pairing_start", "api_player.pairing_poll"})
# Signed-in (session or token) routes outside /api/admin: the account's own.
ACCOUNT_ROUTES = frozenset({"api_auth.me", "api_auth.logout"})
# What the route itself is, not a resource.
DOC_ROUTES = frozenset({"api_docs.openapi", "api_docs.docs"})
FILE = {"type": "string", "format": "binary"}
DESCRIPTIONS = {200: "Done", 201: "Created", 202: "Accepted", 204: "Done, no content"}
PAGED = {"limit": (1, PAGE_MAX), "offset": (0, OFFSET_MAX)}
_CONVERTER = re.compile(r"<(?:(?P<converter>[a-z]+)(?:\([^)]*\))?:)?(?P<name>\w+)>")


def accepts(
    model: type[Body], *, many: bool = False, most: int | None = None, form: dict[str, Any] | None = None
) -> Callable[[F], F]:
    """Names the JSON body a view validates with `model` (an array of them with many=True, of
    at most `most`); `form`, a multipart alternative's JSON schema (an upload)."""

    def mark(view: F) -> F:
        view.body_model = model  # type: ignore[attr-defined]
        view.body_many = many  # type: ignore[attr-defined]
        view.body_most = most  # type: ignore[attr-defined]
        view.body_form = form  # type: ignore[attr-defined]
        return view

    return mark


def paged(*filters: str) -> Callable[[F], F]:
    """Names a collection route's query: `limit`/`offset` (CONTRACT §1) and its filters."""

    def mark(view: F) -> F:
        view.query_filters = filters  # type: ignore[attr-defined]
        return view

    return mark


def queried(model: type[Query]) -> Callable[[F], F]:
    """Names the Query model a view reads its query string with (its parameters documented
    from it)."""

    def mark(view: F) -> F:
        view.query_model = model  # type: ignore[attr-defined]
        return view

    return mark


def answers(
    model: type[BaseModel] | None, status: int = 200, *, files: tuple[str, ...] = ()
) -> Callable[[F], F]:
    """Names what a view answers with `status`: JSON described by `model` (None: no body),
    or else one of the `files` media types (a CSV, an image). Stack one per status."""

    def mark(view: F) -> F:
        declared = dict(getattr(view, "answer_models", {}))
        declared[status] = (model, files)
        view.answer_models = declared  # type: ignore[attr-defined]
        return view

    return mark


SECURITY_SCHEMES = {
    "session": {
        "type": "apiKey",
        "in": "cookie",
        "name": "signage_session",
        "description": "POST /api/auth/login sets it; unsafe methods also send X-CSRFToken.",
    },
    "csrf": {
        "type": "apiKey",
        "in": "header",
        "name": "X-CSRFToken",
        "description": "The csrfToken of /api/auth/login or /api/auth/me (cookie sessions only).",
    },
    "apiToken": {
        "type": "http",
        "scheme": "bearer",
        "description": "A personal API token (POST /api/admin/tokens), acting as its user.",
    },
    "playerJwt": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "The screen's token from POST /api/player/activate.",
    },
}


def document(app: Flask) -> dict[str, Any]:
    """The OpenAPI 3.1 description of every /api route of `app`."""
    models: set[type[BaseModel]] = {Error}
    paths: dict[str, dict[str, Any]] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        if not rule.rule.startswith("/api/") or rule.endpoint in DOC_ROUTES:
            continue
        view = app.view_functions[rule.endpoint]
        path, parameters = _path(rule)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            operation = _operation(rule, view, method.lower(), models)
            if parameters:
                operation["parameters"] = parameters + operation.get("parameters", [])
            paths.setdefault(path, {})[method.lower()] = operation
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "Signage API",
            # The API's own version, not the server's (which /healthz keeps from strangers).
            "version": "1",
            "description": "CONTRACT §1: JSON in and out, camelCase keys; errors are "
            '`{"error": {"code", "message", "fields"}}`; a 422 names each bad field.',
        },
        "paths": paths,
        "components": {
            "schemas": _schemas(models),
            "securitySchemes": SECURITY_SCHEMES,
            "responses": {"Error": _error_response()},
        },
    }


def _schemas(models: set[type[BaseModel]]) -> dict[str, Any]:
    ordered = sorted(models, key=lambda m: m.__name__)
    _, top = models_json_schema(
        [(model, "validation") for model in ordered],
        by_alias=True,
        ref_template="#/components/schemas/{model}",
    )
    return dict(top.get("$defs", {}))


def _path(rule: Rule) -> tuple[str, list[dict[str, Any]]]:
    parameters = []

    def placeholder(match: re.Match[str]) -> str:
        kind = "integer" if match["converter"] == "int" else "string"
        parameters.append({"name": match["name"], "in": "path", "required": True, "schema": {"type": kind}})
        return "{" + match["name"] + "}"

    return _CONVERTER.sub(placeholder, rule.rule), parameters


def _operation(rule: Rule, view: Any, method: str, models: set[type[BaseModel]]) -> dict[str, Any]:
    doc = (view.__doc__ or "").strip()
    operation: dict[str, Any] = {
        "operationId": rule.endpoint.replace(".", "_") + ("" if method in {"get", "post"} else f"_{method}"),
        "tags": [_tag(rule.rule)],
        "summary": doc.splitlines()[0] if doc else rule.endpoint.split(".")[-1].replace("_", " "),
    }
    if doc:
        operation["description"] = doc
    operation.update(_security(rule, view))
    filters = getattr(view, "query_filters", None)
    if filters is not None:
        operation["parameters"] = _query(filters)
    query_model = getattr(view, "query_model", None)
    if query_model is not None:
        operation["parameters"] = _query_parameters(query_model)
    model = getattr(view, "body_model", None)
    if model is not None:
        models.add(model)
        schema: dict[str, Any] = {"$ref": f"#/components/schemas/{model.__name__}"}
        if getattr(view, "body_many", False):
            schema = {"type": "array", "items": schema}
            if getattr(view, "body_most", None) is not None:
                schema["maxItems"] = view.body_most
        content: dict[str, Any] = {"application/json": {"schema": schema}}
        form = getattr(view, "body_form", None)
        if form is not None:
            content["multipart/form-data"] = {"schema": form}
        operation["requestBody"] = {"required": True, "content": content}
    operation["responses"] = _responses(method, view, models)
    return operation


def _tag(rule: str) -> str:
    parts = rule.split("/")
    if parts[2] == "admin":
        return parts[3]
    return parts[2]


def _query(filters: tuple[str, ...]) -> list[dict[str, Any]]:
    parameters = []
    for name, (minimum, maximum) in PAGED.items():
        schema: dict[str, Any] = {"type": "integer", "minimum": minimum}
        if maximum is not None:
            schema["maximum"] = maximum
        parameters.append({"name": name, "in": "query", "required": False, "schema": schema})
    for name in filters:
        parameters.append({"name": name, "in": "query", "required": False, "schema": {"type": "string"}})
    return parameters


def _query_parameters(model: type[Query]) -> list[dict[str, Any]]:
    schema = model.model_json_schema(by_alias=True)
    required = set(schema.get("required", []))
    parameters = []
    for name, described in schema["properties"].items():
        described = {key: value for key, value in described.items() if key != "title"}
        parameter: dict[str, Any] = {"name": name, "in": "query", "required": name in required}
        if "description" in described:
            parameter["description"] = described.pop("description")
        parameters.append({**parameter, "schema": described})
    return parameters


def _security(rule: Rule, view: Any) -> dict[str, Any]:
    if rule.rule.startswith("/api/player/"):
        if rule.endpoint in PLAYER_ANONYMOUS:
            return {"security": []}
        return {"security": [{"playerJwt": []}]}
    if rule.rule.startswith("/api/admin/") and not is_public(view) or rule.endpoint in ACCOUNT_ROUTES:
        allowed = _roles(declared_permission(view))
        extra = {"x-roles": allowed} if allowed else {}
        return {"security": [{"session": [], "csrf": []}, {"apiToken": []}], **extra}
    return {"security": []}


def _roles(permission: Permission | None) -> list[str]:
    if permission is None:
        return []
    return sorted(role.value for role in MATRIX.get(permission, frozenset()))


def _error_response() -> dict[str, Any]:
    return {
        "description": "CONTRACT §1 error",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _responses(method: str, view: Any, models: set[type[BaseModel]]) -> dict[str, Any]:
    """The answers the view declares (@answers), a 304 for a GET (If-None-Match), and the
    CONTRACT §1 error for every other status."""
    responses: dict[str, Any] = {}
    for status, (model, files) in sorted(getattr(view, "answer_models", {}).items()):
        answer: dict[str, Any] = {
            "description": (model.__doc__ or "").strip().split("\n")[0] if model else ""
        }
        answer["description"] = answer["description"] or DESCRIPTIONS.get(status, "Done")
        content: dict[str, Any] = {}
        if model is not None:
            models.add(model)
            content["application/json"] = {"schema": {"$ref": f"#/components/schemas/{model.__name__}"}}
        for kind in files:
            content[kind] = {"schema": FILE}
        if content:
            answer["content"] = content
        responses[str(status)] = answer
    if method == "get":
        responses["304"] = {"description": "Not modified (If-None-Match)"}
    return {**responses, "default": {"$ref": "#/components/responses/Error"}}


def current_document() -> dict[str, Any]:
    """The description of the running app, made once per process (routes do not change)."""
    cached = current_app.extensions.get("signage.openapi")
    if cached is None:
        cached = current_app.extensions["signage.openapi"] = document(current_app)  # type: ignore[assignment]
    return cached  # type: ignore[no-any-return]
