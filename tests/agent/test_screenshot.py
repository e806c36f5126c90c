"""POST /screenshot against Debian's Chromium, started headless by the launcher itself."""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PIL import Image

from agent import cdp
from tests.agent.agent_support import Kiosk, wait_for
from tests.support import require

CHROMIUM = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
# Left half blue, right half green: the capture must show the page as laid out on the screen.
PAGE = (
    b"<!doctype html><html><head><style>html,body{margin:0;height:100%;background:#00c800}"
    b"#left{position:fixed;left:0;top:0;width:50vw;height:100vh;background:#0000dc}</style></head>"
    b"<body><div id=left></div></body></html>"
)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    root = tmp_path / "site"
    root.mkdir()
    (root / "player").write_bytes(PAGE)

    class Quiet(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            super().__init__(*args, directory=str(root), **kwargs)

        def guess_type(self, path: str) -> str:  # type: ignore[override]
            return "text/html"

        def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def viewport_width(port: int, site: str) -> float:
    """The page's CSS width (kiosk mode goes full screen a moment after the page opens)."""
    ws = cdp.WebSocket(str(cdp.choose_page(cdp.page_targets(port), site)["webSocketDebuggerUrl"]))
    try:
        return float(cdp.Session(ws).call("Page.getLayoutMetrics")["cssVisualViewport"]["clientWidth"])
    finally:
        ws.close()


def test_screenshot_of_the_kiosk_through_devtools(kiosk_factory, site: str) -> None:  # type: ignore[no-untyped-def]
    require(os.access(CHROMIUM, os.X_OK), f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    flags = "--headless=new --disable-gpu --disable-dev-shm-usage --screen-info={1920x1080}"
    if os.geteuid() == 0:
        flags += " --no-sandbox"  # Chromium refuses to run as root with its sandbox
    kiosk: Kiosk = kiosk_factory(SIGNAGE_SERVER_URL=site, KIOSK_BROWSER=CHROMIUM, KIOSK_FLAGS=flags)
    kiosk.run("kiosk")
    kiosk.run()
    port = int(kiosk.settings["KIOSK_DEBUG_PORT"])

    def page_loaded() -> bool:
        try:
            return any(t.get("url", "").startswith(f"{site}/player") for t in cdp.page_targets(port, 1))
        except (cdp.CdpError, OSError):
            return False

    wait_for(page_loaded, timeout=30, every=0.2, what="Chromium to open the player page")
    wait_for(
        lambda: viewport_width(port, site) == 1920,
        timeout=15,
        every=0.2,
        what="the kiosk window to fill the screen",
    )

    response = kiosk.request("POST", "/screenshot", headers={"Origin": site}, timeout=30)
    assert response.status == 200, response.body[:300]
    assert response.headers["content-type"] == "image/jpeg"
    assert response.headers["access-control-allow-origin"] == site
    image = Image.open(io.BytesIO(response.body))
    assert image.format == "JPEG"
    # A 1920 px wide screen comes back scaled to 1280 px, aspect kept.
    assert image.size == (1280, 720)
    rgb = image.convert("RGB")
    left, right = rgb.getpixel((320, 360)), rgb.getpixel((960, 360))
    assert left[2] > 180 and left[0] < 40 and left[1] < 40, left
    assert right[1] > 160 and right[0] < 40 and right[2] < 40, right
    # The blue/green edge sits at half the width, where the page put it.
    assert rgb.getpixel((630, 360))[2] > 150
    assert rgb.getpixel((650, 360))[1] > 150
    assert ("screenshot", "done") in [(line["action"], line["outcome"]) for line in kiosk.log()]
