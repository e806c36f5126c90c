"""GET /api/player/{screenId}/playlist/{id}: what a screen may fetch and what it gets."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from signage.extensions import db
from signage.models import Schedule, ScheduleTarget, Screen, ScreenGroup
from tests.content_support import WITH_TICKER, make_media, make_playlist, make_template
from tests.support import make_screen


def schedule(app, playlist_id: int, target: ScheduleTarget, target_id: int) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        db.session.add(Schedule(name="S", target_type=target, target_id=target_id, playlist_id=playlist_id))
        db.session.commit()


def activated(app, screen_id: int) -> str:  # type: ignore[no-untyped-def]
    from signage.fleet.identity import activate, new_activation_token

    with app.app_context():
        screen = db.session.get(Screen, screen_id)
        token = new_activation_token(screen, datetime.now(UTC))
        return activate(token, app.config["SIGNAGE"].player_jwt_secret, datetime.now(UTC)).jwt


def fetch(app, screen_id: int, playlist_id: int, jwt: str, etag: str | None = None):  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {jwt}"}
    if etag:
        headers["If-None-Match"] = etag
    return app.test_client().get(f"/api/player/{screen_id}/playlist/{playlist_id}", headers=headers)


def test_the_player_gets_playable_items_with_absolute_urls(app, clean_db) -> None:
    now = datetime.now(UTC)
    template = make_template(app, WITH_TICKER)
    shown = make_media(app, "Shown", s3_key="ab/cd/shown.png", mime_type="image/png")
    expired = make_media(app, "Expired", valid_until=now - timedelta(minutes=1), s3_key="ab/cd/old.png")
    future = make_media(app, "Future", valid_from=now + timedelta(days=1), s3_key="ab/cd/new.png")
    encoding = make_media(app, "Encoding", "VIDEO", "PROCESSING", s3_key="ab/cd/v.mp4")
    ready = make_media(
        app, "Ready", "VIDEO", "DONE", s3_key="ab/cd/r.mp4", duration=12.5, mime_type="video/mp4"
    )
    broken = make_media(app, "Broken", "IMAGE", "ERROR", s3_key="ab/cd/b.png")
    feed = make_media(app, "News", "RSS", url="https://example.com/feed.xml")
    playlist = make_playlist(app, template, [shown, expired, future, encoding, ready, broken])
    with app.app_context():
        from signage.models import Playlist, PlaylistItem

        row = db.session.get(Playlist, playlist)
        row.items.append(PlaylistItem(media_id=feed, zone_id="ticker", order=0))
        db.session.commit()
    screen = make_screen(app)
    schedule(app, playlist, ScheduleTarget.SCREEN, screen)
    jwt = activated(app, screen)

    response = fetch(app, screen, playlist, jwt)
    assert response.status_code == 200
    body = response.get_json()
    assert body["version"] == 1 and body["transition"] == "FADE" and body["defaultDuration"] == 10
    assert [z["id"] for z in body["template"]["zones"]] == ["main", "ticker", "clock"]
    assert [i["media"]["name"] for i in body["items"]] == ["Shown", "Ready", "News"]
    assert (
        body["items"][1]["media"]["duration"] == 12.5 and body["items"][1]["media"]["mimeType"] == "video/mp4"
    )
    assert body["items"][2]["media"]["url"] == "https://example.com/feed.xml"
    for item in body["items"][:2]:
        assert item["media"]["url"].startswith("http://localhost/")
    # Polling an unchanged playlist costs a header.
    again = fetch(app, screen, playlist, jwt, response.headers["ETag"])
    assert again.status_code == 304 and again.get_data() == b""


def test_only_playlists_scheduled_for_the_screen(app, clean_db) -> None:
    template = make_template(app)
    mine, group_one, other = (
        make_playlist(app, template, [make_media(app)], name=n) for n in ("A", "B", "C")
    )
    screen = make_screen(app)
    with app.app_context():
        screen_row = db.session.get(Screen, screen)
        group = ScreenGroup(name="G", site_id=screen_row.site_id)
        db.session.add(group)
        db.session.flush()
        screen_row.group_id = group.id
        group_id = group.id
        db.session.commit()
    schedule(app, mine, ScheduleTarget.SCREEN, screen)
    schedule(app, group_one, ScheduleTarget.GROUP, group_id)
    schedule(app, other, ScheduleTarget.SCREEN, screen + 1000)
    jwt = activated(app, screen)
    assert fetch(app, screen, mine, jwt).status_code == 200
    assert fetch(app, screen, group_one, jwt).status_code == 200
    assert fetch(app, screen, other, jwt).status_code == 403
    assert fetch(app, screen, 424242, jwt).status_code == 404
    assert fetch(app, screen, mine, "garbage").status_code == 401


def test_stored_files_carry_their_size_and_digest_for_the_players_cache(app, clean_db) -> None:
    digest = "0123456789abcdef0123456789abcdef"
    folder = "m/" + "f" * 32 + "/"
    template = make_template(app)
    image = make_media(app, "Poster", s3_key=f"{folder}{digest}.png", file_size=2048, mime_type="image/png")
    legacy = make_media(app, "Old", s3_key="ab/cd/old.png", file_size=10)  # a key with no digest
    page = make_media(app, "Site", "WEBPAGE", url="https://example.com/")
    playlist = make_playlist(app, template, [image, legacy, page])
    screen = make_screen(app)
    schedule(app, playlist, ScheduleTarget.SCREEN, screen)

    body = fetch(app, screen, playlist, activated(app, screen)).get_json()
    media = {i["media"]["name"]: i["media"] for i in body["items"]}
    assert media["Poster"]["fileSize"] == 2048 and media["Poster"]["sha256"] == digest
    assert media["Old"]["fileSize"] == 10 and media["Old"]["sha256"] is None
    assert media["Site"]["sha256"] is None


def test_the_full_digest_is_given_where_the_row_keeps_it(app, clean_db) -> None:
    full = hashlib.sha256(b"poster").hexdigest()
    folder = "m/" + "e" * 32 + "/"
    template = make_template(app)
    image = make_media(app, "Poster", s3_key=f"{folder}{full[:32]}.png", file_size=6, sha256=full)
    playlist = make_playlist(app, template, [image])
    screen = make_screen(app)
    schedule(app, playlist, ScheduleTarget.SCREEN, screen)
    body = fetch(app, screen, playlist, activated(app, screen)).get_json()
    assert body["items"][0]["media"]["sha256"] == full
