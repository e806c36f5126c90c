"""The password-reset e-mail, for the console and the API alike: its link, its language,
and its sending by a job, so a request naming a known e-mail answers as fast as any other."""

from __future__ import annotations

import logging
from email.message import EmailMessage

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from signage.auth import password_reset
from signage.jobs.queue import enqueue
from signage.mail import mail_configured
from signage.models import User
from signage.web.i18n import select_locale

log = logging.getLogger(__name__)


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
