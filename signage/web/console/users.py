"""User management pages (ADMIN only)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from signage.access.matrix import Permission
from signage.auth import console_sessions
from signage.auth.login import current_session_id
from signage.auth.password_reset import is_locked
from signage.auth.queries import all_users
from signage.auth.users import AccountError, create_user, delete_user, update_user
from signage.extensions import db
from signage.models import User
from signage.web.console.blueprint import bp
from signage.web.console.forms import (
    ConfirmForm,
    PasswordResetForm,
    UserCreateForm,
    UserEditForm,
    show_errors,
)
from signage.web.guard import requires
from signage.web.http import get_or_404, parse_id
from signage.web.i18n import translate


def _edit_form(user: User) -> UserEditForm:
    return UserEditForm(formdata=None, data={"email": user.email, "name": user.name, "role": user.role.value})


@bp.route("/users", methods=["GET", "POST"])
@requires(Permission.USERS_MANAGE)
def users():
    form = UserCreateForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = create_user(
                form.email.data or "", form.password.data or "", form.role.data, form.name.data or ""
            )
        except AccountError as exc:
            show_errors(form, exc)
            status = 422
        else:
            flash(_("User %(email)s created.", email=user.email), "success")
            return redirect(url_for("admin.users"))
    elif form.is_submitted():
        status = 422
    return render_template("admin/users.html", users=all_users(), form=form), status


@bp.route("/users/<user_id>", methods=["GET", "POST"])
@requires(Permission.USERS_MANAGE)
def user_edit(user_id: str):
    user = get_or_404(User, user_id, "user")
    form = UserEditForm()
    if not form.is_submitted():
        form = _edit_form(user)
    status = 200
    if form.validate_on_submit():
        try:
            update_user(user, email=form.email.data or "", name=form.name.data or "", role=form.role.data)
        except AccountError as exc:
            show_errors(form, exc)
            status = 409 if exc.code == "last_admin" else 422
        else:
            flash(_("Changes saved."), "success")
            return redirect(url_for("admin.user_edit", user_id=user.id))
    elif form.is_submitted():
        status = 422
    return _edit_page(user, form, PasswordResetForm(), status)


def _edit_page(user: User, form: UserEditForm, password_form: PasswordResetForm, status: int):  # type: ignore[no-untyped-def]
    mine = current_session_id()
    sessions = [(s, console_sessions.is_current(s, mine)) for s in console_sessions.live_sessions(user.id)]
    return render_template(
        "admin/user_edit.html",
        user=user,
        locked=is_locked(user.email),
        access_form=ConfirmForm(formdata=None),
        form=form,
        password_form=password_form,
        delete_form=ConfirmForm(),
        sessions=sessions,
    ), status


@bp.post("/users/<user_id>/password")
@requires(Permission.USERS_MANAGE)
def user_password(user_id: str):
    user = get_or_404(User, user_id, "user")
    password_form = PasswordResetForm()
    status = 200
    if password_form.validate_on_submit():
        try:
            update_user(user, password=password_form.password.data or "")
        except AccountError as exc:
            show_errors(password_form, exc)
            status = 422
        else:
            flash(
                _("Password of %(email)s reset; their open sessions are closed.", email=user.email), "success"
            )
            return redirect(url_for("admin.user_edit", user_id=user.id))
    else:
        status = 422
    return _edit_page(user, _edit_form(user), password_form, status)


@bp.post("/users/<user_id>/sessions/end")
@requires(Permission.USERS_MANAGE)
def user_sessions_end_page(user_id: str):
    """End one session (`session` in the form) or all but the ADMIN's own (CONTRACT §15)."""
    user = get_or_404(User, user_id, "user")
    if not ConfirmForm().validate_on_submit():
        abort(400, _("The form expired; try again."))
    raw = request.form.get("session")
    if raw:
        ended = console_sessions.end_sessions(user.id, session_id=parse_id(raw) or -1)
    else:
        ended = console_sessions.end_sessions(user.id, keep=current_session_id())
    flash(ngettext("%(num)s session ended.", "%(num)s sessions ended.", ended), "success")
    return redirect(url_for("admin.user_edit", user_id=user.id))


@bp.post("/users/<user_id>/delete")
@requires(Permission.USERS_MANAGE)
def user_delete(user_id: str):
    user = get_or_404(User, user_id, "user")
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400, _("The form expired; try again."))
    email = user.email
    try:
        delete_user(user, acting_user_id=current_user.id)
    except AccountError as exc:
        db.session.rollback()
        flash(translate(exc.message), "error")
        return redirect(url_for("admin.user_edit", user_id=user.id))
    flash(_("User %(email)s deleted.", email=email), "success")
    return redirect(url_for("admin.users"))
