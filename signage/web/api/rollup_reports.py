"""/api/admin/reports/availability and /api/admin/reports/plays-by-day: reports over local
days, read from the daily rollups (issue 17; our addition, documented in docs/api.md). Every
role reads reports (REPORTS_READ)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Response, jsonify, request

from signage import schemas
from signage.access.matrix import Permission
from signage.core.errors import N_, Text
from signage.core.validation import ValidationError
from signage.monitoring.payloads import availability_json, plays_by_day_json
from signage.monitoring.report_rules import csv_text
from signage.monitoring.report_sheets import MIMETYPE as XLSX
from signage.monitoring.report_sheets import workbook
from signage.monitoring.rollup_queries import Scope, availability, plays
from signage.web.api.blueprint import bp
from signage.web.api.exports import xlsx_answer
from signage.web.api.report_queries import DaysQuery, PlaysByDayQuery
from signage.web.guard import requires
from signage.web.http import opaque_id
from signage.web.openapi import answers, queried

LONGEST_PERIOD_DAYS = 400


def _scope(args: DaysQuery) -> Scope:
    if args.to < args.from_:
        raise ValidationError({"to": N_("Must not be before from.")}, N_("Invalid report period."))
    if (args.to - args.from_).days >= LONGEST_PERIOD_DAYS:
        message = Text(N_("At most %(days)s days."), days=LONGEST_PERIOD_DAYS)
        raise ValidationError({"to": message}, N_("Invalid report period."))
    return Scope(args.from_, args.to, site_id=opaque_id(args.site_id), screen_id=opaque_id(args.screen_id))


@bp.get("/reports/availability")
@requires(Permission.REPORTS_READ)
@queried(DaysQuery)
@answers(schemas.Availability, files=("text/csv", XLSX))
def report_availability():
    """Local dates `from`..`to` (inclusive) in each screen's zone; filters siteId, screenId.
    `format=csv` or `format=xlsx`: the table per screen."""
    args = DaysQuery.parse(request.args)
    scope, fmt = _scope(args), args.format
    body = availability_json(availability(scope, datetime.now(UTC)))
    if fmt == "json":
        return jsonify(body)
    columns = ["screenId", "screenName", "siteId", "uptimePercent", "onlineSeconds", "coveredSeconds",
               "incidents", "longestOutageSeconds", "heartbeats", "plays", "errors"]  # fmt: skip
    rows = [[screen[c] for c in columns] for screen in body["screens"]]
    return _file("availability", scope, fmt, columns, rows)


@bp.get("/reports/plays-by-day")
@requires(Permission.REPORTS_READ)
@queried(PlaysByDayQuery)
@answers(schemas.PlaysByDay, files=("text/csv", XLSX))
def report_plays_by_day():
    """Local dates `from`..`to`; filters siteId, screenId, mediaId, playlistId. `format=csv` or
    `format=xlsx`: plays and seconds per day (in XLSX the days are Excel dates)."""
    args = PlaysByDayQuery.parse(request.args)
    scope, fmt = _scope(args), args.format
    body = plays_by_day_json(
        plays(scope, media_id=opaque_id(args.media_id), playlist_id=opaque_id(args.playlist_id))
    )
    if fmt == "json":
        return jsonify(body)
    rows: list[list[object]] = [
        [day["day"] if fmt == "csv" else date.fromisoformat(day["day"]), day["plays"], day["seconds"]]
        for day in body["days"]
    ]
    return _file("plays-by-day", scope, fmt, ["day", "plays", "seconds"], rows)


def _file(name: str, scope: Scope, fmt: str, columns: list[str], rows: list[list[object]]) -> Response:
    filename = f"{name}-{scope.first.isoformat()}-{scope.last.isoformat()}"
    if fmt == "xlsx":
        return xlsx_answer(workbook(name, columns, rows), filename)
    return Response(
        csv_text(columns, rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'},
    )
