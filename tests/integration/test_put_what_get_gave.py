"""A client may PUT an object exactly as GET gave it (issue 15): read-only fields sent back
unchanged are ignored, a changed one is refused and named, along with every other bad field."""

from __future__ import annotations

import pytest

from tests.content_support import make_media, make_template
from tests.support import api_login, make_screen, make_user


@pytest.fixture
def admin(app, clean_db):  # type: ignore[no-untyped-def]
    make_user(app, "root@example.com", "ADMIN")
    client = app.test_client()
    return client, {"X-CSRFToken": api_login(client, "root@example.com")}


def _urls(app, client, csrf) -> list[str]:  # type: ignore[no-untyped-def]
    site = client.post("/api/admin/sites", json={"name": "Lyon"}, headers=csrf).get_json()
    group = client.post(
        "/api/admin/groups", json={"name": "Hall", "siteId": site["id"]}, headers=csrf
    ).get_json()
    screen = make_screen(app, "Vitrine")
    user = client.post(
        "/api/admin/users",
        json={"email": "ed@example.com", "password": "long-enough-1", "role": "EDITOR"},
        headers=csrf,
    ).get_json()
    source = client.post(
        "/api/admin/datasources",
        json={
            "name": "News",
            "type": "RSS",
            "config": {"url": "https://news.example/feed.xml", "headers": {"X-Key": "k"}},
        },
        headers=csrf,
    ).get_json()
    template = make_template(app)
    media = make_media(app)
    return [
        f"/api/admin/sites/{site['id']}",
        f"/api/admin/groups/{group['id']}",
        f"/api/admin/screens/{screen}",
        f"/api/admin/users/{user['id']}",
        f"/api/admin/datasources/{source['id']}",
        f"/api/admin/templates/{template}",
        f"/api/admin/medias/{media}",
    ]


def test_every_object_can_be_put_back_as_it_was_read(app, admin) -> None:
    client, csrf = admin
    for url in _urls(app, client, csrf):
        read = client.get(url).get_json()
        put = client.put(url, json=read, headers=csrf)
        assert put.status_code == 200, (url, put.get_json())
        again = client.get(url).get_json()
        assert {k: v for k, v in again.items() if k != "updatedAt"} == {
            k: v for k, v in read.items() if k != "updatedAt"
        }, url


def test_a_changed_read_only_field_is_refused_with_every_other_bad_one(app, admin) -> None:
    client, csrf = admin
    url = _urls(app, client, csrf)[0]
    read = client.get(url).get_json()
    refused = client.put(
        url,
        json={**read, "id": "999", "createdAt": "2020-01-01T00:00:00Z", "name": "", "nope": 1},
        headers=csrf,
    )
    assert refused.status_code == 422
    fields = refused.get_json()["error"]["fields"]
    assert fields["id"] == "Read-only: it cannot be changed."
    assert fields["createdAt"] == "Read-only: it cannot be changed."
    assert fields["nope"] == "Unknown field."
    assert client.get(url).get_json() == read
