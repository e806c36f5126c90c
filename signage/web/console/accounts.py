"""Getting back into an account (issue 13): "forgot password" on the sign-in page, the reset
link's page, and an ADMIN's unlock and reset e-mail on a user's page.

The answer to "forgot password" is the same whether the e-mail exists, is throttled or mail
is off: only the inbox tells (the e-mail itself: signage.web.account_mail).
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from signage.access.matrix import Permission
from signage.auth import password_reset
from signage.auth.login import client_ip
from signage.auth.users import AccountError
from signage.core.errors import ServiceError
from signage.models import User
from signage.web.account_mail import send_reset
from signage.web.console.blueprint import bp
from signage.web.console.forms import ConfirmForm, show_errors
from signage.web.guard import public, requires
from signage.web.http import get_or_404
from signage.web.i18n import translate


class ForgotPasswordForm(FlaskForm):
    email = StringField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])


class NewPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=256)])
    confirm_password = PasswordField(_l("New password, again"), validators=[DataRequired(), Length(max=256)])

    def validate_confirm_password(self, field: PasswordField) -> None:
        if field.data != self.password.data:
            raise ValidationError(_l("The two new passwords differ."))


@bp.route("/forgot-password", methods=["GET", "POST"])
@public
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        email = form.email.data or ""
        if password_reset.may_send_reset(email, client_ip()):
            user = password_reset.user_by_email(email)
            if user is not None:
                send_reset(user, trusted_host=False)
        flash(
            _(
                "If an account uses this address, an e-mail with a link to choose a new password is on "
                "its way. The link works once, for an hour."
            ),
            "success",
        )
        return redirect(url_for("admin.login"))
    return render_template("admin/forgot_password.html", form=form), 422 if form.is_submitted() else 200


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str):
    secret = current_app.config["SECRET_KEY"]
    try:
        password_reset.user_for_reset(token, secret)
    except ServiceError as exc:
        status = 410 if exc.code == "reset_link_expired" else 404
        return render_template("admin/reset_password.html", form=None, problem=translate(exc.message)), status
    form = NewPasswordForm()
    status = 200
    if form.validate_on_submit():
        try:
            password_reset.reset_password(token, secret, form.password.data or "")
        except AccountError as exc:
            show_errors(form, exc)
            status = 422
        else:
            flash(_("Your password is changed: sign in with it."), "success")
            return redirect(url_for("admin.login"))
    elif form.is_submitted():
        status = 422
    return render_template("admin/reset_password.html", form=form, problem=None), status


@bp.post("/users/<user_id>/unlock")
@requires(Permission.USERS_MANAGE)
def user_unlock(user_id: str):
    user = get_or_404(User, user_id, "user")
    if ConfirmForm().validate_on_submit():
        password_reset.unlock(user, by=current_user, ip_address=client_ip())
        flash(_("%(email)s can sign in again.", email=user.email), "success")
    return redirect(url_for("admin.user_edit", user_id=user.id))


@bp.post("/users/<user_id>/send-reset")
@requires(Permission.USERS_MANAGE)
def user_send_reset(user_id: str):
    user = get_or_404(User, user_id, "user")
    if ConfirmForm().validate_on_submit():
        if send_reset(user, trusted_host=True):
            password_reset.note_reset_sent(user, by=current_user, ip_address=client_ip())
            flash(_("A password reset e-mail is on its way to %(email)s.", email=user.email), "success")
        else:
            flash(
                _("E-mail is not set up on this server (MAIL_SERVER): reset the password here instead."),
                "error",
            )
    return redirect(url_for("admin.user_edit", user_id=user.id))
