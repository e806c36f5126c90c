"""The console's landing page: the state of the fleet and the library at a glance."""

from __future__ import annotations

from flask import render_template

from signage.access.matrix import Permission
from signage.alerts.queries import active_alert_count
from signage.models import ScreenStatus
from signage.monitoring.queries import library_counts, screens_by_status
from signage.web.console.blueprint import bp
from signage.web.guard import requires


@bp.get("/")
@requires(Permission.CONSOLE)
def overview():
    by_status = screens_by_status()
    screens = {status.value: by_status.get(status, 0) for status in ScreenStatus}
    library = library_counts()
    counts = {
        "sites": library["sites"],
        "groups": library["groups"],
        "screens": sum(screens.values()),
        "media": library["media"],
        "playlists": library["playlists"],
        "schedules": library["schedules"],
        "activeAlerts": active_alert_count(),
    }
    return render_template("admin/overview.html", screens=screens, counts=counts)
