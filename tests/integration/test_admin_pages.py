"""Console pages: the login form, the shell's navigation, user management forms."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from signage.extensions import db
from signage.models import Role, User
from tests.support import PASSWORD, make_user


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, "no CSRF token in the page"
    return match.group(1)


def sign_in(client, email: str, password: str = PASSWORD, next_url: str = ""):
    page = client.get("/admin/login")
    token = csrf_from(page.get_data(as_text=True))
    return client.post(
        "/admin/login", data={"email": email, "password": password, "next": next_url, "csrf_token": token}
    )


def test_login_page_renders_with_its_assets(client) -> None:
    page = client.get("/admin/login")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Sign in to Signage" in html
    assert "/static/dist/console.css" in html
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert client.get("/static/dist/console.css").status_code == 200


def test_form_without_csrf_token_is_refused(app, client) -> None:
    make_user(app, "ada@example.com")
    response = client.post("/admin/login", data={"email": "ada@example.com", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/admin/").status_code == 302


def test_wrong_password_shows_one_message(app, client) -> None:
    make_user(app, "ada@example.com")
    response = sign_in(client, "ada@example.com", "wrong-password")
    assert response.status_code == 401
    assert "Wrong email or password." in response.get_data(as_text=True)


def test_sign_in_follows_next_only_on_this_site(app, client) -> None:
    make_user(app, "ada@example.com")
    anonymous = client.get("/admin/users")
    assert anonymous.headers["Location"] == "/admin/login?next=/admin/users"
    response = sign_in(client, "ada@example.com", next_url="/admin/users")
    assert response.status_code == 302 and response.headers["Location"] == "/admin/users"
    other = app.test_client()
    response = sign_in(other, "ada@example.com", next_url="//evil.example/phish")
    assert response.headers["Location"] == "/admin/"


def test_locked_account_page_says_so(app, client) -> None:
    make_user(app, "ada@example.com")
    for _ in range(5):
        sign_in(client, "ada@example.com", "wrong-password")
    response = sign_in(client, "ada@example.com")
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.get_data(as_text=True)


def test_navigation_shows_only_what_the_role_may_open(app, client) -> None:
    make_user(app, "viewer@example.com", "VIEWER", name="Vera Viewer")
    sign_in(client, "viewer@example.com")
    html = client.get("/admin/").get_data(as_text=True)
    assert 'data-nav="overview"' in html and 'data-nav="users"' not in html
    assert "Vera Viewer" in html and ">VIEWER<" in html
    assert client.get("/admin/users").status_code == 403
    admin = app.test_client()
    make_user(app, "root@example.com", "ADMIN")
    sign_in(admin, "root@example.com")
    assert 'data-nav="users"' in admin.get("/admin/").get_data(as_text=True)


def test_overview_counts_come_from_the_database(app, client) -> None:
    make_user(app, "root@example.com")
    from signage.cli import seed_demo

    with app.app_context():
        seed_demo()
    sign_in(client, "root@example.com")
    html = client.get("/admin/").get_data(as_text=True)
    screens = re.search(
        r'href="/admin/screens"[^>]*>\s*<span[^>]*>Screens</span>\s*<span[^>]*>(\d+)</span>', html
    )
    assert screens and screens.group(1) == "1"


def test_admin_manages_users_through_the_forms(app, client) -> None:
    make_user(app, "root@example.com")
    sign_in(client, "root@example.com")
    page = client.get("/admin/users")
    token = csrf_from(page.get_data(as_text=True))
    bad = client.post(
        "/admin/users",
        data={"email": "nope", "name": "", "role": "EDITOR", "password": PASSWORD, "csrf_token": token},
    )
    assert bad.status_code == 422 and "Not a valid e-mail address." in bad.get_data(as_text=True)
    created = client.post(
        "/admin/users",
        data={
            "email": "ed@example.com",
            "name": "Ed",
            "role": "EDITOR",
            "password": PASSWORD,
            "csrf_token": token,
        },
    )
    assert created.status_code == 302
    with app.app_context():
        ed = db.session.scalar(select(User).where(User.email == "ed@example.com"))
        ed_id, root_id = ed.id, db.session.scalar(select(User.id).where(User.email == "root@example.com"))
    assert "ed@example.com" in client.get("/admin/users").get_data(as_text=True)
    edit = client.post(
        f"/admin/users/{ed_id}",
        data={"email": "ed@example.com", "name": "Eddie", "role": "VIEWER", "csrf_token": token},
    )
    assert edit.status_code == 302
    demote_self = client.post(
        f"/admin/users/{root_id}",
        data={"email": "root@example.com", "name": "", "role": "VIEWER", "csrf_token": token},
    )
    assert demote_self.status_code == 409
    assert "last ADMIN" in demote_self.get_data(as_text=True)
    reset = client.post(f"/admin/users/{ed_id}/password", data={"password": "short", "csrf_token": token})
    assert reset.status_code == 422
    reset = client.post(
        f"/admin/users/{ed_id}/password", data={"password": "a-new-long-one", "csrf_token": token}
    )
    assert reset.status_code == 302
    deleted = client.post(f"/admin/users/{ed_id}/delete", data={"csrf_token": token, "confirm": "on"})
    assert deleted.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1
        assert db.session.scalar(select(User.role)) == Role.ADMIN
    refused = client.post(f"/admin/users/{root_id}/delete", data={"csrf_token": token}, follow_redirects=True)
    assert "cannot delete your own account" in refused.get_data(as_text=True)


def test_logout_needs_post_with_csrf(app, client) -> None:
    make_user(app, "ada@example.com")
    sign_in(client, "ada@example.com")
    assert client.get("/admin/logout").status_code == 405
    html = client.get("/admin/").get_data(as_text=True)
    assert client.post("/admin/logout", data={}).status_code == 400
    response = client.post("/admin/logout", data={"csrf_token": csrf_from(html)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 302


def test_overview_cards_link_to_their_lists_and_the_checklist_ticks_itself(app, client) -> None:
    from signage.models import (
        Playlist,
        PlaylistItem,
        Schedule,
        ScheduleTarget,
        Screen,
        Template,
    )
    from tests.content_support import make_media
    from tests.support import make_screen

    make_user(app, "root@example.com")
    sign_in(client, "root@example.com")

    def steps() -> dict[str, bool]:
        html = client.get("/admin/").get_data(as_text=True)
        if 'data-testid="getting-started"' not in html:
            return {}
        return {key: done == "true" for key, done in re.findall(r'data-step="(\w+)" data-done="(\w+)"', html)}

    assert steps() == dict.fromkeys(("site", "screen", "pair", "media", "playlist", "schedule"), False)
    screen_id = make_screen(app, "Hall", "Shop")  # a site and its screen
    assert steps() == {
        "site": True,
        "screen": True,
        "pair": False,
        "media": False,
        "playlist": False,
        "schedule": False,
    }
    with app.app_context():
        db.session.get(Screen, screen_id).player_jwt_hash = "0" * 64  # activated
        db.session.commit()
    media_id = make_media(app, "Logo")
    with app.app_context():
        playlist = Playlist(name="Main", template=Template(name="Full", zones=[{"id": "main"}]))
        db.session.add(playlist)
        db.session.commit()
        playlist_id = playlist.id
    assert steps()["pair"] and steps()["media"] and not steps()["playlist"]  # an empty playlist is no step
    with app.app_context():
        db.session.add(PlaylistItem(playlist_id=playlist_id, media_id=media_id, zone_id="main", order=0))
        db.session.add(
            Schedule(
                name="All day",
                target_type=ScheduleTarget.SCREEN,
                target_id=screen_id,
                playlist_id=playlist_id,
            )
        )
        db.session.commit()
    assert steps() == {}  # all done: the checklist goes away

    html = client.get("/admin/").get_data(as_text=True)
    for testid, url in (
        ("offline", "/admin/screens?status=OFFLINE"),
        ("online", "/admin/screens?status=ONLINE"),
        ("sites", "/admin/sites"),
        ("playlists", "/admin/playlists"),
        ("alerts", "/admin/alerts"),
    ):
        assert re.search(rf'href="{re.escape(url)}"[^>]*data-testid="card-{testid}"', html), testid
    offline = client.get("/admin/screens?status=OFFLINE").get_data(as_text=True)
    assert "Hall" in offline
