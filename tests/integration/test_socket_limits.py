"""Before it authenticates, a Socket.IO connection may send only small messages and must
authenticate quickly (issue 15 §6): real clients over real sockets against the real server.

The size limit acts while the transport reads (signage/web/sockets/limits.py): an oversize
message or POST body is refused before it has all arrived, which the raw tests below show by
sending only the start of a 7 MiB message and getting the refusal anyway."""

from __future__ import annotations

import base64
import http.client
import io
import json
import os
import struct
import threading
from urllib.parse import urlsplit

import engineio
import pytest
import requests
import socketio
import websocket
from PIL import Image

from tests.realtime_support import Console, Recorder, wait_for
from tests.support import live_server, make_screen, make_user

TIMEOUT = 2
ANNOUNCED = 7 * 1024 * 1024 - 1024  # within the 7 MiB limit of authenticated players
SENT = 256 * 1024  # what the client actually sends of it


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


def _handshake(url: str) -> str:
    """A long-polling Engine.IO session (no Socket.IO CONNECT yet): its sid."""
    opened = requests.get(f"{url}/socket.io/?EIO=4&transport=polling", timeout=10)
    assert opened.status_code == 200 and opened.text.startswith("0"), opened.text
    return json.loads(opened.text[1:])["sid"]


def test_an_anonymous_websocket_message_is_refused_before_it_has_all_arrived(
    app, clean_db, strict_url
) -> None:
    host = urlsplit(strict_url).netloc
    ws = websocket.create_connection(f"ws://{host}/socket.io/?EIO=4&transport=websocket", timeout=10)
    try:
        assert ws.recv().startswith("0")  # Engine.IO's open packet
        frame = websocket.ABNF.create_frame("4" + "x" * (ANNOUNCED - 1), websocket.ABNF.OPCODE_TEXT).format()
        ws.sock.sendall(frame[:SENT])  # the header announces 7 MiB; the rest never comes
        ws.sock.settimeout(5)
        frame = ws.recv_frame()  # raw: no automatic close reply on a socket the server closed
        assert frame.opcode == websocket.ABNF.OPCODE_CLOSE, (frame.opcode, frame.data[:100])
        assert struct.unpack("!H", frame.data[:2])[0] == 1009  # "message too big"
    finally:
        ws.shutdown()


def test_an_anonymous_polling_body_is_refused_before_it_has_all_arrived(app, clean_db, strict_url) -> None:
    sid = _handshake(strict_url)
    connection = http.client.HTTPConnection(urlsplit(strict_url).netloc, timeout=5)
    connection.putrequest("POST", f"/socket.io/?EIO=4&transport=polling&sid={sid}")
    connection.putheader("Content-Type", "text/plain;charset=UTF-8")
    connection.putheader("Content-Length", str(ANNOUNCED))
    connection.endheaders()
    connection.send(b"4" + b"x" * (SENT - 1))
    try:
        answer = connection.getresponse()  # TimeoutError if the server waited for the rest
        assert answer.status == 413 and answer.getheader("Connection") == "close"
    except ConnectionResetError:
        pass  # the server closed with our bytes unread before we read its 413: refused too
    finally:
        connection.close()
    # Its Engine.IO session is closed.
    gone = requests.get(f"{strict_url}/socket.io/?EIO=4&transport=polling&sid={sid}", timeout=10)
    assert gone.status_code == 400


def test_a_small_anonymous_post_is_still_read(app, clean_db, strict_url) -> None:
    sid = _handshake(strict_url)
    small = requests.post(
        f"{strict_url}/socket.io/?EIO=4&transport=polling&sid={sid}", data="4" + "x" * 1000, timeout=10
    )
    assert small.status_code == 200 and small.text == "OK"


def _noisy_jpeg(width: int = 1280, height: int = 720) -> bytes:
    out = io.BytesIO()
    Image.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(out, "JPEG", quality=95)
    return out.getvalue()


@pytest.mark.parametrize("transport", ["websocket", "polling"])
def test_an_authenticated_player_still_sends_a_large_screenshot(app, clean_db, strict_url, transport) -> None:
    make_user(app, "root@example.com", "ADMIN")
    console = Console(strict_url, "root@example.com")
    screen = make_screen(app)
    player = Recorder()
    player.client.connect(strict_url, transports=[transport], auth={"token": console.activate_screen(screen)})
    admin = Recorder().connect(strict_url, headers={"Cookie": console.cookie})
    try:
        image = _noisy_jpeg()
        assert len(image) > 1024 * 1024  # a message far over the anonymous limit
        asked = console.post(f"/api/admin/screens/{screen}/command", json={"command": "SCREENSHOT"})
        command_id = asked.json()["id"]
        assert wait_for(lambda: {"commandId": command_id} in player.named("player:screenshot"))
        player.client.emit(
            "screen:screenshot_response",
            {
                "commandId": command_id,
                "imageBase64": base64.b64encode(image).decode(),
                "width": 1600,
                "height": 900,
            },
        )
        assert wait_for(lambda: admin.named("admin:screenshot_ready"), timeout=20)
        shown = console.http.get(admin.named("admin:screenshot_ready")[0]["url"], timeout=10)
        assert shown.content == image
        assert player.client.connected
    finally:
        player.close()
        admin.close()
        console.http.close()
