"""The playlist page's preview in Chromium: the player's render code plays the saved playlist
in a frame, item after item, and leaves nothing behind (no play recorded, no Service Worker,
no IndexedDB)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from signage.extensions import db
from signage.models import ProofOfPlay
from tests.browser.player_support import api, upload
from tests.browser.test_console import sign_in
from tests.media_files import png
from tests.support import make_user

FULL = [{"id": "main", "type": "CONTENT", "x": 0, "y": 0, "width": 100, "height": 100}]


def centre_colour(page: Page, frame_selector: str) -> tuple[int, int, int]:
    from io import BytesIO

    from PIL import Image

    shot = Image.open(BytesIO(page.locator(frame_selector).screenshot())).convert("RGB")
    return shot.getpixel((shot.width // 2, shot.height // 2))  # type: ignore[return-value]


def test_the_preview_plays_the_items_in_turn_and_records_nothing(app, page: Page, console) -> None:
    red, green = (upload(console, c, png(160, 90, c.lower()), f"{c}.png") for c in ("Red", "Green"))
    template = api(console, "POST", "/api/admin/templates", {"name": "Full", "zones": FULL})
    items = [{"mediaId": m, "zoneId": "main", "duration": 2} for m in (red, green)]
    body = {"name": "Shop", "templateId": template["id"], "transition": "NONE", "items": items}
    playlist = api(console, "POST", "/api/admin/playlists", body)

    make_user(app, "viewer@example.com", "VIEWER")  # reading is enough
    sign_in(page, "viewer@example.com")
    page.goto(f"/admin/playlists/{playlist['id']}")
    frame_el = page.get_by_test_id("preview-frame")
    expect(frame_el).to_be_visible()
    expect(frame_el).not_to_have_attribute("src", re.compile(".+"))  # nothing loads until asked
    page.get_by_role("button", name="Play the preview").click()
    box = frame_el.bounding_box()
    assert box and abs(box["width"] / box["height"] - 16 / 9) < 0.02, box  # a landscape screen, smaller

    preview = page.frame_locator("[data-testid=preview-frame]")
    stage = preview.locator("body")
    expect(stage).to_have_attribute("data-media", "Red")
    expect(stage).to_have_attribute("data-state", "playing")
    shown = preview.locator(".layer:not([style*='hidden']) img")
    expect(shown).to_have_attribute("src", api(console, "GET", f"/api/admin/medias/{red}")["url"])
    assert centre_colour(page, "[data-testid=preview-frame]") == (255, 0, 0)
    expect(stage).to_have_attribute("data-media", "Green", timeout=6_000)  # after Red's 2 s
    page.wait_for_timeout(300)
    assert centre_colour(page, "[data-testid=preview-frame]") == (0, 128, 0)
    expect(stage).to_have_attribute("data-media", "Red", timeout=6_000)  # and round again

    frame = next(f for f in page.frames if f.url.endswith(f"/admin/playlists/{playlist['id']}/preview"))
    assert frame.evaluate("() => navigator.serviceWorker.getRegistrations().then((r) => r.length)") == 0
    assert frame.evaluate("() => indexedDB.databases().then((d) => d.map((x) => x.name))") == []
    assert stage.get_attribute("data-reports") is None  # nothing went wrong either
    with app.app_context():
        assert db.session.query(ProofOfPlay).count() == 0

    # Restart loads the frame again, which starts from the first item.
    expect(stage).to_have_attribute("data-media", "Green", timeout=6_000)
    frame.evaluate("() => { window.__before = true; }")
    page.get_by_role("button", name="Restart the preview").click()
    page.wait_for_function(
        "() => { const w = document.querySelector('[data-testid=preview-frame]').contentWindow;"
        " return !w.__before && w.document.body && w.document.body.dataset.media === 'Red'; }"
    )

    # Once started, it starts again by itself when the page reloads (after a save).
    page.reload()
    expect(page.get_by_role("button", name="Restart the preview")).to_be_visible()
    expect(stage).to_have_attribute("data-media", "Red")


def test_a_stranger_is_sent_to_sign_in(app, page: Page, console) -> None:
    template = api(console, "POST", "/api/admin/templates", {"name": "Full", "zones": FULL})
    playlist = api(console, "POST", "/api/admin/playlists", {"name": "Shop", "templateId": template["id"]})
    page.goto(f"/admin/playlists/{playlist['id']}/preview")
    expect(page).to_have_url(f"/admin/login?next=/admin/playlists/{playlist['id']}/preview")
