"""Uploading in Chromium: the progress bar per file, the new file in the grid at once, then
its status turning DONE and its thumbnail appearing live; ticking cards for a bulk action."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from signage.extensions import db
from signage.models import Media, MediaType
from tests.browser.test_console import sign_in
from tests.media_files import png
from tests.support import make_user


def test_upload_shows_progress_then_live_status(app, page: Page, tmp_path, console_errors: list[str]) -> None:
    make_user(app, "ed@example.com", "EDITOR")
    picture = tmp_path / "poster.png"
    picture.write_bytes(png(640, 360))
    notes = tmp_path / "notes.png"
    notes.write_text("not an image at all")
    sign_in(page, "ed@example.com")
    page.goto("/admin/media")
    expect(page.get_by_text("No media yet.")).to_be_visible()
    page.get_by_label("Tags for these files").fill("promo")
    page.locator("[data-file-input]").set_input_files([str(picture), str(notes)])

    rows = page.get_by_test_id("upload-row")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_have_attribute("data-state", "done")
    expect(rows.nth(0).locator("progress")).to_have_attribute("value", "100")
    # The thumbnail job finishes in the server and the badge turns DONE without a reload.
    expect(rows.nth(0).locator("[data-media-status]")).to_have_text("DONE", timeout=20_000)
    expect(rows.nth(1)).to_have_attribute("data-state", "failed")
    expect(rows.nth(1)).to_contain_text("Failed")
    expect(rows.nth(1)).to_contain_text("not")  # the server's reason, e.g. an unsupported file
    expect(rows.nth(1).locator("progress")).to_have_count(0)  # no full bar on a failure
    assert len(console_errors) == 1 and "415" in console_errors.pop()  # the refused upload

    # In the grid without a reload: the empty-library sentence gone, the card there, its
    # thumbnail fetched once the server has made it.
    expect(page.get_by_text("No media yet.")).to_have_count(0)
    card = page.get_by_test_id("media-card")
    expect(card).to_have_count(1)
    expect(card.get_by_test_id("media-name")).to_have_text("poster")
    expect(card.locator("[data-media-status]")).to_have_text("DONE")
    expect(card.locator("img")).to_be_visible(timeout=20_000)  # the thumbnail, served by the app
    assert card.locator("img").evaluate("img => img.naturalWidth") > 0
    # The same card after a reload, as the server draws it.
    page.reload()
    expect(page.get_by_test_id("media-card").get_by_test_id("media-name")).to_have_text("poster")


def test_tick_cards_and_tag_them_together(app, page: Page) -> None:
    make_user(app, "ed@example.com", "EDITOR")
    with app.app_context():
        db.session.add_all(
            [
                Media(name=name, type=MediaType.WEBPAGE, url=f"https://example.com/{name}")
                for name in ("a", "b", "c")
            ]
        )
        db.session.commit()
    sign_in(page, "ed@example.com")
    page.goto("/admin/media")
    bar = page.get_by_test_id("media-bulk")
    expect(bar.get_by_role("button", name="Add these tags")).to_be_disabled()
    page.get_by_label("Select a", exact=True).check()
    page.get_by_label("Select c", exact=True).check()
    expect(bar).to_contain_text("2 rows selected:")
    bar.get_by_label("Tags to add").fill("soldes")
    bar.get_by_role("button", name="Add these tags").click()
    expect(page.get_by_text("2 media tagged.")).to_be_visible()
    page.goto("/admin/media?tag=soldes")
    expect(page.get_by_test_id("media-name")).to_have_text(["c", "a"])
