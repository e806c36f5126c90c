"""The playlist editor in Chromium: rows dragged, or moved from the keyboard, into a new order
are saved in that order."""

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


def test_the_keyboard_reorders_the_items_keeps_the_focus_and_says_so(app, page: Page) -> None:
    make_user(app, "ed@example.com", "EDITOR")
    names = ["Alpha", "Bravo", "Charlie"]
    ids = {name: make_media(app, name) for name in names}
    playlist_id = make_playlist(app, make_template(app), list(ids.values()))
    sign_in(page, "ed@example.com")
    page.goto(f"/admin/playlists/{playlist_id}")
    media = page.get_by_test_id("item-media")
    status = page.get_by_test_id("reorder-status")
    expect(status).to_have_attribute("aria-live", "polite")

    # Alt+Arrow Up on Charlie's handle, twice: first; once more says it is already there.
    handle = page.get_by_role("button", name="Reorder Charlie (Alt+Arrow Up or Down)")
    handle.focus()
    page.keyboard.press("Alt+ArrowUp")
    expect(media).to_have_text(["Alpha", "Charlie", "Bravo"])
    expect(handle).to_be_focused()
    expect(status).to_have_text("Charlie moved to position 2 of 3.")
    page.keyboard.press("Alt+ArrowUp")
    expect(media).to_have_text(["Charlie", "Alpha", "Bravo"])
    expect(handle).to_be_focused()
    expect(status).to_have_text("Charlie moved to position 1 of 3.")
    page.keyboard.press("Alt+ArrowUp")
    expect(media).to_have_text(["Charlie", "Alpha", "Bravo"])
    expect(status).to_have_text("Charlie is already first.")

    # From a field of the row (the focus stays in it), and with the row's own buttons.
    duration = page.get_by_label("Duration of Bravo")
    duration.fill("7")
    page.keyboard.press("Alt+ArrowUp")
    expect(media).to_have_text(["Charlie", "Bravo", "Alpha"])
    expect(duration).to_be_focused()
    down = page.get_by_role("button", name="Move Charlie down")
    down.focus()
    page.keyboard.press("Enter")
    expect(media).to_have_text(["Bravo", "Charlie", "Alpha"])
    expect(down).to_be_focused()
    expect(status).to_have_text("Charlie moved to position 2 of 3.")

    page.get_by_role("button", name="Save items").click()
    expect(page.get_by_text("Items saved (version 2).")).to_be_visible()
    saved = page.request.get(f"/api/admin/playlists/{playlist_id}").json()
    ordered = sorted(saved["items"], key=lambda item: item["order"])
    assert [(item["mediaId"], item["duration"]) for item in ordered] == [
        (str(ids["Bravo"]), 7),
        (str(ids["Charlie"]), None),
        (str(ids["Alpha"]), None),
    ]

    # In French, the same keys and a French sentence.
    page.goto(f"/admin/playlists/{playlist_id}?lang=fr")
    page.get_by_role("button", name="Réordonner Alpha (Alt+Flèche haut ou bas)").focus()
    page.keyboard.press("Alt+ArrowUp")
    expect(media).to_have_text(["Bravo", "Alpha", "Charlie"])
    expect(page.get_by_test_id("reorder-status")).to_have_text("Alpha déplacé en position 2 sur 3.")


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


def test_the_picker_adds_media_by_search_with_a_fit_and_one_save_keeps_everything(app, page: Page) -> None:
    make_user(app, "ed@example.com", "EDITOR")
    template = make_template(app)
    alpha = make_media(app, "Alpha")
    make_media(app, "Promo soldes", duration=12.4)
    make_media(app, "News", "RSS", url="https://example.com/rss")  # not for a content zone
    playlist_id = make_playlist(app, template, [alpha])
    sign_in(page, "ed@example.com")
    page.goto(f"/admin/playlists/{playlist_id}")
    total = page.locator("[data-zone-total=main]")
    expect(total).to_have_text("Total: 0:10")  # Alpha: the playlist's default
    # An edit typed before adding is kept: the picker adds a row, it saves nothing by itself.
    page.get_by_label("Duration of Alpha").fill("20")
    expect(total).to_have_text("Total: 0:20")

    page.get_by_role("button", name="Add media to main").click()
    picker = page.get_by_test_id("media-picker")
    expect(picker).to_be_visible()
    expect(picker.get_by_test_id("picker-media")).to_have_count(2)  # the feed is not offered
    picker.get_by_label("Search by name").fill("soldes")
    expect(picker.get_by_test_id("picker-media")).to_have_count(1)
    picker.get_by_test_id("picker-media").click()
    expect(picker).to_be_hidden()

    media = page.get_by_test_id("item-media")
    expect(media).to_have_text(["Alpha", "Promo soldes"])
    expect(total).to_have_text("Total: 0:32")  # 20 + the media's own 12 s
    page.get_by_label("Fit of Promo soldes").select_option("cover")
    page.get_by_role("button", name="Save items").click()

    expect(page.get_by_text("Items saved (version 2).")).to_be_visible()
    expect(media).to_have_text(["Alpha", "Promo soldes"])
    with app.app_context():
        items = sorted(db.session.get(Playlist, playlist_id).items, key=lambda i: i.order)
        assert [(i.media.name, i.duration, i.fit) for i in items] == [
            ("Alpha", 20, None),
            ("Promo soldes", None, "cover"),
        ]
