"""The audit log page (ADMIN): who changed what, newest first, filtered by action, kind of
object, person and days on the viewer's clock."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask import render_template, request
from flask_babel import lazy_gettext as _l

from signage.access.matrix import Permission
from signage.audit.queries import entries_query
from signage.auth.queries import all_users
from signage.web.console.blueprint import bp
from signage.web.console.paging import page_of
from signage.web.guard import requires
from signage.web.http import id_arg
from signage.web.i18n import user_zone

OBJECT_TYPES = (
    "Site", "ScreenGroup", "Screen", "Media", "Template", "Playlist", "PlaylistItem", "Schedule", "Alert",
    "DataSource", "User", "ApiToken", "ScreenCommand",
)  # fmt: skip


def _day(name: str) -> date | None:
    raw = request.args.get(name, "")
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


ACTION_LABELS = {
    "create": _l("Created"),
    "update": _l("Changed"),
    "delete": _l("Deleted"),
    "sign_in": _l("Signed in"),
    "sign_in_failed": _l("Failed sign-in"),
    "locked_out": _l("Locked out"),
    "sign_out": _l("Signed out"),
    "unlocked": _l("Unlocked"),
    "password_reset": _l("Password reset"),
    "password_reset_sent": _l("Reset link sent"),
}


ACTIONS = tuple(ACTION_LABELS)


@bp.app_template_global()
def audit_action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


@bp.get("/audit")
@requires(Permission.AUDIT_READ)
def audit_page():
    zone = user_zone()
    first, last = _day("from"), _day("to")
    since = datetime.combine(first, time(0), zone) if first else None
    until = datetime.combine(last + timedelta(days=1), time(0), zone) if last else None
    action = request.args.get("action") if request.args.get("action") in ACTIONS else None
    kind = request.args.get("objectType") if request.args.get("objectType") in OBJECT_TYPES else None
    query = entries_query(user_id=id_arg("userId"), action=action, object_type=kind, since=since, until=until)
    return render_template(
        "admin/audit.html",
        page=page_of(query),
        actions=ACTIONS,
        object_types=OBJECT_TYPES,
        users=all_users(),
        filters={
            "action": action,
            "objectType": kind,
            "userId": request.args.get("userId", ""),
            "from": first.isoformat() if first else "",
            "to": last.isoformat() if last else "",
        },
    )
