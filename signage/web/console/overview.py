"""The console's landing page: the state of the fleet and the library at a glance, each count
a link to its list (filtered where a filter exists), and for an install that is not set up yet
a getting-started checklist that ticks itself as each step is done."""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, or_, select

from signage.access.matrix import Permission
from signage.alerts.queries import active_alert_count
from signage.extensions import db
from signage.models import PlaylistItem, Screen, ScreenStatus
from signage.monitoring.queries import library_counts, screens_by_status
from signage.web.console.blueprint import bp
from signage.web.guard import requires


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    hint: str
    endpoint: str
    done: bool


def _exists(condition) -> bool:  # type: ignore[no-untyped-def]
    return bool(db.session.scalar(select(exists().where(condition))))


def getting_started(counts: dict[str, int]) -> list[Step]:
    """The first day's path, in order; each step is done when the data says so, not when a
    page was visited, so it also ticks for things made through the API."""
    paired = _exists(or_(Screen.player_jwt_hash.is_not(None), Screen.last_seen.is_not(None)))
    filled = _exists(PlaylistItem.id.is_not(None))
    return [
        Step(
            "site",
            _l("Add a site"),
            _l("Where your screens are, with its timezone."),
            "admin.sites",
            counts["sites"] > 0,
        ),
        Step(
            "screen",
            _l("Add a screen"),
            _l("One per display, in its site."),
            "admin.screens",
            counts["screens"] > 0,
        ),
        Step(
            "pair",
            _l("Pair the screen"),
            _l("Open the player on the display and activate it with the screen's link or code."),
            "admin.screens",
            paired,
        ),
        Step(
            "media",
            _l("Upload media"),
            _l("Images, videos, PDFs or web pages."),
            "admin.media_library",
            counts["media"] > 0,
        ),
        Step(
            "playlist",
            _l("Make a playlist"),
            _l("Put media in a playlist, in the order they play."),
            "admin.playlists",
            filled,
        ),
        Step(
            "schedule",
            _l("Schedule it"),
            _l("Say which screens play the playlist, and when."),
            "admin.schedules",
            counts["schedules"] > 0,
        ),
    ]


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
    steps = getting_started(counts)
    return render_template(
        "admin/overview.html",
        screens=screens,
        counts=counts,
        steps=steps if not all(step.done for step in steps) else [],
        status_url=lambda status: url_for("admin.screens", status=status),
    )
