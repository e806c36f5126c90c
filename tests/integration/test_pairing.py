"""CONTRACT §12 over HTTP: codes, polling, claiming, expiry, rate limits, brute force, and the
previous JWT revoked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from signage.extensions import db
from signage.fleet import pairing_rules
from signage.models import Pairing
from tests.scheduling_support import player_jwt
from tests.support import api_login, make_screen, make_user


def _admin(app):  # type: ignore[no-untyped-def]
    make_user(app, "root@example.com", "ADMIN")
    client = app.test_client()
    return client, {"X-CSRFToken": api_login(client, "root@example.com")}


def _start(kiosk, address: str = "192.0.2.10"):  # type: ignore[no-untyped-def]
    return kiosk.post("/api/player/pairings", environ_base={"REMOTE_ADDR": address})


def _poll(kiosk, started: dict):  # type: ignore[no-untyped-def,type-arg]
    return kiosk.get(
        f"/api/player/pairings/{started['pairingId']}",
        headers={"Authorization": f"Bearer {started['pollToken']}"},
    )


def test_a_kiosk_is_paired_by_its_code_and_collects_its_token_once(app, clean_db) -> None:
    admin, csrf = _admin(app)
    screen_id = make_screen(app, "Vitrine")
    kiosk = app.test_client()
    response = _start(kiosk)
    assert response.status_code == 201
    started = response.get_json()
    assert set(started) == {"pairingId", "code", "pollToken", "expiresAt"}
    code = started["code"]
    assert len(code) == 7 and code[3] == "-"
    expires = datetime.fromisoformat(started["expiresAt"].replace("Z", "+00:00"))
    assert timedelta(minutes=14) < expires - datetime.now(UTC) <= timedelta(minutes=15)
    assert _poll(kiosk, started).status_code == 202
    assert _poll(kiosk, started).get_json() == {"status": "PENDING"}

    typed = " " + code.replace("-", "").lower() + " "  # case, spaces and the dash ignored
    claimed = admin.post(f"/api/admin/screens/{screen_id}/pair", json={"code": typed}, headers=csrf)
    assert claimed.status_code == 200, claimed.get_json()
    assert claimed.get_json()["id"] == str(screen_id)

    collected = _poll(kiosk, started)
    assert collected.status_code == 200
    body = collected.get_json()
    assert body["status"] == "PAIRED" and body["screenId"] == str(screen_id)
    schedule = kiosk.get(
        f"/api/player/{screen_id}/schedule", headers={"Authorization": f"Bearer {body['jwt']}"}
    )
    assert schedule.status_code == 200
    assert _poll(kiosk, started).status_code == 404  # once, then gone
    again = admin.post(f"/api/admin/screens/{screen_id}/pair", json={"code": code}, headers=csrf)
    assert again.status_code == 404  # a claimed code is spent


def test_pairing_revokes_the_screens_previous_jwt(app, clean_db) -> None:
    admin, csrf = _admin(app)
    screen_id = make_screen(app)
    old = player_jwt(app, screen_id)
    auth = {"Authorization": f"Bearer {old}"}
    assert app.test_client().get(f"/api/player/{screen_id}/schedule", headers=auth).status_code == 200
    started = _start(app.test_client()).get_json()
    admin.post(f"/api/admin/screens/{screen_id}/pair", json={"code": started["code"]}, headers=csrf)
    assert app.test_client().get(f"/api/player/{screen_id}/schedule", headers=auth).status_code == 401


def test_expired_codes_are_410_and_unknown_ones_404(app, clean_db) -> None:
    admin, csrf = _admin(app)
    screen_id = make_screen(app)
    kiosk = app.test_client()
    started = _start(kiosk).get_json()
    with app.app_context():
        db.session.execute(update(Pairing).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
        db.session.commit()
    expired = admin.post(f"/api/admin/screens/{screen_id}/pair", json={"code": started["code"]}, headers=csrf)
    assert expired.status_code == 410 and expired.get_json()["error"]["code"] == "code_expired"
    assert _poll(kiosk, started).status_code == 410
    unknown = admin.post(f"/api/admin/screens/{screen_id}/pair", json={"code": "ZZZ-999"}, headers=csrf)
    assert unknown.status_code == 404 and unknown.get_json()["error"]["code"] == "unknown_code"
    assert (
        admin.post(f"/api/admin/screens/{screen_id}/pair", json={"code": "nope"}, headers=csrf).status_code
        == 404
    )
    assert admin.post(f"/api/admin/screens/{screen_id}/pair", json={}, headers=csrf).status_code == 422


def test_a_wrong_poll_token_learns_nothing(app, clean_db) -> None:
    kiosk = app.test_client()
    started = _start(kiosk).get_json()
    wrong = kiosk.get(
        f"/api/player/pairings/{started['pairingId']}", headers={"Authorization": "Bearer guess"}
    )
    assert wrong.status_code == 404
    assert kiosk.get(f"/api/player/pairings/{started['pairingId']}").status_code == 401
    assert (
        kiosk.get("/api/player/pairings/" + "a" * 500, headers={"Authorization": "Bearer x"}).status_code
        == 404
    )


def test_guessing_codes_is_refused_after_ten_wrong_ones(app, clean_db) -> None:
    admin, csrf = _admin(app)
    screen_id = make_screen(app)
    started = _start(app.test_client()).get_json()
    for n in range(pairing_rules.WRONG_CODE_LIMIT):
        wrong = admin.post(
            f"/api/admin/screens/{screen_id}/pair", json={"code": f"ZZZ-{222 + n}"}, headers=csrf
        )
        assert wrong.status_code == 404
    refused = admin.post(f"/api/admin/screens/{screen_id}/pair", json={"code": started["code"]}, headers=csrf)
    assert refused.status_code == 429 and 0 < int(refused.headers["Retry-After"]) <= 600
    # Another admin is not braked by the first one's guesses.
    make_user(app, "other@example.com", "ADMIN")
    other = app.test_client()
    other_csrf = {"X-CSRFToken": api_login(other, "other@example.com")}
    claimed = other.post(
        f"/api/admin/screens/{screen_id}/pair", json={"code": started["code"]}, headers=other_csrf
    )
    assert claimed.status_code == 200


def test_codes_are_rate_limited_per_address(app, clean_db) -> None:
    kiosk = app.test_client()
    for _ in range(pairing_rules.CREATE_LIMIT):
        assert _start(kiosk, "198.51.100.1").status_code == 201
    refused = _start(kiosk, "198.51.100.1")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert _start(kiosk, "198.51.100.2").status_code == 201


def test_only_admins_pair(app, clean_db) -> None:
    make_user(app, "ed@example.com", "EDITOR")
    editor = app.test_client()
    csrf = {"X-CSRFToken": api_login(editor, "ed@example.com")}
    screen_id = make_screen(app)
    started = _start(app.test_client()).get_json()
    assert (
        editor.post(
            f"/api/admin/screens/{screen_id}/pair", json={"code": started["code"]}, headers=csrf
        ).status_code
        == 403
    )


def test_the_pairing_page_is_served_with_the_players_csp(app, clean_db) -> None:
    kiosk = app.test_client()
    for path in ("/player", "/player/"):
        page = kiosk.get(path, headers={"Accept-Language": "fr-FR"})
        assert page.status_code == 200, path
        html = page.get_data(as_text=True)
        assert "dist/player/pair.js" in html and "Appairer cet écran" in html
        assert "script-src 'self'" in page.headers["Content-Security-Policy"]


def test_the_kiosk_pages_speak_the_browsers_language(app, clean_db) -> None:
    kiosk = app.test_client()
    french = {"Accept-Language": "fr-FR,fr;q=0.9"}
    activate = kiosk.get("/player/activate", headers=french).get_data(as_text=True)
    assert '<html lang="fr">' in activate and "Activation de cet écran…" in activate
    assert (
        "Ouvrez sur cet écran le lien d&#39;activation" in activate
        or "Ouvrez sur cet écran le lien d'activation" in activate
    )
    # The player page's own notices are the player's (its catalogue, in the site's language
    # once a schedule names it): the page starts in the browser's.
    screen = kiosk.get("/player/1", headers=french).get_data(as_text=True)
    assert '<html lang="fr">' in screen
    assert '<html lang="en">' in kiosk.get("/player/activate").get_data(as_text=True)
