"""The JSON API: /api/auth (sign-in, CONTRACT §2), /api/admin (CONTRACT §4) and its
description, /api/openapi.json and /api/docs (CONTRACT §15)."""

from __future__ import annotations

from flask import Flask

from signage.web.api import (  # noqa: F401  (importing a module adds its routes to the blueprint)
    alerts,
    audit,
    auth,
    commands,
    datasources,
    docs,
    groups,
    media,
    player_errors,
    playlists,
    preview,
    reports,
    rollup_reports,
    schedules,
    screen_identity,
    screens,
    screenshots,
    sessions,
    sites,
    templates,
    tokens,
    users,
)
from signage.web.api.blueprint import bp


def register(app: Flask) -> None:
    app.register_blueprint(auth.bp)
    app.register_blueprint(docs.bp)
    app.register_blueprint(bp)
