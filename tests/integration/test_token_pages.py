"""The console's API-token page: the secret shown once, listed without it, revoked."""

from __future__ import annotations

import re

from tests.integration.test_admin_pages import csrf_from, sign_in
from tests.support import make_user


def test_a_token_made_in_the_console_works_once_shown_and_dies_when_revoked(app, client) -> None:
    make_user(app, "ed@example.com", "EDITOR")
    sign_in(client, "ed@example.com")
    page = client.get("/admin/profile/tokens")
    assert page.status_code == 200 and "No token yet." in page.get_data(as_text=True)
    token = csrf_from(page.get_data(as_text=True))

    refused = client.post("/admin/profile/tokens", data={"csrf_token": token, "name": "", "lifetime": "90"})
    assert refused.status_code == 422
    created = client.post(
        "/admin/profile/tokens", data={"csrf_token": token, "name": "Nightly", "lifetime": "30"}
    )
    assert created.status_code == 201
    html = created.get_data(as_text=True)
    shown = html.split('data-testid="token-secret"')[1].split("</section>")[0]
    [secret] = set(re.findall(r"sgn_[A-Za-z0-9_-]{40,}", shown))
    script = app.test_client()
    assert (
        script.get("/api/admin/playlists", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    )

    listed = client.get("/admin/profile/tokens").get_data(as_text=True)
    assert "Nightly" in listed and secret not in listed and secret[:8] in listed
    [action] = re.findall(r'action="(/admin/profile/tokens/\d+/revoke)"', listed)
    revoked = client.post(action, data={"csrf_token": token})
    assert revoked.status_code == 302
    assert (
        script.get("/api/admin/playlists", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    )
    assert client.post(action, data={"csrf_token": token}).status_code == 404


def test_the_page_speaks_french(app, client) -> None:
    make_user(app, "ed@example.com", "EDITOR")
    sign_in(client, "ed@example.com")
    assert "Jetons d'API</h1>" in client.get("/admin/profile/tokens?lang=fr").get_data(as_text=True)
