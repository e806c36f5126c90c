"""The player's JS heap over a long run with short items: it must not grow beyond noise.

Starts its own server (SQLite in a temporary folder), a screen playing 2 images and a video
at 2 s each plus a clock, in Debian's Chromium; forces a garbage collection (CDP) and reads
the used heap after 1 minute and then every `--every` minutes until `--minutes`.

    .venv/bin/python -m bench.player_heap --minutes 30
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--every", type=float, default=5)
    args = parser.parse_args()

    import flask_migrate
    from playwright.sync_api import sync_playwright

    from signage.factory import create_app
    from tests.browser.player_support import FAST, api, schedule_everywhere, upload
    from tests.media_files import mp4, png
    from tests.realtime_support import Console
    from tests.support import live_server, make_screen, make_user, settings_for

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        app = create_app(settings_for(url))
        with app.app_context():
            flask_migrate.upgrade()
        make_user(app, "bench@example.com", "ADMIN")
        screen_id = make_screen(app, "Bench")
        env = {"STORAGE_DIR": f"{tmp}/media"}
        with live_server(url, **env) as base:
            console = Console(base, "bench@example.com")
            jwt = console.activate_screen(screen_id)
            media = [
                upload(console, "Red", png(1920, 1080, "red"), "red.png"),
                upload(console, "Blue", png(1920, 1080, "blue"), "blue.png"),
                upload(console, "Clip", mp4(Path(tmp), seconds=2.0, size="1280x720"), "clip.mp4"),
            ]
            zones = [
                {"id": "main", "type": "CONTENT", "x": 0, "y": 0, "width": 80, "height": 100},
                {"id": "clock", "type": "CLOCK", "x": 80, "y": 0, "width": 20, "height": 100},
            ]
            template = api(console, "POST", "/api/admin/templates", {"name": "Bench", "zones": zones})
            items = [{"mediaId": m, "zoneId": "main", "duration": 2} for m in media]
            playlist = api(
                console,
                "POST",
                "/api/admin/playlists",
                {"name": "Bench", "templateId": template["id"], "items": items},
            )
            schedule_everywhere(console, screen_id, playlist["id"])
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
                    args=[
                        "--no-sandbox",
                        "--disable-dev-shm-usage",
                        "--autoplay-policy=no-user-gesture-required",
                    ],
                )
                context = browser.new_context(viewport={"width": 1920, "height": 1080}, base_url=base)
                seed = json.dumps({"signage.jwt": jwt, "signage.screenId": str(screen_id),
                                   "signage.tuning": json.dumps(FAST)})  # fmt: skip
                context.add_init_script(
                    f"for (const [k, v] of Object.entries({seed})) localStorage.setItem(k, v);"
                )
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                page.goto(f"/player/{screen_id}")
                started = time.monotonic()
                marks = [1.0] + [m for m in frange(args.every, args.minutes, args.every)]
                samples = []
                for minute in marks:
                    time.sleep(max(0.0, started + minute * 60 - time.monotonic()))
                    cdp.send("HeapProfiler.collectGarbage")
                    used = cdp.send("Runtime.getHeapUsage")["usedSize"]
                    plays = page.evaluate("() => document.querySelectorAll('video').length")
                    samples.append(
                        {"minute": minute, "usedHeapMb": round(used / 1048576, 2), "liveVideos": plays}
                    )
                    print(json.dumps(samples[-1]), flush=True)
                browser.close()
    print(json.dumps({"samples": samples}, indent=2))


def frange(step: float, stop: float, increment: float) -> list[float]:
    values, value = [], step
    while value <= stop + 1e-9:
        values.append(value)
        value += increment
    return values


if __name__ == "__main__":
    main()
