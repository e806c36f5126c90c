"""Reports (issue 17): availability and proof of play over local days, from the daily
rollups, with charts (Chart.js, drawn by static/console/src/reports.js from the same JSON the
API gives), the tables server-side (readable printed and without script), CSV and XLSX exports."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from flask import render_template, request, url_for

from signage.access.matrix import Permission
from signage.extensions import db
from signage.fleet.queries import screens_query, sites_query
from signage.monitoring.rollup_queries import Scope, availability, plays
from signage.web.console.blueprint import bp
from signage.web.guard import requires
from signage.web.http import id_arg
from signage.web.i18n import user_zone

DEFAULT_DAYS = 30
LONGEST_DAYS = 400


def _day(name: str, default: date) -> date:
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return default


@bp.get("/reports")
@requires(Permission.REPORTS_READ)
def reports_page():
    today = datetime.now(UTC).astimezone(user_zone()).date()
    last = _day("to", today)
    first = _day("from", last - timedelta(days=DEFAULT_DAYS - 1))
    if first > last or (last - first).days >= LONGEST_DAYS:
        first = last - timedelta(days=DEFAULT_DAYS - 1)
    scope = Scope(first, last, site_id=id_arg("siteId"), screen_id=id_arg("screenId"))
    query = {"from": first.isoformat(), "to": last.isoformat()}
    query |= {name: request.args[name] for name in ("siteId", "screenId") if request.args.get(name)}
    screens = db.session.scalars(screens_query(site_id=scope.site_id)).all()
    return render_template(
        "admin/reports.html",
        filters=query,
        sites=db.session.scalars(sites_query()).all(),
        screens=screens,
        availability=availability(scope, datetime.now(UTC)),
        plays=plays(scope),
        urls={
            "availability": url_for("api_admin.report_availability", **query),
            "plays": url_for("api_admin.report_plays_by_day", **query),
            "availability_csv": url_for("api_admin.report_availability", format="csv", **query),
            "plays_csv": url_for("api_admin.report_plays_by_day", format="csv", **query),
            "availability_xlsx": url_for("api_admin.report_availability", format="xlsx", **query),
            "plays_xlsx": url_for("api_admin.report_plays_by_day", format="xlsx", **query),
        },
    )
