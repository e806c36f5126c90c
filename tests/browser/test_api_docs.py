"""/api/docs in Chromium: Swagger UI from our own assets renders every operation of
/api/openapi.json under the strict CSP (a violation would be a console error, which the
`page` fixture refuses), and "Try it out" reaches the API with an API token."""

from __future__ import annotations

from tests.support import make_user


def test_the_api_reference_renders_every_operation(page, app) -> None:  # type: ignore[no-untyped-def]
    spec = page.request.get("/api/openapi.json").json()
    operations = sum(len(item) for item in spec["paths"].values())
    page.goto("/api/docs")
    page.wait_for_selector(".opblock", timeout=60_000)
    assert page.locator(".opblock").count() == operations
    assert page.locator(".title").first.inner_text().startswith("Signage API")


def test_try_it_out_with_an_api_token(page, app) -> None:  # type: ignore[no-untyped-def]
    from signage.auth import api_tokens
    from signage.extensions import db
    from signage.models import User

    user_id = make_user(app, "docs@example.com", "VIEWER")
    with app.app_context():
        _, secret = api_tokens.create_token(db.session.get(User, user_id), "docs", None)
        db.session.commit()
    page.goto("/api/docs")
    page.wait_for_selector(".opblock", timeout=60_000)
    page.get_by_role("button", name="Authorize").first.click()
    form = page.locator("form").filter(has_text="apiToken (http, Bearer)")
    form.locator("input").fill(secret)
    form.locator("button.authorize").click()
    page.locator(".auth-container .btn-done").first.click()
    block = page.locator("#operations-sites-api_admin_sites_list")
    block.locator(".opblock-summary").click()
    block.get_by_role("button", name="Try it out").click()
    block.get_by_role("button", name="Execute").click()
    status = block.locator(".live-responses-table tr.response .response-col_status").first
    assert status.inner_text(timeout=30_000).strip() == "200"
