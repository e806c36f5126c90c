"""/healthz: is the database (and Redis, when configured) reachable, and which version runs.

With Redis, the Socket.IO message queue is checked too, as this process uses it: a process
that cannot publish, or is not subscribed, loses events meant for (or sent by) the others
even when a fresh PING answers, so it fails until its queue works again (signage.push).

Anyone gets the status (200 `ok` / 503 `error`), which is all a load balancer needs. Which
dependency failed and the version (which tells an attacker what to try) go only to a caller
with `Authorization: Bearer <HEALTH_TOKEN>` or a signed-in ADMIN.
"""

from __future__ import annotations

import hmac
import logging

from flask import Blueprint, current_app, jsonify, request
from flask_login import current_user
from sqlalchemy import text

from signage import __version__
from signage.extensions import db
from signage.models import Role
from signage.push import queue_health

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


def _database_ok() -> bool:
    try:
        db.session.execute(text("SELECT 1"))
        return True
    except Exception:
        log.exception("health check: database unreachable")
        db.session.rollback()
        return False


def _redis_ok(url: str) -> bool:
    from redis import Redis

    try:
        return bool(Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping())
    except Exception as exc:
        # One line: a load balancer probes every few seconds, for the whole outage.
        log.warning("health check: redis unreachable (%s)", exc)
        return False


def _may_see_details(token: str | None) -> bool:
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer "):
        return hmac.compare_digest(header.removeprefix("Bearer ").encode(), token.encode())
    return bool(current_user.is_authenticated and current_user.role == Role.ADMIN)


@bp.get("/healthz")
def healthz():
    settings = current_app.config["SIGNAGE"]
    checks = {"database": "ok" if _database_ok() else "unreachable"}
    if settings.redis_url:
        checks["redis"] = "ok" if _redis_ok(settings.redis_url) else "unreachable"
        queue = queue_health()
        if queue is not None:
            checks["messageQueue"] = queue.describe()
    healthy = all(value == "ok" for value in checks.values())
    body: dict[str, str] = {"status": "ok" if healthy else "error"}
    if _may_see_details(settings.health_token):
        body |= {"version": __version__, **checks}
    return jsonify(body), 200 if healthy else 503
