"""The console's activation page and revoke button."""

from __future__ import annotations

from signage.extensions import db
from signage.models import Screen
from tests.integration.test_admin_pages import csrf_from, sign_in
from tests.support import make_screen, make_user


def screen(app, screen_id: int) -> Screen:  # type: ignore[no-untyped-def]
    with app.app_context():
        row = db.session.get(Screen, screen_id)
        db.session.expunge(row)
        return row


def test_admin_creates_a_link_with_its_qr_code_then_revokes(app, client) -> None:
    make_user(app, "root@example.com", "ADMIN")
    screen_id = make_screen(app, "Hall")
    sign_in(client, "root@example.com")
    page = client.get(f"/admin/screens/{screen_id}/activate")
    assert page.status_code == 200 and 'data-state="NOT_ACTIVATED"' in page.get_data(as_text=True)
    token = csrf_from(page.get_data(as_text=True))

    created = client.post(f"/admin/screens/{screen_id}/activate", data={"csrf_token": token})
    assert created.status_code == 302
    html = client.get(f"/admin/screens/{screen_id}/activate").get_data(as_text=True)
    issued = screen(app, screen_id).activation_token
    assert issued and f"http://localhost/player/activate?token={issued}" in html
    assert "<svg" in html and 'aria-label="QR code of the activation link"' in html

    # Activated by a kiosk, then revoked: only with the box ticked.
    jwt = app.test_client().post("/api/player/activate", json={"token": issued}).get_json()["jwt"]
    assert jwt
    unticked = client.post(f"/admin/screens/{screen_id}/revoke", data={"csrf_token": token})
    assert unticked.status_code == 302 and not screen(app, screen_id).player_jwt_blacklisted
    ticked = client.post(f"/admin/screens/{screen_id}/revoke", data={"csrf_token": token, "confirm": "yes"})
    assert ticked.status_code == 302 and screen(app, screen_id).player_jwt_blacklisted
    assert 'data-state="REVOKED"' in client.get(f"/admin/screens/{screen_id}/activate").get_data(as_text=True)


def test_without_csrf_nothing_is_created(app, client) -> None:
    make_user(app, "root@example.com", "ADMIN")
    screen_id = make_screen(app)
    sign_in(client, "root@example.com")
    assert client.post(f"/admin/screens/{screen_id}/activate").status_code == 400
    assert screen(app, screen_id).activation_token is None


def test_other_roles_cannot_see_or_create_links(app, clean_db) -> None:
    screen_id = make_screen(app)
    for role in ("EDITOR", "VIEWER"):
        client = app.test_client()
        make_user(app, f"{role.lower()}@example.com", role)
        sign_in(client, f"{role.lower()}@example.com")
        assert client.get(f"/admin/screens/{screen_id}/activate").status_code == 403
        assert client.post(f"/admin/screens/{screen_id}/revoke", data={"confirm": "yes"}).status_code in (
            400,
            403,
        )
    assert screen(app, screen_id).activation_token is None
    assert not screen(app, screen_id).player_jwt_blacklisted


def test_the_screen_page_shows_the_identity_and_revokes(app, client) -> None:
    make_user(app, "root@example.com", "ADMIN")
    screen_id = make_screen(app, "Hall")
    sign_in(client, "root@example.com")
    html = client.get(f"/admin/screens/{screen_id}").get_data(as_text=True)
    assert 'data-testid="screen-identity" data-state="NOT_ACTIVATED"' in html
    assert 'data-testid="screen-revoke"' not in html  # nothing to revoke yet
    token = csrf_from(html)
    client.post(f"/admin/screens/{screen_id}/activate", data={"csrf_token": token})
    issued = screen(app, screen_id).activation_token
    app.test_client().post("/api/player/activate", json={"token": issued})
    html = client.get(f"/admin/screens/{screen_id}").get_data(as_text=True)
    assert 'data-state="ACTIVATED"' in html and 'data-testid="screen-revoke"' in html
    done = client.post(f"/admin/screens/{screen_id}/revoke", data={"csrf_token": token, "confirm": "yes"})
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/admin/screens/{screen_id}")
    assert 'data-state="REVOKED"' in client.get(f"/admin/screens/{screen_id}").get_data(as_text=True)


def test_viewers_see_the_state_but_no_buttons(app, client) -> None:
    make_user(app, "vi@example.com", "VIEWER")
    screen_id = make_screen(app)
    sign_in(client, "vi@example.com")
    html = client.get(f"/admin/screens/{screen_id}").get_data(as_text=True)
    assert 'data-testid="screen-identity"' in html
    assert "/activate" not in html and 'data-testid="screen-revoke"' not in html


def test_admin_pairs_a_kiosk_by_the_code_it_shows(app, client) -> None:
    make_user(app, "root@example.com", "ADMIN")
    screen_id = make_screen(app, "Hall")
    sign_in(client, "root@example.com")
    page = client.get(f"/admin/screens/{screen_id}/activate").get_data(as_text=True)
    assert 'data-testid="pair-panel"' in page
    token = csrf_from(page)
    kiosk = app.test_client()
    started = kiosk.post("/api/player/pairings").get_json()

    wrong = client.post(f"/admin/screens/{screen_id}/pair", data={"csrf_token": token, "code": "ZZZ-999"})
    assert wrong.status_code == 422
    assert "No screen shows this code" in wrong.get_data(as_text=True)
    french = client.post(
        f"/admin/screens/{screen_id}/pair?lang=fr", data={"csrf_token": token, "code": "ZZZ-998"}
    ).get_data(as_text=True)
    assert "Aucun écran n&#39;affiche ce code" in french or "Aucun écran n'affiche ce code" in french
    client.get("/admin/?lang=en")

    typed = started["code"].lower().replace("-", " ")
    paired = client.post(f"/admin/screens/{screen_id}/pair", data={"csrf_token": token, "code": typed})
    assert paired.status_code == 302
    assert "is paired" in client.get(paired.headers["Location"]).get_data(as_text=True)
    collected = kiosk.get(
        f"/api/player/pairings/{started['pairingId']}",
        headers={"Authorization": f"Bearer {started['pollToken']}"},
    )
    assert collected.status_code == 200 and collected.get_json()["screenId"] == str(screen_id)


def test_the_activation_link_has_a_copy_button(app, client) -> None:
    make_user(app, "root@example.com", "ADMIN")
    screen_id = make_screen(app, "Hall")
    sign_in(client, "root@example.com")
    token = csrf_from(client.get(f"/admin/screens/{screen_id}/activate").get_data(as_text=True))
    client.post(f"/admin/screens/{screen_id}/activate", data={"csrf_token": token})
    html = client.get(f"/admin/screens/{screen_id}/activate").get_data(as_text=True)
    issued = screen(app, screen_id).activation_token
    assert f'data-copy="http://localhost/player/activate?token={issued}"' in html
    assert "dist/console/copy.js" in html
