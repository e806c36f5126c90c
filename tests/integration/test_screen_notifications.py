"""The users hear about their screens (issue 17): an outage and its end (one notice per site,
on the site contact's thresholds, the contact's own mail unchanged), and a screen whose offline
storage is short (once per episode, not per heartbeat); in the console, and by e-mail in each
reader's language for those who chose it (a real SMTP server on loopback)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from signage.extensions import db
from signage.models import Notification, Screen, ScreenStatus, Site, User
from signage.monitoring.jobs import send_alert_emails
from signage.notifications.jobs import notify_screens
from tests.integration.test_admin_pages import csrf_from, sign_in
from tests.mail_support import Inbox, smtp_server
from tests.support import free_port, make_user

T0 = datetime(2026, 10, 25, 0, 50, tzinfo=UTC)  # 02:50 CEST, ten minutes before Paris leaves summer time


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


@pytest.fixture
def inbox(app, clean_db, monkeypatch) -> Iterator[Inbox]:  # type: ignore[no-untyped-def]
    port = free_port()
    settings = replace(
        app.config["SIGNAGE"],
        mail_server="127.0.0.1",
        mail_port=port,
        mail_sender="signage@example.com",
        offline_alert_minutes=10,
        public_base_url="https://signage.example.com",
    )
    monkeypatch.setitem(app.config, "SIGNAGE", settings)
    with smtp_server(port) as received:
        yield received


def site_with(app, name: str, contact: str, *screens: str) -> list[int]:  # type: ignore[no-untyped-def]
    with app.app_context():
        site = Site(name=name, timezone="Europe/Paris", contact_email=contact, locale="fr")
        rows = [
            Screen(name=screen, site=site, status=ScreenStatus.ONLINE, last_seen=T0) for screen in screens
        ]
        db.session.add_all(rows)
        db.session.commit()
        return [row.id for row in rows]


def set_screen(app, screen_id: int, **values: object) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        screen = db.session.get(Screen, screen_id)
        for name, value in values.items():
            setattr(screen, name, value)
        db.session.commit()


def user(app, email: str, role: str, locale: str | None, kinds: list[str]) -> int:  # type: ignore[no-untyped-def]
    user_id = make_user(app, email, role)
    with app.app_context():
        row = db.session.get(User, user_id)
        row.locale, row.email_notifications = locale, kinds
        db.session.commit()
    return user_id


def minute(app, moment: datetime) -> int:  # type: ignore[no-untyped-def]
    """One minute of the periodic table, in its order: the contact's mail, then the users."""
    with app.app_context():
        send_alert_emails(moment.isoformat())
        return notify_screens(moment.isoformat())


def notices(app, user_id: int) -> list[tuple[str, str, dict]]:  # type: ignore[no-untyped-def,type-arg]
    with app.app_context():
        rows = db.session.scalars(
            select(Notification).where(Notification.user_id == user_id).order_by(Notification.id)
        )
        return [(n.kind, n.link, n.params) for n in rows]


def by_recipient(inbox: Inbox) -> dict[str, list]:  # type: ignore[type-arg]
    mails: dict[str, list] = {}  # type: ignore[type-arg]
    for recipients, message in inbox.take():
        for address in recipients:
            mails.setdefault(address, []).append(message)
    return mails


def test_an_outage_is_told_once_to_the_users_and_its_end_too(app, inbox) -> None:
    hall, bar = site_with(app, "Opéra", "ops@example.com", "Hall", "Bar")
    root = user(app, "root@example.com", "ADMIN", "fr", ["screen_offline"])
    viewer = user(app, "vi@example.com", "VIEWER", "en", ["screen_offline", "storage_low"])
    editor = user(app, "ed@example.com", "EDITOR", None, [])
    for screen in (hall, bar):
        set_screen(app, screen, status=ScreenStatus.OFFLINE)

    assert minute(app, at(5)) == 0  # not ten minutes yet
    assert minute(app, at(10)) == 1  # one notice for the site, both screens in it
    mails = by_recipient(inbox)
    assert set(mails) == {"ops@example.com", "root@example.com", "vi@example.com"}
    # The contact's mail as before (in the site's language); the users' in their own.
    assert mails["ops@example.com"][0]["Subject"] == "[Signage] 2 écrans hors ligne à Opéra"
    french = mails["root@example.com"][0].get_content()
    assert "Hors ligne à Opéra depuis le 2026-10-25 02:50 CEST (00:50 UTC) : Bar, Hall" in french
    assert "https://signage.example.com/admin/monitoring?site=" in french
    english = mails["vi@example.com"][0].get_content()
    assert "Offline at Opéra since 2026-10-25 02:50 CEST (00:50 UTC): Bar, Hall" in english
    # In the console for everyone who may see the screens, whatever they chose by e-mail.
    for user_id in (root, viewer, editor):
        [(kind, link, params)] = notices(app, user_id)
        assert kind == "screen_offline" and link.startswith("/admin/monitoring?site=")
        assert params["screens"] == "Bar, Hall"

    for later in (11, 30, 60):  # still down: nothing new
        assert minute(app, at(later)) == 0
    assert inbox.take() == []

    # Hall comes back, goes again before it settled (the same outage), then stays back.
    set_screen(app, hall, status=ScreenStatus.ONLINE, last_seen=at(70))
    assert minute(app, at(70)) == 0
    set_screen(app, hall, status=ScreenStatus.OFFLINE)
    assert minute(app, at(74)) == 0
    set_screen(app, hall, status=ScreenStatus.ONLINE, last_seen=at(75))
    assert minute(app, at(75)) == 0
    assert minute(app, at(84)) == 0
    # Settled: the contact's recovery mail closes the incident; the users hear it the same minute.
    assert minute(app, at(85)) == 1
    mails = by_recipient(inbox)
    assert mails["ops@example.com"][0]["Subject"] == "[Signage] Écran de nouveau en ligne : Hall (Opéra)"
    assert "De nouveau en ligne à Opéra : Hall" in mails["root@example.com"][0].get_content()
    assert "Back online at Opéra: Hall" in mails["vi@example.com"][0].get_content()
    assert notices(app, editor)[-1][:2] == ("screen_offline", f"/admin/screens/{hall}")
    assert minute(app, at(86)) == 0 and minute(app, at(120)) == 0
    assert inbox.take() == []
    assert len(notices(app, editor)) == 2


def test_a_site_without_contact_nor_mail_server_still_tells_the_console(app, inbox, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "SIGNAGE", replace(app.config["SIGNAGE"], mail_server=None))
    [dock] = site_with(app, "Dépôt", "", "Dock")
    root = user(app, "root@example.com", "ADMIN", "fr", ["screen_offline"])
    set_screen(app, dock, status=ScreenStatus.OFFLINE)
    assert minute(app, at(10)) == 1
    set_screen(app, dock, status=ScreenStatus.ONLINE, last_seen=at(20))
    minute(app, at(20))
    # The incident closes silently for the contact (none), the users still hear the end.
    assert minute(app, at(30)) == 1
    assert [n[1] for n in notices(app, root)] == [f"/admin/screens/{dock}"] * 2
    assert inbox.take() == []
    client = app.test_client()
    sign_in(client, "root@example.com")
    page = client.get("/admin/notifications?lang=fr").get_data(as_text=True)
    assert "De nouveau en ligne à Dépôt : Dock" in page and "Hors ligne à Dépôt depuis le" in page


def test_short_offline_storage_is_told_once_per_episode(app, inbox) -> None:
    kiosk, steady = site_with(app, "Gare", "", "Kiosk", "Steady")
    viewer = user(app, "vi@example.com", "VIEWER", "fr", ["storage_low"])
    quiet = user(app, "quiet@example.com", "EDITOR", "en", [])
    now = at(0)
    set_screen(
        app, steady, transport="socket", cached_until=now + timedelta(hours=72), storage_persisted=True
    )
    set_screen(app, kiosk, transport="socket", cached_until=now + timedelta(hours=5), storage_persisted=True)
    assert minute(app, now) == 1
    [(recipients, message)] = inbox.take()
    assert recipients == ["vi@example.com"]
    assert (
        "Kiosk (Gare) a moins de 24 heures de contenu stocké pour la lecture hors ligne."
        in message.get_content()
    )
    assert f"https://signage.example.com/admin/screens/{kiosk}" in message.get_content()
    # Every heartbeat changes the runway; still short: the same episode, nothing new.
    for step in range(1, 4):
        set_screen(app, kiosk, cached_until=at(step) + timedelta(hours=5))
        assert minute(app, at(step)) == 0
    # Offline, its runway only runs down: its outage is told, not its storage.
    set_screen(app, kiosk, cached_until=at(5) + timedelta(hours=48))
    assert minute(app, at(5)) == 0  # the episode ends quietly
    set_screen(app, kiosk, status=ScreenStatus.OFFLINE, cached_until=at(6) + timedelta(hours=1))
    assert minute(app, at(6)) == 0
    set_screen(app, kiosk, status=ScreenStatus.ONLINE, last_seen=at(7), storage_persisted=False)
    assert minute(app, at(7)) == 1  # a new episode, now about both
    assert [n[0] for n in notices(app, quiet)] == ["storage_low", "storage_low"]
    with app.app_context():
        texts = db.session.scalars(select(Notification.template).where(Notification.user_id == quiet)).all()
    assert "not persisted" in texts[1] and "24 hours" in texts[1]
    [(recipients, message)] = inbox.take()
    assert recipients == ["vi@example.com"] and "n'est pas persistant" in message.get_content()
    assert viewer


def test_the_new_kinds_can_be_chosen_for_e_mail(app, inbox) -> None:
    make_user(app, "root@example.com", "ADMIN")
    client = app.test_client()
    sign_in(client, "root@example.com")
    page = client.get("/admin/notifications").get_data(as_text=True)
    assert 'value="screen_offline"' in page and 'value="storage_low"' in page
    saved = client.post(
        "/admin/notifications/email",
        data={"csrf_token": csrf_from(page), "kind": ["storage_low", "screen_offline", "bogus"]},
    )
    assert saved.status_code == 302
    with app.app_context():
        chosen = db.session.scalar(select(User.email_notifications).where(User.email == "root@example.com"))
    assert chosen == ["screen_offline", "storage_low"]
