"""A screen activated in Chromium: the console's activation page, the kiosk's activation
link, the player's live connection, and revocation cutting it."""

from __future__ import annotations

import io
import json

import zxingcpp
from PIL import Image
from playwright.sync_api import Page, expect

from tests.browser.player_support import FAST
from tests.browser.test_console import sign_in
from tests.support import make_screen, make_user


def test_activate_by_link_then_revoke(app, page: Page, browser, live_url: str) -> None:
    make_user(app, "ada@example.com", "ADMIN")
    screen_id = make_screen(app, "Lobby screen")
    sign_in(page, "ada@example.com")

    page.goto(f"/admin/screens/{screen_id}/activate")
    expect(page.get_by_test_id("activation-panel")).to_have_attribute("data-state", "NOT_ACTIVATED")
    page.get_by_role("button", name="Create an activation link").click()
    expect(page.get_by_test_id("activation-panel")).to_have_attribute("data-state", "PENDING")
    expect(page.get_by_test_id("activation-qr").locator("svg")).to_be_visible()
    link = page.get_by_test_id("activation-url").inner_text()
    assert link.startswith(f"{live_url}/player/activate?token=")
    # Scan the QR code as rendered on screen: it must carry exactly the link.
    scanned = zxingcpp.read_barcodes(
        Image.open(io.BytesIO(page.get_by_test_id("activation-qr").screenshot()))
    )
    assert [code.text for code in scanned] == [link]

    kiosk_context = browser.new_context(viewport={"width": 1920, "height": 1080})
    # A revoked player learns it on its next reconnect, spread over up to 30 s by default.
    kiosk_context.add_init_script(f"localStorage.setItem('signage.tuning', {json.dumps(json.dumps(FAST))})")
    try:
        kiosk = kiosk_context.new_page()
        kiosk.goto(scanned[0].text)
        expect(kiosk).to_have_url(f"{live_url}/player/{screen_id}")
        stored = kiosk.evaluate(
            "() => [localStorage.getItem('signage.jwt'), localStorage.getItem('signage.screenId')]"
        )
        assert stored[0] and stored[0].count(".") == 2 and stored[1] == str(screen_id)
        expect(kiosk.locator("body")).to_have_attribute("data-connection", "connected")

        # The link worked once: opening it again is refused with a readable message.
        again = kiosk_context.new_page()
        again.goto(link)
        expect(again.locator("body")).to_have_attribute("data-state", "failed")
        expect(again.get_by_test_id("activation-message")).to_contain_text("unknown or was already used")
        again.close()

        # The screen's page shows the player activated, and revokes it.
        page.goto(f"/admin/screens/{screen_id}")
        expect(page.get_by_test_id("screen-identity")).to_have_attribute("data-state", "ACTIVATED")
        page.get_by_label("Yes, revoke this screen's token").check()
        page.get_by_role("button", name="Revoke").click()
        expect(page).to_have_url(f"/admin/screens/{screen_id}")
        expect(page.get_by_test_id("screen-identity")).to_have_attribute("data-state", "REVOKED")
        # The kiosk is cut off and, trying again, told why, in its site's language (French by
        # default, CONTRACT §14).
        expect(kiosk.locator("body")).to_have_attribute("data-connection", "unauthorized", timeout=15_000)
        expect(kiosk.locator("#notice")).to_contain_text("n'est plus autorisé")
    finally:
        kiosk_context.close()


def test_a_kiosk_without_a_token_is_paired_by_the_code_it_shows(
    app, page: Page, browser, live_url: str
) -> None:
    """CONTRACT §12 end to end: a fresh profile opens /player/{id} (no token), lands on the
    pairing page, shows a code; the admin types it in the console; the kiosk plays."""
    make_user(app, "ada@example.com", "ADMIN")
    screen_id = make_screen(app, "Vitrine")
    kiosk_context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="fr-FR")
    try:
        kiosk = kiosk_context.new_page()
        kiosk.goto(f"{live_url}/player/{screen_id}")
        expect(kiosk).to_have_url(f"{live_url}/player")
        expect(kiosk.locator("body")).to_have_attribute("data-state", "waiting")
        code = kiosk.get_by_test_id("pairing-code").inner_text()
        assert len(code) == 7 and code[3] == "-"
        expect(kiosk.get_by_test_id("pairing-message")).to_contain_text(
            "Appairer avec un code"
        )  # its language

        sign_in(page, "ada@example.com")
        page.goto(f"/admin/screens/{screen_id}/activate")
        page.get_by_label("Code shown on the screen").fill(code.lower())
        page.get_by_test_id("pair-submit").click()
        expect(page.locator("body")).to_contain_text("is paired")

        expect(kiosk).to_have_url(f"{live_url}/player/{screen_id}", timeout=10_000)
        expect(kiosk.locator("body")).to_have_attribute("data-connection", "connected")
        stored = kiosk.evaluate("() => localStorage.getItem('signage.screenId')")
        assert stored == str(screen_id)
    finally:
        kiosk_context.close()
