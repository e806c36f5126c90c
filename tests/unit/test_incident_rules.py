"""Offline incidents and their e-mails (pure): when one opens, when a mail is due, flapping,
and what the mail says."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from signage.monitoring.incident_mail import ScreenLine, SiteContact, compose, subject
from signage.monitoring.incident_rules import (
    OFFLINE_MAIL,
    RECOVERY_MAIL,
    Incident,
    Policy,
    mail_due,
    track,
)

T0 = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # the night Paris moves to summer time
POLICY = Policy(alert_after=timedelta(minutes=10), settle_after=timedelta(minutes=10))


def minutes(n: float) -> datetime:
    return T0 + timedelta(minutes=n)


def test_a_screen_never_seen_or_alive_has_no_incident() -> None:
    assert track(None, "OFFLINE", None, T0, POLICY) is None
    assert track(None, "ONLINE", T0, T0, POLICY) is None
    assert track(None, "WARNING", T0, T0, POLICY) is None


def test_an_incident_starts_at_the_last_heartbeat() -> None:
    incident = track(None, "OFFLINE", minutes(-5), T0, POLICY)
    assert incident == Incident(started_at=minutes(-5))
    # A clock ahead of ours never puts the start in the future.
    assert track(None, "OFFLINE", minutes(3), T0, POLICY) == Incident(started_at=T0)


def test_the_offline_mail_is_due_once_the_outage_is_older_than_the_threshold() -> None:
    incident = Incident(started_at=T0)
    assert mail_due(incident, "OFFLINE", minutes(9.9), POLICY) is None
    assert mail_due(incident, "OFFLINE", minutes(10), POLICY) == OFFLINE_MAIL
    sent = replace(incident, offline_mail_sent_at=minutes(10))
    assert mail_due(sent, "OFFLINE", minutes(60), POLICY) is None
    assert track(sent, "OFFLINE", T0, minutes(60), POLICY) == sent


def test_recovery_waits_until_the_screen_has_stayed_back() -> None:
    sent = Incident(started_at=T0, offline_mail_sent_at=minutes(10))
    back = track(sent, "ONLINE", minutes(20), minutes(20), POLICY)
    assert back == replace(sent, recovered_at=minutes(20))
    assert mail_due(back, "ONLINE", minutes(29), POLICY) is None
    assert track(back, "WARNING", minutes(29), minutes(29), POLICY) == back  # WARNING is alive
    assert mail_due(back, "WARNING", minutes(30), POLICY) == RECOVERY_MAIL
    # Settled, the mail not gone yet (SMTP down): the incident stays open until it goes.
    assert track(back, "ONLINE", minutes(40), minutes(40), POLICY) == back
    done = replace(back, recovery_mail_sent_at=minutes(41))
    assert mail_due(done, "ONLINE", minutes(41), POLICY) is None
    assert track(done, "ONLINE", minutes(41), minutes(41), POLICY) == replace(done, closed_at=minutes(41))


def test_a_short_outage_closes_without_any_mail() -> None:
    incident = Incident(started_at=T0)
    back = track(incident, "ONLINE", minutes(6), minutes(6), POLICY)
    assert back.recovered_at == minutes(6)
    assert mail_due(back, "ONLINE", minutes(20), POLICY) is None
    closed = track(back, "ONLINE", minutes(16), minutes(16), POLICY)
    assert closed.closed_at == minutes(16)
    assert mail_due(closed, "OFFLINE", minutes(60), POLICY) is None
    # Down again later: a new incident, from its own last heartbeat.
    assert track(closed, "OFFLINE", minutes(30), minutes(36), POLICY) == Incident(started_at=minutes(30))


def test_a_flapping_screen_is_one_incident_and_one_mail_each_way() -> None:
    incident = Incident(started_at=T0)
    sent_mails: list[str] = []
    now = T0
    # Up for 3 minutes, down for 6, over and over, for two hours.
    for _cycle in range(13):
        for status, span in (("OFFLINE", 6), ("ONLINE", 3)):
            for _ in range(span):
                now += timedelta(minutes=1)
                incident = track(incident, status, now, now, POLICY)
                kind = mail_due(incident, status, now, POLICY)
                if kind:
                    sent_mails.append(kind)
                    field = "offline_mail_sent_at" if kind == OFFLINE_MAIL else "recovery_mail_sent_at"
                    incident = replace(incident, **{field: now})
    assert incident.closed_at is None
    assert incident.started_at == T0
    assert sent_mails == [OFFLINE_MAIL]
    # It finally stays up: one recovery mail, then the incident closes.
    for _ in range(10):
        now += timedelta(minutes=1)
        incident = track(incident, "ONLINE", now, now, POLICY)
        kind = mail_due(incident, "ONLINE", now, POLICY)
        if kind:
            sent_mails.append(kind)
            incident = replace(incident, recovery_mail_sent_at=now)
            break
    assert sent_mails == [OFFLINE_MAIL, RECOVERY_MAIL]
    # Up 3 minutes at the end of the last cycle, then 7 more: settled after 10.
    assert incident.recovery_mail_sent_at == now
    assert now - incident.recovered_at == POLICY.settle_after
    assert track(incident, "ONLINE", now, now, POLICY).closed_at == now


def test_offline_again_before_settling_keeps_the_incident_and_cancels_the_pending_recovery() -> None:
    back = Incident(started_at=T0, offline_mail_sent_at=minutes(10), recovered_at=minutes(20))
    again = track(back, "OFFLINE", minutes(20), minutes(27), POLICY)
    assert again == replace(back, recovered_at=None)
    assert mail_due(again, "OFFLINE", minutes(27), POLICY) is None


def test_policy_refuses_non_positive_windows() -> None:
    with pytest.raises(ValueError):
        Policy(alert_after=timedelta(0))
    with pytest.raises(ValueError):
        Policy(settle_after=timedelta(minutes=-1))


PARIS = SiteContact(name="Opéra\nGarnier", timezone="Europe/Paris", email="ops@example.com")


def test_the_offline_mail_names_the_screens_site_and_times_in_the_site_timezone() -> None:
    lines = [ScreenLine(12, "Hall\r\nBcc: evil@example.com", minutes(-14))]
    message = compose(
        OFFLINE_MAIL,
        PARIS,
        lines,
        sender="signage@example.com",
        now=T0 + timedelta(minutes=1),
        alert_after=timedelta(minutes=10),
        base_url="https://signage.example.com",
    )
    assert message["To"] == "ops@example.com"
    assert message["From"] == "signage@example.com"
    assert message["Subject"] == "[Signage] Screen offline: Hall Bcc: evil@example.com (Opéra Garnier)"
    assert message["Bcc"] is None
    assert message["Auto-Submitted"] == "auto-generated"
    assert message.get_content_type() == "text/plain"
    text = message.get_content()
    # 00:16 UTC is 01:16 in Paris (CET), before the 02:00 jump.
    assert (
        "- Hall Bcc: evil@example.com: offline since 2026-03-29 01:16 CET (00:16 UTC), 15 minutes ago" in text
    )
    assert "  https://signage.example.com/admin/screens/12" in text
    assert "more than 10 minutes" in text


def test_the_recovery_mail_says_when_it_came_back_and_for_how_long_it_was_gone() -> None:
    lines = [
        ScreenLine(1, "Lobby", minutes(-30), back_since=minutes(150)),
        ScreenLine(2, "Bar", minutes(-30), back_since=minutes(150)),
    ]
    message = compose(
        RECOVERY_MAIL,
        PARIS,
        lines,
        sender="signage@example.com",
        now=minutes(160),
        alert_after=timedelta(minutes=10),
    )
    assert message["Subject"] == "[Signage] 2 screens back online at Opéra Garnier"
    text = message.get_content()
    # 03:00 UTC is 05:00 in Paris once summer time began.
    assert "- Lobby: back since 2026-03-29 05:00 CEST (03:00 UTC), after 3 h 00 min offline" in text
    assert "/admin/screens/" not in text  # no public base URL: no links


def test_an_unknown_site_timezone_falls_back_to_utc_and_bad_calls_are_refused() -> None:
    site = SiteContact(name="Lab", timezone="Mars/Olympus", email="lab@example.com")
    text = compose(
        OFFLINE_MAIL,
        site,
        [ScreenLine(1, "A", T0)],
        sender="s@example.com",
        now=minutes(11),
        alert_after=timedelta(minutes=10),
    ).get_content()
    assert "offline since 2026-03-29 00:30 UTC, 11 minutes ago" in text
    with pytest.raises(ValueError):
        compose(
            "other", site, [ScreenLine(1, "A", T0)], sender="s@x", now=T0, alert_after=timedelta(minutes=1)
        )
    with pytest.raises(ValueError):
        compose(OFFLINE_MAIL, site, [], sender="s@x", now=T0, alert_after=timedelta(minutes=1))
    assert subject(OFFLINE_MAIL, "Lab", [ScreenLine(1, "A", T0)] * 3) == "[Signage] 3 screens offline at Lab"
