"""/api/admin/reports (CONTRACT §9): proof of play and uptime. Every role (REPORTS_READ)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Response, jsonify, request, stream_with_context
from sqlalchemy import ColumnElement, func, select

from signage.access.matrix import Permission
from signage.alerts.rules import parse_instant
from signage.core.validation import ValidationError
from signage.core.wire import iso
from signage.extensions import db
from signage.fleet.store import by_name
from signage.models import ProofOfPlay, Screen
from signage.monitoring.reports import play_json, plays_csv, plays_query, uptime
from signage.web.api.blueprint import bp
from signage.web.guard import requires
from signage.web.http import id_filter, page_params

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
def report_proof_of_play():
    """Filters: screenId, mediaId, playlistId, siteId, from (inclusive), to (exclusive).
    `format=csv`: every matching play as CSV, streamed; else JSON paged by limit/offset."""
    start, end = _period()
    where: list[ColumnElement[bool]] = [
        clause
        for clause in (
            id_filter("screenId", ProofOfPlay.screen_id),
            id_filter("mediaId", ProofOfPlay.media_id),
            id_filter("playlistId", ProofOfPlay.playlist_id),
            id_filter("siteId", Screen.site_id),
        )
        if clause is not None
    ]
    if start is not None:
        where.append(ProofOfPlay.played_at >= start)
    if end is not None:
        where.append(ProofOfPlay.played_at < end)
    query = plays_query(where)
    fmt = request.args.get("format", "json")
    if fmt == "csv":
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        return Response(
            stream_with_context(plays_csv(query)),
            mimetype="text/csv",
            headers={"Content-Disposition": f'attachment; filename="proof-of-play-{stamp}.csv"'},
        )
    if fmt != "json":
        raise ValidationError({"format": "Must be json or csv."}, "Invalid report format.")
    limit, offset = page_params()
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    rows = db.session.execute(query.limit(limit).offset(offset))
    return jsonify({"items": [play_json(row) for row in rows], "total": total})


@bp.get("/reports/uptime")
@requires(Permission.REPORTS_READ)
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
    query = select(Screen).order_by(*by_name(Screen))
    site = id_filter("siteId", Screen.site_id)
    if site is not None:
        query = query.where(site)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    screens = list(db.session.scalars(query.limit(limit).offset(offset)))
    items: list[dict[str, Any]] = [
        {
            "screenId": str(row.screen.id),
            "screenName": row.screen.name,
            "siteId": str(row.screen.site_id),
            "onlineSeconds": row.online_seconds,
            "uptimePercent": row.percent,
        }
        for row in uptime(screens, start, end)
    ]
    return jsonify({"from": iso(start), "to": iso(end), "items": items, "total": total})
