"""The console's server-rendered pages under /admin (thin views over the services)."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from signage.admin import (  # noqa: E402,F401  (routes register on bp)
    alerts,
    datasources,
    groups,
    media,
    monitoring,
    navigation,
    overview,
    playlists,
    schedules,
    screen_identity,
    screens,
    session_views,
    sites,
    templates,
    users,
)
