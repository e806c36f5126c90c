"""send-alert-email against a real SMTP server (aiosmtpd on a loopback port): one mail per
outage and one at recovery, grouped per site, never a storm, retried after a failure."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from signage.extensions import db
from signage.models import Screen, ScreenIncident, ScreenStatus, Site
from signage.monitoring.jobs import send_alert_emails
from tests.mail_support import Inbox, smtp_server
from tests.support import free_port

T0 = datetime(2026, 10, 25, 0, 50, tzinfo=UTC)  # Paris leaves summer time at 01:00 UTC
BASE_URL = "https://signage.example.com"


@pytest.fixture
def smtp_port() -> int:
    return free_port()


@pytest.fixture
def inbox(smtp_port: int) -> Iterator[Inbox]:
    with smtp_server(smtp_port) as received:
        yield received


@pytest.fixture
def mail_app(app, clean_db, smtp_port, monkeypatch):  # type: ignore[no-untyped-def]
    settings = replace(
        app.config["SIGNAGE"],
        mail_server="127.0.0.1",
        mail_port=smtp_port,
        mail_sender="signage@example.com",
        offline_alert_minutes=10,
        public_base_url=BASE_URL,
    )
    monkeypatch.setitem(app.config, "SIGNAGE", settings)
    return app


def make_site(app, name: str, contact: str = "", timezone: str = "Europe/Paris", locale: str = "en") -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        site = Site(name=name, timezone=timezone, contact_email=contact, locale=locale)
        db.session.add(site)
        db.session.commit()
        return site.id


def make_screen(app, site_id: int, name: str, status=ScreenStatus.ONLINE, last_seen=T0) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        screen = Screen(name=name, site_id=site_id, status=status, last_seen=last_seen)
        db.session.add(screen)
        db.session.commit()
        return screen.id


def set_screen(app, screen_id: int, status: ScreenStatus, last_seen: datetime | None) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        screen = db.session.get(Screen, screen_id)
        screen.status, screen.last_seen = status, last_seen
        db.session.commit()


def run(app, at: datetime) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        return send_alert_emails(at.isoformat())


def incidents(app, screen_id: int) -> list[ScreenIncident]:  # type: ignore[no-untyped-def]
    with app.app_context():
        rows = db.session.scalars(
            select(ScreenIncident).where(ScreenIncident.screen_id == screen_id).order_by(ScreenIncident.id)
        ).all()
        db.session.expunge_all()
        return list(rows)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_one_mail_when_offline_too_long_none_again_and_one_at_recovery(mail_app, inbox) -> None:
    site = make_site(mail_app, "Opéra", "ops@example.com")
    hall = make_screen(mail_app, site, "Hall")
    set_screen(mail_app, hall, ScreenStatus.OFFLINE, at(0))  # the sweep found it silent

    assert run(mail_app, at(6)) == 0  # offline, but not for 10 minutes yet
    assert inbox.take() == []
    assert run(mail_app, at(10)) == 1
    [(recipients, message)] = inbox.take()
    assert recipients == ["ops@example.com"]
    assert message["From"] == "signage@example.com"
    assert message["Subject"] == "[Signage] Screen offline: Hall (Opéra)"
    text = message.get_content()
    # 00:50 UTC is 02:50 CEST, the last summer-time hour of 2026 in Paris.
    assert "- Hall: offline since 2026-10-25 02:50 CEST (00:50 UTC), 10 minutes ago" in text
    assert f"  {BASE_URL}/admin/screens/{hall}" in text

    for minute in (11, 12, 30, 90):  # still offline: no second mail
        assert run(mail_app, at(minute)) == 0
    assert inbox.take() == []

    set_screen(mail_app, hall, ScreenStatus.ONLINE, at(95))  # heard from again
    assert run(mail_app, at(95)) == 0  # back, but it must stay back for 10 minutes
    assert run(mail_app, at(104)) == 0
    assert run(mail_app, at(105)) == 1
    [(recipients, message)] = inbox.take()
    assert recipients == ["ops@example.com"]
    assert message["Subject"] == "[Signage] Screen back online: Hall (Opéra)"
    assert (
        "- Hall: back since 2026-10-25 03:25 CET (02:25 UTC), after 95 minutes offline"
        in message.get_content()
    )
    assert run(mail_app, at(106)) == 0
    assert inbox.take() == []
    [incident] = incidents(mail_app, hall)
    assert (incident.started_at, incident.offline_mail_sent_at) == (at(0), at(10))
    assert (incident.recovered_at, incident.recovery_mail_sent_at, incident.closed_at) == (
        at(95),
        at(105),
        at(105),
    )

    # The next outage is a new incident, with its own mail.
    set_screen(mail_app, hall, ScreenStatus.OFFLINE, at(200))
    run(mail_app, at(205))
    assert run(mail_app, at(210)) == 1
    assert len(inbox.take()) == 1
    assert len(incidents(mail_app, hall)) == 2


def test_a_flapping_screen_sends_one_mail_not_a_storm(mail_app, inbox) -> None:
    site = make_site(mail_app, "Gare", "gare@example.com")
    kiosk = make_screen(mail_app, site, "Kiosk")
    minute = 0
    # Two hours of 6 minutes down, 3 minutes up, the job running every minute.
    for _cycle in range(13):
        for status, span in ((ScreenStatus.OFFLINE, 6), (ScreenStatus.ONLINE, 3)):
            for _ in range(span):
                minute += 1
                last_seen = at(minute) if status == ScreenStatus.ONLINE else None
                if last_seen is not None:
                    set_screen(mail_app, kiosk, status, last_seen)
                else:
                    with mail_app.app_context():
                        db.session.get(Screen, kiosk).status = status
                        db.session.commit()
                run(mail_app, at(minute))
    mails = inbox.take()
    assert [m["Subject"] for _, m in mails] == ["[Signage] Screen offline: Kiosk (Gare)"]
    assert len(incidents(mail_app, kiosk)) == 1


def test_short_outages_never_seen_screens_and_sites_without_contact_send_nothing(mail_app, inbox) -> None:
    quiet = make_site(mail_app, "No contact")
    busy = make_site(mail_app, "Contact", "  desk@example.com  ")
    orphan = make_screen(mail_app, quiet, "Orphan", ScreenStatus.OFFLINE, at(0))
    new = make_screen(mail_app, busy, "Not installed yet", ScreenStatus.OFFLINE, None)
    blip = make_screen(mail_app, busy, "Blip", ScreenStatus.OFFLINE, at(0))

    run(mail_app, at(5))
    set_screen(mail_app, blip, ScreenStatus.ONLINE, at(6))  # back before the threshold
    for minute in range(6, 40):
        assert run(mail_app, at(minute)) == 0
    assert inbox.take() == []
    assert incidents(mail_app, new) == []
    [short] = incidents(mail_app, blip)
    assert short.offline_mail_sent_at is None and short.closed_at == at(16)
    [unmailed] = incidents(mail_app, orphan)
    assert unmailed.offline_mail_sent_at is None and unmailed.closed_at is None

    # A contact added during the outage hears about it at the next run.
    with mail_app.app_context():
        db.session.get(Site, quiet).contact_email = "late@example.com"
        db.session.commit()
    assert run(mail_app, at(41)) == 1
    assert [r for r, _ in inbox.take()] == [["late@example.com"]]


def test_one_mail_per_site_lists_its_screens_together(mail_app, inbox) -> None:
    mall = make_site(mail_app, "Mall", "mall@example.com")
    shop = make_site(mail_app, "Shop", "shop@example.com")
    for name in ("Entrance", "Atrium", "Food court"):
        make_screen(mail_app, mall, name, ScreenStatus.OFFLINE, at(0))
    make_screen(mail_app, shop, "Window", ScreenStatus.OFFLINE, at(1))

    assert run(mail_app, at(11)) == 2
    mails = {recipients[0]: message for recipients, message in inbox.take()}
    assert mails["mall@example.com"]["Subject"] == "[Signage] 3 screens offline at Mall"
    text = mails["mall@example.com"].get_content()
    assert [line.split(":")[0] for line in text.splitlines() if line.startswith("- ")] == [
        "- Atrium",
        "- Entrance",
        "- Food court",
    ]
    assert mails["shop@example.com"]["Subject"] == "[Signage] Screen offline: Window (Shop)"


def test_smtp_down_is_logged_and_the_mail_goes_at_the_next_run(mail_app, inbox, caplog, monkeypatch) -> None:
    site = make_site(mail_app, "Depot", "depot@example.com")
    dock = make_screen(mail_app, site, "Dock", ScreenStatus.OFFLINE, at(0))
    working = mail_app.config["SIGNAGE"]
    monkeypatch.setitem(mail_app.config, "SIGNAGE", replace(working, mail_port=free_port()))  # nobody listens

    # Alembic's fileConfig (the app fixture ran the migrations) disables loggers created before it.
    monkeypatch.setattr(logging.getLogger("signage.monitoring.incidents"), "disabled", False)
    with caplog.at_level(logging.WARNING, logger="signage.monitoring.incidents"):
        assert run(mail_app, at(10)) == 0
        assert run(mail_app, at(11)) == 0
    failures = [r for r in caplog.records if "failed, retried at the next run" in r.getMessage()]
    assert len(failures) == 2
    assert incidents(mail_app, dock)[0].offline_mail_sent_at is None

    monkeypatch.setitem(mail_app.config, "SIGNAGE", working)
    assert run(mail_app, at(12)) == 1
    assert run(mail_app, at(13)) == 0
    [(recipients, message)] = inbox.take()
    assert recipients == ["depot@example.com"]
    assert "12 minutes ago" in message.get_content()
    assert incidents(mail_app, dock)[0].offline_mail_sent_at == at(12)


def test_without_a_mail_server_no_mail_but_the_outage_is_kept(app, clean_db, inbox, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "SIGNAGE", replace(app.config["SIGNAGE"], mail_server=None))
    site = make_site(app, "Any", "any@example.com")
    screen = make_screen(app, site, "Any", ScreenStatus.OFFLINE, at(0))
    assert run(app, at(60)) == 0
    assert inbox.take() == []
    # Kept for the console's notifications (signage.notifications.screens), never mailed.
    [incident] = incidents(app, screen)
    assert incident.started_at == at(0) and incident.offline_mail_sent_at is None


def test_the_contact_mail_speaks_the_sites_language(mail_app, inbox) -> None:
    site = make_site(mail_app, "Opéra", "ops@example.com", locale="fr")
    hall = make_screen(mail_app, site, "Hall", ScreenStatus.OFFLINE, at(0))
    make_screen(mail_app, site, "Bar", ScreenStatus.OFFLINE, at(0))
    assert run(mail_app, at(10)) == 1
    [(_recipients, message)] = inbox.take()
    assert message["Subject"] == "[Signage] 2 écrans hors ligne à Opéra"
    text = message.get_content()
    assert "Ces écrans de Opéra ne donnent plus de nouvelles depuis plus de 10 minutes :" in text
    assert "- Hall : hors ligne depuis le 2026-10-25 02:50 CEST (00:50 UTC), il y a 10 minutes" in text
    set_screen(mail_app, hall, ScreenStatus.ONLINE, at(20))
    run(mail_app, at(20))
    assert run(mail_app, at(30)) == 1
    [(_recipients, message)] = inbox.take()
    assert message["Subject"] == "[Signage] Écran de nouveau en ligne : Hall (Opéra)"
    assert "- Hall : de retour depuis le 2026-10-25 02:10 CET (01:10 UTC), après 20 minutes hors ligne" in (
        message.get_content()
    )


def test_a_screen_has_one_open_incident_and_its_incidents_go_with_it(mail_app) -> None:
    site = make_site(mail_app, "Lab", "lab@example.com")
    screen = make_screen(mail_app, site, "Bench", ScreenStatus.OFFLINE, at(0))
    with mail_app.app_context():
        db.session.add(ScreenIncident(screen_id=screen, started_at=at(0), closed_at=at(5)))
        db.session.add(ScreenIncident(screen_id=screen, started_at=at(6)))
        db.session.commit()
        db.session.add(ScreenIncident(screen_id=screen, started_at=at(7)))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        db.session.delete(db.session.get(Screen, screen))
        db.session.commit()
        assert db.session.scalars(select(ScreenIncident)).all() == []


def test_the_job_runs_in_process_through_the_enqueue_helper(mail_app, inbox) -> None:
    from signage.jobs.queue import enqueue

    site = make_site(mail_app, "Embedded", "embedded@example.com")
    make_screen(mail_app, site, "Solo", ScreenStatus.OFFLINE, at(0))
    enqueue(mail_app, "signage.monitoring.jobs.send_alert_emails", at(10).isoformat())
    assert inbox.wait(1)
    [(recipients, message)] = inbox.take()
    assert recipients == ["embedded@example.com"]
    assert message["Subject"] == "[Signage] Screen offline: Solo (Embedded)"
