"""The player's channels (CONTRACT §13): WebSocket, else long-polling, else REST; and
cache:clear, which empties the caches and IndexedDB and refills them."""

from __future__ import annotations

import time

from playwright.sync_api import expect

from signage.extensions import db
from signage.models import Screen, ScreenStatus
from tests.browser.player_support import (
    api,
    kiosk_scripts,
    open_kiosk,
    schedule_everywhere,
    upload,
    wait_until,
)
from tests.browser.proxy_support import refusing_proxy
from tests.media_files import png
from tests.realtime_support import Console
from tests.support import free_port, live_server, make_screen, make_user

FULL = [{"id": "main", "type": "CONTENT", "x": 0, "y": 0, "width": 100, "height": 100}]


def content(console: Console, screen_id: int) -> dict:
    media = [upload(console, c, png(160, 90, c.lower()), f"{c}.png") for c in ("Red", "Blue")]
    template = api(console, "POST", "/api/admin/templates", {"name": "Full", "zones": FULL})
    items = [{"mediaId": m, "zoneId": "main", "duration": 1} for m in media]
    body = {"name": "L", "templateId": template["id"], "items": items}
    playlist = api(console, "POST", "/api/admin/playlists", body)
    schedule_everywhere(console, screen_id, playlist["id"])
    return playlist


def screen_row(app, screen_id: int) -> Screen:  # type: ignore[no-untyped-def]
    with app.app_context():
        screen = db.session.get(Screen, screen_id)
        db.session.expunge(screen)
        return screen


def kiosk_without_worker(browser, base: str, screen_id: int, jwt: str):  # type: ignore[no-untyped-def]
    """A kiosk with no Service Worker, so that the test's network interception sees every
    request the page makes. Nothing loaded yet: add scripts, then go to the page."""
    context = browser.new_context(base_url=base, service_workers="block")
    kiosk_scripts(context, screen_id, jwt)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def wait_for_screen(app, screen_id: int, check, timeout: float = 30) -> Screen:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while True:
        screen = screen_row(app, screen_id)
        if check(screen) or time.monotonic() > deadline:
            return screen
        time.sleep(0.3)


def test_a_proxy_refusing_websocket_gets_long_polling(app, clean_db, browser, database_url) -> None:
    port = free_port()
    make_user(app, "root@example.com", "ADMIN")
    screen_id = make_screen(app, "Office")
    with live_server(database_url, port=port) as base, refusing_proxy(port, "upgrade") as proxied:
        console = Console(base, "root@example.com")
        jwt = console.activate_screen(screen_id)
        playlist = content(console, screen_id)
        context, page = open_kiosk(browser, proxied, screen_id, jwt)
        try:
            expect(page.locator("body")).to_have_attribute("data-connection", "connected")
            assert page.evaluate("() => window.signagePlayer.transport()") == "polling"
            expect(page.locator("body")).to_have_attribute("data-playlist-id", playlist["id"])
            screen = wait_for_screen(app, screen_id, lambda s: s.transport == "polling")
            assert screen.transport == "polling" and screen.status == ScreenStatus.ONLINE
            # A live channel: a command reaches the page.
            command = f"/api/admin/screens/{screen_id}/command"
            alert = {"id": 3, "title": "Drill", "content": "Now", "displayMode": "BANNER"}
            assert console.post(command, json={"command": "ALERT_SHOW", "payload": alert}).status_code == 202
            expect(page.locator(".alert")).to_contain_text("Drill")
        finally:
            context.close()


def test_with_the_socket_refused_it_falls_back_to_rest_and_shows_online(
    app, clean_db, browser, database_url
) -> None:
    port = free_port()
    make_user(app, "root@example.com", "ADMIN")
    screen_id = make_screen(app, "Shop")
    with live_server(database_url, port=port) as base, refusing_proxy(port, "socket") as proxied:
        console = Console(base, "root@example.com")
        jwt = console.activate_screen(screen_id)
        playlist = content(console, screen_id)
        context, page = open_kiosk(browser, proxied, screen_id, jwt)
        try:
            expect(page.locator("body")).to_have_attribute("data-playlist-id", playlist["id"])
            expect(page.locator("body")).to_have_attribute("data-fallback", "rest")
            screen = wait_for_screen(app, screen_id, lambda s: s.transport == "rest")
            assert screen.transport == "rest" and screen.status == ScreenStatus.ONLINE
            assert screen.cached_until is not None and screen.pending_proof_of_play is not None
            # Its plays arrive through REST too.
            with app.app_context():
                from sqlalchemy import func, select

                from signage.models import ProofOfPlay

                deadline = time.monotonic() + 20
                while not db.session.scalar(select(func.count()).select_from(ProofOfPlay)):
                    assert time.monotonic() < deadline, "no play arrived over REST"
                    time.sleep(0.5)
                    db.session.rollback()
            html = console.http.get(f"{base}/admin/screens/{screen_id}", timeout=10).text
            assert "REST fallback" in html
        finally:
            context.close()


IDB_MARK = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open('signage-player');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains('kv')) { db.close(); resolve(null); return; }
    const tx = db.transaction('kv', 'readwrite');
    const store = tx.objectStore('kv');
    const get = store.get('marker');
    get.onsuccess = () => {
      if ((get.result ?? null) === null && window.__mark) store.put('x', 'marker');
    };
    tx.oncomplete = () => { db.close(); resolve(get.result ?? null); };
  };
})"""

STORED_72H = "() => Date.parse(document.body.dataset.cachedUntil) > Date.now() + 48 * 3600e3"
STORED_AT = """() => caches.open('signage-media-v1').then(async (c) =>
  (await Promise.all((await c.keys()).map((k) => c.match(k))))
    .map((r) => r.headers.get('X-Stored-At')).sort())"""
MEDIA_STORED = "() => caches.open('signage-media-v1').then((c) => c.keys()).then((k) => k.length)"


def test_cache_clear_empties_and_refills(app, clean_db, browser, database_url) -> None:
    make_user(app, "root@example.com", "ADMIN")
    screen_id = make_screen(app, "Hall")
    with live_server(database_url) as base:
        console = Console(base, "root@example.com")
        jwt = console.activate_screen(screen_id)
        content(console, screen_id)
        context, page = open_kiosk(browser, base, screen_id, jwt)
        try:
            page.wait_for_function(STORED_72H)
            assert page.evaluate(MEDIA_STORED) == 2
            stored_at = page.evaluate(STORED_AT)
            page.evaluate("() => { window.__mark = true; }")
            page.evaluate(IDB_MARK)
            assert page.evaluate(IDB_MARK) == "x"  # the marker is in IndexedDB
            response = console.post(
                f"/api/admin/screens/{screen_id}/command", json={"command": "CACHE_CLEAR"}
            )
            assert response.status_code == 202
            # The page reloads (a fresh window object), with IndexedDB and the caches emptied...
            page.wait_for_function("() => !window.__mark && document.body.dataset.state === 'playing'")
            assert page.evaluate(IDB_MARK) is None
            # ... then refilled from the network.
            page.wait_for_function(STORED_72H)
            wait_until(page, MEDIA_STORED.replace(".length)", ".length === 2)"))
            # Stored again, not kept: the media cache was emptied too.
            assert all(new > old for new, old in zip(page.evaluate(STORED_AT), stored_at, strict=True))
        finally:
            context.close()


def test_a_schedule_that_does_not_parse_leaves_the_stored_one_and_a_wiped_database_refills(
    app, clean_db, browser, database_url
) -> None:
    from tests.browser.player_support import spy_on_socket

    make_user(app, "root@example.com", "ADMIN")
    screen_id = make_screen(app, "Desk")
    with live_server(database_url) as base:
        console = Console(base, "root@example.com")
        jwt = console.activate_screen(screen_id)
        playlist = content(console, screen_id)
        context, page = kiosk_without_worker(browser, base, screen_id, jwt)
        try:
            page.goto(f"/player/{screen_id}")
            expect(page.locator("body")).to_have_attribute("data-playlist-id", playlist["id"])
            page.wait_for_function(STORED_72H)
            spy_on_socket(page)
            garbage = '{"serverTime": "2030-01-01T00:00:00Z", "upcoming": [{"playlistId": 1}]}'
            page.route(f"**/api/player/{screen_id}/schedule", lambda route: route.fulfill(
                status=200, body=garbage, content_type="application/json"))  # fmt: skip
            command = f"/api/admin/screens/{screen_id}/command"
            assert (
                console.post(command, json={"command": "PLAYLIST_RELOAD", "payload": {}}).status_code == 202
            )
            page.wait_for_function(
                "() => window.__sent.some(([e, b]) => e === 'screen:error' && b.type === 'SCHEDULE_INVALID')"
            )
            # Still playing, and still after a reload: the stored schedule stays in force.
            expect(page.locator("body")).to_have_attribute("data-playlist-id", playlist["id"])
            page.reload()
            expect(page.locator("body")).to_have_attribute("data-playlist-id", playlist["id"])
            expect(page.locator("body")).to_have_attribute("data-state", "playing")

            # The database wiped under the running page (its connection steps aside): the next
            # start has nothing stored, fetches everything and stores it again.
            page.unroute(f"**/api/player/{screen_id}/schedule")
            page.evaluate(
                """() => new Promise((resolve, reject) => {
                     const request = indexedDB.deleteDatabase('signage-player');
                     request.onsuccess = resolve; request.onerror = reject; })"""
            )
            page.reload()
            expect(page.locator("body")).to_have_attribute("data-playlist-id", playlist["id"])
            wait_until(
                page,
                """() => new Promise((resolve) => {
                     const open = indexedDB.open('signage-player');
                     open.onsuccess = () => {
                       const db = open.result;
                       if (!db.objectStoreNames.contains('kv')) { db.close(); resolve(false); return; }
                       const get = db.transaction('kv').objectStore('kv').get('schedule');
                       get.onsuccess = () => { db.close(); resolve(Boolean(get.result)); };
                     }; })""",
            )
        finally:
            context.close()


def test_plays_an_older_player_left_in_local_storage_reach_the_server(
    app, clean_db, browser, database_url
) -> None:
    import json
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import select

    from signage.models import ProofOfPlay

    make_user(app, "root@example.com", "ADMIN")
    screen_id = make_screen(app, "Old")
    played_at = (datetime.now(UTC) - timedelta(hours=2)).isoformat()
    old = [
        {"id": f"legacy-{i}", "mediaId": "1", "playlistId": "1", "playedAt": played_at, "durationSeconds": 10}
        for i in range(2)
    ]
    with live_server(database_url) as base:
        console = Console(base, "root@example.com")
        jwt = console.activate_screen(screen_id)
        context, page = kiosk_without_worker(browser, base, screen_id, jwt)
        context.add_init_script(
            f"if (!sessionStorage.getItem('seeded')) {{ sessionStorage.setItem('seeded', '1'); "
            f"localStorage.setItem('signage.popOutbox', {json.dumps(json.dumps(old))}); }}"
        )
        try:
            page.goto(f"/player/{screen_id}")
            expect(page.locator("body")).to_have_attribute("data-connection", "connected")
            deadline = time.monotonic() + 20
            while True:
                with app.app_context():
                    ids = sorted(db.session.scalars(select(ProofOfPlay.client_id)).all())
                if ids or time.monotonic() > deadline:
                    break
                time.sleep(0.3)
            assert ids == ["legacy-0", "legacy-1"]
            assert page.evaluate("() => localStorage.getItem('signage.popOutbox')") is None
        finally:
            context.close()


def test_a_superseded_load_never_swaps_its_stage_in(app, clean_db, browser, database_url) -> None:
    from tests.browser.player_support import spy_on_socket

    make_user(app, "root@example.com", "ADMIN")
    screen_id = make_screen(app, "Lift")
    with live_server(database_url) as base:
        console = Console(base, "root@example.com")
        jwt = console.activate_screen(screen_id)
        first = content(console, screen_id)
        template = api(console, "POST", "/api/admin/templates", {"name": "Other", "zones": FULL})
        green = upload(console, "Green", png(160, 90, "green"), "green.png")
        items = [{"mediaId": green, "zoneId": "main", "duration": 1}]
        body = {"name": "Slow", "templateId": template["id"], "items": items}
        slow = api(console, "POST", "/api/admin/playlists", body)
        context, page = kiosk_without_worker(browser, base, screen_id, jwt)
        try:
            page.goto(f"/player/{screen_id}")
            expect(page.locator("body")).to_have_attribute("data-playlist-id", first["id"])
            page.evaluate(
                """() => { window.__shown = [];
                   new MutationObserver(() => window.__shown.push(document.body.dataset.playlistId))
                     .observe(document.body, { attributes: true, attributeFilter: ['data-playlist-id'] });
                 }"""
            )
            spy_on_socket(page)
            # The other playlist's answers (fetched while it was scheduled) are held back...
            held = []
            page.route(
                f"**/api/player/{screen_id}/playlist/{slow['id']}",
                lambda route: held.append((route, route.fetch())),
            )
            schedule = {"name": "Now", "targetType": "SCREEN", "targetId": str(screen_id),
                        "playlistId": slow["id"], "priority": 90}  # fmt: skip
            created = api(console, "POST", "/api/admin/schedules", schedule)
            command = f"/api/admin/screens/{screen_id}/command"
            console.post(command, json={"command": "PLAYLIST_RELOAD", "payload": {}})
            page.wait_for_function(
                "id => window.signagePlayer.loading && window.signagePlayer.loading.key.startsWith(id + '@')",
                arg=slow["id"],
            )
            while not held:  # the load's request, answered while the playlist was scheduled
                page.wait_for_timeout(50)
            # ... it is unscheduled meanwhile: the first one is right again ...
            api(console, "DELETE", f"/api/admin/schedules/{created['id']}")
            second = console.post(command, json={"command": "PLAYLIST_RELOAD", "payload": {}}).json()["id"]
            page.wait_for_function(
                "id => window.__sent.some(([e, b]) => e === 'screen:command_ack' && b.commandId === id)",
                arg=second,
            )
            # ... and then the answers arrive: nothing may swap the stale playlist in.
            assert held[0][1].status == 200
            for route, response in held:  # later ones (the precache's) may be refusals by now
                try:
                    route.fulfill(response=response)
                except Exception:  # the load was aborted: its request is gone
                    pass
            page.wait_for_timeout(3000)
            assert page.evaluate("() => window.__shown") == []
            expect(page.locator("body")).to_have_attribute("data-playlist-id", first["id"])
        finally:
            context.close()


ENTRY_SIZE = """url => caches.open('signage-media-v1').then((c) => c.match(url))
  .then((r) => (r ? r.blob().then((b) => b.size) : null))"""


def test_a_damaged_copy_is_fetched_again_and_a_wrong_download_never_stored(
    app, clean_db, browser, database_url
) -> None:
    from tests.browser.player_support import spy_on_socket

    make_user(app, "root@example.com", "ADMIN")
    screen_id = make_screen(app, "Cellar")
    with live_server(database_url) as base:
        console = Console(base, "root@example.com")
        jwt = console.activate_screen(screen_id)
        content(console, screen_id)
        context, page = kiosk_without_worker(browser, base, screen_id, jwt)
        try:
            page.goto(f"/player/{screen_id}")
            page.wait_for_function(STORED_72H)
            spy_on_socket(page)
            urls = sorted(page.evaluate("() => caches.open('signage-media-v1').then((c) => c.keys())"
                                        ".then((k) => k.map((r) => r.url))"))  # fmt: skip
            assert len(urls) == 2
            damaged, wrong = urls
            size = page.evaluate(ENTRY_SIZE, damaged)
            # A stored copy damaged on disk: found at the next check, and fetched again.
            page.evaluate(
                "url => caches.open('signage-media-v1').then((c) => c.put(url, new Response('garbage')))",
                damaged,
            )
            wait_until(page, f"url => ({ENTRY_SIZE})(url).then((n) => n === {size})", damaged)
            # A download whose bytes are not the file's (same size, other content) is refused.
            wrong_size = page.evaluate(ENTRY_SIZE, wrong)
            page.route(wrong, lambda route: route.fulfill(status=200, body=b"\0" * wrong_size))
            page.evaluate("url => caches.open('signage-media-v1').then((c) => c.delete(url))", wrong)
            page.wait_for_function(
                "() => window.__sent.some(([e, b]) => e === 'screen:error' && b.type === 'MEDIA_DOWNLOAD'"
                " && b.message.includes('SHA-256 mismatch'))"
            )
            assert page.evaluate(ENTRY_SIZE, wrong) is None
            # The real file, once it can be had again, is stored (after the retry's back-off).
            page.unroute(wrong)
            wait_until(page, f"url => ({ENTRY_SIZE})(url).then((n) => n === {wrong_size})", wrong, timeout=30)
        finally:
            context.close()
