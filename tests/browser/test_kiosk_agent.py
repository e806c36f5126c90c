"""A whole kiosk against the real server: the launcher starts Debian's Chromium on /player, the
test pairs it by the code on the screen, and then
- a screenshot asked from the console goes through the agent (DevTools) and matches, zone by
  zone, a reference capture of the same page;
- RESTART_BROWSER from the console's API goes command → player → agent → launcher: a new
  Chromium comes up on the screen's page and plays, and the command is acknowledged DELIVERED."""

from __future__ import annotations

import base64
import io
import os
import re
import socket
import time
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from agent import cdp
from tests.agent.agent_support import Kiosk, wait_for
from tests.agent.test_kiosk_end_to_end import evaluate
from tests.browser.player_support import api, schedule_everywhere, upload
from tests.browser.test_screenshot_fidelity import (
    HEIGHT,
    REGIONS,
    VIDEO,
    WIDTH,
    ZONES,
    close,
    mean,
    solid_mp4,
)
from tests.media_files import png
from tests.realtime_support import Console
from tests.support import make_screen, require

CHROMIUM = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
AGENT_PORT = 3001
CODE = re.compile(r"^[A-Z0-9]{3}-[A-Z0-9]{3}$")
PLAYING = """(() => {
  const v = document.querySelector('[data-zone="right"] video');
  const i = document.querySelector('[data-zone="left"] img');
  return Boolean(v && i && i.complete && v.currentTime > 0.3 && !v.paused);
})()"""


def port_free(port: int) -> bool:
    with socket.socket() as sock:
        # As the agent binds (allow_reuse_address): a previous run's TIME_WAIT is not "taken".
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def try_evaluate(port: int, origin: str, expression: str) -> Any:
    """None while the page (or the browser) is not there yet."""
    try:
        return evaluate(port, origin, expression)
    except (OSError, AssertionError, cdp.CdpError, ValueError, KeyError):
        return None


def reference_capture(port: int, origin: str) -> Image.Image:
    ws = cdp.WebSocket(str(cdp.choose_page(cdp.page_targets(port), origin)["webSocketDebuggerUrl"]))
    try:
        data = cdp.Session(ws).call("Page.captureScreenshot", {"format": "png"})["data"]
    finally:
        ws.close()
    return Image.open(io.BytesIO(base64.b64decode(data)))


def commands_of(console: Console, screen_id: int) -> list[dict[str, Any]]:
    return console.http.get(f"{console.base}/api/admin/screens/{screen_id}/commands", timeout=10).json()[
        "items"
    ]


@pytest.fixture
def kiosk(tmp_path: Path, live_url: str):  # type: ignore[no-untyped-def]
    require(os.access(CHROMIUM, os.X_OK), f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    flags = f"--headless=new --disable-gpu --disable-dev-shm-usage --window-size={WIDTH},{HEIGHT}"
    if os.geteuid() == 0:
        flags += " --no-sandbox"
    # The player pages' CSP lets the page reach the agent at its contract address only.
    require(port_free(AGENT_PORT), f"127.0.0.1:{AGENT_PORT} is taken (the agent's contract port)")
    made = Kiosk.create(
        tmp_path / "kiosk",
        SIGNAGE_SERVER_URL=live_url,
        KIOSK_BROWSER=CHROMIUM,
        KIOSK_FLAGS=flags,
        AGENT_PORT=str(AGENT_PORT),
    )
    made.port = AGENT_PORT
    yield made
    made.stop()


def test_a_paired_kiosk_shoots_through_its_agent_and_restarts_its_browser_on_command(
    app, console: Console, live_url: str, kiosk: Kiosk, tmp_path: Path
) -> None:
    screen_id = make_screen(app, "Shop window")
    image = upload(console, "Poster", png(320, 180, "#dc2828"), "poster.png")
    video = upload(console, "Clip", solid_mp4(tmp_path, VIDEO), "clip.mp4")
    template = api(console, "POST", "/api/admin/templates", {"name": "Two", "zones": ZONES})
    items = [{"mediaId": image, "zoneId": "left", "duration": 60}, {"mediaId": video, "zoneId": "right"}]
    body = {"name": "Shop", "templateId": template["id"], "items": items}
    schedule_everywhere(console, screen_id, api(console, "POST", "/api/admin/playlists", body)["id"])

    kiosk.run("kiosk")
    kiosk.run()
    port = int(kiosk.settings["KIOSK_DEBUG_PORT"])

    # Paired by the code the kiosk shows.
    code = wait_for(
        lambda: (
            (c := try_evaluate(port, live_url, "document.querySelector('#code')?.textContent"))
            and CODE.match(c)
            and c
        ),
        timeout=60,
        every=0.3,
        what="a pairing code on the kiosk",
    )
    claimed = console.post(f"/api/admin/screens/{screen_id}/pair", json={"code": code})
    assert claimed.status_code in (200, 201), claimed.text
    wait_for(lambda: try_evaluate(port, live_url, PLAYING), timeout=60, every=0.3, what="the screen to play")
    assert try_evaluate(port, live_url, "location.pathname") == f"/player/{screen_id}"
    wait_for(
        lambda: kiosk.request("GET", "/health").json()["launcher"]["watchdogArmed"],
        timeout=30,
        every=0.3,
        what="the player to ping its agent",
    )

    # A screenshot through the agent, compared with the page's own capture.
    response = console.post(f"/api/admin/screens/{screen_id}/command", json={"command": "SCREENSHOT"})
    assert response.status_code == 202, response.text
    shots = wait_for(
        lambda: console.http.get(f"{live_url}/api/admin/screens/{screen_id}/screenshots", timeout=10).json()[
            "items"
        ],
        timeout=30,
        every=0.3,
        what="the screenshot",
    )
    reference = reference_capture(port, live_url)
    url = shots[0]["url"] if shots[0]["url"].startswith("http") else live_url + shots[0]["url"]
    captured = Image.open(io.BytesIO(console.http.get(url, timeout=10).content))
    assert captured.format == "JPEG" and captured.width <= 1280
    reference = reference.convert("RGB").resize(captured.size)
    sx, sy = captured.width / WIDTH, captured.height / HEIGHT
    for name, (x0, y0, x1, y1), _ in REGIONS:
        box = (round(x0 * sx), round(y0 * sy), round(x1 * sx), round(y1 * sy))
        assert close(mean(captured, box), mean(reference, box)), (
            name,
            mean(captured, box),
            mean(reference, box),
        )
    log = kiosk.log()
    assert ("screenshot", "done", live_url) in [(e["action"], e["outcome"], e.get("origin")) for e in log]

    # RESTART_BROWSER end to end.
    before = kiosk.request("GET", "/health").json()["launcher"]
    response = console.post(f"/api/admin/screens/{screen_id}/command", json={"command": "RESTART_BROWSER"})
    assert response.status_code == 202, response.text
    command_id = response.json()["id"]

    def restarted() -> dict[str, Any] | None:
        now = kiosk.request("GET", "/health").json()["launcher"]
        fresh = (
            now["browser"] == "running" and now["pid"] != before["pid"] and now["starts"] > before["starts"]
        )
        return now if fresh else None

    after = wait_for(restarted, timeout=30, every=0.3, what="a new Chromium")
    wait_for(
        # A cold Chromium start, the player booting from its stores and reconnecting: on a
        # loaded 2-core CI machine this took over a minute once in two full runs.
        lambda: try_evaluate(port, live_url, PLAYING),
        timeout=150,
        every=0.3,
        what="the new browser to play",
    )
    assert try_evaluate(port, live_url, "location.pathname") == f"/player/{screen_id}"  # still paired
    wait_for(
        lambda: try_evaluate(port, live_url, "document.body.dataset.connection") == "connected",
        timeout=30,
        every=0.3,
        what="the new browser's live connection",
    )
    acked = wait_for(
        lambda: [
            c for c in commands_of(console, screen_id) if c["id"] == command_id and c["status"] != "PENDING"
        ],
        timeout=30,
        every=0.3,
        what="the command's acknowledgement",
    )
    assert acked[0]["status"] == "DELIVERED", acked
    assert ("restart_browser", "done", live_url) in [
        (e["action"], e["outcome"], e.get("origin")) for e in kiosk.log()
    ]
    # Restarted once, not in a loop (a re-sent command must not restart it again).
    time.sleep(3)
    assert kiosk.request("GET", "/health").json()["launcher"]["starts"] == after["starts"]
