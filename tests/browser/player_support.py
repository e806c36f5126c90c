"""A kiosk in Chromium and the content it plays, set up through the real API."""

from __future__ import annotations

import json
import time
from typing import Any

from tests.realtime_support import Console

# Short everything, so the tests watch several cycles in seconds.
FAST = {
    "transitionMs": 150,
    "readyTimeoutMs": 4000,
    "heartbeatMs": 2000,
    "popFlushMs": 1000,
    "firstRetryMinMs": 300,
    "firstRetryMaxMs": 1500,
    "retryMaxMs": 2000,
    "restScheduleMs": 3000,
    "precacheMs": 5000,
    "fallbackAfterFailures": 2,
    "fallbackAfterMs": 1500,
}


def upload(console: Console, name: str, data: bytes, filename: str) -> str:
    response = console.http.post(
        f"{console.base}/api/admin/medias", files={"file": (filename, data)}, data={"name": name}, timeout=60
    )
    assert response.status_code == 201, response.text
    media_id = response.json()["id"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        media = console.http.get(f"{console.base}/api/admin/medias/{media_id}", timeout=10).json()
        if media["encodingStatus"] in ("DONE", "ERROR"):
            assert media["encodingStatus"] == "DONE", media
            return media_id
        time.sleep(0.2)
    raise AssertionError(f"{name} never finished processing")


def api(console: Console, method: str, path: str, body: Any = None) -> dict:
    response = console.http.request(method, f"{console.base}{path}", json=body, timeout=30)
    assert response.status_code < 300, (path, response.status_code, response.text)
    return response.json() if response.content else {}


def schedule_everywhere(console: Console, screen_id: int, playlist_id: str) -> dict:
    """All day, every day, for this screen."""
    return api(
        console,
        "POST",
        "/api/admin/schedules",
        {
            "name": "Always",
            "targetType": "SCREEN",
            "targetId": str(screen_id),
            "playlistId": playlist_id,
            "priority": 50,
        },
    )


def open_kiosk(browser, base: str, screen_id: int, jwt: str, width: int = 1920, height: int = 1080):  # type: ignore[no-untyped-def]
    """A kiosk window already activated (its JWT in localStorage), with fast tunables."""
    context = browser.new_context(viewport={"width": width, "height": height}, base_url=base)
    kiosk_scripts(context, screen_id, jwt)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"/player/{screen_id}")
    return context, page


def kiosk_scripts(context, screen_id: int, jwt: str, tuning: dict | None = None) -> None:  # type: ignore[no-untyped-def]
    """The kiosk's identity (kept if already there: a restarted kiosk keeps its own), fast
    tunables, and what the tests watch from inside the page."""
    identity = json.dumps(
        {"signage.jwt": jwt, "signage.screenId": str(screen_id), "signage.tuning": json.dumps(tuning or FAST)}
    )
    context.add_init_script(
        f"for (const [k, v] of Object.entries({identity})) "
        "{ if (!localStorage.getItem(k)) localStorage.setItem(k, v); }"
    )
    # What the player sends, seen from inside the page.
    context.add_init_script(
        """
        window.__sent = [];
        window.__seenMedia = [];
        new MutationObserver(() => {
          const m = document.body && document.body.dataset.media;
          const last = window.__seenMedia[window.__seenMedia.length - 1];
          if (m && (!last || last.name !== m)) window.__seenMedia.push({ name: m, at: performance.now() });
        }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-media"] });
        """
    )


def spy_on_socket(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_function("() => window.signagePlayer && window.signagePlayer.socket")
    page.evaluate(
        """() => {
        const socket = window.signagePlayer.socket;
        const emit = socket.emit.bind(socket);
        socket.emit = (event, ...args) => {
          window.__sent.push([event, args[0]]);
          return emit(event, ...args);
        };
      }"""
    )


def wait_until(page, expression: str, arg: Any = None, timeout: float = 15.0) -> Any:  # type: ignore[no-untyped-def]
    """Poll `expression` until it is truthy; unlike page.wait_for_function, a Promise it
    returns is awaited (caches, IndexedDB). Returns the value."""
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(expression, arg)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still falsy after {timeout} s ({value!r}): {expression}")
        page.wait_for_timeout(200)
