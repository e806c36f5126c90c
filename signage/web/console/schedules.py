"""Schedule pages: the list with the create form, one schedule (edit, delete) with its
equal-priority overlaps, and the week views of a screen and of a group. Read: every role;
write: ADMIN and EDITOR."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from signage.access.matrix import Permission
from signage.core.errors import ServiceError
from signage.extensions import db
from signage.fleet.targets import target_key
from signage.models import PlaylistItem, Schedule, Screen, ScreenGroup, Site
from signage.scheduling.candidates import candidate_rules, group_rules, zone_of
from signage.scheduling.field_rules import FIRST_DATE, LAST_DATE
from signage.scheduling.queries import names_by_kind, playlist_options, schedule_list
from signage.scheduling.schedules import (
    EMPTY_PLAYLIST,
    create_schedule,
    delete_schedule,
    overlap_warnings,
    update_schedule,
)
from signage.scheduling.week import monday_of, week_of
from signage.web.console.alert_forms import target_choices
from signage.web.console.blueprint import bp
from signage.web.console.forms import DeleteForm, show_errors
from signage.web.console.paging import page_of
from signage.web.console.schedule_forms import ScheduleForm
from signage.web.guard import requires
from signage.web.http import SEARCH_MAX, get_or_404
from signage.web.i18n import translate


def _with_choices(form: ScheduleForm) -> ScheduleForm:
    form.target.choices = target_choices(include_all=False)
    filled = set(db.session.scalars(select(PlaylistItem.playlist_id).distinct()))
    # Nothing preselected: the first playlist by name is rarely the one meant.
    form.playlist_id.choices = [SelectChoice("", _("Choose a playlist"))] + [
        SelectChoice(value, label if int(value) in filled else _("%(name)s (empty)", name=label))
        for value, label in playlist_options()
    ]
    return form


def _save_args(form: ScheduleForm) -> dict[str, Any]:
    """The form's values, and whether its user confirmed an empty playlist."""
    return {**form.service_args(), "allow_empty_playlist": bool(form.allow_empty.data)}


def _show_errors(form: ScheduleForm, exc: ServiceError) -> None:
    # Refused for an empty playlist: offer the box that confirms it on the next save.
    form.empty_refused = exc.fields.get("playlist_id") == EMPTY_PLAYLIST
    show_errors(form, exc)


def _edit_form(schedule: Schedule) -> ScheduleForm:
    return ScheduleForm(
        formdata=None,
        data={
            "name": schedule.name,
            "target": target_key(schedule.target_type, schedule.target_id),
            "playlist_id": str(schedule.playlist_id),
            "priority": schedule.priority,
            "is_recurring": schedule.is_recurring,
            "is_interruption": schedule.is_interruption,
            "paused": not schedule.is_enabled,
            "start_date": schedule.start_date.isoformat() if schedule.start_date else "",
            "end_date": schedule.end_date.isoformat() if schedule.end_date else "",
            "start_time": schedule.start_time or "",
            "end_time": schedule.end_time or "",
            "days_of_week": [str(day) for day in schedule.days_of_week or []],
        },
    )


def _list_page(form: ScheduleForm, status: int = 200):
    q = (request.args.get("q") or "").strip()[:SEARCH_MAX]
    return render_template(
        "admin/schedules.html",
        page=page_of(schedule_list(q)),
        q=q,
        form=_with_choices(form),
        names=names_by_kind(),
    ), status


def _schedule_page(
    schedule: Schedule, *, form: ScheduleForm | None = None, delete_form: DeleteForm | None = None, status=200
):
    return render_template(
        "admin/schedule.html",
        schedule=schedule,
        form=_with_choices(form or _edit_form(schedule)),
        delete_form=delete_form or DeleteForm(formdata=None),
        warnings=overlap_warnings(schedule, datetime.now(UTC)),
    ), status


@bp.get("/schedules")
@requires(Permission.SCHEDULES_READ)
def schedules():
    return _list_page(ScheduleForm(formdata=None))


@bp.post("/schedules")
@requires(Permission.SCHEDULES_WRITE)
def schedule_create():
    form = _with_choices(ScheduleForm())
    if not form.validate_on_submit():
        return _list_page(form, 422)
    try:
        schedule, warnings = create_schedule(**_save_args(form), created_by=current_user.id)
    except ServiceError as exc:
        _show_errors(form, exc)
        return _list_page(form, 422)
    flash(_("Schedule %(name)s created.", name=schedule.name), "success")
    return redirect(url_for("admin.schedule", schedule_id=schedule.id))


@bp.get("/schedules/<schedule_id>")
@requires(Permission.SCHEDULES_READ)
def schedule(schedule_id: str):
    return _schedule_page(get_or_404(Schedule, schedule_id, "schedule"))


@bp.post("/schedules/<schedule_id>")
@requires(Permission.SCHEDULES_WRITE)
def schedule_update(schedule_id: str):
    schedule = get_or_404(Schedule, schedule_id, "schedule")
    form = _with_choices(ScheduleForm())
    if not form.validate_on_submit():
        return _schedule_page(schedule, form=form, status=422)
    try:
        update_schedule(schedule, **_save_args(form))
    except ServiceError as exc:
        _show_errors(form, exc)
        return _schedule_page(db.session.get(Schedule, schedule.id) or schedule, form=form, status=422)
    flash(_("Changes saved."), "success")
    return redirect(url_for("admin.schedule", schedule_id=schedule.id))


@bp.post("/schedules/<schedule_id>/delete")
@requires(Permission.SCHEDULES_WRITE)
def schedule_delete(schedule_id: str):
    schedule = get_or_404(Schedule, schedule_id, "schedule")
    form = DeleteForm()
    if not form.validate_on_submit():
        return _schedule_page(schedule, delete_form=form, status=422)
    name = schedule.name
    try:
        delete_schedule(schedule)
    except ServiceError as exc:
        form.form_errors.append(translate(exc.message))
        return _schedule_page(schedule, delete_form=form, status=409)
    flash(_("Schedule %(name)s deleted.", name=name), "success")
    return redirect(url_for("admin.schedules"))


def _first_day(site: Site) -> date:
    """`?start=YYYY-MM-DD` (any day: the week starts on its Monday); this week otherwise."""
    raw = request.args.get("start", "")
    try:
        day = date.fromisoformat(raw) if len(raw) == 10 else None
    except ValueError:
        day = None
    if day is None or not FIRST_DATE + timedelta(days=7) <= day <= LAST_DATE - timedelta(days=7):
        day = datetime.now(UTC).astimezone(zone_of(site)).date()
    return monday_of(day)


def _week_page(title: str, site: Site, rules, back_url: str, note: str, calendar_url: str):
    first = _first_day(site)
    zone = zone_of(site)
    week = week_of(rules, zone, first)
    names = names_by_kind()

    def local(instant: datetime, day: date | None = None) -> str:
        """HH:MM on the site's clock; the midnight ending `day` reads 24:00."""
        shown = instant.astimezone(zone)
        return "24:00" if day is not None and shown.date() > day else shown.strftime("%H:%M")

    return render_template(
        "admin/week.html",
        title=title,
        site=site,
        week=week,
        back_url=back_url,
        note=note,
        calendar_url=calendar_url,
        playlists=names["PLAYLIST"],
        colour={rule.id: index for index, rule in enumerate(week.schedules)},
        prev_start=(first - timedelta(days=7)).isoformat(),
        next_start=(first + timedelta(days=7)).isoformat(),
        this_week=request.path,
        local=local,
    )


@bp.get("/screens/<screen_id>/week")
@requires(Permission.SCHEDULES_READ)
def screen_week(screen_id: str):
    screen = get_or_404(Screen, screen_id, "screen")
    return _week_page(
        screen.name,
        screen.site,
        candidate_rules(screen),
        url_for("admin.screen", screen_id=screen.id),
        _("The screen's own schedules and those of its group."),
        url_for("admin.screen_calendar", screen_id=screen.id),
    )


@bp.get("/groups/<group_id>/week")
@requires(Permission.SCHEDULES_READ)
def group_week(group_id: str):
    group = get_or_404(ScreenGroup, group_id, "group")
    return _week_page(
        group.name,
        group.site,
        group_rules(group),
        url_for("admin.group", group_id=group.id),
        _(
            "The group's schedules, shared by its screens; a screen's own schedules may override them "
            "(see each screen's week)."
        ),
        url_for("admin.group_calendar", group_id=group.id),
    )
