"""Proof of play over REST and Socket.IO: idempotent on the player's id, one bad item never
blocking the rest (CONTRACT §5, §6)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import requests
from sqlalchemy import select

from signage.extensions import db
from signage.models import Media, MediaType, Playlist, ProofOfPlay, Template
from signage.monitoring.play_rules import MAX_CONCURRENT
from tests.realtime_support import Console, Recorder, wait_for
from tests.support import make_screen, make_user


def content(app) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    with app.app_context():
        media = Media(name="Poster", type=MediaType.IMAGE)
        template = Template(name="Full")
        db.session.add_all([media, template])
        db.session.flush()
        playlist = Playlist(name="Morning", template_id=template.id)
        db.session.add(playlist)
        db.session.commit()
        return media.id, playlist.id


def play(media_id: int, playlist_id: int | None, **extra) -> dict:  # type: ignore[no-untyped-def]
    at = datetime.now(UTC) - timedelta(minutes=1)
    return {
        "id": str(uuid.uuid4()),
        "mediaId": str(media_id),
        "playlistId": None if playlist_id is None else str(playlist_id),
        "playedAt": at.isoformat().replace("+00:00", "Z"),
        "durationSeconds": 10,
        **extra,
    }


def stored(app) -> list[ProofOfPlay]:  # type: ignore[no-untyped-def]
    with app.app_context():
        rows = list(db.session.scalars(select(ProofOfPlay).order_by(ProofOfPlay.id)))
        db.session.expunge_all()
        return rows


@pytest.fixture
def kiosk(app, clean_db, live_url: str):  # type: ignore[no-untyped-def]
    make_user(app, "root@example.com", "ADMIN")
    console = Console(live_url, "root@example.com")
    screen = make_screen(app)
    token = console.activate_screen(screen)
    yield screen, token
    console.http.close()


def post(live_url: str, screen: int, token: str, body) -> requests.Response:  # type: ignore[no-untyped-def]
    return requests.post(
        f"{live_url}/api/player/{screen}/proof_of_play",
        json=body,
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )


def test_a_batch_sent_twice_is_stored_once(app, kiosk, live_url) -> None:
    screen, token = kiosk
    media_id, playlist_id = content(app)
    batch = [play(media_id, playlist_id) for _ in range(5)]
    batch.append(dict(batch[0]))  # the same play twice in one batch
    first = post(live_url, screen, token, batch)
    assert first.status_code == 200, first.text
    assert first.json() == {"accepted": 5, "duplicates": 1, "rejected": []}
    assert post(live_url, screen, token, batch).json() == {"accepted": 0, "duplicates": 6, "rejected": []}
    rows = stored(app)
    assert len(rows) == 5 and {r.client_id for r in rows} == {p["id"] for p in batch}
    assert all(
        r.screen_id == screen and r.media_id == media_id and r.playlist_id == playlist_id for r in rows
    )
    assert all(r.synced_at is None for r in rows)  # reported as they ended


def test_bad_items_are_refused_one_by_one(app, kiosk, live_url) -> None:
    screen, token = kiosk
    media_id, playlist_id = content(app)
    now = datetime.now(UTC)
    late = play(media_id, None, playedAt=(now - timedelta(days=2)).isoformat())
    batch = [
        play(media_id, playlist_id),
        "not an object",
        play(media_id, playlist_id, id=""),
        play(media_id, playlist_id, mediaId="abc"),
        play(media_id, playlist_id, playedAt="2026-01-01T10:00:00"),
        play(media_id, playlist_id, playedAt=(now + timedelta(days=1)).isoformat()),
        play(media_id, playlist_id, durationSeconds=-1),
        play(media_id, playlist_id, durationSeconds=True),
        play(media_id, playlist_id, extra="x"),
        play(media_id, playlist_id, id="<script>"),
        late,
        play(999999, None),  # a media deleted since: the play is kept, its reference null
    ]
    response = post(live_url, screen, token, batch)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["accepted"] == 3 and body["duplicates"] == 0
    assert [r["index"] for r in body["rejected"]] == list(range(1, 10))
    assert all(isinstance(r["error"], str) and r["error"] for r in body["rejected"])
    rows = {r.client_id: r for r in stored(app)}
    assert rows[late["id"]].synced_at is not None and rows[late["id"]].playlist_id is None
    assert rows[batch[-1]["id"]].media_id is None


def test_a_flood_of_plays_at_one_instant_is_refused_beyond_what_a_screen_shows(app, kiosk, live_url) -> None:
    screen, token = kiosk
    media_id, playlist_id = content(app)
    at = (datetime.now(UTC) - timedelta(minutes=5)).isoformat()
    flood = [play(media_id, playlist_id, playedAt=at) for _ in range(64)]
    body = post(live_url, screen, token, flood).json()
    assert body["accepted"] == MAX_CONCURRENT
    assert [r["index"] for r in body["rejected"]] == list(range(MAX_CONCURRENT, 64))
    assert {r["error"] for r in body["rejected"]} == {
        "playedAt: overlaps more plays than a screen shows at once"
    }
    assert len(stored(app)) == MAX_CONCURRENT


def test_the_endpoint_refuses_what_is_not_a_batch(app, kiosk, live_url) -> None:
    screen, token = kiosk
    assert post(live_url, screen, token, {"id": "x"}).status_code == 400
    assert post(live_url, screen, token, [{}] * 1001).status_code == 413
    assert post(live_url, screen, "nope", []).status_code == 401
    other = make_screen(app, "Other")
    assert post(live_url, other, token, []).status_code == 403
    assert post(live_url, screen, token, []).json() == {"accepted": 0, "duplicates": 0, "rejected": []}
    assert stored(app) == []


def test_plays_over_the_socket_are_acknowledged_and_idempotent(app, kiosk, live_url) -> None:
    screen, token = kiosk
    media_id, playlist_id = content(app)
    player = Recorder().connect(live_url, auth={"token": token})
    try:
        one = play(media_id, playlist_id)
        answer = player.client.call("screen:proof_of_play", one, timeout=10)
        assert answer == {"accepted": 1, "duplicates": 0, "rejected": []}
        # The acknowledgement follows the commit: the play is there when the answer arrives.
        assert [r.client_id for r in stored(app)] == [one["id"]]
        batch = [one, play(media_id, None), {"id": "x"}]
        answer = player.client.call("screen:proof_of_play", batch, timeout=10)
        assert answer["accepted"] == 1 and answer["duplicates"] == 1
        assert [r["index"] for r in answer["rejected"]] == [2]
        player.client.emit("screen:proof_of_play", batch)  # without an ack: stored all the same
        assert wait_for(lambda: len(stored(app)) == 2)
        assert {r.client_id for r in stored(app)} == {one["id"], batch[1]["id"]}
        assert player.client.connected
    finally:
        player.close()
