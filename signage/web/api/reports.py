"""/api/admin/reports (CONTRACT §9): proof of play and uptime. Every role (REPORTS_READ)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Response, jsonify, request, stream_with_context

from signage import schemas
from signage.access.matrix import Permission
from signage.alerts.rules import parse_instant
from signage.core.errors import N_, Text
from signage.core.validation import ValidationError
from signage.extensions import db
from signage.monitoring.payloads import play_json, uptime_report_json
from signage.monitoring.queries import plays, screens_by_name
from signage.monitoring.report_sheets import EXPORT_ROWS
from signage.monitoring.report_sheets import MIMETYPE as XLSX
from signage.monitoring.reports import plays_csv, plays_xlsx, uptime
from signage.web.api.blueprint import bp
from signage.web.api.exports import export_format, xlsx_answer
from signage.web.guard import requires
from signage.web.http import count_of, page_params
from signage.web.openapi import answers

UPTIME_DEFAULT = timedelta(hours=24)
UPTIME_LONGEST = timedelta(days=31)


def _period(required: bool = False) -> tuple[datetime | None, datetime | None]:
    values: dict[str, datetime | None] = {}
    errors: dict[str, str] = {}
    for name in ("from", "to"):
        raw = request.args.get(name)
        if not raw:
            values[name] = None
            continue
        values[name], problem = parse_instant(raw)
        if problem:
            errors[name] = problem
    start, end = values.get("from"), values.get("to")
    if not errors and start is not None and end is not None and not start < end:
        errors["to"] = "Must be after from."
    if errors:
        raise ValidationError(errors, "Invalid report period.")
    return start, end


@bp.get("/reports/proof_of_play")
@requires(Permission.REPORTS_READ)
@answers(schemas.page_of(schemas.Play), files=("text/csv", XLSX))
def report_proof_of_play():
    """Filters: screenId, mediaId, playlistId, siteId, from (inclusive), to (exclusive).
    `format=csv`: every matching play as CSV, streamed; `format=xlsx`: the same rows as a
    spreadsheet (instants on the site's clock); else JSON paged by limit/offset."""
    start, end = _period()
    query = plays(
        screen_id=request.args.get("screenId"),
        media_id=request.args.get("mediaId"),
        playlist_id=request.args.get("playlistId"),
        site_id=request.args.get("siteId"),
        start=start,
        end=end,
    )
    fmt = export_format()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    if fmt == "csv":
        return Response(
            stream_with_context(plays_csv(query)),
            mimetype="text/csv",
            headers={"Content-Disposition": f'attachment; filename="proof-of-play-{stamp}.csv"'},
        )
    if fmt == "xlsx":
        if count_of(query) > EXPORT_ROWS:
            too_many = N_("An XLSX export holds at most %(most)s rows: narrow the filters or use CSV.")
            message = N_("Too many plays for a spreadsheet.")
            raise ValidationError({"format": Text(too_many, most=EXPORT_ROWS)}, message)
        return xlsx_answer(plays_xlsx(query), f"proof-of-play-{stamp}")
    limit, offset = page_params()
    total = count_of(query)
    rows = db.session.execute(query.limit(limit).offset(offset))
    return jsonify({"items": [play_json(row) for row in rows], "total": total})


@bp.get("/reports/uptime")
@requires(Permission.REPORTS_READ)
@answers(schemas.UptimeReport)
def report_uptime():
    """Per screen over [from, to) (default: the last 24 hours; at most 31 days; the future
    is not counted): `onlineSeconds` and `uptimePercent`, from the heartbeats. Paged by screen."""
    now = datetime.now(UTC)
    start, end = _period()
    end = min(end or now, now)
    start = start or end - UPTIME_DEFAULT
    if not start < end:
        raise ValidationError({"from": "Must be in the past."}, "Invalid report period.")
    if end - start > UPTIME_LONGEST:
        raise ValidationError(
            {"from": f"The period is at most {UPTIME_LONGEST.days} days."}, "Invalid report period."
        )
    limit, offset = page_params()
    query = screens_by_name(request.args.get("siteId"))
    total = count_of(query)
    screens = list(db.session.scalars(query.limit(limit).offset(offset)))
    return jsonify(uptime_report_json(start, end, uptime(screens, start, end), total))
