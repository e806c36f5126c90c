"""A stand-in for the feeds of the internet: a real HTTP server on loopback, and the app
allowed to fetch from it (DATASOURCE_ALLOW_PRIVATE=true, as an intranet install would set)."""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel>
<item><title>One</title><link>https://example.com/1</link>
  <pubDate>Tue, 10 Mar 2026 09:30:00 GMT</pubDate></item>
<item><title>Two</title><link>https://example.com/2</link></item>
</channel></rss>"""


class FeedServer:
    """Routes set by the test: path -> (status, headers, body); every request is recorded."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.delay = 0.0
        self.base = ""
        self.port = 0

    def route(self, path: str, body: bytes | str | Any = b"", status: int = 200, **headers: str) -> str:
        if isinstance(body, str):
            body = body.encode()
        elif not isinstance(body, bytes):
            body = json.dumps(body).encode()
        self.routes[path] = (status, {k.replace("_", "-"): v for k, v in headers.items()}, body)
        return self.base + path

    def handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append((self.path, dict(self.headers.items())))
                if server.delay:
                    time.sleep(server.delay)
                status, headers, body = server.routes.get(self.path, (404, {}, b"not here"))
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                if "Content-Length" not in headers and "no-length" not in self.path:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up on a body too large: what the test wants

            def log_message(self, *args: object) -> None:
                pass

        return Handler


@contextmanager
def feed_server() -> Iterator[FeedServer]:
    feeds = FeedServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), feeds.handler())
    httpd.daemon_threads = True
    feeds.port = httpd.server_port
    feeds.base = f"http://127.0.0.1:{httpd.server_port}"
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield feeds
    finally:
        httpd.shutdown()
        httpd.server_close()


def allow_private(app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    settings = dataclasses.replace(app.config["SIGNAGE"], datasource_allow_private=True)
    monkeypatch.setitem(app.config, "SIGNAGE", settings)
