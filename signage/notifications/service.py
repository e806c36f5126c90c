"""Writing notifications, reading them, and mailing them to the users who chose the kind."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any

from flask import current_app
from flask_babel import force_locale, gettext
from sqlalchemy import delete, func, select, update

from signage.extensions import db
from signage.mail import mail_configured, send_mail
from signage.models import Notification, User
from signage.models.types import utcnow
from signage.notifications import rules

log = logging.getLogger(__name__)


def render(template: str, params: dict[str, Any]) -> str:
    """The sentence in the current language, its values filled after the lookup."""
    text = gettext(template)
    return text % params if params else text


def notify(kind: str, template: str, params: dict[str, Any], link: str, user_ids: Iterable[int]) -> int:
    """A notification for each user (once each); those who chose `kind` also get it by e-mail.
    Returns how many users were told."""
    ids = sorted(set(user_ids))
    if not ids:
        return 0
    now = utcnow()
    db.session.add_all(
        Notification(user_id=user_id, kind=kind, template=template, params=params, link=link, created_at=now)
        for user_id in ids
    )
    db.session.commit()
    users = db.session.scalars(select(User).where(User.id.in_(ids))).all()
    mail_users([u for u in users if kind in rules.chosen(u.email_notifications)], template, params, link)
    return len(ids)


def mail_users(
    users: Iterable[User], template: str, params: dict[str, Any], link: str, subject: str = ""
) -> int:
    """Each user's e-mail in their language (else DEFAULT_LOCALE); 0 when mail is not set up.
    A failing mail server is logged: the notification itself is already in the console."""
    settings = current_app.config["SIGNAGE"]
    if not mail_configured(settings):
        return 0
    sent = 0
    for user in users:
        with force_locale(user.locale or settings.default_locale):
            message = EmailMessage()
            body = render(template, params)
            message["Subject"] = gettext(subject) if subject else body[:120]
            message["From"] = settings.mail_sender
            message["To"] = user.email
            address = f"{settings.public_base_url}{link}" if settings.public_base_url and link else ""
            message.set_content(body + ("\n\n" + address if address else "") + "\n")
        try:
            send_mail(settings, message)
            sent += 1
        except Exception:
            log.exception("notification e-mail to %s failed", user.email)
    return sent


def unread_count(user_id: int) -> int:
    query = select(func.count()).select_from(Notification)
    return (
        db.session.scalar(query.where(Notification.user_id == user_id, Notification.read_at.is_(None))) or 0
    )


def latest(user_id: int, limit: int = 100) -> list[Notification]:
    query = select(Notification).where(Notification.user_id == user_id)
    return list(
        db.session.scalars(
            query.order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)
        )
    )


def mark_all_read(user_id: int, now: datetime | None = None) -> None:
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=now or utcnow())
    )
    db.session.commit()


def purge(now: datetime) -> int:
    gone = db.session.execute(
        delete(Notification).where(Notification.created_at < now - timedelta(days=rules.KEPT_DAYS))
    )
    db.session.commit()
    return gone.rowcount or 0


def set_email_choices(user: User, kinds: Iterable[str]) -> None:
    user.email_notifications = rules.chosen(list(kinds))
    db.session.commit()
