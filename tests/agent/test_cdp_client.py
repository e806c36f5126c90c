"""The minimal WebSocket client against a real loopback server that speaks RFC 6455 frames."""

from __future__ import annotations

import base64
import json
import socket
import struct
import threading
from collections.abc import Iterator

import pytest

from agent import cdp


def test_accept_key_is_the_rfc_example() -> None:
    assert cdp.accept_key("dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="


@pytest.mark.parametrize(("size", "header"), [(125, 2), (126, 4), (65535, 4), (65536, 10)])
def test_frames_use_the_right_length_encoding_and_are_masked(size: int, header: int) -> None:
    payload = bytes(range(256)) * (size // 256) + bytes(size % 256)
    mask = b"\x01\x02\x03\x04"
    frame = cdp.encode_frame(payload, mask=mask)
    assert frame[0] == 0x81 and frame[1] & 0x80
    assert len(frame) == header + 4 + size
    body = frame[header + 4 :]
    assert bytes(b ^ mask[i % 4] for i, b in enumerate(body)) == payload


def test_scale_and_page_choice() -> None:
    assert cdp.screenshot_scale(1920, 1, 1280) == pytest.approx(2 / 3)
    assert cdp.screenshot_scale(1280, 2, 1280) == 0.5
    assert cdp.screenshot_scale(1024, 1, 1280) == 1.0
    pages = [{"url": "chrome://newtab/"}, {"url": "https://s.example/player"}]
    assert cdp.choose_page(pages, "https://s.example")["url"] == "https://s.example/player"
    assert cdp.choose_page(pages, "https://other.example") == pages[0]
    with pytest.raises(cdp.CdpError):
        cdp.choose_page([], None)


def server_frame(opcode: int, payload: bytes, fin: bool = True) -> bytes:
    first = (0x80 if fin else 0) | opcode
    if len(payload) < 126:
        return struct.pack("!BB", first, len(payload)) + payload
    if len(payload) < 1 << 16:
        return struct.pack("!BBH", first, 126, len(payload)) + payload
    return struct.pack("!BBQ", first, 127, len(payload)) + payload


def read_client_frame(conn: socket.socket) -> tuple[int, bytes]:
    def read(n: int) -> bytes:
        data = b""
        while len(data) < n:
            data += conn.recv(n - len(data))
        return data

    first, second = read(2)
    size = second & 0x7F
    if size == 126:
        (size,) = struct.unpack("!H", read(2))
    elif size == 127:
        (size,) = struct.unpack("!Q", read(8))
    assert second & 0x80, "client frames must be masked"
    mask = read(4)
    return first & 0x0F, bytes(b ^ mask[i % 4] for i, b in enumerate(read(size)))


@pytest.fixture
def ws_server() -> Iterator[tuple[str, list, threading.Thread]]:  # type: ignore[type-arg]
    """Answers one CDP call with an event first, a ping, then the reply split in three frames."""
    listener = socket.create_server(("127.0.0.1", 0))
    seen: list = []  # type: ignore[type-arg]

    def serve() -> None:
        conn, _ = listener.accept()
        with conn:
            head = b""
            while b"\r\n\r\n" not in head:
                head += conn.recv(1024)
            key = next(
                line.split(":", 1)[1].strip()
                for line in head.decode().split("\r\n")
                if line.lower().startswith("sec-websocket-key")
            )
            conn.sendall(
                b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + f"Sec-WebSocket-Accept: {cdp.accept_key(key)}\r\n\r\n".encode()
            )
            opcode, payload = read_client_frame(conn)
            request = json.loads(payload)
            seen.append(request)
            conn.sendall(
                server_frame(0x1, json.dumps({"method": "Page.loadEventFired", "params": {}}).encode())
            )
            conn.sendall(server_frame(0x9, b"are you there"))
            seen.append(read_client_frame(conn))  # the pong
            big = base64.b64encode(bytes(70000)).decode()
            reply = json.dumps({"id": request["id"], "result": {"data": big}}).encode()
            third = len(reply) // 3
            conn.sendall(server_frame(0x1, reply[:third], fin=False))
            conn.sendall(server_frame(0x0, reply[third : 2 * third], fin=False))
            conn.sendall(server_frame(0x0, reply[2 * third :]))
            seen.append(read_client_frame(conn))  # the close

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"ws://127.0.0.1:{listener.getsockname()[1]}/devtools/page/ABC", seen, thread
    thread.join(5)
    listener.close()


def test_a_call_skips_events_answers_pings_and_joins_fragments(ws_server) -> None:  # type: ignore[no-untyped-def]
    url, seen, server = ws_server
    ws = cdp.WebSocket(url, timeout=5)
    result = cdp.Session(ws).call("Page.captureScreenshot", {"format": "jpeg"})
    ws.close()
    server.join(5)  # it has read our close frame
    assert base64.b64decode(result["data"]) == bytes(70000)
    assert seen[0] == {"id": 1, "method": "Page.captureScreenshot", "params": {"format": "jpeg"}}
    assert seen[1] == (0xA, b"are you there")
    assert seen[2][0] == 0x8


def test_the_client_connects_to_loopback_only() -> None:
    with pytest.raises(cdp.CdpError, match="not on loopback"):
        cdp.WebSocket("ws://192.0.2.1:9222/devtools/page/x")
    with pytest.raises(cdp.CdpError, match="not a ws://"):
        cdp.WebSocket("wss://127.0.0.1:9222/x")
