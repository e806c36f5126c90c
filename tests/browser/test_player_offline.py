"""The offline-first player (CONTRACT §13) in Chromium against the real server, which the tests
stop: playback goes on from IndexedDB and the caches, through a schedule boundary into a
playlist never shown, across a reload and a kiosk restart on the same profile."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect
from sqlalchemy import func, select

from signage.extensions import db
from signage.models import ProofOfPlay
from tests.browser.conftest import CHROMIUM
from tests.browser.player_support import FAST, api, kiosk_scripts, schedule_everywhere, upload, wait_until
from tests.media_files import png
from tests.realtime_support import Console
from tests.support import free_port, live_server, make_screen, make_user

FULL = [{"id": "main", "type": "CONTENT", "x": 0, "y": 0, "width": 100, "height": 100}]


def playlist(console: Console, name: str, colours: list[str], template_id: str) -> dict:
    media = [upload(console, c, png(320, 180, c.lower()), f"{c}.png") for c in colours]
    items = [{"mediaId": m, "zoneId": "main", "duration": 1} for m in media]
    return api(
        console, "POST", "/api/admin/playlists", {"name": name, "templateId": template_id, "items": items}
    )


def kiosk(browser, profile: str, base: str, screen_id: int, jwt: str):  # type: ignore[no-untyped-def]
    """A kiosk Chromium on a persistent profile directory, as in production."""
    context = browser.browser_type.launch_persistent_context(
        profile,
        executable_path=CHROMIUM,
        args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        viewport={"width": 1280, "height": 720},
        base_url=base,
    )
    kiosk_scripts(context, screen_id, jwt)
    page = context.pages[0] if context.pages else context.new_page()
    page.set_default_timeout(15_000)
    return context, page


SHELL_STORED = """id => caches.keys().then(async (names) => {
  for (const name of names) {
    const cache = await caches.open(name);
    if (name.startsWith('signage-shell-') && await cache.match(`/player/${id}`)) return true;
  }
  return false;
})"""

PLAYING = "() => document.body.dataset.state === 'playing' && document.body.dataset.media"

SHOWN_FROM_CACHE = """() => {
  const img = document.querySelector('.zone-set:not([style*=hidden]) .layer img');
  return Boolean(img && img.complete && img.naturalWidth === 320);
}"""


def test_the_screen_plays_on_with_the_server_gone(app, clean_db, browser, database_url, tmp_path) -> None:
    port = free_port()
    make_user(app, "root@example.com", "ADMIN")
    screen_id = make_screen(app, "Lobby")
    profile = str(tmp_path / "profile")
    with live_server(database_url, port=port) as base:
        console = Console(base, "root@example.com")
        jwt = console.activate_screen(screen_id)
        template = api(console, "POST", "/api/admin/templates", {"name": "Full", "zones": FULL})
        morning = playlist(console, "Morning", ["Red", "Green"], template["id"])
        later = playlist(console, "Later", ["Blue", "Yellow"], template["id"])
        schedule_everywhere(console, screen_id, morning["id"])
        # "Later" takes over at the next whole minute at least 40 s away (schedules are minutes).
        start = (datetime.now(UTC) + timedelta(seconds=100)).replace(second=0, microsecond=0)
        api(console, "POST", "/api/admin/schedules", {
            "name": "Later", "targetType": "SCREEN", "targetId": str(screen_id), "playlistId": later["id"],
            "priority": 60, "startTime": start.strftime("%H:%M"),
            "endTime": (start + timedelta(minutes=10)).strftime("%H:%M"),
        })  # fmt: skip
        console.http.close()

        context, page = kiosk(browser, profile, base, screen_id, jwt)
        page.goto(f"/player/{screen_id}")
        expect(page.locator("body")).to_have_attribute("data-playlist-id", morning["id"])
        # Everything the next 72 h need is stored, "Later" included, which has never played.
        page.wait_for_function(
            "() => Date.parse(document.body.dataset.cachedUntil) > Date.now() + 48 * 3600e3", timeout=30_000
        )
        wait_until(page, SHELL_STORED, screen_id)
        started = time.monotonic()
        page.reload(wait_until="commit")
        page.wait_for_function(PLAYING)
        online_reload_to_frame = time.monotonic() - started
    try:
        # The server is gone: the screen goes on with what it holds...
        expect(page.locator("body")).to_have_attribute("data-connection", "disconnected")
        before = page.evaluate("() => window.__seenMedia.length")
        page.wait_for_function("n => window.__seenMedia.length >= n + 2", arg=before)
        # ... and switches to "Later" on time, its images from the cache.
        wait_ms = (start - datetime.now(UTC)).total_seconds() * 1000 + 15_000
        expect(page.locator("body")).to_have_attribute("data-playlist-id", later["id"], timeout=wait_ms)
        assert datetime.now(UTC) >= start
        page.wait_for_function("() => ['Blue', 'Yellow'].includes(document.body.dataset.media)")
        page.wait_for_function(SHOWN_FROM_CACHE)

        # A reload with the server still down: the page comes from the Service Worker, the
        # schedule and playlist from IndexedDB, the images from the cache, within 3 s.
        started = time.monotonic()
        page.reload(wait_until="commit")
        page.wait_for_function(
            "() => document.body.dataset.state === 'playing' && document.body.dataset.media"
        )
        reload_to_frame = time.monotonic() - started
        assert reload_to_frame < 3, reload_to_frame
        assert page.locator("body").get_attribute("data-playlist-id") == later["id"]
        page.wait_for_function(SHOWN_FROM_CACHE)
    finally:
        context.close()

    # The kiosk restarts (Chromium closed and opened again on its profile), server still down.
    context, page = kiosk(browser, profile, f"http://127.0.0.1:{port}", screen_id, jwt)
    try:
        started = time.monotonic()
        page.goto(f"/player/{screen_id}", wait_until="commit")
        page.wait_for_function(
            "() => document.body.dataset.state === 'playing' && document.body.dataset.media"
        )
        restart_to_frame = time.monotonic() - started
        page.wait_for_function(SHOWN_FROM_CACHE)
        page.wait_for_function("() => window.__seenMedia.length >= 3")
        print(
            f"reload->first frame online {online_reload_to_frame:.2f}s, offline {reload_to_frame:.2f}s, "
            f"kiosk restart offline {restart_to_frame:.2f}s"
        )

        # The server returns: the plays made meanwhile reach it, each once.
        with live_server(database_url, port=port):
            expect(page.locator("body")).to_have_attribute("data-connection", "connected", timeout=30_000)
            deadline = time.monotonic() + 30
            while (
                page.evaluate("() => window.signagePlayer.outbox.pending()") and time.monotonic() < deadline
            ):
                time.sleep(0.5)
            assert page.evaluate("() => window.signagePlayer.outbox.pending()") == 0
            with app.app_context():
                rows = db.session.execute(select(ProofOfPlay.client_id)).scalars().all()
                offline_plays = db.session.scalar(
                    select(func.count()).select_from(ProofOfPlay).where(ProofOfPlay.played_at >= start)
                )
            assert len(rows) == len(set(rows)) and offline_plays >= 3
    finally:
        context.close()


def test_a_video_seeks_and_loops_from_the_cache_offline(
    app, clean_db, browser, database_url, tmp_path
) -> None:
    from tests.media_files import mp4

    port = free_port()
    make_user(app, "root@example.com", "ADMIN")
    screen_id = make_screen(app, "Hall")
    with live_server(database_url, port=port) as base:
        console = Console(base, "root@example.com")
        jwt = console.activate_screen(screen_id)
        clip = upload(console, "Clip", mp4(tmp_path, seconds=3.0, size="640x360"), "clip.mp4")
        template = api(console, "POST", "/api/admin/templates", {"name": "Full", "zones": FULL})
        body = {"name": "V", "templateId": template["id"], "items": [{"mediaId": clip, "zoneId": "main"}]}
        lone = api(console, "POST", "/api/admin/playlists", body)
        schedule_everywhere(console, screen_id, lone["id"])
        console.http.close()
        context, page = kiosk(browser, str(tmp_path / "profile"), base, screen_id, jwt)
        page.goto(f"/player/{screen_id}")
        page.wait_for_function(
            "() => Date.parse(document.body.dataset.cachedUntil) > Date.now() + 48 * 3600e3", timeout=30_000
        )
        wait_until(page, SHELL_STORED, screen_id)
    try:
        # A fresh page and a fresh <video> with the server down: every byte it reads comes
        # through Range requests answered from the cache.
        page.reload(wait_until="commit")
        page.wait_for_function(
            "() => { const v = document.querySelector('video'); return v && v.currentTime > 0.3; }"
        )
        video = page.locator("video").element_handle()
        page.evaluate(
            """v => { window.__wraps = 0; let last = 0;
               v.addEventListener('timeupdate', () => {
                 if (v.currentTime + 0.5 < last) window.__wraps++;
                 last = v.currentTime;
               }); }""",
            video,
        )
        # The Service Worker answers a Range request from the cache (no-store: no HTTP cache).
        part = page.evaluate(
            """async v => {
                 const init = { cache: 'no-store', headers: { Range: 'bytes=100-199' } };
                 const r = await fetch(v.currentSrc, init);
                 return [r.status, r.headers.get('Content-Range'), (await r.arrayBuffer()).byteLength];
               }""",
            video,
        )
        assert part[0] == 206 and part[1].startswith("bytes 100-199/") and part[2] == 100, part
        # Seeking forward and back works.
        page.evaluate("v => { v.currentTime = 2.2; }", video)
        page.wait_for_function("v => !v.seeking && v.currentTime >= 2.2 && !v.error", arg=video)
        page.evaluate("v => { v.currentTime = 0.5; }", video)
        page.wait_for_function(
            "v => !v.seeking && v.currentTime >= 0.5 && v.currentTime < 2 && !v.error", arg=video
        )
        # And the lone video loops (by seeking back to the start) twice.
        page.wait_for_function("() => window.__wraps >= 2", timeout=20_000)
        assert page.evaluate("v => v.error === null && v.videoWidth === 640", video)
    finally:
        context.close()


def noise(side: int) -> bytes:
    """A PNG that does not compress: its size is about side² × 3 bytes."""
    import io
    import os

    from PIL import Image

    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(out, "PNG")
    return out.getvalue()


def test_when_storage_runs_out_the_nearest_content_wins_and_the_shortfall_is_reported(
    app, clean_db, browser, database_url
) -> None:
    from signage.models import ScreenHeartbeat

    make_user(app, "root@example.com", "ADMIN")
    screen_id = make_screen(app, "Small")
    with live_server(database_url) as base:
        console = Console(base, "root@example.com")
        jwt = console.activate_screen(screen_id)
        template = api(console, "POST", "/api/admin/templates", {"name": "Full", "zones": FULL})
        near = upload(console, "Near", noise(200), "near.png")
        far = [upload(console, f"Far{i}", noise(400), f"far{i}.png") for i in range(3)]

        def playlist_of(name: str, media: list[str]) -> dict:
            items = [{"mediaId": m, "zoneId": "main", "duration": 1} for m in media]
            body = {"name": name, "templateId": template["id"], "items": items}
            return api(console, "POST", "/api/admin/playlists", body)

        now_list = playlist_of("Now", [near])
        later = playlist_of("Later", far)
        schedule_everywhere(console, screen_id, now_list["id"])
        start = (datetime.now(UTC) + timedelta(hours=3)).replace(second=0, microsecond=0)
        api(console, "POST", "/api/admin/schedules", {
            "name": "Later", "targetType": "SCREEN", "targetId": str(screen_id), "playlistId": later["id"],
            "priority": 60, "startTime": start.strftime("%H:%M"),
            "endTime": (start + timedelta(hours=1)).strftime("%H:%M"),
        })  # fmt: skip

        context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 720})
        kiosk_scripts(context, screen_id, jwt)
        page = context.new_page()
        page.set_default_timeout(20_000)
        # A kiosk with 1.6 MB of storage: the shell, "Now" and some of "Later" fit, not all.
        cdp = context.new_cdp_session(page)
        cdp.send("Storage.overrideQuotaForOrigin", {"origin": base, "quotaSize": 1_600_000})
        try:
            page.goto(f"/player/{screen_id}")
            expect(page.locator("body")).to_have_attribute("data-playlist-id", now_list["id"])
            near_url = page.evaluate("() => document.querySelector('.layer img').src")
            wait_until(
                page,
                "url => caches.open('signage-media-v1').then((c) => c.match(url)).then(Boolean)",
                near_url,
            )
            # The runway ends where "Later" starts: it could not all be stored.
            page.wait_for_function(
                "t => Math.abs(Date.parse(document.body.dataset.cachedUntil) - t) < 1000",
                arg=start.timestamp() * 1000,
            )
            stored = page.evaluate(
                "() => caches.open('signage-media-v1').then((c) => c.keys()).then((k) => k.length)"
            )
            assert 1 <= stored < 4, stored
            usage = page.evaluate("() => navigator.storage.estimate().then((e) => e.usage)")
            assert usage <= 1_600_000, usage

            # The shortfall reaches the console in the screen's heartbeats.
            deadline = time.monotonic() + 20
            while True:
                with app.app_context():
                    errors = db.session.scalars(
                        select(ScreenHeartbeat.error_message).where(ScreenHeartbeat.screen_id == screen_id)
                    ).all()
                if any(e and "do not fit" in e for e in errors) or time.monotonic() > deadline:
                    break
                time.sleep(0.5)
            assert any(e and "do not fit" in e for e in errors), errors
        finally:
            context.close()


# Each change of playlist on screen, with the player's server time when it happened.
SWITCHES = """window.__switches = [];
new MutationObserver(() => {
  const id = document.body && document.body.dataset.playlistId;
  const last = window.__switches[window.__switches.length - 1];
  if (id && (!last || last[0] !== id)) window.__switches.push([id, window.signagePlayer.now()]);
}).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-playlist-id"] });"""


def test_72_hours_offline_every_schedule_change_happens_on_time(
    app, clean_db, browser, database_url, tmp_path
) -> None:
    """Playwright's clock runs the page through the 72 h its schedule covers, server down."""
    make_user(app, "root@example.com", "ADMIN")
    screen_id = make_screen(app, "Clockwork")
    now = datetime.now(UTC)
    with live_server(database_url) as base:
        console = Console(base, "root@example.com")
        jwt = console.activate_screen(screen_id)
        template = api(console, "POST", "/api/admin/templates", {"name": "Full", "zones": FULL})
        day = playlist(console, "Day", ["Red"], template["id"])
        lunch = playlist(console, "Lunch", ["Green"], template["id"])
        evening = playlist(console, "Evening", ["Blue"], template["id"])
        schedule_everywhere(console, screen_id, day["id"])
        for name, plist, hours in (("Lunch", lunch, 2), ("Evening", evening, 7)):
            start = (now + timedelta(hours=hours)).replace(second=0, microsecond=0)
            api(console, "POST", "/api/admin/schedules", {
                "name": name, "targetType": "SCREEN", "targetId": str(screen_id), "playlistId": plist["id"],
                "priority": 60, "startTime": start.strftime("%H:%M"),
                "endTime": (start + timedelta(hours=1)).strftime("%H:%M"),
            })  # fmt: skip
        console.http.close()
        context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 720})
        # Loops at a pace that 72 simulated hours can go through (each of their turns is real work).
        loops = ("heartbeatMs", "popFlushMs", "precacheMs", "restScheduleMs", "retryMaxMs", "fallbackAfterMs")
        hourly = dict.fromkeys(loops, 3_600_000)
        kiosk_scripts(context, screen_id, jwt, {**FAST, **hourly})
        context.clock.install(time=now)
        context.add_init_script(SWITCHES)
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto(f"/player/{screen_id}")
        expect(page.locator("body")).to_have_attribute("data-playlist-id", day["id"])
        page.wait_for_function(
            "() => Date.parse(document.body.dataset.cachedUntil) > Date.now() + 71 * 3600e3", timeout=30_000
        )
        upcoming = page.evaluate(
            "() => window.signagePlayer.schedule.upcoming.map((s) => [s.playlistId, Date.parse(s.start)])"
        )
        usage = page.evaluate("() => navigator.storage.estimate().then((e) => e.usage)")
        print(f"storage used for the 72 h schedule: {usage / 1048576:.2f} MB")
    try:
        # Server down. Every change of playlist the schedule holds, in order.
        changes = []
        playing = day["id"]
        for playlist_id, start_ms in sorted(upcoming, key=lambda s: s[1]):
            if start_ms > now.timestamp() * 1000 and str(playlist_id) != playing:
                changes.append((start_ms, str(playlist_id)))
                playing = str(playlist_id)
        assert len(changes) >= 10, changes  # lunch and evening, in and out, three days and more
        for start_ms, playlist_id in changes:
            page.clock.run_for(
                max(0, int(start_ms - page.evaluate("() => window.signagePlayer.now()"))) + 200
            )
            expect(page.locator("body")).to_have_attribute("data-playlist-id", playlist_id)
            switched = page.evaluate("() => window.__switches[window.__switches.length - 1]")
            # On time, on the server's clock: within a few seconds of the boundary (what the
            # load takes in real time once the clock got there).
            assert switched[0] == playlist_id and 0 <= switched[1] - start_ms < 5_000, (switched, start_ms)
            page.wait_for_function(PLAYING)
    finally:
        context.close()
