"""Before it authenticates, a Socket.IO connection may send only small messages and must
authenticate quickly (issue 15 §6): real clients over real sockets against the real server."""

from __future__ import annotations

import threading

import engineio
import pytest
import socketio

from tests.realtime_support import Console, Recorder, wait_for
from tests.support import live_server, make_screen, make_user

TIMEOUT = 2


@pytest.fixture(scope="module")
def strict_url(app, database_url):  # type: ignore[no-untyped-def]
    with live_server(database_url, SOCKET_AUTH_TIMEOUT_SECONDS=str(TIMEOUT)) as url:
        yield url


def raw_engineio(url: str) -> tuple[engineio.Client, threading.Event]:
    """An Engine.IO connection that never says a word of Socket.IO (no CONNECT packet)."""
    client = engineio.Client()
    closed = threading.Event()
    client.on("disconnect", lambda *args: closed.set())
    client.connect(url, transports=["websocket"], engineio_path="socket.io")
    return client, closed


def test_a_connection_that_never_authenticates_is_closed(app, clean_db, strict_url) -> None:
    client, closed = raw_engineio(strict_url)
    try:
        assert not closed.wait(TIMEOUT / 2)  # still open for a moment
        assert closed.wait(TIMEOUT + 5), "an anonymous connection stayed open"
    finally:
        client.disconnect()


def test_a_big_message_before_authenticating_closes_the_connection(app, clean_db, strict_url) -> None:
    client, closed = raw_engineio(strict_url)
    try:
        client.send("0" + "x" * (32 * 1024))  # a Socket.IO CONNECT packet with 32 KB of garbage
        assert closed.wait(TIMEOUT / 2 + 0.5), "a 32 KB anonymous message was accepted"
    finally:
        client.disconnect()

    # The same through python-socketio: a CONNECT whose auth is 20 KB never connects.
    sio = socketio.Client(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        sio.connect(strict_url, transports=["websocket"], auth={"token": "x" * 20_000}, wait_timeout=3)
    sio.disconnect()


def test_an_authenticated_player_keeps_the_big_limit_and_stays(app, clean_db, strict_url) -> None:
    make_user(app, "root@example.com", "ADMIN")
    console = Console(strict_url, "root@example.com")
    screen = make_screen(app)
    token = console.activate_screen(screen)
    player = Recorder().connect(strict_url, auth={"token": token})
    try:
        # 100 KB: a screenshot-sized message (an invalid one, answered by a failed command or
        # a log line), after authentication: the connection stays.
        player.client.emit("screen:error", {"message": "x" * 100_000})
        assert not wait_for(lambda: player.disconnected.is_set(), timeout=TIMEOUT + 1.5)
        assert player.client.connected
    finally:
        player.close()
        console.http.close()
