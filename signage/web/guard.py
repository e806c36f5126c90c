"""The one guard in front of every console page and /api/admin route.

Views declare what they need with @requires(Permission.X) or @public; the guard runs
before every request whose route is under /admin or /api/admin and refuses anything
undeclared (fail closed), so a forgotten declaration is a 403, never an open door.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from flask import Flask, current_app, redirect, request, url_for
from flask_login import current_user

from signage.access.matrix import Permission, can
from signage.auth.session import bearer_token
from signage.core.errors import N_
from signage.web.errors import ApiError

log = logging.getLogger(__name__)

GUARDED_PREFIXES = ("/admin", "/api/admin")
F = TypeVar("F", bound=Callable[..., object])


def requires(permission: Permission) -> Callable[[F], F]:
    def mark(view: F) -> F:
        view.required_permission = permission  # type: ignore[attr-defined]
        return view

    return mark


def public(view: F) -> F:
    """Reachable without signing in (the login page itself)."""
    view.is_public = True  # type: ignore[attr-defined]
    return view


def declared_permission(view: Callable[..., object]) -> Permission | None:
    return getattr(view, "required_permission", None)


def is_public(view: Callable[..., object]) -> bool:
    return bool(getattr(view, "is_public", False))


def is_guarded_rule(rule: str) -> bool:
    return any(rule == p or rule.startswith(p + "/") for p in GUARDED_PREFIXES)


def _enforce():
    rule = request.url_rule
    if rule is None or not is_guarded_rule(rule.rule):
        return None
    view = current_app.view_functions[request.endpoint]  # type: ignore[index]
    if is_public(view):
        return None
    api = rule.rule.startswith("/api/")
    if not current_user.is_authenticated:
        if api and bearer_token() is not None:
            raise ApiError(401, N_("The API token is invalid, expired or revoked."))
        if api:
            raise ApiError(401, N_("Sign in first: POST /api/auth/login."))
        return redirect(url_for("admin.login", next=request.full_path.rstrip("?")))
    permission = declared_permission(view)
    if permission is None:
        log.error("route %s declares no permission: refused", rule.rule)
        raise ApiError(403, N_("This action is not allowed."))
    if not can(current_user.role, permission):
        raise ApiError(
            403,
            N_("Your role (%(role)s) does not allow this."),
            "forbidden",
            params={"role": current_user.role.value},
        )
    return None


def init_guard(app: Flask) -> None:
    app.before_request(_enforce)
