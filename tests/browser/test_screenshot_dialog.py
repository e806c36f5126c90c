"""The console's screenshot dialog opens in the middle of the window, whatever its size."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.test_console import sign_in
from tests.support import make_screen, make_user


def test_the_screenshot_dialog_is_centred(app, page: Page) -> None:
    make_user(app, "ada@example.com", "ADMIN")
    screen_id = make_screen(app, "Window", "Shop")
    sign_in(page, "ada@example.com")
    page.goto("/admin/monitoring")
    page.locator(f"[data-command=SCREENSHOT][data-screen-id='{screen_id}']").click()
    dialog = page.locator("[data-screenshot-dialog]")
    expect(dialog).to_be_visible()
    for width, height in ((1280, 800), (900, 1000), (1920, 1080)):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_function(f"() => innerWidth === {width} && innerHeight === {height}")
        box = dialog.bounding_box()
        assert box is not None
        left, top = box["x"], box["y"]
        right, bottom = width - (box["x"] + box["width"]), height - (box["y"] + box["height"])
        assert left >= 0 and top >= 0 and right >= 0 and bottom >= 0, (width, height, box)
        assert abs(left - right) <= 2 and abs(top - bottom) <= 2, (width, height, box)
    page.locator("[data-screenshot-close]").click()
    expect(dialog).to_be_hidden()
