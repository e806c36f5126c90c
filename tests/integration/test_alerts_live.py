"""Alerts over real sockets: exactly their targets, late joiners, hide, and the per-screen
delivery status the player's acks settle (CONTRACT §6, §9)."""

from __future__ import annotations

import time

import pytest

from signage.extensions import db
from signage.models import Screen, ScreenGroup
from tests.realtime_support import Console, Recorder, wait_for
from tests.support import make_screen, make_user


@pytest.fixture
def console(app, clean_db, live_url: str):  # type: ignore[no-untyped-def]
    make_user(app, "ed@example.com", "EDITOR")
    make_user(app, "root@example.com", "ADMIN")
    admin = Console(live_url, "root@example.com")  # activates screens
    editor = Console(live_url, "ed@example.com")  # sends alerts: ALERTS_WRITE is enough
    editor.admin = admin  # type: ignore[attr-defined]
    yield editor
    editor.http.close()
    admin.http.close()


@pytest.fixture
def clients():  # type: ignore[no-untyped-def]
    opened: list[Recorder] = []
    yield opened
    for recorder in opened:
        recorder.close()


def player(
    clients: list[Recorder], console: Console, url: str, screen_id: int, token: str | None = None
) -> Recorder:
    token = token or console.admin.activate_screen(screen_id)  # type: ignore[attr-defined]
    recorder = Recorder().connect(url, auth={"token": token})
    clients.append(recorder)
    return recorder


def put(console: Console, path: str):  # type: ignore[no-untyped-def]
    return console.http.put(f"{console.base}{path}", timeout=10)


def detail(console: Console, alert_id: str) -> dict:
    return console.http.get(f"{console.base}/api/admin/alerts/{alert_id}", timeout=10).json()


def test_alerts_reach_exactly_their_targets(app, console, clients, live_url) -> None:
    lobby_a, lobby_b, hall = (
        make_screen(app, "Lobby A"),
        make_screen(app, "Lobby B"),
        make_screen(app, "Hall"),
    )
    with app.app_context():
        group = ScreenGroup(name="Lobby", site_id=db.session.get(Screen, lobby_a).site_id)
        db.session.add(group)
        db.session.flush()
        db.session.get(Screen, lobby_a).group_id = db.session.get(Screen, lobby_b).group_id = group.id
        db.session.commit()
        group_id = group.id
    players = {sid: player(clients, console, live_url, sid) for sid in (lobby_a, lobby_b, hall)}

    def send(body: dict) -> str:
        response = console.post("/api/admin/alerts", json={"content": "Body", "isActive": True, **body})
        assert response.status_code == 201, response.text
        return response.json()["id"]

    to_group = send({"title": "Group", "targetType": "GROUP", "targetId": str(group_id)})
    to_screen = send({"title": "Screen", "targetType": "SCREEN", "targetId": str(hall)})
    to_all = send({"title": "All", "displayMode": "FULLSCREEN"})
    expected = {lobby_a: {to_group, to_all}, lobby_b: {to_group, to_all}, hall: {to_screen, to_all}}
    for sid, recorder in players.items():
        assert wait_for(lambda r=recorder, s=sid: {e["id"] for e in r.named("alert:show")} == expected[s])
    shown = next(e for e in players[hall].named("alert:show") if e["id"] == to_all)
    assert shown["displayMode"] == "FULLSCREEN" and shown["title"] == "All" and shown["commandId"]
    assert set(shown) == {
        "id",
        "title",
        "content",
        "displayMode",
        "backgroundColor",
        "textColor",
        "commandId",
    }

    put(console, f"/api/admin/alerts/{to_group}/deactivate")
    for sid in (lobby_a, lobby_b):
        assert wait_for(lambda s=sid: [e["id"] for e in players[s].named("alert:hide")] == [to_group])
    assert players[hall].named("alert:hide") == []


def test_the_alert_page_shows_which_players_confirmed(app, console, clients, live_url) -> None:
    confirming, silent, away = make_screen(app, "Yes"), make_screen(app, "Mute"), make_screen(app, "Away")
    console.admin.activate_screen(away)  # type: ignore[attr-defined]
    yes, mute = player(clients, console, live_url, confirming), player(clients, console, live_url, silent)
    alert_id = console.post(
        "/api/admin/alerts", json={"title": "T", "content": "C", "isActive": True}
    ).json()["id"]
    assert wait_for(lambda: yes.named("alert:show") and mute.named("alert:show"))
    command_id = yes.named("alert:show")[0]["commandId"]
    yes.client.emit("screen:command_ack", {"commandId": command_id, "status": "DELIVERED"})

    def statuses() -> dict[str, str]:
        return {d["screenName"]: d["status"] for d in detail(console, alert_id)["deliveries"]}

    assert wait_for(lambda: statuses() == {"Yes": "DELIVERED", "Mute": "PENDING", "Away": "PENDING"})
    row = next(d for d in detail(console, alert_id)["deliveries"] if d["screenName"] == "Away")
    assert row["sentAt"] is None  # queued: nobody to send it to yet
    page = console.http.get(f"{live_url}/admin/alerts/{alert_id}", timeout=10)
    assert page.status_code == 200 and "DELIVERED" in page.text


def test_a_late_joiner_gets_the_live_alerts_once(app, console, clients, live_url) -> None:
    screen, other = make_screen(app, "Late"), make_screen(app, "Elsewhere")
    token = console.admin.activate_screen(screen)  # type: ignore[attr-defined]
    live = console.post(
        "/api/admin/alerts",
        json={
            "title": "Live",
            "content": "<b>x</b>",
            "isActive": True,
            "targetType": "SCREEN",
            "targetId": screen,
        },
    ).json()["id"]
    console.post("/api/admin/alerts", json={"title": "Off", "content": "x"})  # never activated
    console.post(
        "/api/admin/alerts",
        json={"title": "Other", "content": "x", "isActive": True, "targetType": "SCREEN", "targetId": other},
    )
    # The show queued while it was away goes out on connect, and is not doubled.
    late = player(clients, console, live_url, screen, token)
    assert wait_for(lambda: len(late.named("alert:show")) == 1)
    assert late.named("alert:show")[0]["content"] == "<b>x</b>" and late.named("alert:show")[0]["id"] == live
    # Reconnecting after the queued show was confirmed: sent again, as a new delivery.
    late.client.emit(
        "screen:command_ack", {"commandId": late.named("alert:show")[0]["commandId"], "status": "DELIVERED"}
    )
    assert wait_for(lambda: detail(console, live)["deliveries"][0]["status"] == "DELIVERED")
    late.close()
    again = player(clients, console, live_url, screen, token)
    assert wait_for(lambda: [e["id"] for e in again.named("alert:show")] == [live])
    # A deactivated alert is not sent to players that connect afterwards.
    put(console, f"/api/admin/alerts/{live}/deactivate")
    assert wait_for(lambda: [e["id"] for e in again.named("alert:hide")] == [live])
    hide_id = again.named("alert:hide")[0]["commandId"]
    again.client.emit("screen:command_ack", {"commandId": hide_id, "status": "DELIVERED"})
    assert wait_for(lambda: detail(console, live)["deliveries"][0]["status"] == "DELIVERED")
    again.close()
    last = player(clients, console, live_url, screen, token)
    assert wait_for(lambda: last.client.connected)
    time.sleep(0.5)  # what a connect sends is emitted before the handshake ends; leave margin
    assert last.named("alert:hide") == []
    assert last.named("alert:show") == []
