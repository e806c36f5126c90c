"""Signing in through the real login page and using the console in Chromium."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.support import PASSWORD, make_user


def sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    page.goto("/admin/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_admin_signs_in_and_sees_the_console(app, page: Page) -> None:
    make_user(app, "ada@example.com", "ADMIN", name="Ada Admin")
    page.goto("/admin/")
    expect(page).to_have_url("/admin/login?next=/admin/")  # sent to sign in first
    page.get_by_label("E-mail").fill("ada@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url("/admin/")
    expect(page.get_by_test_id("current-user")).to_contain_text("Ada Admin")
    expect(page.get_by_test_id("current-role")).to_have_text("ADMIN")
    expect(page.locator("[data-nav]")).to_have_count(13)  # every section, Users and the audit log included
    expect(page.locator("[data-nav=users]")).to_be_visible()
    # The stylesheet built by the npm step is served and applied (the sidebar is dark).
    sidebar_bg = page.locator("aside").first.evaluate("el => getComputedStyle(el).backgroundColor")
    assert sidebar_bg not in ("rgba(0, 0, 0, 0)", "transparent")


def test_a_viewer_sees_only_what_it_may_open(app, page: Page, console_errors: list[str]) -> None:
    make_user(app, "vic@example.com", "VIEWER", name="Vic Viewer")
    sign_in(page, "vic@example.com")
    expect(page.get_by_test_id("current-role")).to_have_text("VIEWER")
    expect(page.locator("[data-nav=users]")).to_have_count(0)
    response = page.goto("/admin/users")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_contain_text("does not allow")
    assert len(console_errors) == 1 and "403" in console_errors.pop()


def test_a_wrong_password_is_refused_and_keeps_the_email(app, page: Page, console_errors: list[str]) -> None:
    make_user(app, "ada@example.com", "ADMIN")
    sign_in(page, "ada@example.com", "not-the-password")
    expect(page.get_by_role("alert")).to_have_text("Wrong email or password.")
    assert len(console_errors) == 1 and "401" in console_errors.pop()  # the page is a 401
    expect(page.get_by_label("E-mail")).to_have_value("ada@example.com")
    expect(page.get_by_label("Password")).to_have_value("")
    expect(page.get_by_test_id("current-user")).to_have_count(0)


def test_sign_out_ends_the_session(app, page: Page) -> None:
    make_user(app, "ada@example.com", "ADMIN")
    sign_in(page, "ada@example.com")
    expect(page.get_by_test_id("current-role")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url("/admin/login")
    page.goto("/admin/")
    expect(page).to_have_url("/admin/login?next=/admin/")


def test_admin_creates_a_user_who_can_then_sign_in(app, page: Page, browser) -> None:  # type: ignore[no-untyped-def]
    make_user(app, "ada@example.com", "ADMIN")
    sign_in(page, "ada@example.com")
    page.locator("[data-nav=users]").click()
    page.get_by_label("E-mail").fill("new.editor@example.com")
    page.get_by_label("Name").fill("New Editor")
    page.get_by_label("Role").select_option("EDITOR")
    page.get_by_label("Password").fill("a-long-enough-password")
    page.get_by_role("button", name="Create user").click()
    row = page.get_by_test_id("users-table").get_by_role("row", name="new.editor@example.com")
    expect(row).to_contain_text("EDITOR")

    other = browser.new_context(base_url=page.url.split("/admin")[0])
    try:
        second = other.new_page()
        sign_in(second, "new.editor@example.com", "a-long-enough-password")
        expect(second.get_by_test_id("current-role")).to_have_text("EDITOR")
    finally:
        other.close()
