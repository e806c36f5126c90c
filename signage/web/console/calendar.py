"""The calendar of a screen or a group: schedules as blocks by time in the site's zone, a week
or a day at a time. The page is a shell; its script reads the blocks from the JSON next to it
and writes changes through the schedules API (/api/admin/schedules, CSRF, the same checks and
overlap warnings). Read: every role; changing: ADMIN and EDITOR."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask import jsonify, render_template, request, url_for
from flask_babel import gettext as _

from signage.access.matrix import Permission
from signage.alerts.queries import armed_alerts_between
from signage.extensions import db
from signage.models import Schedule, Screen, ScreenGroup, Site
from signage.scheduling.calendar import MAX_DAYS, blocks_of, clock, pieces_of
from signage.scheduling.candidates import candidate_rules, group_rules, switched_off_rules, zone_of
from signage.scheduling.field_rules import FIRST_DATE, LAST_DATE
from signage.scheduling.payloads import schedule_json
from signage.scheduling.queries import names_by_kind, playlist_options
from signage.scheduling.windows import ScheduleRule, wall_to_utc
from signage.web.console.blueprint import bp
from signage.web.guard import requires
from signage.web.http import get_or_404


def _first_day(site: Site) -> date:
    """`?start=YYYY-MM-DD`, else today on the site's clock."""
    raw = request.args.get("start", "")
    try:
        day = date.fromisoformat(raw) if len(raw) == 10 else None
    except ValueError:
        day = None
    if day is None or not FIRST_DATE <= day <= LAST_DATE - timedelta(days=MAX_DAYS):
        day = datetime.now(UTC).astimezone(zone_of(site)).date()
    return day


def _days() -> int:
    return 1 if request.args.get("days") == "1" else MAX_DAYS


def _alerts_json(
    site: Site, first: date, days: int, screen_ids: list[int], group_ids: list[int]
) -> list[dict[str, Any]]:
    """Armed alerts over the days shown, cut into days like the blocks."""
    zone = zone_of(site)
    begin = wall_to_utc(first, time(0), zone)
    finish = wall_to_utc(first + timedelta(days=days), time(0), zone)
    marks = []
    for alert in armed_alerts_between(screen_ids, group_ids, begin, finish):
        for piece in pieces_of(alert.start_at, alert.end_at, zone, first, days):
            marks.append(
                {
                    "alertId": str(alert.id),
                    "title": alert.title,
                    "day": piece.day.isoformat(),
                    "startMinute": piece.start_minute,
                    "endMinute": piece.end_minute,
                    "start": clock(piece.start_minute),
                    "end": clock(piece.end_minute),
                    "url": url_for("admin.alert", alert_id=alert.id),
                }
            )
    return marks


def _blocks_json(
    site: Site, rules: list[ScheduleRule], screen_ids: list[int], group_ids: list[int], screen: Screen | None
) -> dict[str, Any]:
    first = _first_day(site)
    days = _days()
    if days == MAX_DAYS:
        first -= timedelta(days=first.weekday())  # weeks start on Monday
    names = names_by_kind()
    disabled = switched_off_rules(screen_ids, group_ids)
    ids = [r.id for r in [*rules, *disabled]]
    rows = {row.id: row for row in db.session.query(Schedule).filter(Schedule.id.in_(ids))}
    blocks = []
    for block in blocks_of(rules, zone_of(site), first, days, disabled):
        row = rows[block.rule.id]
        blocks.append(
            {
                "scheduleId": str(row.id),
                "name": row.name,
                "playlistName": names["PLAYLIST"].get(row.playlist_id, f"#{row.playlist_id}"),
                "priority": row.priority,
                "isInterruption": row.is_interruption,
                "isRecurring": row.is_recurring,
                "isEnabled": block.enabled,
                # From a screen's calendar, a group's schedule changes for the whole group.
                "viaGroup": screen is not None and row.target_type.value == "GROUP",
                "day": block.day.isoformat(),
                "startMinute": block.start_minute,
                "endMinute": block.end_minute,
                "start": clock(block.start_minute),
                "end": clock(block.end_minute),
                "startsHere": block.starts_here,
                "endsHere": block.ends_here,
                "plays": block.plays,
                "url": url_for("admin.schedule", schedule_id=row.id),
            }
        )
    return {
        "timezone": site.timezone,
        "start": first.isoformat(),
        "days": [(first + timedelta(days=n)).isoformat() for n in range(days)],
        "blocks": blocks,
        "alerts": _alerts_json(site, first, days, screen_ids, group_ids),
        "schedules": {str(row.id): schedule_json(row) for row in rows.values()},
    }


def _page(title: str, site: Site, target: dict[str, str], data_url: str, back_url: str):
    return render_template(
        "admin/calendar.html",
        title=title,
        site=site,
        target=target,
        data_url=data_url,
        back_url=back_url,
        playlists=playlist_options(),
        texts=_texts(),
    )


def _texts() -> dict[str, str]:
    return {
        "week": _("Week of %(day)s", day="%(day)s"),
        "saved": _(
            "Schedule %(name)s saved: %(start)s–%(end)s.", name="%(name)s", start="%(start)s", end="%(end)s"
        ),
        "created": _("Schedule %(name)s created.", name="%(name)s"),
        "refused": _("Not saved: %(reason)s", reason="%(reason)s"),
        "failed": _("Not saved: the server could not be reached. Nothing changed."),
        "priority": _("priority %(priority)s", priority="%(priority)s"),
        "interruption": _("interruption"),
        "alert": _(
            "Alert %(title)s, %(day)s %(start)s–%(end)s",
            title="%(title)s",
            day="%(day)s",
            start="%(start)s",
            end="%(end)s",
        ),
        "overridden": _("overridden here by a higher priority"),
        "disabled": _("switched off: it does not play"),
        "group": _("group schedule"),
        "blockLabel": _(
            "%(name)s, %(playlist)s, %(day)s %(start)s–%(end)s, priority %(priority)s",
            name="%(name)s",
            playlist="%(playlist)s",
            day="%(day)s",
            start="%(start)s",
            end="%(end)s",
            priority="%(priority)s",
        ),
    }


@bp.get("/screens/<screen_id>/calendar")
@requires(Permission.SCHEDULES_READ)
def screen_calendar(screen_id: str):
    screen = get_or_404(Screen, screen_id, "screen")
    return _page(
        screen.name,
        screen.site,
        {"type": "SCREEN", "id": str(screen.id)},
        url_for("admin.screen_calendar_data", screen_id=screen.id),
        url_for("admin.screen", screen_id=screen.id),
    )


@bp.get("/screens/<screen_id>/calendar.json")
@requires(Permission.SCHEDULES_READ)
def screen_calendar_data(screen_id: str):
    """`?start=YYYY-MM-DD&days=7|1`: the blocks of the screen's and its group's schedules."""
    screen = get_or_404(Screen, screen_id, "screen")
    groups = [screen.group_id] if screen.group_id is not None else []
    return jsonify(_blocks_json(screen.site, candidate_rules(screen), [screen.id], groups, screen))


@bp.get("/groups/<group_id>/calendar")
@requires(Permission.SCHEDULES_READ)
def group_calendar(group_id: str):
    group = get_or_404(ScreenGroup, group_id, "group")
    return _page(
        group.name,
        group.site,
        {"type": "GROUP", "id": str(group.id)},
        url_for("admin.group_calendar_data", group_id=group.id),
        url_for("admin.group", group_id=group.id),
    )


@bp.get("/groups/<group_id>/calendar.json")
@requires(Permission.SCHEDULES_READ)
def group_calendar_data(group_id: str):
    group = get_or_404(ScreenGroup, group_id, "group")
    return jsonify(_blocks_json(group.site, group_rules(group), [], [group.id], None))
