"""/api/admin/schedules, the preview and the player's schedule (CONTRACT §4, §5, §7):
CRUD, bad input, overlap warnings, playlist:reload, ETag, alerts, roles."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from signage.extensions import db
from signage.models import Alert, AlertDisplayMode, AlertTarget, Playlist, Schedule, Screen
from tests.scheduling_support import capture_screen_events, make_fleet, make_playlist, player_jwt
from tests.support import api_login, make_user


@pytest.fixture
def sent_to_screens(monkeypatch):
    return capture_screen_events(monkeypatch)


@pytest.fixture
def headers(app, client) -> dict[str, str]:
    make_user(app, "root@example.com", "ADMIN")
    return {"X-CSRFToken": api_login(client, "root@example.com")}


def body(playlist: int, target: int, **extra) -> dict:
    return {
        "name": "Office",
        "targetType": "SCREEN",
        "targetId": str(target),
        "playlistId": str(playlist),
        **extra,
    }


def create(client, headers, payload: dict) -> dict:
    response = client.post("/api/admin/schedules", headers=headers, json=payload)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def schedule_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Schedule)) or 0


def test_crud_round_trip_in_camel_case(app, client, headers) -> None:
    fleet = make_fleet(app)
    playlist, other = make_playlist(app, "Morning"), make_playlist(app, "Evening")
    created = create(
        client,
        headers,
        body(
            playlist,
            fleet["first"],
            priority=70,
            startDate="2026-03-01",
            endDate="2026-03-31T23:30:00Z",
            startTime="08:00",
            endTime="18:00",
            daysOfWeek=[5, 1, 2],
            isRecurring=True,
            isInterruption=False,
        ),
    )
    assert created["warnings"] == []
    schedule_id = created["id"]
    shown = client.get(f"/api/admin/schedules/{schedule_id}").get_json()
    assert shown == {key: value for key, value in created.items() if key != "warnings"}
    assert {k: shown[k] for k in ("targetType", "targetId", "playlistId", "priority")} == {
        "targetType": "SCREEN",
        "targetId": str(fleet["first"]),
        "playlistId": str(playlist),
        "priority": 70,
    }
    assert (shown["startDate"], shown["endDate"], shown["startTime"], shown["endTime"]) == (
        "2026-03-01",
        "2026-03-31",
        "08:00",
        "18:00",
    )
    assert shown["daysOfWeek"] == [1, 2, 5] and shown["createdBy"] is not None
    assert shown["createdAt"].endswith("Z") and shown["updatedAt"].endswith("Z")

    updated = client.put(
        f"/api/admin/schedules/{schedule_id}",
        headers=headers,
        json={"playlistId": other, "endTime": None, "targetType": "GROUP", "targetId": fleet["group"]},
    )
    assert updated.status_code == 200, updated.get_json()
    assert (updated.get_json()["playlistId"], updated.get_json()["endTime"]) == (str(other), None)
    assert (
        updated.get_json()["targetType"] == "GROUP" and updated.get_json()["updatedAt"] >= shown["updatedAt"]
    )

    listed = client.get(f"/api/admin/schedules?targetType=GROUP&targetId={fleet['group']}").get_json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == schedule_id
    assert client.get("/api/admin/schedules?targetType=SCREEN").get_json()["total"] == 0
    assert client.get(f"/api/admin/schedules?playlistId={playlist}").get_json()["total"] == 0
    assert client.get("/api/admin/schedules?q=offi").get_json()["total"] == 1
    assert client.get("/api/admin/schedules?targetType=PLANET").status_code == 422

    assert client.delete(f"/api/admin/schedules/{schedule_id}", headers=headers).status_code == 204
    assert client.get(f"/api/admin/schedules/{schedule_id}").status_code == 404
    assert client.delete(f"/api/admin/schedules/{schedule_id}", headers=headers).status_code == 404
    assert client.get("/api/admin/schedules/abc").status_code == 404


BAD = [
    ({"priority": 0}, "priority"),
    ({"priority": 101}, "priority"),
    ({"priority": "50"}, "priority"),
    ({"priority": True}, "priority"),
    ({"startTime": "8:00"}, "startTime"),
    ({"endTime": "24:00"}, "endTime"),
    ({"startTime": "12:00:00"}, "startTime"),
    ({"daysOfWeek": [7]}, "daysOfWeek"),
    ({"daysOfWeek": []}, "daysOfWeek"),
    ({"daysOfWeek": [1, 1]}, "daysOfWeek"),
    ({"daysOfWeek": "1,2"}, "daysOfWeek"),
    ({"startDate": "2026-02-30"}, "startDate"),
    ({"startDate": "2026-03-01T10:00:00"}, "startDate"),
    ({"startDate": "0001-01-01"}, "startDate"),
    ({"endDate": "9999-12-31"}, "endDate"),
    ({"endDate": "9999-12-31T23:59:59-12:00"}, "endDate"),
    ({"startDate": "2026-04-02", "endDate": "2026-04-01"}, "endDate"),
    (
        {
            "isRecurring": False,
            "startDate": "2026-04-01",
            "endDate": "2026-04-01",
            "startTime": "10:00",
            "endTime": "09:00",
        },
        "endTime",
    ),
    ({"targetType": "SITE"}, "targetType"),
    ({"targetId": "999999"}, "targetId"),
    ({"targetId": "-1"}, "targetId"),
    ({"targetType": "GROUP"}, "targetId"),  # the screen's id names no group
    ({"playlistId": "999999"}, "playlistId"),
    ({"playlistId": "x"}, "playlistId"),
    ({"name": "  "}, "name"),
    ({"name": "x" * 121}, "name"),
    ({"colour": "red"}, "colour"),
    ({"isInterruption": "yes"}, "isInterruption"),
]


@pytest.mark.parametrize(("change", "field"), BAD)
def test_bad_values_are_422_per_field_and_change_nothing(app, client, headers, change, field) -> None:
    fleet = make_fleet(app)
    playlist = make_playlist(app)
    response = client.post(
        "/api/admin/schedules", headers=headers, json={**body(playlist, fleet["alone"]), **change}
    )
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["error"]["fields"]
    assert schedule_count(app) == 0
    existing = create(
        client, headers, body(playlist, fleet["alone"], startDate="2026-04-01", endDate="2026-04-30")
    )
    update = client.put(f"/api/admin/schedules/{existing['id']}", headers=headers, json=change)
    assert update.status_code == 422, update.get_json()
    assert (
        client.get(f"/api/admin/schedules/{existing['id']}").get_json()["updatedAt"] == existing["updatedAt"]
    )


def test_missing_fields_and_malformed_bodies(app, client, headers) -> None:
    response = client.post("/api/admin/schedules", headers=headers, json={})
    assert set(response.get_json()["error"]["fields"]) == {"name", "targetType", "targetId", "playlistId"}
    assert (
        client.post(
            "/api/admin/schedules", headers=headers, data="{", content_type="application/json"
        ).status_code
        == 400
    )
    assert client.post("/api/admin/schedules", headers=headers, json=[1]).status_code == 400
    fleet = make_fleet(app)
    existing = create(client, headers, body(make_playlist(app), fleet["alone"]))
    # An update moving the end date before the stored start date is refused too.
    client.put(f"/api/admin/schedules/{existing['id']}", headers=headers, json={"startDate": "2026-05-10"})
    response = client.put(
        f"/api/admin/schedules/{existing['id']}", headers=headers, json={"endDate": "2026-05-01"}
    )
    assert response.get_json()["error"]["fields"] == {"endDate": "The end date comes before the start date."}
    assert schedule_count(app) == 1


def test_equal_priority_overlaps_warn_on_save(app, client, headers) -> None:
    fleet = make_fleet(app)
    playlist = make_playlist(app)
    morning = create(
        client, headers, body(playlist, fleet["first"], name="Morning", startTime="08:00", endTime="12:00")
    )
    evening = create(
        client, headers, body(playlist, fleet["first"], name="Evening", startTime="18:00", endTime="22:00")
    )
    assert evening["warnings"] == []
    lunch = create(
        client, headers, body(playlist, fleet["first"], name="Lunch", startTime="11:00", endTime="14:00")
    )
    assert [(w["code"], w["scheduleId"]) for w in lunch["warnings"]] == [
        ("equal_priority_overlap", morning["id"])
    ]
    assert "Morning" in lunch["warnings"][0]["message"]
    # Through the group, on the screens it shares with the screen schedules.
    group_wide = create(
        client,
        headers,
        body(playlist, fleet["group"], name="Group", targetType="GROUP", startTime="21:00", endTime="23:00"),
    )
    assert [w["scheduleId"] for w in group_wide["warnings"]] == [evening["id"]]
    # Another priority, or no common day: no warning.
    higher = create(
        client, headers, body(playlist, fleet["first"], name="Higher", priority=90, startTime="11:00")
    )
    assert higher["warnings"] == []
    weekend = client.put(
        f"/api/admin/schedules/{lunch['id']}", headers=headers, json={"startTime": "12:30", "daysOfWeek": [0]}
    )
    assert weekend.get_json()["warnings"] == []
    screen_of_another_group = create(
        client, headers, body(playlist, fleet["alone"], name="Alone", startTime="08:00")
    )
    assert screen_of_another_group["warnings"] == []


def test_saving_and_deleting_reload_the_screens_whose_playlist_changes_now(
    app, client, headers, sent_to_screens
) -> None:
    fleet = make_fleet(app)
    base, special = make_playlist(app, "Base"), make_playlist(app, "Special")
    group_all_day = create(client, headers, body(base, fleet["group"], targetType="GROUP"))
    with app.app_context():
        base_version = db.session.get(Playlist, base).version
    assert sorted(sent_to_screens) == [
        (fleet["first"], "playlist:reload", {"playlistId": str(base), "version": base_version}),
        (fleet["second"], "playlist:reload", {"playlistId": str(base), "version": base_version}),
    ]
    sent_to_screens.clear()
    # A later window changes nothing now: nothing is pushed, players switch by themselves.
    tomorrow = (datetime.now(UTC) + timedelta(days=2)).date().isoformat()
    create(client, headers, body(special, fleet["first"], priority=90, startDate=tomorrow))
    assert sent_to_screens == []
    now_special = create(client, headers, body(special, fleet["first"], priority=80))
    assert [s[0] for s in sent_to_screens] == [fleet["first"]]
    sent_to_screens.clear()
    client.put(f"/api/admin/schedules/{now_special['id']}", headers=headers, json={"priority": 10})
    assert [(s[0], s[2]["playlistId"]) for s in sent_to_screens] == [(fleet["first"], str(base))]
    sent_to_screens.clear()
    client.delete(f"/api/admin/schedules/{group_all_day['id']}", headers=headers)
    assert sorted((s[0], s[2]["playlistId"]) for s in sent_to_screens) == [
        (fleet["first"], str(special)),
        (fleet["second"], None),
    ]


def test_preview_explains_its_answer_across_dst(app, client, headers) -> None:
    fleet = make_fleet(app, "Europe/Paris")
    office, urgent = make_playlist(app, "Office"), make_playlist(app, "Urgent")
    weekdays = create(
        client,
        headers,
        body(office, fleet["first"], startTime="08:00", endTime="18:00", daysOfWeek=[1, 2, 3, 4, 5]),
    )
    alarm = create(
        client,
        headers,
        body(
            urgent,
            fleet["group"],
            name="Drill",
            targetType="GROUP",
            priority=1,
            isInterruption=True,
            isRecurring=False,
            startDate="2026-10-27",
            startTime="10:00",
            endDate="2026-10-27",
            endTime="10:30",
        ),
    )
    url = f"/api/admin/screens/{fleet['first']}/preview"
    summer = client.get(url + "?at=2026-10-23T06:00:00Z").get_json()  # Friday 08:00 CEST
    assert summer["playlist"]["id"] == str(office) and summer["playlist"]["scheduleId"] == weekdays["id"]
    assert summer["localTime"] == "2026-10-23T08:00:00+02:00" and summer["timezone"] == "Europe/Paris"
    assert summer["nextChangeAt"] == "2026-10-23T16:00:00Z"
    winter = client.get(url + "?at=2026-10-26T06:30:00Z").get_json()  # Monday 07:30 CET
    assert winter["playlist"] is None and winter["nextChangeAt"] == "2026-10-26T07:00:00Z"
    verdicts = {c["scheduleId"]: (c["active"], c["reason"]) for c in winter["candidates"]}
    assert verdicts == {weekdays["id"]: (False, "outside_hours"), alarm["id"]: (False, "not_started")}
    drill = client.get(url + "?at=2026-10-27T10:15:00%2B01:00").get_json()
    assert drill["playlist"] == {
        "id": str(urgent),
        "version": 1,
        "scheduleId": alarm["id"],
        "isInterruption": True,
    }
    assert [(c["scheduleId"], c["winner"], c["reason"]) for c in drill["candidates"]] == [
        (alarm["id"], True, "interruption"),
        (weekdays["id"], False, "interrupted"),
    ]
    # An unencoded "+" arrives as a space: still understood.
    assert client.get(url + "?at=2026-10-27T10:15:00+01:00").get_json()["playlist"]["id"] == str(urgent)
    assert client.get(url).status_code == 200  # now
    for bad in (
        "yesterday",
        "2026-10-27T09:15:00",
        "2026-13-01T00:00:00Z",
        "9" * 50,
        "0001-01-01T00:00:00Z",
        "0001-01-01T00:00:00+05:00",
        "9999-12-31T23:59:59-12:00",
    ):
        response = client.get(url, query_string={"at": bad})
        assert response.status_code == 422 and "at" in response.get_json()["error"]["fields"], bad
    assert client.get("/api/admin/screens/999999/preview").status_code == 404


def player_get(app, screen_id: int, jwt: str | None, etag: str | None = None):  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {jwt}"} if jwt else {}
    if etag:
        headers["If-None-Match"] = etag
    return app.test_client().get(f"/api/player/{screen_id}/schedule", headers=headers)


def test_player_schedule_with_upcoming_alerts_and_etag(app, client, headers) -> None:
    fleet = make_fleet(app, "Asia/Kolkata")
    base, evening = make_playlist(app, "Base"), make_playlist(app, "Evening")
    always = create(client, headers, body(base, fleet["group"], targetType="GROUP"))
    nightly = create(
        client, headers, body(evening, fleet["first"], priority=90, startTime="20:00", endTime="23:00")
    )
    now = datetime.now(UTC)
    with app.app_context():
        db.session.add_all(
            [
                Alert(title="Everyone", content="<b>x</b>", is_active=True, target_type=AlertTarget.ALL),
                Alert(
                    title="Lobby",
                    is_active=True,
                    target_type=AlertTarget.GROUP,
                    target_id=fleet["group"],
                    display_mode=AlertDisplayMode.FULLSCREEN,
                ),
                Alert(title="Mine", is_active=True, target_type=AlertTarget.SCREEN, target_id=fleet["first"]),
                Alert(
                    title="Other screen",
                    is_active=True,
                    target_type=AlertTarget.SCREEN,
                    target_id=fleet["alone"],
                ),
                Alert(title="Off", is_active=False, target_type=AlertTarget.ALL),
                Alert(title="Over", is_active=True, end_at=now - timedelta(minutes=1)),
                Alert(title="Later", is_active=True, start_at=now + timedelta(hours=1)),
            ]
        )
        db.session.commit()
    jwt = player_jwt(app, fleet["first"])
    response = player_get(app, fleet["first"], jwt)
    assert response.status_code == 200
    got = response.get_json()
    assert got["screenId"] == str(fleet["first"]) and got["serverTime"].endswith("Z")
    # The site's clock and language, for the player's clocks and on-screen texts (CONTRACT §14).
    assert (got["timezone"], got["locale"]) == ("Asia/Kolkata", "fr")
    assert got["playlist"]["id"] in (str(base), str(evening))
    assert [a["title"] for a in got["alerts"]] == ["Everyone", "Lobby", "Mine"]
    assert got["alerts"][0] == {
        "id": got["alerts"][0]["id"],
        "title": "Everyone",
        "content": "<b>x</b>",
        "displayMode": "BANNER",
        "backgroundColor": "#d32f2f",
        "textColor": "#ffffff",
    }
    upcoming = got["upcoming"]
    # Back to back, from now to at least 72 hours ahead, the nightly window each evening.
    assert upcoming[0]["start"] <= got["serverTime"] < upcoming[0]["end"]
    assert all(a["end"] == b["start"] for a, b in zip(upcoming, upcoming[1:], strict=False))
    last = datetime.fromisoformat(upcoming[-1]["end"].replace("Z", "+00:00"))
    assert last >= now + timedelta(hours=72)
    evenings = [u for u in upcoming if u["scheduleId"] == nightly["id"]]
    assert len(evenings) >= 3 and all(u["start"].endswith("14:30:00Z") for u in evenings)
    assert {u["scheduleId"] for u in upcoming} == {always["id"], nightly["id"]}
    assert all(set(u) == {"playlistId", "version", "scheduleId", "start", "end"} for u in upcoming)

    etag = response.headers["ETag"]
    again = player_get(app, fleet["first"], jwt, etag)
    assert again.status_code == 304 and again.data == b""
    client.put(f"/api/admin/schedules/{nightly['id']}", headers=headers, json={"startTime": "19:00"})
    changed = player_get(app, fleet["first"], jwt, etag)
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    # A change of the site's language is a new schedule for its players.
    with app.app_context():
        db.session.get(Screen, fleet["first"]).site.locale = "en"
        db.session.commit()
    english = player_get(app, fleet["first"], jwt, changed.headers["ETag"])
    assert english.status_code == 200 and english.get_json()["locale"] == "en"

    # Nothing scheduled: playlist null, upcoming empty.
    alone_jwt = player_jwt(app, fleet["alone"])
    idle = player_get(app, fleet["alone"], alone_jwt).get_json()
    assert (idle["playlist"], idle["upcoming"], [a["title"] for a in idle["alerts"]]) == (
        None,
        [],
        ["Everyone", "Other screen"],
    )
    assert player_get(app, fleet["first"], None).status_code == 401
    assert player_get(app, fleet["first"], "not-a-jwt").status_code == 401
    assert player_get(app, fleet["first"], alone_jwt).status_code == 403


def test_viewers_read_and_editors_write(app, client) -> None:
    fleet = make_fleet(app)
    playlist = make_playlist(app)
    for role in ("VIEWER", "EDITOR"):
        make_user(app, f"{role.lower()}@example.com", role)
    viewer = app.test_client()
    token = api_login(viewer, "viewer@example.com")
    refused = viewer.post(
        "/api/admin/schedules", headers={"X-CSRFToken": token}, json=body(playlist, fleet["first"])
    )
    assert refused.status_code == 403 and schedule_count(app) == 0
    editor = app.test_client()
    token = api_login(editor, "editor@example.com")
    made = create(editor, {"X-CSRFToken": token}, body(playlist, fleet["first"]))
    assert viewer.get(f"/api/admin/schedules/{made['id']}").status_code == 200
    assert viewer.get(f"/api/admin/screens/{fleet['first']}/preview").status_code == 200
    assert (
        viewer.delete(f"/api/admin/schedules/{made['id']}", headers={"X-CSRFToken": token}).status_code == 403
    )
    # Without the CSRF header a write is refused, and nothing changes.
    assert editor.post("/api/admin/schedules", json=body(playlist, fleet["first"])).status_code in (400, 403)
    assert schedule_count(app) == 1


def test_warnings_and_explanations_speak_the_requests_language(app, client, headers) -> None:
    fleet = make_fleet(app)
    playlist = make_playlist(app)
    create(client, headers, body(playlist, fleet["first"], name="Matin", startTime="08:00", endTime="12:00"))
    french = {**headers, "Accept-Language": "fr-FR"}
    lunch = client.post(
        "/api/admin/schedules",
        headers=french,
        json=body(playlist, fleet["first"], name="Midi", startTime="11:00", endTime="14:00"),
    ).get_json()
    [warning] = lunch["warnings"]
    assert warning["code"] == "equal_priority_overlap"
    assert warning["message"] == (
        "Chevauche « Matin », qui a la même priorité (50) : "
        "quand les deux sont actives, la dernière enregistrée est diffusée."
    )
    preview = client.get(f"/api/admin/screens/{fleet['first']}/preview", headers=french).get_json()
    # Two candidates at any instant of the week: each verdict in French ("Elle ...", "Active ...").
    messages = [candidate["message"] for candidate in preview["candidates"]]
    assert len(messages) == 2
    french_verdicts = ("Elle ", "Active", "La seule", "Priorité", "Même", "Une interruption", "Sa période")
    assert all(message.startswith(french_verdicts) for message in messages), messages


def test_a_disabled_schedule_plays_nothing_warns_nothing_and_keeps_its_settings(
    app, client, headers, sent_to_screens
) -> None:
    fleet = make_fleet(app)
    base, special = make_playlist(app, "Base"), make_playlist(app, "Special")
    create(client, headers, body(base, fleet["first"], name="Base"))
    top = create(client, headers, body(special, fleet["first"], name="Top", priority=90))
    assert top["isEnabled"] is True
    sent_to_screens.clear()
    off = client.put(f"/api/admin/schedules/{top['id']}", headers=headers, json={"isEnabled": False})
    assert off.status_code == 200 and off.get_json()["isEnabled"] is False
    assert off.get_json()["priority"] == 90 and off.get_json()["playlistId"] == str(special)
    # The screen falls back to the base schedule at once, and is told.
    assert [(s[0], s[2]["playlistId"]) for s in sent_to_screens] == [(fleet["first"], str(base))]
    token = player_jwt(app, fleet["first"])
    answer = player_get(app, fleet["first"], token)
    assert answer.status_code == 200
    assert answer.get_json()["playlist"]["id"] == str(base)
    # Equal priority to the disabled one: no overlap warning.
    twin = create(client, headers, body(base, fleet["first"], name="Twin", priority=90))
    assert twin["warnings"] == []
    bad = client.put(f"/api/admin/schedules/{top['id']}", headers=headers, json={"isEnabled": "no"})
    assert bad.status_code == 422 and "isEnabled" in bad.get_json()["error"]["fields"]
