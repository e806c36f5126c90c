"""Transitions between items: the entering item's transitionIn, else the leaving one's
transitionOut, else the playlist's; SLIDE moves transforms, FADE fades the incoming layer only."""

from __future__ import annotations

from tests.browser.player_support import api, kiosk_scripts, schedule_everywhere, upload
from tests.media_files import png
from tests.realtime_support import Console
from tests.support import live_server, make_screen, make_user

FULL = [{"id": "main", "type": "CONTENT", "x": 0, "y": 0, "width": 100, "height": 100}]

# Every animation the page starts, as [media shown when it started, keyframe properties].
RECORD = """
window.__anims = [];
const animate = Element.prototype.animate;
Element.prototype.animate = function (frames, options) {
  const props = [...new Set(frames.flatMap((f) => Object.keys(f)))].sort().join();
  window.__anims.push([document.body ? document.body.dataset.media : null, props]);
  return animate.call(this, frames, options);
};
"""


def test_transition_out_slide_and_transition_in_fade(app, clean_db, browser, database_url) -> None:
    make_user(app, "root@example.com", "ADMIN")
    screen_id = make_screen(app, "Wall")
    with live_server(database_url) as base:
        console = Console(base, "root@example.com")
        jwt = console.activate_screen(screen_id)
        red, green, blue = (
            upload(console, c, png(160, 90, c.lower()), f"{c}.png") for c in ("Red", "Green", "Blue")
        )
        template = api(console, "POST", "/api/admin/templates", {"name": "Full", "zones": FULL})
        items = [
            # Red leaves by sliding; Blue enters by fading; the rest as the playlist says (NONE).
            {"mediaId": red, "zoneId": "main", "duration": 1, "transitionOut": "SLIDE"},
            {"mediaId": green, "zoneId": "main", "duration": 1},
            {"mediaId": blue, "zoneId": "main", "duration": 1, "transitionIn": "FADE"},
        ]
        body = {"name": "T", "templateId": template["id"], "transition": "NONE", "items": items}
        playlist = api(console, "POST", "/api/admin/playlists", body)
        schedule_everywhere(console, screen_id, playlist["id"])
        context = browser.new_context(base_url=base)
        kiosk_scripts(context, screen_id, jwt)
        context.add_init_script(RECORD)
        page = context.new_page()
        page.set_default_timeout(20_000)
        try:
            page.goto(f"/player/{screen_id}")
            # Two full rounds: Red, Green, Blue, Red, Green, Blue, Red.
            rounds = "Red,Green,Blue,Red,Green,Blue,Red"
            page.wait_for_function(
                "r => window.__seenMedia.map((m) => m.name).join().includes(r)", arg=rounds
            )
            anims = page.evaluate("() => window.__anims")
            # Red -> Green: Red's transitionOut, a SLIDE (transforms only).
            assert ["Green", "transform"] in anims and ["Green", "opacity"] not in anims, anims
            # Green -> Blue: Blue's transitionIn, a FADE (opacity only).
            assert ["Blue", "opacity"] in anims and ["Blue", "transform"] not in anims, anims
            # Blue -> Red: neither says anything and the playlist says NONE: no animation.
            assert not any(name == "Red" for name, _ in anims), anims
        finally:
            context.close()
