"""volume:set holds for every later video, not only the one playing, and survives a reload."""

from __future__ import annotations

from tests.browser.conftest import CHROMIUM
from tests.browser.player_support import api, kiosk_scripts, schedule_everywhere, spy_on_socket, upload
from tests.realtime_support import Console
from tests.support import live_server, make_screen, make_user

FULL = [{"id": "main", "type": "CONTENT", "x": 0, "y": 0, "width": 100, "height": 100}]

# The newest shown layer's video, once it plays: [media name, volume, muted].
SHOWN_VIDEO = """() => {
  const layers = [...document.querySelectorAll('.zone-set .layer')]
    .filter((l) => l.style.visibility !== 'hidden');
  const video = layers.length ? layers[layers.length - 1].querySelector('video') : null;
  return video && !video.paused && video.currentTime > 0
    ? [document.body.dataset.media, video.volume, video.muted] : null;
}"""


def next_video(page, after: str):  # type: ignore[no-untyped-def]
    page.wait_for_function("name => document.body.dataset.media !== name", arg=after)
    return page.wait_for_function(SHOWN_VIDEO).json_value()


def test_the_volume_holds_for_the_next_videos_and_a_reload(
    app, clean_db, browser, database_url, tmp_path
) -> None:
    from tests.media_files import mp4

    make_user(app, "root@example.com", "ADMIN")
    screen_id = make_screen(app, "Bar")
    # A kiosk's flags: videos may play with sound without a click.
    kiosk_browser = browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=[
            "--no-sandbox",
            "--disable-dev-shm-usage",
            "--disable-gpu",
            "--autoplay-policy=no-user-gesture-required",
        ],
    )
    with live_server(database_url) as base:
        console = Console(base, "root@example.com")
        jwt = console.activate_screen(screen_id)
        clips = [
            upload(console, f"Clip{i}", mp4(tmp_path, seconds=1.0 + i / 10), f"c{i}.mp4") for i in range(3)
        ]
        template = api(console, "POST", "/api/admin/templates", {"name": "Full", "zones": FULL})
        items = [{"mediaId": c, "zoneId": "main"} for c in clips]
        playlist = api(
            console,
            "POST",
            "/api/admin/playlists",
            {"name": "V", "templateId": template["id"], "items": items},
        )
        schedule_everywhere(console, screen_id, playlist["id"])
        context = kiosk_browser.new_context(base_url=base)
        kiosk_scripts(context, screen_id, jwt)
        page = context.new_page()
        page.set_default_timeout(20_000)
        try:
            page.goto(f"/player/{screen_id}")
            first = page.wait_for_function(SHOWN_VIDEO).json_value()
            assert first[2] is True  # muted until told otherwise
            spy_on_socket(page)
            response = console.post(
                f"/api/admin/screens/{screen_id}/command",
                json={"command": "VOLUME_SET", "payload": {"level": 40}},
            )
            command_id = response.json()["id"]
            page.wait_for_function(
                "id => window.__sent.some(([e, b]) => e === 'screen:command_ack' && b.commandId === id)",
                arg=command_id,
            )
            name = page.evaluate("() => document.body.dataset.media")
            for _ in range(3):
                name, volume, muted = next_video(page, name)
                assert abs(volume - 0.4) < 0.01 and muted is False, (name, volume, muted)
            page.reload()
            _, volume, muted = page.wait_for_function(SHOWN_VIDEO).json_value()
            assert abs(volume - 0.4) < 0.01 and muted is False
        finally:
            context.close()
            kiosk_browser.close()
