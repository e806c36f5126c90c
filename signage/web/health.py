"""/healthz: is the database (and Redis, when configured) reachable, and which version runs."""

from __future__ import annotations

import logging

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from signage import __version__
from signage.extensions import db

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
    except Exception:
        log.exception("health check: redis unreachable")
        return False


@bp.get("/healthz")
def healthz():
    settings = current_app.config["SIGNAGE"]
    checks = {"database": "ok" if _database_ok() else "unreachable"}
    if settings.redis_url:
        checks["redis"] = "ok" if _redis_ok(settings.redis_url) else "unreachable"
    healthy = all(value == "ok" for value in checks.values())
    body = {"status": "ok" if healthy else "error", "version": __version__, **checks}
    return jsonify(body), 200 if healthy else 503
