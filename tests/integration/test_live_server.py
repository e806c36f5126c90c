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
