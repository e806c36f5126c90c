"""In Chromium: a page of SIGNAGE_SERVER_URL's origin can call the agent; a page of another
origin cannot, even holding the token (the browser's preflight is refused)."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.agent.agent_support import TOKEN, Kiosk
from tests.support import require

CHROMIUM = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"


class Blank(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"<!doctype html><title>player</title>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
        pass


@pytest.fixture
def two_sites() -> Iterator[tuple[str, str]]:
    servers = [ThreadingHTTPServer(("127.0.0.1", 0), Blank) for _ in range(2)]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    yield tuple(f"http://127.0.0.1:{s.server_address[1]}" for s in servers)  # type: ignore[misc]
    for server in servers:
        server.shutdown()
        server.server_close()


CALL = """async ([url, token]) => {
  try {
    const r = await fetch(url + "/health", {headers: {Authorization: "Bearer " + token}});
    return String(r.status);
  } catch (e) { return "blocked: " + e.message; }
}"""


def test_only_the_server_origin_gets_through_the_browser(kiosk_factory, two_sites) -> None:  # type: ignore[no-untyped-def]
    require(os.access(CHROMIUM, os.X_OK), f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    server, other = two_sites
    kiosk: Kiosk = kiosk_factory(SIGNAGE_SERVER_URL=server)
    kiosk.run()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            page.goto(f"{server}/player")
            assert page.evaluate(CALL, [kiosk.url, TOKEN]) == "200"
            page.goto(f"{other}/player")
            assert page.evaluate(CALL, [kiosk.url, TOKEN]).startswith("blocked")
        finally:
            browser.close()
    refused = [line for line in kiosk.log() if line["outcome"] == "refused"]
    assert [(line["method"], line["code"], line["origin"]) for line in refused] == [
        ("OPTIONS", "origin_not_allowed", other)
    ]
