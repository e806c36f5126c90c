"""Console pages for a screen's player identity: the activation link + QR code, pairing by
the code a kiosk shows, revocation."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from signage.access.matrix import Permission
from signage.core.errors import ServiceError
from signage.fleet import pairing
from signage.fleet.identity import new_activation_token, revoke, screen_identity_state
from signage.fleet.identity_rules import IdentityState
from signage.fleet.qr import qr_svg
from signage.models import Screen
from signage.web.api.screen_identity import activation_url
from signage.web.console.blueprint import bp
from signage.web.console.fleet_forms import PairForm
from signage.web.console.forms import ConfirmForm, show_errors
from signage.web.guard import requires
from signage.web.http import get_or_404


@bp.app_template_global()
def screen_identity(screen: Screen) -> str:
    return screen_identity_state(screen, datetime.now(UTC)).value


@bp.route("/screens/<screen_id>/activate", methods=["GET", "POST"])
@requires(Permission.SCREENS_WRITE)
def screen_activate(screen_id: str):
    screen = get_or_404(Screen, screen_id, "screen")
    form = ConfirmForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400, _("The form expired; try again."))
        new_activation_token(screen, datetime.now(UTC))
        flash(_("New activation link created. Any earlier link no longer works."), "success")
        return redirect(url_for("admin.screen_activate", screen_id=screen.id))
    return _activate_page(screen, form, PairForm())


def _activate_page(screen: Screen, form: ConfirmForm, pair_form: PairForm, status: int = 200):  # type: ignore[no-untyped-def]
    state = screen_identity_state(screen, datetime.now(UTC))
    url = qr = None
    if state is IdentityState.PENDING and screen.activation_token:
        url = activation_url(screen.activation_token)
        qr = Markup(qr_svg(url))  # generated here from our own URL, never from user input
    page = render_template(
        "admin/screen_activate.html",
        screen=screen,
        state=state.value,
        url=url,
        qr=qr,
        form=form,
        pair_form=pair_form,
        back_url=url_for("admin.screen", screen_id=screen.id),
    )
    return page, status


@bp.post("/screens/<screen_id>/pair")
@requires(Permission.SCREENS_WRITE)
def screen_pair_page(screen_id: str):
    """The admin types the code the kiosk shows; the kiosk starts playing at its next poll."""
    screen = get_or_404(Screen, screen_id, "screen")
    pair_form = PairForm()
    if not pair_form.validate_on_submit():
        abort(400, _("The form expired; try again."))
    try:
        pairing.claim(screen, pair_form.code.data or "", current_user.id, datetime.now(UTC))
    except ServiceError as exc:
        show_errors(pair_form, exc)
        status = 429 if isinstance(exc, pairing.TooManyAttempts) else 422
        return _activate_page(screen, ConfirmForm(), pair_form, status)
    flash(
        _("%(name)s is paired: the screen starts playing within a few seconds.", name=screen.name), "success"
    )
    return redirect(url_for("admin.screen_activate", screen_id=screen.id))


@bp.post("/screens/<screen_id>/revoke")
@requires(Permission.SCREENS_REVOKE)
def screen_revoke_page(screen_id: str):
    screen = get_or_404(Screen, screen_id, "screen")
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400, _("The form expired; try again."))
    back = url_for("admin.screen", screen_id=screen.id)
    if request.form.get("confirm") != "yes":
        flash(_("Tick the box to confirm the revocation."), "error")
        return redirect(back)
    revoke(screen)  # closes its live connections too
    flash(_("%(name)s: player token revoked; its live connections were closed.", name=screen.name), "success")
    return redirect(back)
