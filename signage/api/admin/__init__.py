"""/api/admin: the console's REST API (session cookie + X-CSRFToken, CONTRACT §4)."""

from flask import Blueprint

bp = Blueprint("api_admin", __name__, url_prefix="/api/admin")

from signage.api.admin import (  # noqa: E402,F401  (routes register on bp)
    alerts,
    commands,
    datasources,
    groups,
    medias,
    playlists,
    preview,
    reports,
    schedules,
    screen_identity,
    screens,
    screenshots,
    sites,
    templates,
    users,
)
