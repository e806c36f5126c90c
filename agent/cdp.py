"""Screenshots through Chromium's DevTools protocol on its loopback debugging port.

`Page.captureScreenshot` shows what the compositor shows: video frames and iframes included,
which a DOM redraw (html2canvas) cannot. The protocol runs over a WebSocket; this module has a
minimal client for it (RFC 6455, client side: masked text frames out; text, continuation,
ping and close frames in), enough for request/response with one local browser.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import ipaddress
import json
import os
import socket
import struct
from typing import Any
from urllib.parse import urlsplit

WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
MAX_MESSAGE = 64 << 20  # a 1280 px JPEG is ~0.3 MB of base64; anything near this is wrong


class CdpError(RuntimeError):
    """The browser could not be reached or refused the request; the message says which."""


def accept_key(key: str) -> str:
    """The Sec-WebSocket-Accept a server must answer to `key` (RFC 6455 §4.2.2)."""
    return base64.b64encode(hashlib.sha1((key + WS_GUID).encode()).digest()).decode()


def encode_frame(payload: bytes, opcode: int = 0x1, mask: bytes | None = None) -> bytes:
    """One final client frame (clients must mask, RFC 6455 §5.3)."""
    mask = mask if mask is not None else os.urandom(4)
    size = len(payload)
    if size < 126:
        header = struct.pack("!BB", 0x80 | opcode, 0x80 | size)
    elif size < 1 << 16:
        header = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, size)
    else:
        header = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, size)
    return header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


class WebSocket:
    """A blocking WebSocket client for a loopback `ws://` URL."""

    def __init__(self, url: str, timeout: float = 10.0) -> None:
        parts = urlsplit(url)
        if parts.scheme != "ws" or not parts.hostname:
            raise CdpError(f"not a ws:// address: {url!r}")
        if parts.hostname != "localhost" and not ipaddress.ip_address(parts.hostname).is_loopback:
            raise CdpError("the DevTools address is not on loopback; refusing to connect")
        try:
            self._sock = socket.create_connection((parts.hostname, parts.port or 80), timeout=timeout)
        except OSError as error:
            raise CdpError(f"cannot reach the browser's DevTools socket: {error}") from error
        self._buffer = b""
        key = base64.b64encode(os.urandom(16)).decode()
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        request = (
            f"GET {path or '/'} HTTP/1.1\r\nHost: {parts.netloc}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        self._sock.sendall(request.encode())
        head = self._read_until(b"\r\n\r\n", limit=16384)
        lines = head.decode("latin-1").split("\r\n")
        if not lines[0].startswith("HTTP/1.1 101"):
            self.close()
            raise CdpError(f"the browser refused the DevTools connection: {lines[0]!r}")
        headers = {
            k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)
        }
        if headers.get("sec-websocket-accept") != accept_key(key):
            self.close()
            raise CdpError("the DevTools handshake answer does not match")

    def _read_until(self, marker: bytes, limit: int) -> bytes:
        while marker not in self._buffer:
            if len(self._buffer) > limit:
                raise CdpError("the DevTools handshake answer is too long")
            self._buffer += self._recv()
        head, _, self._buffer = self._buffer.partition(marker)
        return head

    def _recv(self) -> bytes:
        try:
            chunk = self._sock.recv(65536)
        except OSError as error:
            raise CdpError(f"the DevTools connection failed: {error}") from error
        if not chunk:
            raise CdpError("the browser closed the DevTools connection")
        return chunk

    def _read(self, size: int) -> bytes:
        while len(self._buffer) < size:
            self._buffer += self._recv()
        data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data

    def send_text(self, text: str) -> None:
        self._sock.sendall(encode_frame(text.encode()))

    def receive_text(self) -> str:
        """The next complete text message (answers pings on the way)."""
        message = b""
        while True:
            first, second = self._read(2)
            fin, opcode = first & 0x80, first & 0x0F
            size = second & 0x7F
            if size == 126:
                (size,) = struct.unpack("!H", self._read(2))
            elif size == 127:
                (size,) = struct.unpack("!Q", self._read(8))
            if size + len(message) > MAX_MESSAGE:
                raise CdpError("a DevTools message is too large")
            mask = self._read(4) if second & 0x80 else None
            payload = self._read(size)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            if opcode == 0x8:
                raise CdpError("the browser closed the DevTools connection")
            if opcode == 0x9:
                self._sock.sendall(encode_frame(payload, opcode=0xA))
                continue
            if opcode == 0xA:
                continue
            message += payload
            if fin:
                return message.decode("utf-8")

    def close(self) -> None:
        try:
            self._sock.sendall(encode_frame(b"", opcode=0x8))
        except OSError:
            pass
        self._sock.close()


class Session:
    """Numbered DevTools calls on one page target."""

    def __init__(self, ws: WebSocket) -> None:
        self._ws = ws
        self._next = 0

    def call(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        self._next += 1
        ident = self._next
        self._ws.send_text(json.dumps({"id": ident, "method": method, "params": params or {}}))
        while True:  # events (no id) and stale answers are skipped
            message = json.loads(self._ws.receive_text())
            if message.get("id") != ident:
                continue
            if "error" in message:
                raise CdpError(f"{method} failed: {message['error'].get('message', message['error'])}")
            result = message.get("result")
            return result if isinstance(result, dict) else {}


def _get_json(port: int, path: str, limit: int, timeout: float) -> Any:
    """GET a JSON document from the browser's DevTools HTTP endpoint."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read(limit)
    except OSError as error:
        raise CdpError(f"the browser's DevTools port 127.0.0.1:{port} is not answering: {error}") from error
    finally:
        conn.close()
    if response.status != 200:
        raise CdpError(f"the browser's DevTools port answered {response.status}")
    try:
        return json.loads(body)
    except ValueError as error:
        raise CdpError("the browser's DevTools port answered no JSON") from error


def page_targets(port: int, timeout: float = 5.0) -> list[dict[str, Any]]:
    targets = _get_json(port, "/json/list", 4 << 20, timeout)
    return [
        t
        for t in targets
        if isinstance(t, dict) and t.get("type") == "page" and t.get("webSocketDebuggerUrl")
    ]


def browser_socket_url(port: int, timeout: float = 5.0) -> str:
    """The browser target's DevTools address (for browser-wide calls such as `Browser.close`)."""
    version = _get_json(port, "/json/version", 1 << 20, timeout)
    url = version.get("webSocketDebuggerUrl") if isinstance(version, dict) else None
    if not isinstance(url, str) or not url:
        raise CdpError("the browser named no DevTools address")
    return url


def close_browser(port: int, timeout: float = 5.0) -> None:
    """Ask the browser to quit as its own window close would: pages unload and storage is written.

    A SIGTERM ends headless Chromium in milliseconds without writing localStorage changes still
    inside their commit delay (a few seconds): a kiosk restarted just after pairing lost its token.
    """
    ws = WebSocket(browser_socket_url(port, timeout), timeout=timeout)
    try:
        Session(ws).call("Browser.close")
    except (CdpError, OSError, ValueError):
        pass  # the browser may close the socket before it answers: that is the point
    finally:
        ws.close()


def choose_page(targets: list[dict[str, Any]], origin: str | None) -> dict[str, Any]:
    """The player's page: the first page of the server's origin, else the first page."""
    if not targets:
        raise CdpError("the browser has no page open")
    if origin:
        for target in targets:
            if str(target.get("url", "")).startswith(origin + "/"):
                return target
    return targets[0]


def screenshot_scale(css_width: float, device_pixel_ratio: float, max_width: int) -> float:
    """The clip scale that makes the image at most `max_width` pixels wide (never enlarges)."""
    pixels = css_width * (device_pixel_ratio or 1.0)
    return 1.0 if pixels <= max_width or pixels <= 0 else max_width / pixels


def capture(
    port: int, origin: str | None = None, max_width: int = 1280, quality: int = 70, timeout: float = 10.0
) -> bytes:
    """A JPEG of what the kiosk's page shows now, at most `max_width` pixels wide."""
    target = choose_page(page_targets(port, timeout), origin)
    ws = WebSocket(str(target["webSocketDebuggerUrl"]), timeout=timeout)
    try:
        session = Session(ws)
        viewport = session.call("Page.getLayoutMetrics").get("cssVisualViewport") or {}
        ratio = session.call(
            "Runtime.evaluate", {"expression": "window.devicePixelRatio", "returnByValue": True}
        )
        dpr = float(ratio.get("result", {}).get("value") or 1.0)
        width, height = float(viewport.get("clientWidth", 0)), float(viewport.get("clientHeight", 0))
        params: dict[str, Any] = {"format": "jpeg", "quality": quality, "captureBeyondViewport": False}
        if width > 0 and height > 0:
            params["clip"] = {
                "x": float(viewport.get("pageX", 0)),
                "y": float(viewport.get("pageY", 0)),
                "width": width,
                "height": height,
                "scale": screenshot_scale(width, dpr, max_width),
            }
        data = session.call("Page.captureScreenshot", params).get("data")
    finally:
        ws.close()
    if not isinstance(data, str):
        raise CdpError("the browser returned no image")
    return base64.b64decode(data)
