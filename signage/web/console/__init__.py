"""The console: server-rendered pages under /admin (parse the form, call a service, render)."""

from __future__ import annotations

from flask import Flask

from signage.web.console import (  # noqa: F401  (importing a module adds its pages to the blueprint)
    accounts,
    alerts,
    audit,
    bulk,
    calendar,
    datasources,
    groups,
    media,
    monitoring,
    navigation,
    notifications,
    overview,
    player_errors,
    playlist_preview,
    playlists,
    preview_data,
    profile,
    reports,
    schedules,
    screen_commands,
    screen_identity,
    screens,
    session_views,
    sites,
    templates,
    tokens,
    users,
)
from signage.web.console.blueprint import bp


def register(app: Flask) -> None:
    app.register_blueprint(bp)
