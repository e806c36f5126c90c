"""Getting back into an account (issue 13): "forgot password" on the sign-in page, the reset
link's page, and an ADMIN's unlock and reset e-mail on a user's page.

The answer to "forgot password" is the same whether the e-mail exists, is throttled or mail
is off: only the inbox tells. The e-mail is written in its reader's language and sent by a
job, so a known address answers as fast as an unknown one.
"""

from __future__ import annotations

import logging
from email.message import EmailMessage

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import force_locale
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
from signage.jobs.queue import enqueue
from signage.mail import mail_configured
from signage.models import User
from signage.web.console.blueprint import bp
from signage.web.console.forms import ConfirmForm, show_errors
from signage.web.guard import public, requires
from signage.web.http import get_or_404
from signage.web.i18n import select_locale, translate

log = logging.getLogger(__name__)


class ForgotPasswordForm(FlaskForm):
    email = StringField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])


class NewPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=256)])
    confirm_password = PasswordField(_l("New password, again"), validators=[DataRequired(), Length(max=256)])

    def validate_confirm_password(self, field: PasswordField) -> None:
        if field.data != self.password.data:
            raise ValidationError(_l("The two new passwords differ."))


def reset_link(user: User, *, trusted_host: bool) -> str | None:
    """The link for the e-mail: under PUBLIC_BASE_URL; else the request's own address, but
    only when the asker is a signed-in ADMIN (a forged Host header must never put a valid
    token into a link to another server)."""
    token = password_reset.reset_token(user, current_app.config["SECRET_KEY"])
    path = url_for("admin.reset_password", token=token)
    base = current_app.config["SIGNAGE"].public_base_url
    if base:
        return base + path
    return url_for("admin.reset_password", token=token, _external=True) if trusted_host else None


def reset_mail(user: User, link: str, fallback_locale: str) -> EmailMessage:
    """The e-mail in the user's language, else `fallback_locale`."""
    settings = current_app.config["SIGNAGE"]
    minutes = int(password_reset.reset_rules.LINK_MAX_AGE.total_seconds() // 60)
    with force_locale(user.locale or fallback_locale):
        message = EmailMessage()
        message["Subject"] = _("Reset your Signage password")
        message["From"] = settings.mail_sender
        message["To"] = user.email
        message.set_content(
            "\n\n".join(
                (
                    _("Hello %(name)s,", name=user.name or user.email),
                    _("To choose a new password for your Signage account, open this link:"),
                    link,
                    _("It works once, for %(minutes)s minutes.", minutes=minutes),
                    _("If you did not ask for it, ignore this e-mail: your password stays as it is."),
                )
            )
            + "\n"
        )
    return message


def send_reset(user: User, *, trusted_host: bool) -> bool:
    """Queue the reset e-mail; False when mail or the server's address is not set up. A user
    who saved no language reads it in the asking page's when they asked themselves (their
    browser's), else in the server's default."""
    settings = current_app.config["SIGNAGE"]
    link = reset_link(user, trusted_host=trusted_host)
    if not mail_configured(settings) or link is None:
        log.warning("password reset for %s not sent: set MAIL_SERVER and PUBLIC_BASE_URL", user.email)
        return False
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    enqueue(
        app,
        "signage.auth.jobs.deliver_mail",
        reset_mail(user, link, settings.default_locale if trusted_host else select_locale()).as_string(),
    )
    return True


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
