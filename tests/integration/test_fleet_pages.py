"""Console pages for sites, groups and screens: rendering per role, forms, errors, deletes."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import func, select

from signage.extensions import db
from signage.models import Screen, ScreenGroup, ScreenStatus, Site
from tests.integration.test_admin_pages import csrf_from, sign_in
from tests.support import make_user

WRITE_FORMS = {
    "/admin/sites": ["site-create"],
    "/admin/sites/{hq}": ["site-edit", "group-create", "site-delete"],
    "/admin/groups/{lobby}": ["group-edit", "group-delete"],
    "/admin/screens": ["screen-create"],
    "/admin/screens/{entrance}": ["screen-edit", "screen-delete"],
}


def seed(app) -> dict[str, int]:
    """HQ (group Lobby, screens Entrance in Lobby and Bar) and Annex (group Hall)."""
    with app.app_context():
        hq = Site(name="HQ", city="Paris", timezone="Europe/Paris")
        annex = Site(name="Annex", timezone="America/New_York")
        lobby = ScreenGroup(name="Lobby", site=hq)
        hall = ScreenGroup(name="Hall", site=annex)
        entrance = Screen(
            name="Entrance", site=hq, group=lobby, status=ScreenStatus.ONLINE, resolution="1920x1080"
        )
        bar = Screen(name="Bar", site=hq, player_version="2.1.0")
        db.session.add_all([hq, annex, lobby, hall, entrance, bar])
        db.session.commit()
        return {
            "hq": hq.id,
            "annex": annex.id,
            "lobby": lobby.id,
            "hall": hall.id,
            "entrance": entrance.id,
            "bar": bar.id,
        }


def fleet_counts(app) -> tuple[int, int, int]:
    with app.app_context():
        return tuple(  # type: ignore[return-value]
            db.session.scalar(select(func.count()).select_from(model))
            for model in (Site, ScreenGroup, Screen)
        )


def signed_in(app, client, role: str = "ADMIN") -> str:
    """Sign in a user of `role`; returns a CSRF token for the forms."""
    make_user(app, f"{role.lower()}@example.com", role)
    sign_in(client, f"{role.lower()}@example.com")
    return csrf_from(client.get("/admin/").get_data(as_text=True))


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


def field_errors(html: str) -> list[str]:
    return [unescape(m) for m in re.findall(r'<p class="mt-1 text-xs text-red-700">([^<]+)</p>', html)]


@pytest.mark.parametrize("role", ["ADMIN", "EDITOR", "VIEWER"])
def test_pages_render_for_every_role_with_forms_only_for_admins(app, client, role: str) -> None:
    ids = seed(app)
    signed_in(app, client, role)
    for template, forms in WRITE_FORMS.items():
        url = template.format(**ids)
        response = client.get(url)
        html = text(response)
        assert response.status_code == 200, url
        for form in forms:
            assert (f'data-testid="{form}"' in html) == (role == "ADMIN"), (role, url, form)
    sites = text(client.get("/admin/sites"))
    assert "HQ" in sites and "Annex" in sites
    nav = re.findall(r'data-nav="(\w+)"', sites)
    everyone = [
        "overview", "monitoring", "screens", "sites", "media", "datasources", "templates", "playlists",
        "schedules", "alerts", "reports",
    ]  # fmt: skip
    assert nav == (everyone + ["users", "audit"] if role == "ADMIN" else everyone)
    assert re.search(r'data-nav="sites"\s+class="[^"]*bg-slate-700', sites)
    assert re.search(r'data-nav="screens"\s+class="[^"]*bg-slate-700', text(client.get("/admin/screens")))
    assert re.search(
        r'data-nav="sites"\s+class="[^"]*bg-slate-700', text(client.get(f"/admin/groups/{ids['lobby']}"))
    )


@pytest.mark.parametrize("role", ["EDITOR", "VIEWER"])
def test_read_only_roles_cannot_post_the_forms(app, client, role: str) -> None:
    ids = seed(app)
    token = signed_in(app, client, role)
    posts = [
        ("/admin/sites", {"name": "Mine", "timezone": "UTC"}),
        (f"/admin/sites/{ids['hq']}", {"name": "Mine", "timezone": "UTC"}),
        (f"/admin/sites/{ids['annex']}/delete", {"confirm": "y"}),
        (f"/admin/sites/{ids['hq']}/groups", {"name": "Mine"}),
        (f"/admin/groups/{ids['lobby']}", {"name": "Mine", "site_id": str(ids["hq"])}),
        (f"/admin/groups/{ids['hall']}/delete", {"confirm": "y"}),
        ("/admin/screens", {"name": "Mine", "site_id": str(ids["hq"]), "orientation": "LANDSCAPE"}),
        (
            f"/admin/screens/{ids['bar']}",
            {"name": "Mine", "site_id": str(ids["hq"]), "orientation": "LANDSCAPE"},
        ),
        (f"/admin/screens/{ids['bar']}/delete", {"confirm": "y"}),
    ]
    for url, data in posts:
        assert client.post(url, data={**data, "csrf_token": token}).status_code == 403, url
    assert fleet_counts(app) == (2, 2, 2)
    with app.app_context():
        assert sorted(db.session.scalars(select(Screen.name))) == ["Bar", "Entrance"]
        assert db.session.get(Site, ids["hq"]).name == "HQ"


def test_forms_without_csrf_token_are_refused(app, client) -> None:
    ids = seed(app)
    signed_in(app, client)
    assert client.post("/admin/sites", data={"name": "X", "timezone": "UTC"}).status_code == 400
    assert client.post(f"/admin/screens/{ids['bar']}/delete", data={"confirm": "y"}).status_code == 400
    assert fleet_counts(app) == (2, 2, 2)


def test_site_form_offers_iana_timezones_and_shows_field_errors(app, client) -> None:
    signed_in(app, client)
    page = text(client.get("/admin/sites"))
    options = re.findall(
        r'<option(?: selected)? value="([^"]+)"', page.split('id="timezone"')[1].split("</select>")[0]
    )
    assert options == sorted(options) and "Europe/Paris" in options and len(options) > 300
    assert re.search(r'<option selected value="Europe/Paris">', page)
    token = csrf_from(page)
    bad = client.post(
        "/admin/sites",
        data={
            "csrf_token": token,
            "name": "  ",
            "timezone": "Europe/Paris",
            "contact_email": "nope",
            "city": "c" * 121,
        },
    )
    assert bad.status_code == 422
    errors = field_errors(text(bad))
    assert "This field cannot be empty." in errors and "Not a valid e-mail address." in errors
    assert "At most 120 characters." in errors
    forged = client.post("/admin/sites", data={"csrf_token": token, "name": "X", "timezone": "Mars/Base"})
    assert forged.status_code == 422 and field_errors(text(forged))
    assert fleet_counts(app) == (0, 0, 0)
    created = client.post(
        "/admin/sites", data={"csrf_token": token, "name": " Depot ", "timezone": "Asia/Tokyo"}
    )
    assert created.status_code == 302
    with app.app_context():
        site = db.session.scalar(select(Site))
        assert site.name == "Depot" and site.timezone == "Asia/Tokyo"
    assert created.headers["Location"] == f"/admin/sites/{site.id}"


def test_site_list_search(app, client) -> None:
    seed(app)
    signed_in(app, client)
    html = text(client.get("/admin/sites?q=ann"))
    assert ">Annex</a>" in html and ">HQ</a>" not in html
    assert 'value="ann"' in html
    assert "No site matches this search." in text(client.get("/admin/sites?q=zzz"))
    counts = text(client.get("/admin/sites?q=hq"))
    assert re.search(r'data-testid="group-count">1<', counts) and re.search(
        r'data-testid="screen-count">2<', counts
    )


def test_site_edit_and_its_groups(app, client) -> None:
    ids = seed(app)
    token = signed_in(app, client)
    page = text(client.get(f"/admin/sites/{ids['hq']}"))
    assert "Lobby" in page and "Entrance" in page and "Bar" in page and "Hall" not in page
    edit = client.post(
        f"/admin/sites/{ids['hq']}",
        data={"csrf_token": token, "name": "Head office", "timezone": "Nowhere", "city": "Paris"},
    )
    assert edit.status_code == 422
    with app.app_context():
        assert db.session.get(Site, ids["hq"]).name == "HQ"
    edit = client.post(
        f"/admin/sites/{ids['hq']}",
        data={"csrf_token": token, "name": "Head office", "timezone": "Europe/Berlin"},
    )
    assert edit.status_code == 302
    blank = client.post(f"/admin/sites/{ids['hq']}/groups", data={"csrf_token": token, "name": " "})
    assert blank.status_code == 422 and "This field cannot be empty." in field_errors(text(blank))
    group = client.post(
        f"/admin/sites/{ids['hq']}/groups",
        data={"csrf_token": token, "name": "Cafeteria", "description": "1st"},
    )
    assert group.status_code == 302
    with app.app_context():
        site = db.session.get(Site, ids["hq"])
        assert site.name == "Head office" and site.timezone == "Europe/Berlin"
        assert sorted(g.name for g in site.groups) == ["Cafeteria", "Lobby"]


def test_site_delete_needs_confirmation_and_no_screens(app, client) -> None:
    ids = seed(app)
    token = signed_in(app, client)
    unconfirmed = client.post(f"/admin/sites/{ids['hq']}/delete", data={"csrf_token": token})
    assert unconfirmed.status_code == 422 and "Tick the box to confirm." in text(unconfirmed)
    blocked = client.post(f"/admin/sites/{ids['hq']}/delete", data={"csrf_token": token, "confirm": "y"})
    html = text(blocked)
    assert blocked.status_code == 409 and 'data-testid="delete-blocked"' in html
    assert "It still has 2 screens" in html
    assert f'href="/admin/screens/{ids["entrance"]}">Entrance</a>' in html
    assert f'href="/admin/screens/{ids["bar"]}">Bar</a>' in html
    assert fleet_counts(app) == (2, 2, 2)
    deleted = client.post(f"/admin/sites/{ids['annex']}/delete", data={"csrf_token": token, "confirm": "y"})
    assert deleted.status_code == 302 and deleted.headers["Location"] == "/admin/sites"
    assert fleet_counts(app) == (1, 1, 2)  # Annex and its group Hall are gone
    assert client.get(f"/admin/sites/{ids['annex']}").status_code == 404


def test_group_page_edit_move_and_delete(app, client) -> None:
    ids = seed(app)
    token = signed_in(app, client)
    page = text(client.get(f"/admin/groups/{ids['lobby']}"))
    assert "Entrance" in page and "Bar" not in page
    move = client.post(
        f"/admin/groups/{ids['lobby']}",
        data={"csrf_token": token, "name": "Lobby", "description": "", "site_id": str(ids["annex"])},
    )
    assert move.status_code == 409 and "move them out of the group" in text(move)
    rename = client.post(
        f"/admin/groups/{ids['lobby']}",
        data={"csrf_token": token, "name": "Main lobby", "description": "Ground", "site_id": str(ids["hq"])},
    )
    assert rename.status_code == 302
    assert client.post(f"/admin/groups/{ids['lobby']}/delete", data={"csrf_token": token}).status_code == 422
    deleted = client.post(f"/admin/groups/{ids['lobby']}/delete", data={"csrf_token": token, "confirm": "y"})
    assert deleted.status_code == 302 and deleted.headers["Location"] == f"/admin/sites/{ids['hq']}"
    with app.app_context():
        entrance = db.session.get(Screen, ids["entrance"])
        assert entrance.group_id is None and entrance.site_id == ids["hq"]
    assert client.get("/admin/groups/999999").status_code == 404


def test_screen_list_columns_and_filters(app, client) -> None:
    ids = seed(app)
    signed_in(app, client)
    html = text(client.get("/admin/screens"))
    for column in ("Name", "Status", "Last seen", "Site", "Group", "Resolution", "Player"):
        assert f'<th class="px-4 py-2">{column}</th>' in html
    assert 'data-status="ONLINE"' in html and "1920x1080" in html and "2.1.0" in html
    assert "Lobby — HQ" in html and "Hall — Annex" in html  # group options name their site

    def names(query: str) -> list[str]:
        body = text(client.get(f"/admin/screens{query}")).split('data-testid="screens-table"')[1]
        return re.findall(r'href="/admin/screens/\d+">([^<]+)</a>', body)

    assert names("") == ["Bar", "Entrance"]
    assert names("?status=ONLINE") == ["Entrance"]
    assert names(f"?group={ids['lobby']}") == ["Entrance"]
    assert names(f"?site={ids['annex']}") == []
    assert names("?q=BA") == ["Bar"]
    assert names("?site=abc&status=BOGUS") == []  # a site filter naming nothing matches nothing
    assert names("?status=BOGUS") == ["Bar", "Entrance"]  # an unknown status is no filter
    assert "No screen matches these filters." in text(client.get("/admin/screens?q=zzz"))


def test_screen_list_pages_keep_the_filters(app, client) -> None:
    ids = seed(app)
    signed_in(app, client)
    with app.app_context():
        db.session.add_all(Screen(name=f"Extra {i:03d}", site_id=ids["annex"]) for i in range(101))
        db.session.commit()
    first = text(client.get(f"/admin/screens?site={ids['annex']}"))
    assert "1–100 of 101 screens" in first
    next_url = re.search(r'href="([^"]+)" rel="next"', first).group(1)
    assert f"site={ids['annex']}" in next_url and "page=2" in next_url
    second = text(client.get(next_url))
    assert "101–101 of 101 screens" in second and "Extra 100" in second and 'rel="prev"' in second


def test_screen_create_rejects_a_group_of_another_site(app, client) -> None:
    ids = seed(app)
    token = signed_in(app, client)
    data = {"csrf_token": token, "name": "Window", "site_id": str(ids["hq"]), "orientation": "PORTRAIT"}
    wrong = client.post("/admin/screens", data={**data, "group_id": str(ids["hall"])})
    assert wrong.status_code == 422
    assert any("belongs to another site (Annex)" in e for e in field_errors(text(wrong)))
    blank = client.post("/admin/screens", data={**data, "name": "", "group_id": ""})
    assert blank.status_code == 422 and "This field cannot be empty." in field_errors(text(blank))
    assert fleet_counts(app) == (2, 2, 2)
    created = client.post("/admin/screens", data={**data, "group_id": str(ids["lobby"])})
    assert created.status_code == 302
    with app.app_context():
        screen = db.session.scalar(select(Screen).where(Screen.name == "Window"))
        assert screen.group_id == ids["lobby"] and screen.orientation.value == "PORTRAIT"
    assert created.headers["Location"] == f"/admin/screens/{screen.id}"


def test_screen_page_edit_and_delete(app, client) -> None:
    ids = seed(app)
    token = signed_in(app, client)
    page = text(client.get(f"/admin/screens/{ids['entrance']}"))
    assert "Entrance" in page and "1920x1080" in page and 'data-status="ONLINE"' in page
    url = f"/admin/screens/{ids['entrance']}"
    keep_group = client.post(
        url,
        data={
            "csrf_token": token,
            "name": "Entrance",
            "site_id": str(ids["annex"]),
            "group_id": str(ids["lobby"]),
            "orientation": "LANDSCAPE",
        },
    )
    assert keep_group.status_code == 422 and any("another site" in e for e in field_errors(text(keep_group)))
    moved = client.post(
        url,
        data={
            "csrf_token": token,
            "name": "Front door",
            "site_id": str(ids["annex"]),
            "group_id": str(ids["hall"]),
            "orientation": "PORTRAIT",
        },
    )
    assert moved.status_code == 302
    with app.app_context():
        screen = db.session.get(Screen, ids["entrance"])
        assert (screen.name, screen.site_id, screen.group_id) == ("Front door", ids["annex"], ids["hall"])
    assert client.post(f"{url}/delete", data={"csrf_token": token}).status_code == 422
    deleted = client.post(f"{url}/delete", data={"csrf_token": token, "confirm": "y"})
    assert deleted.status_code == 302 and deleted.headers["Location"] == "/admin/screens"
    assert client.get(url).status_code == 404
    assert fleet_counts(app) == (2, 2, 1)
