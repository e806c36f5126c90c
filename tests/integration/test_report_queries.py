"""The reports' query strings are Query models (signage.web.api.report_queries): every bad
parameter is named in one 422 (CONTRACT §1), and the API's description lists each parameter
from the same model."""

from __future__ import annotations

import pytest

from tests.support import api_login, make_user


@pytest.fixture
def viewer(app, clean_db):  # type: ignore[no-untyped-def]
    make_user(app, "viewer@example.com", "VIEWER")
    client = app.test_client()
    api_login(client, "viewer@example.com")
    return client


def test_every_bad_parameter_is_named_in_one_answer(viewer) -> None:
    answer = viewer.get(
        "/api/admin/reports/proof_of_play?from=yesterday&to=2026-01-01&limit=0&offset=-3&format=pdf&siteId=x"
    )
    assert answer.status_code == 422
    error = answer.get_json()["error"]
    assert error["code"] == "validation_failed"
    assert error["fields"] == {
        "from": "Not an ISO 8601 timestamp (for example 2026-05-01T08:00:00Z).",
        "to": "Give the timezone: end with Z (UTC) or an offset like +02:00.",
        "limit": "Must be between 1 and 500.",
        "offset": "Cannot be negative.",
        "format": "Must be one of json, csv, xlsx.",
    }
    uptime = viewer.get("/api/admin/reports/uptime?limit=ten&offset=1.5")
    assert uptime.get_json()["error"]["fields"] == {
        "limit": "Must be a whole number.",
        "offset": "Must be a whole number.",
    }
    days = viewer.get("/api/admin/reports/plays-by-day?to=2026-13-01&format=ods")
    assert days.get_json()["error"]["fields"] == {
        "from": "This field is required.",
        "to": "Required: a date, e.g. 2026-11-01.",
        "format": "Must be one of json, csv, xlsx.",
    }


def test_good_parameters_still_answer_and_unknown_ones_are_left_alone(viewer) -> None:
    ok = viewer.get("/api/admin/reports/proof_of_play?from=2026-01-01T00:00:00Z&limit=5&offset=&_=123")
    assert ok.status_code == 200 and ok.get_json() == {"items": [], "total": 0}
    period = viewer.get("/api/admin/reports/availability?from=2026-11-01&to=2026-11-02&screenId=nope")
    assert period.status_code == 200
    reversed_period = viewer.get("/api/admin/reports/availability?from=2026-11-02&to=2026-11-01")
    assert reversed_period.get_json()["error"]["fields"] == {"to": "Must not be before from."}


def test_the_description_lists_each_report_parameter(viewer) -> None:
    paths = viewer.get("/api/openapi.json").get_json()["paths"]
    plays = {p["name"]: p for p in paths["/api/admin/reports/proof_of_play"]["get"]["parameters"]}
    assert set(plays) == {
        "screenId",
        "mediaId",
        "playlistId",
        "siteId",
        "from",
        "to",
        "format",
        "limit",
        "offset",
    }
    assert plays["from"]["schema"] == {"type": "string", "format": "date-time"}
    assert plays["limit"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 500, "default": 50}
    assert plays["format"]["schema"]["enum"] == ["json", "csv", "xlsx"]
    days = {p["name"]: p for p in paths["/api/admin/reports/availability"]["get"]["parameters"]}
    assert days["from"]["required"] and days["to"]["required"] and not days["siteId"]["required"]
    assert days["from"]["schema"] == {"type": "string", "format": "date"}


def test_an_offset_past_what_a_database_takes_is_a_422(app, viewer) -> None:
    make_user(app, "root@example.com", "ADMIN")
    admin = app.test_client()
    api_login(admin, "root@example.com")
    huge = str(2**70)
    for client, url in (
        (admin, f"/api/admin/users?offset={huge}"),
        (viewer, f"/api/admin/reports/proof_of_play?offset={huge}"),
        (viewer, f"/api/admin/reports/uptime?offset={huge}"),
    ):
        answer = client.get(url)
        assert answer.status_code == 422, url
        assert answer.get_json()["error"]["fields"] == {"offset": "Must be between 0 and 2147483647."}
    assert viewer.get("/api/admin/reports/uptime?limit=-3").get_json()["error"]["fields"] == {
        "limit": "Must be between 1 and 500."
    }
