"""The real server (gunicorn + gevent worker, wsgi.py): keep-alive latency and Socket.IO
over a real socket."""

from __future__ import annotations

import pytest
import requests
import socketio

from bench.keepalive import measure
from tests.support import PASSWORD, make_user


def test_no_nagle_floor_on_a_kept_alive_connection(live_url: str) -> None:
    # Without TCP_NODELAY every request after the first waits for the client's delayed
    # ACK: ~40 ms each (bench/keepalive.py shows it against bare gevent.pywsgi). This
    # guards the behaviour with a wide margin; the figure itself comes from the bench.
    figures = measure(live_url, requests=40)
    assert figures["median_ms"] < 20, figures


def test_anonymous_socketio_connection_is_refused(live_url: str) -> None:
    client = socketio.Client(reconnection=False)
    errors: list[object] = []
    client.on("connect_error", errors.append)
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(live_url, transports=["websocket"], wait_timeout=10)
    assert errors == [{"message": "Unauthorized"}]


def test_console_session_connects_over_websocket(app, clean_db, live_url: str) -> None:
    make_user(app, "viewer@example.com", "VIEWER")
    http = requests.Session()
    response = http.post(
        f"{live_url}/api/auth/login", json={"email": "viewer@example.com", "password": PASSWORD}, timeout=10
    )
    assert response.status_code == 200, response.text
    cookie = "; ".join(f"{c.name}={c.value}" for c in http.cookies)

    client = socketio.Client(reconnection=False)
    client.connect(live_url, transports=["websocket"], headers={"Cookie": cookie}, wait_timeout=10)
    try:
        assert client.connected
        assert client.transport() == "websocket"
    finally:
        client.disconnect()


def test_a_stopping_server_closes_its_sockets_instead_of_waiting_for_them(
    app, clean_db, database_url
) -> None:  # type: ignore[no-untyped-def]
    """gunicorn's SIGTERM (a deploy, a restart): the worker closes its Socket.IO connections
    itself (gunicorn.conf.py), so it does not sit out its graceful timeout while the fleet
    waits, and the players reconnect on their own jittered delay."""
    import signal
    import threading

    from tests.support import live_server_process

    make_user(app, "viewer@example.com", "VIEWER")
    with live_server_process(database_url) as (proc, base, log_path):
        http = requests.Session()
        http.post(
            f"{base}/api/auth/login", json={"email": "viewer@example.com", "password": PASSWORD}, timeout=10
        )
        cookie = "; ".join(f"{c.name}={c.value}" for c in http.cookies)
        http.close()
        dropped = threading.Event()
        client = socketio.Client(reconnection=False)
        client.on("disconnect", lambda *args: dropped.set())
        client.connect(base, transports=["websocket"], headers={"Cookie": cookie}, wait_timeout=10)
        proc.send_signal(signal.SIGTERM)
        # Closed by the server well before gunicorn's graceful timeout (10 s) would end it.
        assert dropped.wait(8), "the socket stayed open"
        assert proc.wait(timeout=15) == 0
        log = log_path.read_text()
        assert "Closing 1 Socket.IO connections" in log, log[-2000:]
        assert "graceful timeout" not in log, log[-2000:]
