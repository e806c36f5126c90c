"""Uploading in Chromium: the progress bar per file, then the status turning DONE live."""

from __future__ import annotations

from playwright.sync_api import Page, expect

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
    page.get_by_label("Tags for these files").fill("promo")
    page.locator("[data-file-input]").set_input_files([str(picture), str(notes)])

    rows = page.get_by_test_id("upload-row")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_have_attribute("data-state", "done")
    expect(rows.nth(0).locator("progress")).to_have_attribute("value", "100")
    # The thumbnail job finishes in the server and the badge turns DONE without a reload.
    expect(rows.nth(0).locator("[data-media-status]")).to_have_text("DONE", timeout=20_000)
    expect(rows.nth(1)).to_have_attribute("data-state", "failed")
    expect(rows.nth(1)).to_contain_text("not")  # the server's reason, e.g. an unsupported file
    assert len(console_errors) == 1 and "415" in console_errors.pop()  # the refused upload

    page.get_by_role("link", name="Show the new files in the library").click()
    card = page.get_by_test_id("media-card")
    expect(card).to_have_count(1)
    expect(card.get_by_test_id("media-name")).to_have_text("poster")
    expect(card.locator("img")).to_be_visible()  # the thumbnail, served by the app
    assert card.locator("img").evaluate("img => img.naturalWidth") > 0
