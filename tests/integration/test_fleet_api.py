"""/api/admin/sites, /groups, /screens: CRUD, filters, the fleet's rules, bad input, roles."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from signage.extensions import db
from signage.models import (
    Alert,
    AlertTarget,
    Playlist,
    Schedule,
    ScheduleTarget,
    Screen,
    ScreenGroup,
    ScreenHeartbeat,
    ScreenStatus,
    Site,
    Template,
)
from tests.support import api_login, make_user

SECRET_TOKEN = "3f0c7d1e-6a0b-4c55-9d0e-b5f1d8a2c4e7"
SECRET_HASH = "ab" * 32


def admin(app, client) -> dict[str, str]:
    make_user(app, "root@example.com", "ADMIN")
    return {"X-CSRFToken": api_login(client, "root@example.com")}


def as_role(app, role: str):
    other = app.test_client()
    make_user(app, f"{role.lower()}@example.com", role)
    return other, {"X-CSRFToken": api_login(other, f"{role.lower()}@example.com")}


def fleet_counts(app) -> tuple[int, int, int]:
    with app.app_context():
        return tuple(  # type: ignore[return-value]
            db.session.scalar(select(func.count()).select_from(model))
            for model in (Site, ScreenGroup, Screen)
        )


def post(client, headers, path: str, body: dict) -> dict:
    response = client.post(path, headers=headers, json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def fleet(client, headers) -> dict[str, dict]:
    """Two sites (HQ with a group and two screens, Annex with a group), through the API."""
    hq = post(
        client, headers, "/api/admin/sites", {"name": "HQ", "city": "Paris", "timezone": "Europe/Paris"}
    )
    annex = post(client, headers, "/api/admin/sites", {"name": "Annex", "timezone": "America/New_York"})
    lobby = post(client, headers, "/api/admin/groups", {"name": "Lobby", "siteId": hq["id"]})
    hall = post(client, headers, "/api/admin/groups", {"name": "Hall", "siteId": annex["id"]})
    entrance = post(
        client,
        headers,
        "/api/admin/screens",
        {"name": "Entrance", "siteId": hq["id"], "groupId": lobby["id"]},
    )
    bar = post(client, headers, "/api/admin/screens", {"name": "Bar", "siteId": hq["id"]})
    return {"hq": hq, "annex": annex, "lobby": lobby, "hall": hall, "entrance": entrance, "bar": bar}


def error_of(response, status: int) -> dict:
    assert response.status_code == status, (response.status_code, response.get_json())
    return response.get_json()["error"]


# Sites


def test_site_crud_round_trip(app, client) -> None:
    headers = admin(app, client)
    site = post(
        client,
        headers,
        "/api/admin/sites",
        {
            "name": "  Head office ",
            "city": "Lyon",
            "address": "1 place Bellecour",
            "timezone": "Europe/Paris",
            "contactName": "Ada",
            "contactEmail": "ada@example.com",
        },
    )
    assert site["name"] == "Head office" and site["city"] == "Lyon" and site["timezone"] == "Europe/Paris"
    assert site["contactName"] == "Ada" and site["contactEmail"] == "ada@example.com"
    assert site["screenCount"] == 0 and site["groupCount"] == 0
    assert isinstance(site["id"], str) and site["createdAt"].endswith("Z")
    assert list(site) == [
        "id",
        "name",
        "city",
        "address",
        "timezone",
        "locale",
        "contactName",
        "contactEmail",
        "createdAt",
        "screenCount",
        "groupCount",
    ]
    assert client.get(f"/api/admin/sites/{site['id']}").get_json() == site
    updated = client.put(f"/api/admin/sites/{site['id']}", headers=headers, json={"timezone": "Asia/Tokyo"})
    assert updated.status_code == 200
    assert updated.get_json() == {**site, "timezone": "Asia/Tokyo"}  # only the field sent changed
    cleared = client.put(f"/api/admin/sites/{site['id']}", headers=headers, json={"contactEmail": None})
    assert cleared.get_json()["contactEmail"] == ""
    assert client.delete(f"/api/admin/sites/{site['id']}", headers=headers).status_code == 204
    assert client.get(f"/api/admin/sites/{site['id']}").status_code == 404
    assert fleet_counts(app) == (0, 0, 0)


def test_site_defaults_to_paris_time(app, client) -> None:
    headers = admin(app, client)
    site = post(client, headers, "/api/admin/sites", {"name": "Depot"})
    assert site["timezone"] == "Europe/Paris" and site["city"] == "" and site["contactEmail"] == ""


@pytest.mark.parametrize("timezone", ["Paris", "europe/paris", "UTC+2", "+01:00", "", "Mars/Olympus_Mons"])
def test_site_timezone_must_be_an_iana_name(app, client, timezone: str) -> None:
    headers = admin(app, client)
    error = error_of(
        client.post("/api/admin/sites", headers=headers, json={"name": "X", "timezone": timezone}), 422
    )
    assert set(error["fields"]) == {"timezone"}
    site = post(client, headers, "/api/admin/sites", {"name": "Y", "timezone": "UTC"})
    error = error_of(
        client.put(
            f"/api/admin/sites/{site['id']}", headers=headers, json={"name": "Z", "timezone": timezone}
        ),
        422,
    )
    assert set(error["fields"]) == {"timezone"}
    after = client.get(f"/api/admin/sites/{site['id']}").get_json()
    assert after["name"] == "Y" and after["timezone"] == "UTC"  # nothing of the refused PUT applied
    assert fleet_counts(app) == (1, 0, 0)


def test_site_validation_names_every_bad_field(app, client) -> None:
    headers = admin(app, client)
    error = error_of(
        client.post(
            "/api/admin/sites",
            headers=headers,
            json={"name": "   ", "city": "x" * 121, "contactEmail": "not-an-email", "timezone": "Nowhere"},
        ),
        422,
    )
    assert error["code"] == "validation_failed"
    assert set(error["fields"]) == {"name", "city", "contactEmail", "timezone"}
    assert error["fields"]["name"] == "This field cannot be empty."
    types = error_of(
        client.post(
            "/api/admin/sites",
            headers=headers,
            json={"name": 12, "timezone": None, "address": ["a"], "contactName": True, "owner": "me"},
        ),
        422,
    )
    assert set(types["fields"]) == {"name", "timezone", "address", "contactName", "owner"}
    assert types["fields"]["owner"] == "Unknown field."
    missing = error_of(client.post("/api/admin/sites", headers=headers, json={"city": "Lyon"}), 422)
    assert missing["fields"] == {"name": "This field is required."}
    too_long = error_of(client.post("/api/admin/sites", headers=headers, json={"name": "n" * 121}), 422)
    assert too_long["fields"] == {"name": "At most 120 characters."}
    assert post(client, headers, "/api/admin/sites", {"name": "n" * 120})["name"] == "n" * 120
    assert fleet_counts(app) == (1, 0, 0)


def test_a_site_with_screens_cannot_be_deleted(app, client) -> None:
    headers = admin(app, client)
    f = fleet(client, headers)
    error = error_of(client.delete(f"/api/admin/sites/{f['hq']['id']}", headers=headers), 409)
    assert error["code"] == "site_has_screens"
    assert "2 screens" in error["message"] and "Bar" in error["message"] and "Entrance" in error["message"]
    assert fleet_counts(app) == (2, 2, 2)
    assert client.get(f"/api/admin/sites/{f['hq']['id']}").get_json()["screenCount"] == 2
    for screen in ("entrance", "bar"):
        assert client.delete(f"/api/admin/screens/{f[screen]['id']}", headers=headers).status_code == 204
    assert client.delete(f"/api/admin/sites/{f['hq']['id']}", headers=headers).status_code == 204
    # Its group went with it (ON DELETE CASCADE); the other site's did not.
    assert client.get(f"/api/admin/groups/{f['lobby']['id']}").status_code == 404
    assert client.get(f"/api/admin/groups/{f['hall']['id']}").status_code == 200
    assert fleet_counts(app) == (1, 1, 0)


def test_site_counts_and_search(app, client) -> None:
    headers = admin(app, client)
    fleet(client, headers)
    post(client, headers, "/api/admin/sites", {"name": "100%_real depot"})
    listing = client.get("/api/admin/sites").get_json()
    assert [s["name"] for s in listing["items"]] == ["100%_real depot", "Annex", "HQ"]
    hq = listing["items"][2]
    assert hq["screenCount"] == 2 and hq["groupCount"] == 1
    assert listing["items"][1]["screenCount"] == 0 and listing["items"][1]["groupCount"] == 1
    found = client.get("/api/admin/sites?q=hq").get_json()
    assert found["total"] == 1 and found["items"][0]["name"] == "HQ"
    # % and _ are searched literally, not as SQL wildcards.
    assert client.get("/api/admin/sites?q=%25_").get_json()["total"] == 1
    assert client.get("/api/admin/sites?q=_").get_json()["total"] == 1
    assert client.get("/api/admin/sites?q=%25").get_json()["total"] == 1
    assert client.get("/api/admin/sites?q=zzz").get_json() == {"items": [], "total": 0}
    page = client.get("/api/admin/sites?limit=1&offset=1").get_json()
    assert page["total"] == 3 and [s["name"] for s in page["items"]] == ["Annex"]
    assert client.get("/api/admin/sites?limit=0").status_code == 422
    assert error_of(client.get("/api/admin/sites?q=" + "x" * 201), 422)["fields"] == {
        "q": "At most 200 characters."
    }


# Groups


def test_group_crud_and_filters(app, client) -> None:
    headers = admin(app, client)
    f = fleet(client, headers)
    lobby = client.get(f"/api/admin/groups/{f['lobby']['id']}").get_json()
    assert lobby == {
        "id": f["lobby"]["id"],
        "name": "Lobby",
        "description": "",
        "siteId": f["hq"]["id"],
        "screenCount": 1,
        "screenshotIntervalMinutes": None,
    }
    by_site = client.get(f"/api/admin/groups?siteId={f['annex']['id']}").get_json()
    assert [g["name"] for g in by_site["items"]] == ["Hall"] and by_site["total"] == 1
    assert client.get("/api/admin/groups?q=LOB").get_json()["items"] == [lobby]
    assert client.get("/api/admin/groups?siteId=999999").get_json() == {"items": [], "total": 0}
    assert client.get("/api/admin/groups?siteId=not-an-id").get_json() == {"items": [], "total": 0}
    assert [g["name"] for g in client.get("/api/admin/groups?limit=1").get_json()["items"]] == ["Hall"]
    renamed = client.put(
        f"/api/admin/groups/{f['lobby']['id']}", headers=headers, json={"description": "Ground floor"}
    )
    assert renamed.status_code == 200 and renamed.get_json() == {**lobby, "description": "Ground floor"}
    # A group is deleted alone: its screens stay on their site, in no group.
    assert client.delete(f"/api/admin/groups/{f['lobby']['id']}", headers=headers).status_code == 204
    entrance = client.get(f"/api/admin/screens/{f['entrance']['id']}").get_json()
    assert entrance["groupId"] is None and entrance["siteId"] == f["hq"]["id"]
    assert fleet_counts(app) == (2, 1, 2)


def test_group_site_must_exist(app, client) -> None:
    headers = admin(app, client)
    f = fleet(client, headers)
    for site_id in ["999999", "abc", "0", "", 999999, "-1"]:
        error = error_of(
            client.post("/api/admin/groups", headers=headers, json={"name": "G", "siteId": site_id}), 422
        )
        assert error["fields"] == {"siteId": "No site with this id."}, site_id
    wrong_type = error_of(
        client.post("/api/admin/groups", headers=headers, json={"name": "G", "siteId": True}), 422
    )
    assert set(wrong_type["fields"]) == {"siteId"}
    both = error_of(client.post("/api/admin/groups", headers=headers, json={"name": " ", "siteId": "9"}), 422)
    assert set(both["fields"]) == {"name", "siteId"}
    # An integer id is understood too.
    group = post(client, headers, "/api/admin/groups", {"name": "G", "siteId": int(f["annex"]["id"])})
    assert group["siteId"] == f["annex"]["id"]
    assert fleet_counts(app) == (2, 3, 2)


def test_a_group_moves_to_another_site_only_when_empty(app, client) -> None:
    headers = admin(app, client)
    f = fleet(client, headers)
    error = error_of(
        client.put(
            f"/api/admin/groups/{f['lobby']['id']}",
            headers=headers,
            json={"siteId": f["annex"]["id"], "name": "Moved"},
        ),
        409,
    )
    assert error["code"] == "group_has_screens" and set(error["fields"]) == {"siteId"}
    lobby = client.get(f"/api/admin/groups/{f['lobby']['id']}").get_json()
    assert lobby["siteId"] == f["hq"]["id"] and lobby["name"] == "Lobby"
    moved = client.put(
        f"/api/admin/groups/{f['hall']['id']}", headers=headers, json={"siteId": f["hq"]["id"]}
    )
    assert moved.status_code == 200 and moved.get_json()["siteId"] == f["hq"]["id"]
    unknown = client.put(f"/api/admin/groups/{f['hall']['id']}", headers=headers, json={"siteId": "424242"})
    assert error_of(unknown, 422)["fields"] == {"siteId": "No site with this id."}


# Screens


def test_screen_crud_round_trip(app, client) -> None:
    headers = admin(app, client)
    f = fleet(client, headers)
    screen = post(
        client,
        headers,
        "/api/admin/screens",
        {
            "name": " Window ",
            "description": "Street side",
            "siteId": f["hq"]["id"],
            "groupId": f["lobby"]["id"],
            "orientation": "PORTRAIT",
        },
    )
    assert list(screen) == [
        "id",
        "name",
        "description",
        "siteId",
        "groupId",
        "status",
        "lastSeen",
        "resolution",
        "orientation",
        "playerVersion",
        "ipAddress",
        "uptime",
        "currentPlaylistId",
        "currentMediaName",
        "lastScreenshotAt",
        "createdAt",
        "activated",
        "revoked",
        "droppedMessages",
        "overBudgetAt",
    ]
    assert (
        screen["name"] == "Window" and screen["orientation"] == "PORTRAIT" and screen["status"] == "OFFLINE"
    )
    assert screen["groupId"] == f["lobby"]["id"] and screen["lastSeen"] is None
    assert screen["activated"] is False and screen["revoked"] is False
    assert client.get(f"/api/admin/screens/{screen['id']}").get_json() == screen
    path = f"/api/admin/screens/{screen['id']}"
    updated = client.put(path, headers=headers, json={"orientation": "LANDSCAPE"})
    assert updated.status_code == 200 and updated.get_json() == {**screen, "orientation": "LANDSCAPE"}
    ungrouped = client.put(path, headers=headers, json={"groupId": None, "description": None})
    assert ungrouped.get_json()["groupId"] is None and ungrouped.get_json()["description"] == ""
    assert client.put(path, headers=headers, json={}).get_json() == ungrouped.get_json()
    assert client.delete(path, headers=headers).status_code == 204
    assert client.get(path).status_code == 404
    assert client.get(f"/api/admin/groups/{f['lobby']['id']}").get_json()["screenCount"] == 1


def test_screen_defaults(app, client) -> None:
    headers = admin(app, client)
    f = fleet(client, headers)
    screen = post(client, headers, "/api/admin/screens", {"name": "Kiosk", "siteId": f["annex"]["id"]})
    assert screen["orientation"] == "LANDSCAPE" and screen["groupId"] is None and screen["description"] == ""


def test_a_screen_group_must_belong_to_its_site(app, client) -> None:
    headers = admin(app, client)
    f = fleet(client, headers)
    error = error_of(
        client.post(
            "/api/admin/screens",
            headers=headers,
            json={"name": "Stray", "siteId": f["hq"]["id"], "groupId": f["hall"]["id"]},
        ),
        422,
    )
    assert set(error["fields"]) == {"groupId"} and "another site (Annex)" in error["fields"]["groupId"]
    path = f"/api/admin/screens/{f['entrance']['id']}"
    error = error_of(client.put(path, headers=headers, json={"groupId": f["hall"]["id"], "name": "X"}), 422)
    assert set(error["fields"]) == {"groupId"}
    assert client.get(path).get_json() == f["entrance"]  # the name did not change either
    assert fleet_counts(app) == (2, 2, 2)


def test_moving_a_screen_to_another_site_needs_a_group_of_that_site(app, client) -> None:
    headers = admin(app, client)
    f = fleet(client, headers)
    path = f"/api/admin/screens/{f['entrance']['id']}"
    error = error_of(client.put(path, headers=headers, json={"siteId": f["annex"]["id"]}), 422)
    assert set(error["fields"]) == {"groupId"} and "Lobby" in error["fields"]["groupId"]
    assert client.get(path).get_json()["siteId"] == f["hq"]["id"]
    moved = client.put(path, headers=headers, json={"siteId": f["annex"]["id"], "groupId": f["hall"]["id"]})
    assert moved.status_code == 200
    assert moved.get_json()["siteId"] == f["annex"]["id"] and moved.get_json()["groupId"] == f["hall"]["id"]
    back = client.put(path, headers=headers, json={"siteId": f["hq"]["id"], "groupId": None})
    assert back.status_code == 200 and back.get_json()["groupId"] is None
    # A screen in no group moves freely.
    bar = client.put(
        f"/api/admin/screens/{f['bar']['id']}", headers=headers, json={"siteId": f["annex"]["id"]}
    )
    assert bar.status_code == 200 and bar.get_json()["siteId"] == f["annex"]["id"]


def test_unknown_site_or_group_in_a_screen_body_is_a_422(app, client) -> None:
    headers = admin(app, client)
    f = fleet(client, headers)
    error = error_of(
        client.post(
            "/api/admin/screens",
            headers=headers,
            json={"name": "", "siteId": "999999", "groupId": "888888", "orientation": "DIAGONAL"},
        ),
        422,
    )
    assert set(error["fields"]) == {"name", "siteId", "groupId", "orientation"}
    assert error["fields"]["siteId"] == "No site with this id."
    assert error["fields"]["groupId"] == "No group with this id."
    path = f"/api/admin/screens/{f['bar']['id']}"
    assert set(error_of(client.put(path, headers=headers, json={"siteId": "x"}), 422)["fields"]) == {"siteId"}
    assert set(error_of(client.put(path, headers=headers, json={"groupId": "0"}), 422)["fields"]) == {
        "groupId"
    }
    assert set(error_of(client.put(path, headers=headers, json={"siteId": None}), 422)["fields"]) == {
        "siteId"
    }
    readonly = error_of(
        client.put(path, headers=headers, json={"status": "ONLINE", "activationToken": "x", "name": "B"}), 422
    )
    assert set(readonly["fields"]) == {"status", "activationToken"}
    assert client.get(path).get_json() == f["bar"]
    assert fleet_counts(app) == (2, 2, 2)


def test_screen_filters_search_and_pagination(app, client) -> None:
    headers = admin(app, client)
    f = fleet(client, headers)
    post(client, headers, "/api/admin/screens", {"name": "annex kiosk", "siteId": f["annex"]["id"]})
    with app.app_context():
        db.session.get(Screen, int(f["bar"]["id"])).status = ScreenStatus.ONLINE
        db.session.commit()
    names = lambda query: [s["name"] for s in client.get(f"/api/admin/screens{query}").get_json()["items"]]  # noqa: E731
    assert names("") == ["annex kiosk", "Bar", "Entrance"]
    assert names(f"?siteId={f['hq']['id']}") == ["Bar", "Entrance"]
    assert names(f"?groupId={f['lobby']['id']}") == ["Entrance"]
    assert names("?status=ONLINE") == ["Bar"]
    assert names("?status=OFFLINE&q=E") == ["annex kiosk", "Entrance"]
    assert names(f"?siteId={f['hq']['id']}&status=OFFLINE") == ["Entrance"]
    assert names("?q=ANNEX") == ["annex kiosk"]
    assert names("?groupId=abc") == [] and names("?siteId=999999") == []
    page = client.get("/api/admin/screens?limit=2&offset=2").get_json()
    assert page["total"] == 3 and [s["name"] for s in page["items"]] == ["Entrance"]
    filtered = client.get(f"/api/admin/screens?siteId={f['hq']['id']}&limit=1").get_json()
    assert filtered["total"] == 2 and len(filtered["items"]) == 1
    error = error_of(client.get("/api/admin/screens?status=online"), 422)
    assert set(error["fields"]) == {"status"}


def test_no_secret_ever_leaves_in_the_json(app, client) -> None:
    headers = admin(app, client)
    f = fleet(client, headers)
    with app.app_context():
        screen = db.session.get(Screen, int(f["entrance"]["id"]))
        screen.activation_token = SECRET_TOKEN
        screen.player_jwt_hash = SECRET_HASH
        db.session.commit()
    path = f"/api/admin/screens/{f['entrance']['id']}"
    bodies = [
        client.get(path),
        client.get("/api/admin/screens"),
        client.put(path, headers=headers, json={"name": "Entrance 2"}),
        client.get(f"/api/admin/groups/{f['lobby']['id']}"),
        client.get(f"/api/admin/sites/{f['hq']['id']}"),
    ]
    for response in bodies:
        text = response.get_data(as_text=True)
        assert response.status_code == 200
        assert SECRET_TOKEN not in text and SECRET_HASH not in text
        assert "activationToken" not in text and "Hash" not in text
    shown = client.get(path).get_json()
    assert shown["activated"] is True and shown["revoked"] is False
    with app.app_context():
        screen = db.session.get(Screen, int(f["entrance"]["id"]))
        screen.player_jwt_blacklisted = True
        db.session.commit()
    shown = client.get(path).get_json()
    assert shown["activated"] is False and shown["revoked"] is True


def test_deleting_a_screen_or_group_takes_what_targets_it(app, client) -> None:
    headers = admin(app, client)
    f = fleet(client, headers)
    entrance, bar, lobby = (int(f[k]["id"]) for k in ("entrance", "bar", "lobby"))
    with app.app_context():
        template = Template(name="Full screen")
        playlist = Playlist(name="Morning", template=template)
        db.session.add_all([template, playlist])
        db.session.flush()
        db.session.add_all(
            [
                Schedule(
                    name="s", target_type=ScheduleTarget.SCREEN, target_id=entrance, playlist_id=playlist.id
                ),
                Schedule(name="b", target_type=ScheduleTarget.SCREEN, target_id=bar, playlist_id=playlist.id),
                Schedule(
                    name="g", target_type=ScheduleTarget.GROUP, target_id=lobby, playlist_id=playlist.id
                ),
                Alert(title="a", target_type=AlertTarget.SCREEN, target_id=entrance),
                Alert(title="g", target_type=AlertTarget.GROUP, target_id=lobby),
                Alert(title="all", target_type=AlertTarget.ALL),
                ScreenHeartbeat(screen_id=entrance),
            ]
        )
        db.session.commit()
    assert client.delete(f"/api/admin/screens/{entrance}", headers=headers).status_code == 204
    with app.app_context():
        assert sorted(db.session.scalars(select(Schedule.name))) == ["b", "g"]
        assert sorted(db.session.scalars(select(Alert.title))) == ["all", "g"]
        assert db.session.scalar(select(func.count()).select_from(ScreenHeartbeat)) == 0
    assert client.delete(f"/api/admin/groups/{lobby}", headers=headers).status_code == 204
    with app.app_context():
        assert list(db.session.scalars(select(Schedule.name))) == ["b"]
        assert list(db.session.scalars(select(Alert.title))) == ["all"]


def test_deleting_a_site_takes_what_targets_its_groups(app, client) -> None:
    headers = admin(app, client)
    f = fleet(client, headers)
    with app.app_context():
        db.session.add(Alert(title="hall", target_type=AlertTarget.GROUP, target_id=int(f["hall"]["id"])))
        db.session.add(Alert(title="lobby", target_type=AlertTarget.GROUP, target_id=int(f["lobby"]["id"])))
        db.session.commit()
    assert client.delete(f"/api/admin/sites/{f['annex']['id']}", headers=headers).status_code == 204
    with app.app_context():
        assert list(db.session.scalars(select(Alert.title))) == ["lobby"]


# Bad input, unknown ids, roles


@pytest.mark.parametrize("kind", ["sites", "groups", "screens"])
def test_unknown_and_absurd_ids_are_404(app, client, kind: str) -> None:
    headers = admin(app, client)
    fleet(client, headers)
    for raw in ["999", "abc", "0", "-1", "9" * 40, "1.5", "١"]:
        assert error_of(client.get(f"/api/admin/{kind}/{raw}"), 404)["code"] == "not_found"
        assert client.put(f"/api/admin/{kind}/{raw}", headers=headers, json={"name": "x"}).status_code == 404
        assert client.delete(f"/api/admin/{kind}/{raw}", headers=headers).status_code == 404
    assert fleet_counts(app) == (2, 2, 2)


@pytest.mark.parametrize("kind", ["sites", "groups", "screens"])
def test_malformed_bodies_change_nothing(app, client, kind: str) -> None:
    headers = admin(app, client)
    f = fleet(client, headers)
    one = {"sites": f["hq"], "groups": f["lobby"], "screens": f["bar"]}[kind]
    collection, item = f"/api/admin/{kind}", f"/api/admin/{kind}/{one['id']}"
    before = client.get(item).get_json()
    for method, path in (("POST", collection), ("PUT", item)):
        bad_json = client.open(
            path, method=method, headers=headers, data="{", content_type="application/json"
        )
        assert error_of(bad_json, 400)["code"] == "malformed_json"
        assert error_of(client.open(path, method=method, headers=headers, json=[1, 2]), 400)["code"] == (
            "malformed_body"
        )
        assert client.open(path, method=method, headers=headers, data="name=x").status_code == 415
        unknown = client.open(path, method=method, headers=headers, json={"name": "x", "colour": "red"})
        assert error_of(unknown, 422)["fields"]["colour"] == "Unknown field."
        wrong = client.open(path, method=method, headers=headers, json={"name": ["x"]})
        assert error_of(wrong, 422)["fields"]["name"] == "Must be a string."
    assert client.get(item).get_json() == before
    assert fleet_counts(app) == (2, 2, 2)


@pytest.mark.parametrize("kind", ["sites", "groups", "screens"])
def test_writes_without_the_csrf_header_are_refused(app, client, kind: str) -> None:
    headers = admin(app, client)
    f = fleet(client, headers)
    one = {"sites": f["hq"], "groups": f["hall"], "screens": f["bar"]}[kind]
    body = {"name": "Sneaky", "siteId": f["hq"]["id"]} if kind != "sites" else {"name": "Sneaky"}
    item = f"/api/admin/{kind}/{one['id']}"
    before = client.get(item).get_json()
    for response in (
        client.post(f"/api/admin/{kind}", json=body),
        client.put(item, json={"name": "Sneaky"}),
        client.delete(item),
        client.put(item, json={"name": "Sneaky"}, headers={"X-CSRFToken": "forged"}),
    ):
        assert error_of(response, 400)["code"] == "csrf_failed"
    assert client.get(item).get_json() == before
    assert fleet_counts(app) == (2, 2, 2)


def test_anonymous_requests_are_401(app, client) -> None:
    for path in ("/api/admin/sites", "/api/admin/groups", "/api/admin/screens", "/api/admin/screens/1"):
        assert error_of(client.get(path), 401)["code"] == "unauthorized"
    assert client.post("/api/admin/sites", json={"name": "x"}).status_code == 401
    assert fleet_counts(app) == (0, 0, 0)


@pytest.mark.parametrize("role", ["EDITOR", "VIEWER"])
def test_editors_and_viewers_read_but_never_write(app, client, role: str) -> None:
    headers = admin(app, client)
    f = fleet(client, headers)
    other, other_headers = as_role(app, role)
    snapshot = {}
    for kind, key in (("sites", "hq"), ("groups", "lobby"), ("screens", "entrance")):
        listing = other.get(f"/api/admin/{kind}")
        assert listing.status_code == 200 and listing.get_json()["total"] == 2
        shown = other.get(f"/api/admin/{kind}/{f[key]['id']}")
        assert shown.status_code == 200
        snapshot[kind] = shown.get_json()
    writes = [
        ("POST", "/api/admin/sites", {"name": "Mine"}),
        ("PUT", f"/api/admin/sites/{f['hq']['id']}", {"name": "Mine"}),
        ("DELETE", f"/api/admin/sites/{f['annex']['id']}", None),
        ("POST", "/api/admin/groups", {"name": "Mine", "siteId": f["hq"]["id"]}),
        ("PUT", f"/api/admin/groups/{f['lobby']['id']}", {"name": "Mine"}),
        ("DELETE", f"/api/admin/groups/{f['lobby']['id']}", None),
        ("POST", "/api/admin/screens", {"name": "Mine", "siteId": f["hq"]["id"]}),
        ("PUT", f"/api/admin/screens/{f['entrance']['id']}", {"name": "Mine"}),
        ("DELETE", f"/api/admin/screens/{f['entrance']['id']}", None),
    ]
    for method, path, body in writes:
        response = other.open(path, method=method, headers=other_headers, json=body)
        assert error_of(response, 403)["code"] == "forbidden", (method, path)
    for kind, key in (("sites", "hq"), ("groups", "lobby"), ("screens", "entrance")):
        assert client.get(f"/api/admin/{kind}/{f[key]['id']}").get_json() == snapshot[kind]
    assert fleet_counts(app) == (2, 2, 2)
