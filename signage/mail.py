"""Sending e-mail through the SMTP server of the MAIL_* settings (STARTTLS with MAIL_USE_TLS)."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from signage.config import Settings

# A mail server that stops answering must not hold a job (and its rows) for long.
SMTP_TIMEOUT_SECONDS = 30


def mail_configured(settings: Settings) -> bool:
    return bool(settings.mail_server)


def send_mail(settings: Settings, message: EmailMessage) -> None:
    """Hand `message` to the SMTP server; raises OSError or smtplib.SMTPException on failure."""
    if not settings.mail_server:
        raise RuntimeError("MAIL_SERVER is not set")
    with smtplib.SMTP(settings.mail_server, settings.mail_port, timeout=SMTP_TIMEOUT_SECONDS) as smtp:
        if settings.mail_use_tls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.mail_username:
            smtp.login(settings.mail_username, settings.mail_password or "")
        smtp.send_message(message)
