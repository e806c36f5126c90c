"""One 422 names every bad field (CONTRACT §1), a wrong type in one field and a bad value in
another alike: the fleet's value rules run as the body is validated, not only after it."""

from __future__ import annotations

import pytest

from tests.support import api_login, make_user


@pytest.fixture
def admin(app, clean_db):  # type: ignore[no-untyped-def]
    make_user(app, "root@example.com", "ADMIN")
    client = app.test_client()
    client.environ_base["HTTP_X_CSRFTOKEN"] = api_login(client, "root@example.com")
    return client


def _fields(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 422, response.get_json()
    return response.get_json()["error"]["fields"]


def test_sites_groups_and_screens_name_each_bad_field(admin) -> None:
    assert _fields(admin.post("/api/admin/sites", json={"name": " ", "timezone": 5, "locale": "de"})) == {
        "name": "This field cannot be empty.",
        "timezone": "Must be a string.",
        "locale": "Must be fr or en.",
    }
    site = admin.post("/api/admin/sites", json={"name": "Lyon"}).get_json()
    refused = admin.put(
        f"/api/admin/sites/{site['id']}",
        json={"name": "x" * 121, "timezone": "Mars/Base", "contactEmail": "nope", "city": 7},
    )
    assert set(_fields(refused)) == {"name", "timezone", "contactEmail", "city"}
    assert _fields(
        admin.post("/api/admin/groups", json={"name": "", "siteId": True, "screenshotIntervalMinutes": 1})
    ) == {
        "name": "This field cannot be empty.",
        "siteId": "Must be a string or an integer.",
        "screenshotIntervalMinutes": "From 5 to 1440 minutes.",
    }
    screen = admin.post(
        "/api/admin/screens",
        json={"name": "", "siteId": site["id"], "orientation": "DIAGONAL", "groupId": []},
    )
    assert _fields(screen) == {
        "name": "This field cannot be empty.",
        "orientation": "Must be one of LANDSCAPE, PORTRAIT.",
        "groupId": "Must be a string or an integer.",
    }
    assert admin.get("/api/admin/screens").get_json()["total"] == 0  # nothing was written


ZONE = {"id": "main", "type": "CONTENT", "x": 0, "y": 0, "width": 100, "height": 100}


def test_templates_name_each_bad_field(admin) -> None:
    refused = admin.post(
        "/api/admin/templates",
        json={"name": "", "canvasWidth": "1920", "canvasHeight": 50, "zones": [{**ZONE, "x": 10}]},
    )
    assert _fields(refused) == {
        "name": "This field cannot be empty.",
        "canvasWidth": "Must be an integer.",
        "canvasHeight": "Whole pixels between 100 and 16384.",
        "zones[0].width": "The zone goes past the right edge of the screen (x + width > 100).",
    }
    template = admin.post("/api/admin/templates", json={"name": "Full", "zones": [ZONE]}).get_json()
    refused = admin.put(
        f"/api/admin/templates/{template['id']}",
        json={"name": "x" * 121, "description": 3, "zones": []},
    )
    assert set(_fields(refused)) == {"name", "description", "zones"}
    after = admin.get("/api/admin/templates").get_json()
    assert after["total"] == 1 and after["items"][0]["name"] == "Full"  # nothing was written


def test_playlists_name_each_bad_field(admin) -> None:
    template = admin.post("/api/admin/templates", json={"name": "Full", "zones": [ZONE]}).get_json()
    refused = admin.post(
        "/api/admin/playlists",
        json={"name": "", "templateId": "999999", "defaultDuration": "x", "transition": "SPIN"},
    )
    assert _fields(refused) == {
        "name": "This field cannot be empty.",
        "templateId": "No template with this id.",
        "defaultDuration": "Must be an integer.",
        "transition": "Must be one of FADE, SLIDE, NONE.",
    }
    playlist = admin.post(
        "/api/admin/playlists", json={"name": "Hall", "templateId": template["id"]}
    ).get_json()
    refused = admin.put(
        f"/api/admin/playlists/{playlist['id']}",
        json={"name": " ", "defaultDuration": 0, "items": {}},
    )
    assert _fields(refused) == {
        "name": "This field cannot be empty.",
        "defaultDuration": "Whole seconds between 1 and 86400.",
        "items": "Must be an array.",
    }
    # Each item against the template's zones, sent or kept, beside a wrong type elsewhere.
    refused = admin.put(
        f"/api/admin/playlists/{playlist['id']}",
        json={"transition": 1, "items": [{"mediaId": "424242", "zoneId": "side"}]},
    )
    assert _fields(refused) == {
        "transition": "Must be a string.",
        "items[0].mediaId": "No media with this id.",
        "items[0].zoneId": "Must be the id of a zone of the playlist's template.",
    }
    refused = admin.post(
        "/api/admin/playlists",
        json={"name": 5, "templateId": template["id"], "items": [{"zoneId": "main", "order": -1}]},
    )
    assert _fields(refused) == {
        "name": "Must be a string.",
        "items[0].mediaId": "Required: a media id.",
        "items[0].order": "A whole number from 0.",
    }
    after = admin.get("/api/admin/playlists").get_json()
    assert after["total"] == 1 and after["items"][0]["name"] == "Hall"  # nothing was written
    assert after["items"][0]["version"] == 1


def test_schedules_name_each_bad_field(admin) -> None:
    template = admin.post("/api/admin/templates", json={"name": "Full", "zones": [ZONE]}).get_json()
    playlist = admin.post(
        "/api/admin/playlists", json={"name": "Hall", "templateId": template["id"]}
    ).get_json()
    site = admin.post("/api/admin/sites", json={"name": "Lyon"}).get_json()
    refused = admin.post(
        "/api/admin/schedules",
        json={
            "name": "",
            "targetType": "SITE",
            "targetId": site["id"],
            "playlistId": "424242",
            "priority": "5",
            "startTime": "25:00",
            "daysOfWeek": [7],
        },
    )
    assert _fields(refused) == {
        "name": "This field cannot be empty.",
        "targetType": "Must be one of SCREEN, GROUP.",
        "playlistId": "No playlist with this id.",
        "priority": "Must be an integer.",
        "startTime": 'Must be a time "HH:MM" (00:00 to 23:59).',
        "daysOfWeek": "Each day must be a whole number from 0 (Sunday) to 6 (Saturday).",
    }
    group = admin.post("/api/admin/groups", json={"name": "Hall", "siteId": site["id"]}).get_json()
    schedule = admin.post(
        "/api/admin/schedules",
        json={"name": "Always", "targetType": "GROUP", "targetId": group["id"], "playlistId": playlist["id"]},
    )
    assert schedule.status_code == 201, schedule.get_json()
    refused = admin.put(
        f"/api/admin/schedules/{schedule.get_json()['id']}",
        json={"priority": 0, "startDate": "2026-13-01", "isEnabled": "yes"},
    )
    assert set(_fields(refused)) == {"priority", "startDate", "isEnabled"}
    # The target's id against the type sent, or the schedule's own, beside a wrong type.
    refused = admin.put(
        f"/api/admin/schedules/{schedule.get_json()['id']}",
        json={"targetType": "SCREEN", "targetId": group["id"], "isRecurring": 1},
    )
    assert _fields(refused) == {
        "targetId": "No screen with this id.",
        "isRecurring": "Must be true or false.",
    }
    refused = admin.put(
        f"/api/admin/schedules/{schedule.get_json()['id']}", json={"targetId": "999999", "name": None}
    )
    assert _fields(refused) == {"targetId": "No group with this id.", "name": "This field cannot be null."}
    after = admin.get("/api/admin/schedules").get_json()
    assert after["total"] == 1 and after["items"][0]["priority"] != 0  # nothing was written


def test_alerts_name_each_bad_field(admin) -> None:
    refused = admin.post(
        "/api/admin/alerts",
        json={"title": " ", "content": "Fire", "displayMode": "POPUP", "backgroundColor": "red", "endAt": 5},
    )
    assert _fields(refused) == {
        "title": "This field cannot be empty.",
        "displayMode": "Must be one of BANNER, FULLSCREEN.",
        "backgroundColor": "A colour as #rgb or #rrggbb.",
        "endAt": "Must be a string.",
    }
    alert = admin.post("/api/admin/alerts", json={"title": "Drill", "content": "At noon"}).get_json()
    refused = admin.put(
        f"/api/admin/alerts/{alert['id']}",
        json={"content": "x" * 5001, "targetType": "SITE", "startAt": "tomorrow", "textColor": ["#fff"]},
    )
    assert set(_fields(refused)) == {"content", "targetType", "startAt", "textColor"}
    refused = admin.post(
        "/api/admin/alerts",
        json={"title": "Drill", "content": 1, "targetType": "ALL", "targetId": "3", "endAt": "noon"},
    )
    assert _fields(refused) == {
        "content": "Must be a string.",
        "targetId": "Leave empty when the alert targets all screens.",
        "endAt": "Not an ISO 8601 timestamp (for example 2026-05-01T08:00:00Z).",
    }
    refused = admin.put(
        f"/api/admin/alerts/{alert['id']}", json={"targetType": "GROUP", "targetId": "999999", "title": []}
    )
    assert _fields(refused) == {"targetId": "No group with this id.", "title": "Must be a string."}
    after = admin.get("/api/admin/alerts").get_json()
    assert after["total"] == 1 and after["items"][0]["content"] == "At noon"  # nothing was written


def test_datasources_name_each_bad_field(admin) -> None:
    refused = admin.post(
        "/api/admin/datasources",
        json={"name": "", "type": "XML", "config": "https://example.com", "refreshInterval": 1},
    )
    assert _fields(refused) == {
        "name": "This field cannot be empty.",
        "type": "Must be one of RSS, CSV, JSON_URL.",
        "config": "Must be an object.",
        "refreshInterval": "Between 60 seconds and 86400 (a day).",
    }
    source = admin.post(
        "/api/admin/datasources",
        json={"name": "News", "type": "RSS", "config": {"url": "https://example.com/rss"}},
    )
    assert source.status_code == 201, source.get_json()
    refused = admin.put(
        f"/api/admin/datasources/{source.get_json()['id']}",
        json={"name": "x" * 500, "type": "XLS", "refreshInterval": "60"},
    )
    assert set(_fields(refused)) == {"name", "type", "refreshInterval"}
    after = admin.get("/api/admin/datasources").get_json()
    assert after["total"] == 1 and after["items"][0]["name"] == "News"  # nothing was written


def test_media_links_name_each_bad_field(admin) -> None:
    refused = admin.post(
        "/api/admin/medias",
        json={"type": "PDF", "name": " ", "duration": "10", "dataSourceId": "999999"},
    )
    assert _fields(refused) == {
        "type": "Must be one of WEBPAGE, RSS, DATASET.",
        "name": "This field cannot be empty.",
        "duration": "Must be a number.",
        "dataSourceId": "No data source with this id.",
    }
    source = admin.post(
        "/api/admin/datasources",
        json={"name": "Menu", "type": "CSV", "config": {"url": "https://example.com/m.csv"}},
    ).get_json()
    # The service's rules across fields, every one named too: a web page has no data source,
    # and its URL must be a web address.
    refused = admin.post(
        "/api/admin/medias",
        json={"type": "WEBPAGE", "url": "http://example.com/", "dataSourceId": source["id"]},
    )
    assert set(_fields(refused)) == {"url", "dataSourceId"}
    page = admin.post("/api/admin/medias", json={"type": "WEBPAGE", "url": "https://example.com/"})
    assert page.status_code == 201, page.get_json()
    refused = admin.put(
        f"/api/admin/medias/{page.get_json()['id']}",
        json={"name": 5, "tags": ["x" * 500], "validFrom": "soon", "dataSourceId": "0"},
    )
    assert set(_fields(refused)) == {"name", "tags", "validFrom", "dataSourceId"}
    after = admin.get("/api/admin/medias").get_json()
    assert after["total"] == 1 and after["items"][0]["name"] == page.get_json()["name"]  # nothing was written


def test_users_name_each_bad_field(admin) -> None:
    refused = admin.post(
        "/api/admin/users", json={"email": "nope", "password": ["secret"], "role": "OWNER", "name": "x" * 121}
    )
    assert _fields(refused) == {
        "email": "Not a valid e-mail address.",
        "password": "Must be a string.",
        "role": "Must be one of ADMIN, EDITOR, VIEWER.",
        "name": "At most 120 characters.",
    }
    root = admin.get("/api/admin/users").get_json()["items"][0]
    refused = admin.put(
        f"/api/admin/users/{root['id']}",
        json={"name": 5, "locale": "de", "timezone": "Mars/Base", "email": "root@"},
    )
    assert _fields(refused) == {
        "name": "Must be a string.",
        "locale": "Must be fr or en.",
        "timezone": "Not an IANA timezone name (for example Europe/Paris).",
        "email": "Not a valid e-mail address.",
    }
    after = admin.get("/api/admin/users").get_json()
    assert after["total"] == 1 and after["items"][0] == root  # nothing was written


def test_tokens_name_each_bad_field(admin) -> None:
    refused = admin.post(
        "/api/admin/tokens", json={"name": "   ", "expiresAt": "2001-01-01T00:00:00Z", "scope": 1}
    )
    assert _fields(refused) == {
        "name": "This field cannot be empty.",
        "expiresAt": "Must be in the future.",
        "scope": "Unknown field.",
    }
    refused = admin.post("/api/admin/tokens", json={"name": 7, "expiresAt": "2001-01-01T00:00:00Z"})
    assert _fields(refused) == {"name": "Must be a string.", "expiresAt": "Must be in the future."}
    assert admin.get("/api/admin/tokens").get_json()["total"] == 0  # nothing was written
