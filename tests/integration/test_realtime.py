"""Socket.IO over a real socket against the live gevent server (CONTRACT §6)."""

from __future__ import annotations

import time

import jwt
import pytest
import socketio

from tests.realtime_support import Console, Recorder, wait_for
from tests.support import make_screen, make_user


@pytest.fixture
def console(app, clean_db, live_url: str):  # type: ignore[no-untyped-def]
    make_user(app, "root@example.com", "ADMIN")
    console = Console(live_url, "root@example.com")
    yield console
    console.http.close()  # a kept-alive connection would hold the server's shutdown


@pytest.fixture
def clients():
    opened: list[Recorder] = []

    def open_client() -> Recorder:
        recorder = Recorder()
        opened.append(recorder)
        return recorder

    yield open_client
    for recorder in opened:
        recorder.close()


def refused(recorder: Recorder, url: str, **kwargs) -> bool:
    with pytest.raises(socketio.exceptions.ConnectionError):
        recorder.connect(url, **kwargs)
    return recorder.connect_errors == [{"message": "Unauthorized"}]


def test_players_join_only_their_room_and_admins_get_admin_events(app, console, clients, live_url) -> None:
    first, second = make_screen(app, "First"), make_screen(app, "Second")
    first_jwt, second_jwt = console.activate_screen(first), console.activate_screen(second)

    admin = clients().connect(live_url, headers={"Cookie": console.cookie})
    other = clients().connect(live_url, auth={"token": second_jwt})
    assert wait_for(lambda: any(e["screenId"] == str(second) for e in admin.named("admin:screen_status")))

    player = clients().connect(live_url, auth={"token": first_jwt})
    assert wait_for(
        lambda: (
            {"screenId": str(first), "status": "ONLINE"}.items()
            <= (admin.named("admin:screen_status") or [{}])[-1].items()
        )
    )
    player.close()
    assert wait_for(lambda: admin.named("admin:screen_status")[-1]["status"] == "WARNING"), admin.events
    time.sleep(0.3)  # leave time for anything misrouted to arrive
    # Players never see admin events, nor other screens' traffic.
    assert other.events == [] and player.events == []
    assert all("lastSeen" in e and "currentMediaName" in e for e in admin.named("admin:screen_status"))


def test_bad_missing_and_foreign_tokens_are_refused(app, console, clients, live_url) -> None:
    screen_id = make_screen(app)
    assert refused(clients(), live_url)  # no token, no session
    assert refused(clients(), live_url, auth={"token": "not-a-jwt"})
    assert refused(clients(), live_url, auth={"token": 42})
    forged = jwt.encode({"sub": str(screen_id), "iat": 0}, "y" * 40, algorithm="HS256")
    assert refused(clients(), live_url, auth={"token": forged})
    # A bad token is refused even from a browser that also holds a console session.
    assert refused(clients(), live_url, auth={"token": "nope"}, headers={"Cookie": console.cookie})


def test_revoking_disconnects_the_live_player_within_a_second(app, console, clients, live_url) -> None:
    screen_id = make_screen(app)
    token = console.activate_screen(screen_id)
    player = clients().connect(live_url, auth={"token": token})
    assert player.client.connected

    started = time.monotonic()
    assert console.post(f"/api/admin/screens/{screen_id}/revoke").status_code == 204
    assert player.disconnected.wait(1.0), "still connected a second after the revocation"
    assert time.monotonic() - started < 1.0
    # Its token is now refused, for new connections and for REST.
    assert refused(clients(), live_url, auth={"token": token})
    # And stays dead after the screen is activated again.
    fresh = console.activate_screen(screen_id)
    assert refused(clients(), live_url, auth={"token": token})
    assert clients().connect(live_url, auth={"token": fresh}).client.connected


def test_a_console_socket_reads_its_screens_state_on_connect(app, console, clients, live_url) -> None:
    """A page asks `admin:status_snapshot` when its socket connects: what changed between its
    rendering and its subscription (or while the socket was away) is not lost."""
    seen, other = make_screen(app, "Seen"), make_screen(app, "Other")
    player = clients().connect(live_url, auth={"token": console.activate_screen(seen)})
    player.client.emit("screen:heartbeat", {"uptime": 5, "isVisible": True, "currentMediaName": "Soup.mp4"})
    admin = clients().connect(live_url, headers={"Cookie": console.cookie})

    def snapshot() -> list[dict]:  # type: ignore[type-arg]
        answer = admin.client.call("admin:status_snapshot", {"screenIds": [str(seen), other, "999999"]})
        return answer["screens"]

    assert wait_for(lambda: [s.get("currentMediaName") for s in snapshot()] == ["Soup.mp4", None])
    screens = snapshot()
    assert [s["screenId"] for s in screens] == [str(seen), str(other)]  # an unknown id is left out
    assert screens[0]["status"] == "ONLINE" and screens[1]["status"] == "OFFLINE"
    assert set(screens[0]) >= {"lastSeen", "currentPlaylistId", "currentPlaylistName", "uptime"}
    # Malformed asks, and a player's socket asking, get an error, not data.
    for bad in [
        None,
        {"screenIds": "1"},
        {"screenIds": [True]},
        {"screenIds": ["1x"]},
        {"screenIds": [1] * 5001},
    ]:
        assert admin.client.call("admin:status_snapshot", bad) == {"error": "invalid_data"}
    assert player.client.call("admin:status_snapshot", {"screenIds": [seen]}) == {"error": "forbidden"}
