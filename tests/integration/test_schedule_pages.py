"""Console pages for schedules: list, create and edit forms with their overlap warnings,
delete, and the week views of a screen and a group (local time, DST, conflicts)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from html import unescape

from sqlalchemy import func, select

from signage.extensions import db
from signage.models import Alert, AlertTarget, Schedule, ScheduleTarget
from tests.integration.test_admin_pages import csrf_from, sign_in
from tests.scheduling_support import make_fleet, make_playlist
from tests.support import make_user


def signed_in(app, client, role: str = "ADMIN") -> str:
    make_user(app, f"{role.lower()}@example.com", role)
    sign_in(client, f"{role.lower()}@example.com")
    return csrf_from(client.get("/admin/").get_data(as_text=True))


def form(token: str, playlist: int, target: str, **extra) -> dict:
    return {
        "csrf_token": token,
        "name": "Office",
        "target": target,
        "playlist_id": str(playlist),
        "priority": "50",
        "is_recurring": "y",
        "days_of_week": ["1", "2", "3", "4", "5"],
        "start_time": "08:00",
        "end_time": "18:00",
        # make_playlist's playlists have no items: these tests confirm saving them anyway
        # (test_an_empty_playlist_needs_confirming shows the refusal without it).
        "allow_empty": "y",
        **extra,
    }


def count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Schedule)) or 0


def test_create_edit_warn_and_delete_through_the_pages(app, client) -> None:
    token = signed_in(app, client, "EDITOR")
    fleet = make_fleet(app)
    playlist = make_playlist(app, "Morning news")
    page = client.get("/admin/schedules")
    assert page.status_code == 200 and 'data-testid="schedule-create"' in page.get_data(as_text=True)
    assert ">Schedules<" in page.get_data(as_text=True)  # in the navigation

    created = client.post("/admin/schedules", data=form(token, playlist, f"SCREEN:{fleet['first']}"))
    assert created.status_code == 302
    first_url = created.headers["Location"]
    with app.app_context():
        row = db.session.scalar(select(Schedule))
        assert (row.target_type, row.target_id, row.days_of_week) == (
            ScheduleTarget.SCREEN,
            fleet["first"],
            [1, 2, 3, 4, 5],
        )
    second = client.post(
        "/admin/schedules",
        data=form(token, playlist, f"GROUP:{fleet['group']}", name="Lunch", start_time="11:00"),
    )
    html = unescape(client.get(second.headers["Location"]).get_data(as_text=True))
    assert 'data-testid="overlap-warnings"' in html and "Office" in html
    assert 'data-testid="overlap-warnings"' in client.get(first_url).get_data(as_text=True)

    listing = client.get("/admin/schedules").get_data(as_text=True)
    assert "Morning news" in listing and "Lunch" in listing and "Group: Lobby" in listing

    bad = client.post(first_url, data=form(token, playlist, f"SCREEN:{fleet['first']}", end_time="25:00"))
    assert bad.status_code == 422 and "HH:MM" in unescape(bad.get_data(as_text=True))
    bad_target = client.post("/admin/schedules", data=form(token, playlist, "SCREEN:999999"))
    assert bad_target.status_code == 422 and count(app) == 2
    no_days = form(token, playlist, f"SCREEN:{fleet['first']}")
    no_days.pop("days_of_week")
    assert client.post("/admin/schedules", data=no_days).status_code == 422

    moved = client.post(first_url, data=form(token, playlist, f"SCREEN:{fleet['first']}", priority="80"))
    assert moved.status_code == 302
    assert 'data-testid="overlap-warnings"' not in client.get(first_url).get_data(as_text=True)

    assert client.post(first_url + "/delete", data={"csrf_token": token}).status_code == 422
    assert client.post(first_url + "/delete", data={"csrf_token": token, "confirm": "y"}).status_code == 302
    assert count(app) == 1


def test_viewers_see_pages_without_forms(app, client) -> None:
    signed_in(app, client, "VIEWER")
    fleet = make_fleet(app)
    playlist = make_playlist(app)
    with app.app_context():
        db.session.add(
            Schedule(
                name="S", target_type=ScheduleTarget.SCREEN, target_id=fleet["first"], playlist_id=playlist
            )
        )
        db.session.commit()
        schedule_id = db.session.scalar(select(Schedule.id))
    assert 'data-testid="schedule-create"' not in client.get("/admin/schedules").get_data(as_text=True)
    page = client.get(f"/admin/schedules/{schedule_id}").get_data(as_text=True)
    assert "Delete schedule" not in page and ">Save<" not in page
    assert client.get("/admin/schedules/999999").status_code == 404


def test_week_views_in_local_time_with_dst_and_conflicts(app, client) -> None:
    token = signed_in(app, client)
    fleet = make_fleet(app, "Europe/Paris")
    office, ads = make_playlist(app, "Office loop"), make_playlist(app, "Ads")
    client.post("/admin/schedules", data=form(token, office, f"SCREEN:{fleet['first']}"))
    client.post(
        "/admin/schedules",
        data=form(token, ads, f"GROUP:{fleet['group']}", name="Ads", start_time="17:00", end_time="20:00"),
    )
    screen_page = client.get(f"/admin/screens/{fleet['first']}")
    assert f"/admin/screens/{fleet['first']}/week" in screen_page.get_data(as_text=True)
    assert f"/admin/groups/{fleet['group']}/week" in client.get(f"/admin/groups/{fleet['group']}").get_data(
        as_text=True
    )

    # The week of the 2026-10-25 change: Monday 19 to Sunday 25 October.
    week = client.get(f"/admin/screens/{fleet['first']}/week?start=2026-10-22")
    html = unescape(week.get_data(as_text=True))
    assert week.status_code == 200 and "Week of Mon 19 Oct 2026" in html
    assert "08:00–17:00" in html and "17:00–18:00" in html and "18:00–20:00" in html  # local, both sides
    assert 'data-testid="week-conflicts"' in html and "⚠ overlaps, same priority" in html
    group_week = unescape(
        client.get(f"/admin/groups/{fleet['group']}/week?start=2026-03-29").get_data(as_text=True)
    )
    assert "Week of Mon 23 Mar 2026" in group_week and "skipped" in group_week  # 02:00 on the 29th
    assert "Office loop" not in group_week and "17:00–20:00" in group_week
    # Any other start shows the current week; unknown ids are 404.
    assert client.get(f"/admin/screens/{fleet['first']}/week?start=nonsense").status_code == 200
    assert client.get("/admin/screens/999999/week").status_code == 404
    assert client.get("/admin/groups/999999/week").status_code == 404
    today = date.today().isoformat()
    assert client.get(f"/admin/groups/{fleet['group']}/week?start={today}").status_code == 200


def test_an_empty_playlist_needs_confirming_and_nothing_is_preselected(app, client) -> None:
    token = signed_in(app, client, "EDITOR")
    fleet = make_fleet(app)
    playlist = make_playlist(app, "Still empty")
    page = client.get("/admin/schedules").get_data(as_text=True)
    # The playlist select starts on "Choose a playlist" (nothing else selected), and an empty
    # playlist says so.
    select = re.search(r'<select[^>]*name="playlist_id".*?</select>', page, re.S).group(0)
    assert '<option value="">Choose a playlist</option>' in select and "selected" not in select
    assert "Still empty (empty)" in select

    data = form(token, playlist, f"SCREEN:{fleet['first']}")
    del data["allow_empty"]
    refused = client.post("/admin/schedules", data=data)
    html = unescape(refused.get_data(as_text=True))
    assert refused.status_code == 422 and count(app) == 0
    assert "This playlist has no items yet" in html and 'data-testid="allow-empty-playlist"' in html

    french = client.post("/admin/schedules?lang=fr", data=data)
    assert "Cette liste de lecture n'a encore aucun élément" in unescape(french.get_data(as_text=True))
    client.get("/admin/?lang=en")

    no_playlist = client.post("/admin/schedules", data={**data, "playlist_id": ""})
    assert no_playlist.status_code == 422 and "Choose a playlist." in no_playlist.get_data(as_text=True)

    confirmed = client.post("/admin/schedules", data={**data, "allow_empty": "y"})
    assert confirmed.status_code == 302 and count(app) == 1


def test_calendar_pages_and_their_blocks(app, client) -> None:
    token = signed_in(app, client, "VIEWER")
    fleet = make_fleet(app, "Europe/Paris")
    office, ads = make_playlist(app, "Office loop"), make_playlist(app, "Ads")
    with app.app_context():
        db.session.add_all(
            [
                Schedule(
                    name="Office", target_type=ScheduleTarget.SCREEN, target_id=fleet["first"],
                    playlist_id=office, start_time="08:00", end_time="18:00", days_of_week=[1, 2, 3, 4, 5],
                ),
                Schedule(
                    name="Ads", target_type=ScheduleTarget.GROUP, target_id=fleet["group"], playlist_id=ads,
                    priority=70, start_time="17:00", end_time="01:00", days_of_week=[1],
                ),
            ]
        )  # fmt: skip
        db.session.commit()
        db.session.add_all(
            [
                Alert(
                    title="Fire drill", target_type=AlertTarget.ALL, is_active=True,
                    start_at=datetime(2026, 10, 20, 8, 0, tzinfo=UTC),
                    end_at=datetime(2026, 10, 20, 9, 0, tzinfo=UTC),
                ),
                Alert(  # not armed: not shown
                    title="Draft", target_type=AlertTarget.GROUP, target_id=fleet["group"],
                    start_at=datetime(2026, 10, 20, 8, 0, tzinfo=UTC),
                ),
                Alert(  # another screen's: not shown
                    title="Elsewhere", target_type=AlertTarget.SCREEN, target_id=fleet["second"],
                    is_active=True,
                ),
            ]
        )  # fmt: skip
        db.session.commit()
    page = client.get(f"/admin/screens/{fleet['first']}/calendar").get_data(as_text=True)
    assert (
        "data-calendar" in page
        and "calendar.js" in page
        and f"/admin/screens/{fleet['first']}/calendar.json" in page
    )
    assert "data-create-dialog" not in page and 'data-editable="false"' in page  # a VIEWER only looks
    week = client.get(f"/admin/screens/{fleet['first']}/week").get_data(as_text=True)
    assert f"/admin/screens/{fleet['first']}/calendar" in week

    # The week of the 2026-10-25 change, asked from its Thursday.
    data = client.get(f"/admin/screens/{fleet['first']}/calendar.json?start=2026-10-22").get_json()
    assert data["timezone"] == "Europe/Paris" and data["start"] == "2026-10-19" and len(data["days"]) == 7
    monday = [
        (b["name"], b["start"], b["end"], b["plays"]) for b in data["blocks"] if b["day"] == "2026-10-19"
    ]
    assert monday == [("Office", "08:00", "18:00", True), ("Ads", "17:00", "24:00", True)]
    tuesday = [(b["name"], b["start"], b["end"]) for b in data["blocks"] if b["day"] == "2026-10-20"]
    assert tuesday == [("Ads", "00:00", "01:00"), ("Office", "08:00", "18:00")]
    ads_block = next(b for b in data["blocks"] if b["name"] == "Ads")
    assert ads_block["viaGroup"] and ads_block["priority"] == 70 and not ads_block["endsHere"]
    assert data["schedules"][ads_block["scheduleId"]]["daysOfWeek"] == [1]
    assert [(a["title"], a["day"], a["start"], a["end"]) for a in data["alerts"]] == [
        ("Fire drill", "2026-10-20", "10:00", "11:00")  # Paris, summer time
    ]

    day = client.get(f"/admin/groups/{fleet['group']}/calendar.json?start=2026-10-20&days=1").get_json()
    assert day["days"] == ["2026-10-20"] and [b["name"] for b in day["blocks"]] == ["Ads"]
    assert not day["blocks"][0]["viaGroup"] and [a["title"] for a in day["alerts"]] == ["Fire drill"]
    assert client.get(f"/admin/groups/{fleet['group']}/calendar").status_code == 200
    # Nonsense starts fall back to today; unknown ids are 404; signed out is refused.
    assert client.get(f"/admin/screens/{fleet['first']}/calendar.json?start=x&days=99").status_code == 200
    assert client.get("/admin/screens/999999/calendar.json").status_code == 404
    assert client.get("/admin/groups/999999/calendar").status_code == 404
    client.post("/admin/logout", data={"csrf_token": token})
    assert client.get(f"/admin/screens/{fleet['first']}/calendar.json").status_code in (302, 401)


def test_the_calendar_draws_switched_off_schedules_greyed(app, client) -> None:
    signed_in(app, client, "VIEWER")
    fleet = make_fleet(app, "Europe/Paris")
    office = make_playlist(app, "Office loop")
    with app.app_context():
        db.session.add_all(
            [
                Schedule(
                    name="Office", target_type=ScheduleTarget.SCREEN, target_id=fleet["first"],
                    playlist_id=office, start_time="08:00", end_time="18:00", days_of_week=[1],
                ),
                Schedule(
                    name="Paused", target_type=ScheduleTarget.GROUP, target_id=fleet["group"],
                    playlist_id=office, priority=99, start_time="12:00", end_time="13:00", days_of_week=[1],
                    is_enabled=False,
                ),
                Schedule(  # another screen's: not shown
                    name="Theirs", target_type=ScheduleTarget.SCREEN, target_id=fleet["second"],
                    playlist_id=office, days_of_week=[1], is_enabled=False,
                ),
            ]
        )  # fmt: skip
        db.session.commit()
    data = client.get(f"/admin/screens/{fleet['first']}/calendar.json?start=2026-10-19").get_json()
    monday = [
        (b["name"], b["start"], b["end"], b["plays"], b["isEnabled"])
        for b in data["blocks"]
        if b["day"] == "2026-10-19"
    ]
    assert monday == [("Office", "08:00", "18:00", True, True), ("Paused", "12:00", "13:00", False, False)]
    paused = next(b for b in data["blocks"] if b["name"] == "Paused")
    assert data["schedules"][paused["scheduleId"]]["isEnabled"] is False  # the edit dialog's copy
    group = client.get(f"/admin/groups/{fleet['group']}/calendar.json?start=2026-10-19").get_json()
    assert [(b["name"], b["isEnabled"]) for b in group["blocks"]] == [("Paused", False)]
    page = client.get(f"/admin/screens/{fleet['first']}/calendar").get_data(as_text=True)
    assert "switched off (does not play)" in page
