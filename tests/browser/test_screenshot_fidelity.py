"""The remote screenshot without an agent (html2canvas) shows what the screen shows: on a
two-zone layout with an image and a playing video, each zone's picture and letterbox bands have
the colours of a reference capture of the page (Playwright's, the compositor's), with the media
on the server's origin and on another one (a loopback "CDN" pulling from the server, with CORS);
and capturing raises no CSP violation."""

from __future__ import annotations

import base64
import io
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests
from PIL import Image, ImageStat

from tests.browser.player_support import api, kiosk_scripts, schedule_everywhere, spy_on_socket, upload
from tests.media_files import ffmpeg, png
from tests.realtime_support import Console
from tests.support import free_port, live_server, make_screen, make_user

WIDTH, HEIGHT = 1280, 720
IMAGE = (220, 40, 40)
VIDEO = (40, 70, 220)
ZONES = [
    {"id": "left", "type": "CONTENT", "x": 0, "y": 0, "width": 50, "height": 100,
     "backgroundColor": "#14a03c"},
    {"id": "right", "type": "CONTENT", "x": 50, "y": 0, "width": 50, "height": 100,
     "backgroundColor": "#c8c828"},
]  # fmt: skip
GREEN, YELLOW = (20, 160, 60), (200, 200, 40)

# Each zone is 640x720. The 16:9 image, contained: 640x360 at y 180-540, green bands above and
# below; the 4:3 video: 640x480 at y 120-600, yellow bands. Regions keep clear of the edges
# (JPEG and chroma subsampling blur them). (name, box, expected colour)
REGIONS = [
    ("image", (64, 216, 576, 504), IMAGE),
    ("image's top band", (64, 20, 576, 160), GREEN),
    ("image's bottom band", (64, 560, 576, 700), GREEN),
    ("video", (704, 156, 1216, 564), VIDEO),
    ("video's top band", (704, 10, 1216, 100), YELLOW),
    ("video's bottom band", (704, 620, 1216, 710), YELLOW),
]
TOLERANCE = 28  # per channel, on a region's mean

# CSP violations, in the page and in the hidden iframe html2canvas copies the page into.
WATCH_CSP = """
window.__csp = [];
const watch = (doc) => doc.addEventListener("securitypolicyviolation",
  (e) => window.__csp.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sample}`));
watch(document);
new MutationObserver((records) => {
  for (const record of records) for (const node of record.addedNodes) {
    if (node.tagName === "IFRAME") { try { watch(node.contentDocument); } catch {} }
  }
}).observe(document, { childList: true, subtree: true });
"""


def solid_mp4(tmp: Path, rgb: tuple[int, int, int], size: str = "480x360", seconds: int = 20) -> bytes:
    target = tmp / "solid.mp4"
    colour = "0x{:02x}{:02x}{:02x}".format(*rgb)
    argv = [
        ffmpeg(), "-hide_banner", "-loglevel", "error", "-y",
        "-f", "lavfi", "-i", f"color=c={colour}:size={size}:rate=10:duration={seconds}",
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-movflags", "+faststart",
    ]  # fmt: skip
    subprocess.run([*argv, str(target)], check=True, capture_output=True, timeout=120)
    return target.read_bytes()


def mean(image: Image.Image, box: tuple[int, int, int, int]) -> tuple[float, ...]:
    return tuple(ImageStat.Stat(image.convert("RGB").crop(box)).mean)


def close(a: tuple[float, ...], b: tuple[float, ...], tolerance: float = TOLERANCE) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def capture(page, console: Console, screen_id: int) -> tuple[Image.Image, Image.Image]:  # type: ignore[no-untyped-def]
    """The player's own capture (asked from the console's API, as an admin does) and the
    reference: Playwright's capture of the page, right after, at the capture's size (a wider
    screen is captured at most 1280 px wide)."""
    spy_on_socket(page)
    response = console.post(f"/api/admin/screens/{screen_id}/command", json={"command": "SCREENSHOT"})
    assert response.status_code == 202, response.text
    page.wait_for_function("() => window.__sent.some(([e]) => e === 'screen:screenshot_response')")
    reference = Image.open(io.BytesIO(page.screenshot()))
    shot = page.evaluate("() => window.__sent.find(([e]) => e === 'screen:screenshot_response')[1]")
    captured = Image.open(io.BytesIO(base64.b64decode(shot["imageBase64"])))
    assert captured.format == "JPEG" and captured.size == (WIDTH, HEIGHT), captured.size
    return captured, reference.convert("RGB").resize(captured.size, Image.Resampling.BOX)


def open_watched(browser, base: str, screen_id: int, jwt: str, messages: list[str], scale: float = 1):  # type: ignore[no-untyped-def]
    viewport = {"width": round(WIDTH * scale), "height": round(HEIGHT * scale)}
    context = browser.new_context(viewport=viewport, base_url=base)
    kiosk_scripts(context, screen_id, jwt)
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.on("console", lambda msg: messages.append(f"{msg.type}: {msg.text}"))
    page.goto(f"/player/{screen_id}")
    return context, page


class Cdn:
    """A loopback CDN on its own origin: pulls /<key> from the server's /media/<key> and passes
    the answer on, CORS headers included (the server's own)."""

    def __init__(self) -> None:
        self.origin_server = ""
        self.requests: list[dict[str, str]] = []
        cdn = self

        class Pull(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                cdn.requests.append({"path": self.path, "origin": self.headers.get("Origin", "")})
                forwarded = {k: v for k, v in self.headers.items() if k.lower() in ("range", "origin")}
                upstream = requests.get(
                    f"{cdn.origin_server}/media{self.path}", headers=forwarded, timeout=30
                )
                self.send_response(upstream.status_code)
                for name in (
                    "Content-Type",
                    "Content-Range",
                    "Accept-Ranges",
                    "ETag",
                    "Access-Control-Allow-Origin",
                ):
                    if name in upstream.headers:
                        self.send_header(name, upstream.headers[name])
                self.send_header("Content-Length", str(len(upstream.content)))
                self.end_headers()
                self.wfile.write(upstream.content)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Pull)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(params=["same origin", "same origin, 1920x1080", "cdn"])
def deployment(
    request, app, clean_db, live_url: str, database_url: str
) -> Iterator[tuple[str, Cdn | None, float]]:  # type: ignore[no-untyped-def]
    """(server, its CDN or None, the kiosk's size as a multiple of 1280x720)."""
    make_user(app, "root@example.com", "ADMIN")
    if request.param.startswith("same origin"):
        yield live_url, None, 1.5 if "1920" in request.param else 1
        return
    cdn = Cdn()
    try:
        with live_server(database_url, CDN_BASE_URL=cdn.base) as base:
            cdn.origin_server = base
            yield base, cdn, 1
    finally:
        cdn.close()


def test_the_fallback_capture_matches_the_screen(browser, app, deployment, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    base, cdn, scale = deployment
    console = Console(base, "root@example.com")
    screen_id = make_screen(app, "Window", timezone="Europe/Paris")
    jwt = console.activate_screen(screen_id)
    image = upload(console, "Poster", png(320, 180, "#dc2828"), "poster.png")
    video = upload(console, "Clip", solid_mp4(tmp_path, VIDEO), "clip.mp4")
    template = api(console, "POST", "/api/admin/templates", {"name": "Two", "zones": ZONES})
    items = [{"mediaId": image, "zoneId": "left", "duration": 60}, {"mediaId": video, "zoneId": "right"}]
    playlist = api(
        console,
        "POST",
        "/api/admin/playlists",
        {"name": "Shop", "templateId": template["id"], "items": items},
    )
    schedule_everywhere(console, screen_id, playlist["id"])

    messages: list[str] = []
    context, page = open_watched(browser, base, screen_id, jwt, messages, scale)
    try:
        page.wait_for_function(
            """() => {
              const v = document.querySelector('[data-zone="right"] video');
              const i = document.querySelector('[data-zone="left"] img');
              return v && i && i.complete && v.currentTime > 0.3 && !v.paused;
            }"""
        )
        sources = page.evaluate(
            "() => [...document.querySelectorAll('[data-zone] img, [data-zone] video')]"
            ".map(e => [e.tagName, e.currentSrc, e.crossOrigin])"
        )
        if cdn:
            # The media come from the CDN's origin, asked for with CORS.
            assert all(src.startswith(cdn.base) and mode == "anonymous" for _, src, mode in sources), sources
        else:
            assert all(src.startswith(base) and mode is None for _, src, mode in sources), sources
        captured, reference = capture(page, console, screen_id)

        for name, box, expected in REGIONS:
            seen, shown = mean(captured, box), mean(reference, box)
            # The reference is what the test expects (else the comparison proves nothing)...
            assert close(shown, expected, 40), (name, "reference", shown, expected)
            # ...and the capture is the reference.
            assert close(seen, shown), (name, "capture", seen, "reference", shown)

        assert page.evaluate("() => window.__csp") == []
        assert [m for m in messages if "Content Security Policy" in m or m.startswith("error")] == []
        if cdn:
            assert any(r["origin"] == base for r in cdn.requests), cdn.requests
    finally:
        context.close()
        console.http.close()


PLACEHOLDER = (30, 41, 59)  # screenshot.js's placeholder background


def test_an_iframe_area_is_a_labelled_placeholder(browser, app, console, live_url: str) -> None:  # type: ignore[no-untyped-def]
    screen_id = make_screen(app, "Board")
    jwt = console.activate_screen(screen_id)
    page_media = upload(
        console,
        "Menu",
        b"<!doctype html><html><body style='margin:0;background:#f97316'></body></html>",
        "menu.html",
    )
    zones = [{"id": "main", "type": "CONTENT", "x": 25, "y": 0, "width": 50, "height": 100}]
    template = api(console, "POST", "/api/admin/templates", {"name": "Page", "zones": zones})
    items = [{"mediaId": page_media, "zoneId": "main", "duration": 60}]
    body = {"name": "Menu", "templateId": template["id"], "items": items}
    playlist = api(console, "POST", "/api/admin/playlists", body)
    schedule_everywhere(console, screen_id, playlist["id"])
    messages: list[str] = []
    context, page = open_watched(browser, live_url, screen_id, jwt, messages)
    try:
        page.wait_for_selector("[data-zone=main] iframe")
        page.wait_for_timeout(500)
        captured, reference = capture(page, console, screen_id)
        # The screen shows the page (orange); the capture, the placeholder where it is, with its
        # label in the middle (lighter than the plain background), and the rest as on screen.
        corner = (340, 40, 560, 140)
        assert close(mean(reference, corner), (249, 115, 22), 40), mean(reference, corner)
        assert close(mean(captured, corner), PLACEHOLDER, 12), mean(captured, corner)
        label = (400, 320, 880, 400)
        assert sum(mean(captured, label)) > sum(PLACEHOLDER) + 20, mean(captured, label)
        outside = (20, 40, 300, 680)
        assert close(mean(captured, outside), mean(reference, outside)), (mean(captured, outside), "outside")
        assert page.evaluate("() => window.__csp") == []
        assert [m for m in messages if "Content Security Policy" in m or m.startswith("error")] == []
    finally:
        context.close()
