"""The playlist editor in Chromium: rows dragged into a new order are saved in that order."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from signage.extensions import db
from signage.models import Playlist
from tests.browser.test_console import sign_in
from tests.content_support import make_media, make_playlist, make_template
from tests.support import make_user


def test_drag_and_drop_reorders_the_items(app, page: Page) -> None:
    make_user(app, "ed@example.com", "EDITOR")
    names = ["Alpha", "Bravo", "Charlie"]
    playlist_id = make_playlist(app, make_template(app), [make_media(app, name) for name in names])
    sign_in(page, "ed@example.com")
    page.goto(f"/admin/playlists/{playlist_id}")
    media = page.get_by_test_id("item-media")
    expect(media).to_have_text(names)

    handles = page.locator("[data-drag-handle]")
    handles.nth(2).drag_to(handles.nth(0))
    expect(media).to_have_text(["Charlie", "Alpha", "Bravo"])
    page.get_by_label("Duration of Alpha").fill("15")
    page.get_by_role("button", name="Save items").click()

    expect(page.get_by_text("Items saved (version 2).")).to_be_visible()
    expect(media).to_have_text(["Charlie", "Alpha", "Bravo"])
    with app.app_context():
        items = sorted(db.session.get(Playlist, playlist_id).items, key=lambda i: i.order)
        assert [(i.media.name, i.duration) for i in items] == [
            ("Charlie", None),
            ("Alpha", 15),
            ("Bravo", None),
        ]


def test_the_template_preview_follows_the_json(app, page: Page) -> None:
    make_user(app, "ed@example.com", "EDITOR")
    sign_in(page, "ed@example.com")
    page.goto("/admin/templates")
    form = page.get_by_test_id("template-create")
    expect(form.locator("[data-zones-preview] rect")).to_have_count(1)
    form.get_by_label("Zones (JSON)").fill(
        '[{"id": "a", "type": "CONTENT", "x": 0, "y": 0, "width": 50, "height": 100},'
        ' {"id": "b", "type": "CLOCK", "x": 50, "y": 0, "width": 50, "height": 100}]'
    )
    expect(form.locator("[data-zones-preview] rect")).to_have_count(2)
    expect(form.locator("[data-zones-preview] [data-zone=b] rect")).to_have_attribute("x", "80")
    form.get_by_label("Zones (JSON)").fill("[{")
    expect(form.locator("[data-zones-status]")).to_contain_text("does not parse")
