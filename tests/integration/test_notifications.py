"""Notifications (issue 17): an encoding failure tells its uploader and the ADMINs in the
console (unread count, read once shown) and by e-mail to those who chose it, in their
language; the weekly summary goes to those who chose it (a real SMTP server on loopback)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from signage.content.jobs import _fail
from signage.extensions import db
from signage.models import Media, ScreenDay, User
from signage.notifications.jobs import weekly_summary
from tests.content_support import make_media
from tests.integration.test_admin_pages import csrf_from, sign_in
from tests.mail_support import Inbox, smtp_server
from tests.support import free_port, make_screen, make_user


@pytest.fixture
def inbox(app, clean_db, monkeypatch) -> Iterator[Inbox]:  # type: ignore[no-untyped-def]
    port = free_port()
    settings = replace(
        app.config["SIGNAGE"],
        mail_server="127.0.0.1",
        mail_port=port,
        mail_sender="signage@example.com",
        public_base_url="https://signage.example.com",
    )
    monkeypatch.setitem(app.config, "SIGNAGE", settings)
    with smtp_server(port) as received:
        yield received


def test_an_encoding_failure_reaches_the_uploader_and_the_admins(app, client, inbox) -> None:
    root = make_user(app, "root@example.com", "ADMIN")
    editor = make_user(app, "ed@example.com", "EDITOR")
    make_user(app, "other@example.com", "EDITOR")
    with app.app_context():
        db.session.get(User, editor).email_notifications = ["encoding_failed"]
        db.session.get(User, editor).locale = "fr"
        db.session.commit()
    media = make_media(app, "Promo", "VIDEO", created_by=editor)
    with app.app_context():
        _fail(media, "No video stream could be read.")
        assert db.session.get(Media, media).encoding_error == "No video stream could be read."
    # By e-mail only to the editor, who chose it, in French, with the link.
    assert inbox.wait(1)
    [(recipients, message)] = inbox.take()
    assert recipients == ["ed@example.com"]
    body = message.get_content()
    assert (
        "Le traitement de Promo a échoué" in body
        and f"https://signage.example.com/admin/media/{media}" in body
    )
    # In the console: the ADMIN and the uploader, not the other editor.
    sign_in(client, "root@example.com")
    assert 'data-testid="unread-count">1' in client.get("/admin/").get_data(as_text=True)
    page = client.get("/admin/notifications").get_data(as_text=True)
    assert "Processing of Promo failed: No video stream could be read." in page
    assert client.post("/admin/notifications/read", data={"csrf_token": csrf_from(page)}).status_code == 302
    assert 'data-testid="unread-count"' not in client.get("/admin/").get_data(as_text=True)
    other = app.test_client()
    sign_in(other, "other@example.com")
    assert "Nothing to tell you yet." in other.get("/admin/notifications").get_data(as_text=True)
    assert root


def test_email_choices_and_the_weekly_summary(app, client, inbox) -> None:
    make_user(app, "root@example.com", "ADMIN")
    make_user(app, "quiet@example.com", "VIEWER")
    screen = make_screen(app, "Vitrine", "Lyon", "Europe/Paris")
    with app.app_context():
        for day in (date(2026, 11, 23), date(2026, 11, 29)):
            db.session.add(
                ScreenDay(
                    screen_id=screen,
                    day=day,
                    zone="Europe/Paris",
                    length_seconds=86400,
                    online_seconds=64800,
                    plays=10,
                )
            )
        db.session.commit()
    sign_in(client, "root@example.com")
    token = csrf_from(client.get("/admin/notifications").get_data(as_text=True))
    saved = client.post(
        "/admin/notifications/email", data={"csrf_token": token, "kind": ["weekly_summary", "bogus"]}
    )
    assert saved.status_code == 302
    with app.app_context():
        chosen = db.session.scalar(select(User.email_notifications).where(User.email == "root@example.com"))
        # End this read before the job opens its own context (its SQLite write lock).
        db.session.rollback()
        assert chosen == ["weekly_summary"]
        assert weekly_summary(datetime(2026, 11, 30, 7, 0, tzinfo=UTC).isoformat()) == 1
    assert inbox.wait(1)
    [(recipients, message)] = inbox.take()
    # No language saved: the server's DEFAULT_LOCALE (French by default).
    assert recipients == ["root@example.com"] and message["Subject"] == "Vos écrans cette semaine"
    body = message.get_content()
    assert "du 2026-11-23 au 2026-11-29" in body and "- Lyon: 75.0 %" in body and "Diffusions : 20." in body
