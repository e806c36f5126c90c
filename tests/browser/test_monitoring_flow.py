"""An admin watches a real player (Chromium) live: ONLINE, dropped, back; takes a screenshot
and sees it; sends an emergency alert to the screen's group and it shows on the screen."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from signage.extensions import db
from signage.models import Screen, ScreenGroup
from tests.browser.player_support import open_kiosk
from tests.browser.test_console import sign_in
from tests.realtime_support import Console
from tests.support import make_screen, make_user


def test_live_status_screenshot_and_group_alert(app, page: Page, browser, live_url: str) -> None:
    make_user(app, "ada@example.com", "ADMIN")
    screen_id = make_screen(app, "Lobby screen", "HQ")
    with app.app_context():
        screen = db.session.get(Screen, screen_id)
        group = ScreenGroup(name="Lobby", site_id=screen.site_id)
        db.session.add(group)
        db.session.flush()
        screen.group_id = group.id
        group_id = group.id
        db.session.commit()
    console = Console(live_url, "ada@example.com")
    jwt = console.activate_screen(screen_id)
    console.http.close()

    sign_in(page, "ada@example.com")
    page.goto("/admin/monitoring")
    status = page.locator(f"[data-screen-row='{screen_id}'] [data-field=status] [data-status]")
    expect(status).to_have_text("Never connected yet")  # grey, not a red OFFLINE (issue 13)

    kiosk_context, kiosk = open_kiosk(browser, live_url, screen_id, jwt)
    try:
        expect(status).to_have_text("ONLINE", timeout=15_000)  # live, no reload
        kiosk_context.close()
        expect(status).to_have_text("WARNING", timeout=15_000)  # the socket dropped
        kiosk_context, kiosk = open_kiosk(browser, live_url, screen_id, jwt)
        expect(status).to_have_text("ONLINE", timeout=15_000)

        page.locator(f"[data-command=SCREENSHOT][data-screen-id='{screen_id}']").click()
        image = page.locator("[data-screenshot-image]")
        expect(image).to_be_visible(timeout=20_000)
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())

        page.goto("/admin/alerts")
        form = page.get_by_test_id("emergency-form")
        form.get_by_label("Title").fill("Evacuate")
        form.get_by_label("Message").fill("Leave by the north stairs")
        form.get_by_label("Show on").select_option(f"GROUP:{group_id}")
        form.get_by_role("button", name="Send emergency alert now").click()
        shown = kiosk.locator(".alert.fullscreen")
        expect(shown).to_contain_text("Evacuate", timeout=15_000)
        expect(shown).to_contain_text("Leave by the north stairs")
        # The player confirmed it: the alert's page says so live, screen by screen.
        expect(page.get_by_test_id("delivery-summary")).to_contain_text("1 confirmed")
        expect(page.locator("[data-delivery-status]")).to_have_text("DELIVERED")
    finally:
        kiosk_context.close()
