"""One's own account: name, language, timezone, and a new password given the current one.
Every signed-in role has it (CONTRACT §14)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user

from signage.access.matrix import Permission
from signage.auth.users import AccountError, change_own_password, update_user
from signage.models import User
from signage.web.console.blueprint import bp
from signage.web.console.forms import OwnPasswordForm, ProfileForm, show_errors
from signage.web.guard import requires


def _profile_form(user: User) -> ProfileForm:
    return ProfileForm(
        formdata=None, data={"name": user.name, "locale": user.locale or "", "timezone": user.timezone or ""}
    )


def _page(form: ProfileForm | None = None, password_form: OwnPasswordForm | None = None, status: int = 200):
    user: User = current_user._get_current_object()  # type: ignore[attr-defined]
    return render_template(
        "admin/profile.html",
        user=user,
        form=form or _profile_form(user),
        password_form=password_form or OwnPasswordForm(formdata=None),
    ), status


@bp.get("/profile")
@requires(Permission.CONSOLE)
def profile():
    return _page()


@bp.post("/profile")
@requires(Permission.CONSOLE)
def profile_update():
    user: User = current_user._get_current_object()  # type: ignore[attr-defined]
    form = ProfileForm()
    if not form.validate_on_submit():
        return _page(form=form, status=422)
    try:
        update_user(user, name=form.name.data or "", locale=form.locale.data, timezone=form.timezone.data)
    except AccountError as exc:
        show_errors(form, exc)
        return _page(form=form, status=422)
    refresh()  # the message below speaks the language just chosen
    flash(_("Your profile is saved."), "success")
    return redirect(url_for("admin.profile"))


@bp.post("/profile/password")
@requires(Permission.CONSOLE)
def profile_password():
    user: User = current_user._get_current_object()  # type: ignore[attr-defined]
    password_form = OwnPasswordForm()
    if not password_form.validate_on_submit():
        return _page(password_form=password_form, status=422)
    try:
        change_own_password(
            user, password_form.current_password.data or "", password_form.password.data or ""
        )
    except AccountError as exc:
        show_errors(password_form, exc)
        return _page(password_form=password_form, status=422)
    # The change ended the user's other sessions; this one goes on (signage.auth.login).
    flash(_("Your password is changed. Your other sessions are signed out."), "success")
    return redirect(url_for("admin.profile"))
