"""/api/admin/reports (CONTRACT §9): proof of play and uptime. Every role (REPORTS_READ)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Response, jsonify, request, stream_with_context

from signage import schemas
from signage.access.matrix import Permission
from signage.core.errors import N_, Text
from signage.core.validation import ValidationError
from signage.extensions import db
from signage.monitoring.payloads import play_json, uptime_report_json
from signage.monitoring.queries import plays, screens_by_name
from signage.monitoring.report_sheets import EXPORT_ROWS
from signage.monitoring.report_sheets import MIMETYPE as XLSX
from signage.monitoring.reports import plays_csv, plays_xlsx, uptime
from signage.web.api.blueprint import bp
from signage.web.api.exports import xlsx_answer
from signage.web.api.report_queries import PlaysQuery, UptimeQuery
from signage.web.guard import requires
from signage.web.http import count_of
from signage.web.openapi import answers, queried

UPTIME_DEFAULT = timedelta(hours=24)
UPTIME_LONGEST = timedelta(days=31)


def _period(start: datetime | None, end: datetime | None) -> None:
    if start is not None and end is not None and not start < end:
        raise ValidationError({"to": N_("Must be after from.")}, N_("Invalid report period."))


@bp.get("/reports/proof_of_play")
@requires(Permission.REPORTS_READ)
@queried(PlaysQuery)
@answers(schemas.page_of(schemas.Play), files=("text/csv", XLSX))
def report_proof_of_play():
    """Filters: screenId, mediaId, playlistId, siteId, from (inclusive), to (exclusive).
    `format=csv`: every matching play as CSV, streamed; `format=xlsx`: the same rows as a
    spreadsheet (instants on the site's clock); else JSON paged by limit/offset."""
    args = PlaysQuery.parse(request.args)
    _period(args.from_, args.to)
    query = plays(
        screen_id=args.screen_id,
        media_id=args.media_id,
        playlist_id=args.playlist_id,
        site_id=args.site_id,
        start=args.from_,
        end=args.to,
    )
    fmt = args.format
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
    total = count_of(query)
    rows = db.session.execute(query.limit(args.limit).offset(args.offset))
    return jsonify({"items": [play_json(row) for row in rows], "total": total})


@bp.get("/reports/uptime")
@requires(Permission.REPORTS_READ)
@queried(UptimeQuery)
@answers(schemas.UptimeReport)
def report_uptime():
    """Per screen over [from, to) (default: the last 24 hours; at most 31 days; the future
    is not counted): `onlineSeconds` and `uptimePercent`, from the heartbeats. Paged by screen."""
    now = datetime.now(UTC)
    args = UptimeQuery.parse(request.args)
    _period(args.from_, args.to)
    end = min(args.to or now, now)
    start = args.from_ or end - UPTIME_DEFAULT
    if not start < end:
        raise ValidationError({"from": N_("Must be in the past.")}, N_("Invalid report period."))
    if end - start > UPTIME_LONGEST:
        raise ValidationError(
            {"from": Text(N_("The period is at most %(days)s days."), days=UPTIME_LONGEST.days)},
            N_("Invalid report period."),
        )
    query = screens_by_name(args.site_id)
    total = count_of(query)
    screens = list(db.session.scalars(query.limit(args.limit).offset(args.offset)))
    return jsonify(uptime_report_json(start, end, uptime(screens, start, end), total))
