"""The console in French for a French browser, back to English with ?lang=en (remembered on the
account), times on the site's clock, the browser's timezone from its own script, and the skip
link for keyboard users, in Debian's Chromium."""

from __future__ import annotations

from datetime import UTC, datetime

from playwright.sync_api import Page, expect

from signage.extensions import db
from signage.models import Screen, User
from tests.support import PASSWORD, make_screen, make_user

PARIS_BROWSER = {"locale": "fr-FR", "timezone_id": "Europe/Paris"}


def french_page(browser, live_url: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_url, viewport={"width": 1280, "height": 800}, **PARIS_BROWSER)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def sign_in_fr(page: Page, email: str, password: str = PASSWORD) -> None:
    page.goto("/admin/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()


def test_a_french_browser_gets_french_and_its_errors(app, browser, live_url: str, clean_db) -> None:  # type: ignore[no-untyped-def]
    make_user(app, "ada@example.com", "ADMIN", name="Ada")
    context, page = french_page(browser, live_url)
    try:
        page.goto("/admin/login")
        expect(page.locator("html")).to_have_attribute("lang", "fr")
        expect(page.get_by_role("heading", level=1)).to_have_text("Connexion à Signage")
        sign_in_fr(page, "ada@example.com", "pas-le-bon")
        expect(page.get_by_role("alert")).to_have_text("Adresse e-mail ou mot de passe incorrect.")
        sign_in_fr(page, "ada@example.com")
        expect(page).to_have_url("/admin/")
        nav = page.get_by_role("navigation", name="Rubriques")
        for section in ("Vue d'ensemble", "Surveillance", "Écrans", "Sites", "Médias", "Listes de lecture"):
            expect(nav.get_by_role("link", name=section, exact=True)).to_be_visible()
        expect(nav.get_by_role("link", name="Planification", exact=True)).to_be_visible()
        expect(page.get_by_role("heading", level=1)).to_have_text("Vue d'ensemble")
        # A console form's own validation, in French.
        page.get_by_test_id("profile-link").click()
        page.get_by_label("Mot de passe actuel").fill(PASSWORD)
        page.get_by_label("Nouveau mot de passe", exact=True).fill("un-nouveau-mot-de-passe")
        page.get_by_label("Nouveau mot de passe, à nouveau").fill("un-autre-mot-de-passe")
        page.get_by_role("button", name="Changer mon mot de passe").click()
        expect(page.get_by_text("Les deux nouveaux mots de passe sont différents.")).to_be_visible()
    finally:
        context.close()


def test_dates_in_french_on_the_sites_clock(app, browser, live_url: str, clean_db) -> None:  # type: ignore[no-untyped-def]
    make_user(app, "ada@example.com", "ADMIN")
    # The shop is in Montréal; its manager's browser is in Paris: the screen's times are Montréal's.
    screen_id = make_screen(app, "Vitrine", "Boutique Montréal", timezone="America/Montreal")
    with app.app_context():
        db.session.get(Screen, screen_id).last_seen = datetime(2027, 1, 15, 14, 5, tzinfo=UTC)
        db.session.commit()
    context, page = french_page(browser, live_url)
    try:
        sign_in_fr(page, "ada@example.com")
        page.goto(f"/admin/screens/{screen_id}")
        details = page.get_by_test_id("screen-details")
        expect(details).to_contain_text("Vu pour la dernière fois")
        expect(details).to_contain_text("15 janv. 2027, 09:05 EST")
        expect(page.get_by_text("Hors ligne", exact=True).first).to_be_visible()
        # Not tied to a site: the alert form's pickers are on the browser's clock, sent by its script.
        page.goto("/admin/alerts")
        expect(page.get_by_test_id("alert-start")).to_contain_text("pour tous les écrans, dans Europe/Paris.")
        expect(page.locator("#start_at")).to_have_attribute("type", "datetime-local")
    finally:
        context.close()


def test_lang_en_switches_back_and_is_remembered(app, browser, live_url: str, clean_db) -> None:  # type: ignore[no-untyped-def]
    make_user(app, "ada@example.com", "ADMIN")
    context, page = french_page(browser, live_url)
    try:
        sign_in_fr(page, "ada@example.com")
        page.goto("/admin/sites")
        expect(page.get_by_role("heading", level=1)).to_have_text("Sites")
        expect(page.get_by_role("button", name="Créer le site")).to_be_visible()
        page.get_by_test_id("language-switch").get_by_role("link", name="English").click()
        expect(page).to_have_url("/admin/sites?lang=en")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.get_by_role("button", name="Create site")).to_be_visible()
        page.goto("/admin/screens")  # no ?lang= any more: remembered
        expect(page.get_by_role("heading", level=1)).to_have_text("Screens")
    finally:
        context.close()
    with app.app_context():
        assert db.session.query(User).filter_by(email="ada@example.com").one().locale == "en"
    # On the account, not in this browser: a new French browser gets English once signed in.
    context, page = french_page(browser, live_url)
    try:
        sign_in_fr(page, "ada@example.com")
        expect(page.get_by_role("heading", level=1)).to_have_text("Overview")
        page.goto("/admin/?lang=fr")
        expect(page.get_by_role("heading", level=1)).to_have_text("Vue d'ensemble")
    finally:
        context.close()


def test_keyboard_users_skip_to_the_content(app, page: Page) -> None:
    make_user(app, "ada@example.com", "ADMIN")
    page.goto("/admin/login")
    page.get_by_label("E-mail").fill("ada@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url("/admin/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()  # visible once focused (sr-only otherwise)
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline == "solid"  # the focus ring
    page.keyboard.press("Enter")
    expect(page).to_have_url("/admin/#main")
    expect(page.locator("main#main")).to_be_focused()
