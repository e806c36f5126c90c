"""/api/admin/reports/availability and /api/admin/reports/plays-by-day: reports over local
days, read from the daily rollups (issue 17; our addition, documented in docs/api.md). Every
role reads reports (REPORTS_READ)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Response, jsonify, request

from signage import schemas
from signage.access.matrix import Permission
from signage.core.validation import ValidationError
from signage.monitoring.payloads import availability_json, plays_by_day_json
from signage.monitoring.report_rules import csv_text
from signage.monitoring.report_sheets import MIMETYPE as XLSX
from signage.monitoring.report_sheets import workbook
from signage.monitoring.rollup_queries import Scope, availability, plays
from signage.web.api.blueprint import bp
from signage.web.api.exports import export_format, xlsx_answer
from signage.web.guard import requires
from signage.web.http import id_arg
from signage.web.openapi import answers

LONGEST_PERIOD_DAYS = 400


def _scope() -> Scope:
    errors: dict[str, str] = {}
    days: dict[str, date] = {}
    for name in ("from", "to"):
        raw = request.args.get(name, "")
        try:
            days[name] = date.fromisoformat(raw)
        except ValueError:
            errors[name] = "Required: a date, e.g. 2026-11-01."
    if not errors and days["to"] < days["from"]:
        errors["to"] = "Must not be before from."
    elif not errors and (days["to"] - days["from"]).days >= LONGEST_PERIOD_DAYS:
        errors["to"] = f"At most {LONGEST_PERIOD_DAYS} days."
    if errors:
        raise ValidationError(errors, "Invalid report period.")
    return Scope(days["from"], days["to"], site_id=id_arg("siteId"), screen_id=id_arg("screenId"))


@bp.get("/reports/availability")
@requires(Permission.REPORTS_READ)
@answers(schemas.Availability, files=("text/csv", XLSX))
def report_availability():
    """Local dates `from`..`to` (inclusive) in each screen's zone; filters siteId, screenId.
    `format=csv` or `format=xlsx`: the table per screen."""
    scope = _scope()
    fmt = export_format()
    body = availability_json(availability(scope, datetime.now(UTC)))
    if fmt == "json":
        return jsonify(body)
    columns = ["screenId", "screenName", "siteId", "uptimePercent", "onlineSeconds", "coveredSeconds",
               "incidents", "longestOutageSeconds", "heartbeats", "plays", "errors"]  # fmt: skip
    rows = [[screen[c] for c in columns] for screen in body["screens"]]
    return _file("availability", scope, fmt, columns, rows)


@bp.get("/reports/plays-by-day")
@requires(Permission.REPORTS_READ)
@answers(schemas.PlaysByDay, files=("text/csv", XLSX))
def report_plays_by_day():
    """Local dates `from`..`to`; filters siteId, screenId, mediaId, playlistId. `format=csv` or
    `format=xlsx`: plays and seconds per day (in XLSX the days are Excel dates)."""
    scope = _scope()
    fmt = export_format()
    body = plays_by_day_json(plays(scope, media_id=id_arg("mediaId"), playlist_id=id_arg("playlistId")))
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
