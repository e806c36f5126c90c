"""One's own personal API tokens (CONTRACT §15): create (the secret shown once), list, revoke.
Every signed-in role has them; a token acts with its user's role."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from signage.access.matrix import Permission
from signage.auth import api_tokens
from signage.core.errors import ServiceError
from signage.web.console.blueprint import bp
from signage.web.console.forms import ConfirmForm, TokenForm, show_errors
from signage.web.guard import requires
from signage.web.http import parse_id


def _page(form: TokenForm | None = None, secret: str | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    return render_template(
        "admin/tokens.html",
        tokens=api_tokens.tokens_of(current_user.id),
        form=form or TokenForm(formdata=None),
        revoke_form=ConfirmForm(formdata=None),
        secret=secret,
    ), status


@bp.get("/profile/tokens")
@requires(Permission.CONSOLE)
def tokens_page():
    return _page()


@bp.post("/profile/tokens")
@requires(Permission.CONSOLE)
def tokens_create_page():
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(form=form, status=422)
    now = datetime.now(UTC)
    expires = now + timedelta(days=int(form.lifetime.data)) if form.lifetime.data else None
    try:
        _token, secret = api_tokens.create_token(current_user, form.name.data or "", expires, now)
    except ServiceError as exc:
        show_errors(form, exc)
        return _page(form=form, status=422)
    # Shown in this answer only (never stored in clear, never put in the session).
    return _page(secret=secret, status=201)


@bp.post("/profile/tokens/<token_id>/revoke")
@requires(Permission.CONSOLE)
def tokens_revoke_page(token_id: str):
    if not ConfirmForm().validate_on_submit():
        abort(400, _("The form expired; try again."))
    try:
        api_tokens.revoke(current_user.id, parse_id(token_id))
    except ServiceError:
        abort(404)
    flash(_("The token is revoked: scripts using it are refused from now on."), "success")
    return redirect(url_for("admin.tokens_page"))
