"""Remote commands over a real socket: the event in the right room only, the ack, the status,
the queue for a screen that is away (CONTRACT §6)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, insert, select

from signage.extensions import db
from signage.fleet.targets import target_screens_query
from signage.models import (
    CommandStatus,
    CommandType,
    Screen,
    ScreenCommand,
    ScreenGroup,
    ScreenStatus,
    Site,
)
from signage.monitoring.commands import send_commands
from tests.realtime_support import connect, wait_for
from tests.support import api_login, listening, make_screen, make_user


def test_a_command_reaches_its_screen_then_the_ack_reaches_the_admins(
    app, console, clients, live_url
) -> None:
    target, other = make_screen(app, "Target"), make_screen(app, "Other")
    player = connect(clients, live_url, auth={"token": console.activate_screen(target)})
    bystander = connect(clients, live_url, auth={"token": console.activate_screen(other)})
    admin = connect(clients, live_url, headers={"Cookie": console.cookie})

    response = console.post(
        f"/api/admin/screens/{target}/command", json={"command": "VOLUME_SET", "payload": {"level": 30}}
    )
    assert response.status_code == 202, response.text
    command_id = response.json()["id"]
    assert response.json()["status"] == "PENDING"
    assert wait_for(lambda: player.named("volume:set") == [{"level": 30, "commandId": command_id}])

    player.client.emit("screen:command_ack", {"commandId": command_id, "status": "DELIVERED"})
    expected = {"commandId": command_id, "screenId": str(target), "status": "DELIVERED"}
    assert wait_for(lambda: expected in admin.named("admin:command_status"))
    # Another screen cannot settle it, and the bystander heard nothing.
    bystander.client.emit("screen:command_ack", {"commandId": command_id, "status": "FAILED"})
    log = console.http.get(f"{live_url}/api/admin/screens/{target}/commands", timeout=10).json()
    assert log["total"] == 1 and log["items"][0]["status"] == "DELIVERED"
    assert log["items"][0]["command"] == "VOLUME_SET" and log["items"][0]["acknowledgedAt"]
    assert not any(event.startswith(("volume", "admin")) for event, _ in bystander.events)


@pytest.mark.parametrize(
    ("command", "event"),
    [("SCREENSHOT", "player:screenshot"), ("RELOAD", "player:refresh"), ("CACHE_CLEAR", "cache:clear"),
     ("RESTART_BROWSER", "player:restart_browser"), ("REBOOT", "player:reboot"),
     ("PLAYLIST_RELOAD", "playlist:reload")],
)  # fmt: skip
def test_each_command_sends_its_event(app, console, clients, live_url, command, event) -> None:
    screen = make_screen(app)
    player = connect(clients, live_url, auth={"token": console.activate_screen(screen)})
    response = console.post(f"/api/admin/screens/{screen}/command", json={"command": command})
    assert response.status_code == 202
    assert wait_for(lambda: player.named(event) == [{"commandId": response.json()["id"]}])
    player.client.emit(
        "screen:command_ack", {"commandId": response.json()["id"], "status": "FAILED", "error": "no agent"}
    )
    assert wait_for(
        lambda: (
            console.http.get(f"{live_url}/api/admin/screens/{screen}/commands", timeout=10).json()["items"][
                0
            ]["error"]
            == "no agent"
        )
    )


def test_a_screen_that_was_away_gets_its_recent_commands_on_reconnect(
    app, console, clients, live_url
) -> None:
    screen = make_screen(app)
    token = console.activate_screen(screen)
    queued = console.post(f"/api/admin/screens/{screen}/command", json={"command": "RELOAD"}).json()["id"]
    with app.app_context():
        old = ScreenCommand(
            screen_id=screen,
            command=CommandType.CACHE_CLEAR,
            payload={},
            created_at=datetime.now(UTC) - timedelta(minutes=11),
        )
        db.session.add(old)
        db.session.commit()
        old_id = str(old.id)
        assert db.session.get(ScreenCommand, int(queued)).sent_at is None  # nobody to send it to
    player = connect(clients, live_url, auth={"token": token})
    assert wait_for(lambda: player.named("player:refresh") == [{"commandId": queued}])
    assert player.named("cache:clear") == []
    with app.app_context():
        stale = db.session.get(ScreenCommand, int(old_id))
        assert stale.status == CommandStatus.FAILED and "10 minutes" in stale.error


def test_bad_commands_are_refused(app, client) -> None:
    screen = make_screen(app)
    make_user(app, "root@example.com", "ADMIN")
    headers = {"X-CSRFToken": api_login(client, "root@example.com")}
    url = f"/api/admin/screens/{screen}/command"
    cases = [
        ({"command": "SELF_DESTRUCT"}, "command"),
        ({"command": "VOLUME_SET", "payload": {"level": 101}}, "payload.level"),
        ({"command": "VOLUME_SET", "payload": {"level": 5, "x": 1}}, "payload.x"),
        ({"command": "ALERT_SHOW", "payload": {"id": 1, "title": "", "content": "x"}}, "payload.title"),
        ({"command": "ALERT_SHOW", "payload": {"id": 1, "title": "t", "content": "c", "textColor": "red;"}},
         "payload.textColor"),
        ({"command": "RELOAD", "payload": "now"}, "payload"),
    ]  # fmt: skip
    for body, field in cases:
        response = client.post(url, headers=headers, json=body)
        assert response.status_code == 422, body
        assert field in response.get_json()["error"]["fields"], (body, response.get_json())
    assert (
        client.post(
            "/api/admin/screens/999999/command", headers=headers, json={"command": "RELOAD"}
        ).status_code
        == 404
    )
    with app.app_context():
        assert db.session.query(ScreenCommand).count() == 0


def test_only_admins_send_commands(app, client) -> None:
    screen = make_screen(app)
    make_user(app, "ed@example.com", "EDITOR")
    headers = {"X-CSRFToken": api_login(client, "ed@example.com")}
    assert (
        client.post(
            f"/api/admin/screens/{screen}/command", headers=headers, json={"command": "REBOOT"}
        ).status_code
        == 403
    )
    assert client.get(f"/api/admin/screens/{screen}/commands").status_code == 200


def _statements_of(app, action, *args, **kwargs):  # type: ignore[no-untyped-def]
    """What `action` answers, and the number of bound parameters of each statement it sends."""
    seen: list[int] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        seen.append(len(parameters or ()))

    with listening(app, "before_cursor_execute", count), app.app_context():
        return action(*args, **kwargs), seen


def test_a_command_to_a_query_of_screens_costs_the_same_statements_for_3_or_60(app, clean_db) -> None:
    """An alert to a whole fleet is written by one INSERT ... SELECT: neither the statements
    nor their parameters grow with the fleet (5,000 rows as parameters took the PostgreSQL
    driver half a second to parse), and each screen's row says whether it went out."""
    with app.app_context():
        group = ScreenGroup(name="Hall", site=Site(name="Fleet", timezone="UTC"))
        db.session.add(group)
        db.session.commit()
        group_id, site_id = group.id, group.site_id

    costs = []
    for size in (3, 60):
        with app.app_context():
            db.session.execute(
                insert(Screen),
                [
                    {"name": f"S{i}", "site_id": site_id, "group_id": group_id,
                     "status": ScreenStatus.OFFLINE if i % 3 == 0 else ScreenStatus.ONLINE}
                    for i in range(size)
                ],
            )  # fmt: skip
            db.session.commit()
        now = datetime.now(UTC)
        answer, cost = _statements_of(
            app, send_commands, target_screens_query("GROUP", group_id), "RELOAD", now=now
        )
        costs.append(cost)
        sent = {s.screen_id: s for s in answer}
        with app.app_context():
            rows = db.session.scalars(select(ScreenCommand).where(ScreenCommand.created_at == now)).all()
            offline = set(db.session.scalars(select(Screen.id).where(Screen.status == ScreenStatus.OFFLINE)))
            assert len(rows) == len(sent) == size and len(offline) == size // 3
            for row in rows:
                assert row.status == CommandStatus.PENDING and row.command == CommandType.RELOAD
                assert (row.sent_at is None) == (row.screen_id in offline) == (not sent[row.screen_id].live)
                assert sent[row.screen_id].id == row.id
            db.session.execute(delete(Screen))
            db.session.commit()
    assert costs[0] == costs[1], costs
