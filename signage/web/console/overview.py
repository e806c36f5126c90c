"""The console's landing page: the state of the fleet and the library at a glance."""

from __future__ import annotations

from flask import render_template
from sqlalchemy import func, select

from signage.access.matrix import Permission
from signage.extensions import db
from signage.models import Alert, Media, Playlist, Schedule, Screen, ScreenGroup, ScreenStatus, Site
from signage.web.console.blueprint import bp
from signage.web.guard import requires


def _count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


@bp.get("/")
@requires(Permission.CONSOLE)
def overview():
    by_status = dict(
        db.session.execute(select(Screen.status, func.count()).group_by(Screen.status)).tuples().all()
    )
    screens = {status.value: by_status.get(status, 0) for status in ScreenStatus}
    counts = {
        "sites": _count(Site),
        "groups": _count(ScreenGroup),
        "screens": sum(screens.values()),
        "media": _count(Media),
        "playlists": _count(Playlist),
        "schedules": _count(Schedule),
        "activeAlerts": db.session.scalar(
            select(func.count()).select_from(Alert).where(Alert.is_active.is_(True))
        )
        or 0,
    }
    return render_template("admin/overview.html", screens=screens, counts=counts)
