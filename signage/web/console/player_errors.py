"""Playback errors the screens reported (issue 17): every screen's, or one screen's or one
media's, newest first, with how many screens they touch. Every role that reads screens."""

from __future__ import annotations

from flask import render_template, request

from signage.access.matrix import Permission
from signage.extensions import db
from signage.models import Media, Screen
from signage.monitoring.error_queries import errors_query, spread
from signage.web.console.blueprint import bp
from signage.web.console.paging import PAGE_SIZE, Page, page_number
from signage.web.guard import requires
from signage.web.http import count_of, id_arg


@bp.get("/player-errors")
@requires(Permission.SCREENS_READ)
def player_errors_page():
    screen_id, media_id = id_arg("screenId"), id_arg("mediaId")
    kind = (request.args.get("type") or "").strip()[:64] or None
    query = errors_query(screen_id=screen_id, media_id=media_id, kind=kind)
    number = page_number()
    rows = db.session.execute(query.limit(PAGE_SIZE).offset((number - 1) * PAGE_SIZE)).all()
    return render_template(
        "admin/player_errors.html",
        page=Page(rows, count_of(query), number, PAGE_SIZE),
        spread=spread(query),
        screen=db.session.get(Screen, screen_id) if screen_id and screen_id > 0 else None,
        media=db.session.get(Media, media_id) if media_id and media_id > 0 else None,
        kind=kind,
    )
