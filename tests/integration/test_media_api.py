"""The media library over HTTP, with real files and the processing jobs run for real
(in-process), on both storage backends."""

from __future__ import annotations

import hashlib
import io
import time
from pathlib import Path

from sqlalchemy import select

from signage.content.payloads import player_media_json
from signage.extensions import db
from signage.media.storage import get_storage
from signage.models import EncodingStatus, Media, Playlist, PlaylistItem, Template
from tests import media_files
from tests.media_backends import media_app, moto_s3  # noqa: F401  (fixtures)
from tests.support import api_login, make_user


def _signed_in(app, role: str = "EDITOR"):  # type: ignore[no-untyped-def]
    make_user(app, f"{role.lower()}@example.com", role)
    client = app.test_client()
    token = api_login(client, f"{role.lower()}@example.com")
    return client, {"X-CSRFToken": token}


def _upload(client, headers, data: bytes, filename: str, **fields):  # type: ignore[no-untyped-def]
    body = {"file": (io.BytesIO(data), filename), **fields}
    return client.post("/api/admin/medias", data=body, headers=headers, content_type="multipart/form-data")


def _wait(client, media_id: str, timeout: float = 90) -> dict:  # type: ignore[type-arg]
    deadline = time.monotonic() + timeout
    while True:
        body = client.get(f"/api/admin/medias/{media_id}").get_json()
        if body["encodingStatus"] in {"DONE", "ERROR"}:
            return body
        assert time.monotonic() < deadline, body
        time.sleep(0.2)


def _objects(app) -> list[str]:  # type: ignore[no-untyped-def]
    with app.app_context():
        return get_storage().list("m/")


def test_a_png_becomes_done_with_a_thumbnail(media_app) -> None:  # noqa: F811
    client, headers = _signed_in(media_app)
    response = _upload(client, headers, media_files.png(), "../../etc/passwd.png", tags="promo, Été")
    assert response.status_code == 201, response.get_json()
    media = response.get_json()
    assert media["type"] == "IMAGE" and media["mimeType"] == "image/png"
    assert media["name"] == "passwd" and media["tags"] == ["promo", "Été"]
    assert "passwd" not in media["url"] and media["url"].startswith("http://localhost/media/m/")
    done = _wait(client, media["id"])
    assert done["encodingStatus"] == "DONE", done
    assert done["thumbnailUrl"] and (done["width"], done["height"]) == (64, 48)
    with media_app.app_context():
        stored = db.session.get(Media, int(media["id"]))
        assert player_media_json(stored)["sha256"] == hashlib.sha256(media_files.png()).hexdigest()
    thumb = client.get(done["thumbnailUrl"].removeprefix("http://localhost"))
    assert thumb.status_code == 200 and thumb.data[:2] == b"\xff\xd8"
    assert len(_objects(media_app)) == 2


def test_a_jpeg_thumbnail_follows_its_exif_rotation(media_app) -> None:  # noqa: F811
    from PIL import Image

    client, headers = _signed_in(media_app)
    media = _upload(client, headers, media_files.jpeg_rotated(), "photo.jpg").get_json()
    done = _wait(client, media["id"])
    assert (done["width"], done["height"]) == (40, 80)
    thumb = client.get(done["thumbnailUrl"].removeprefix("http://localhost")).data
    with Image.open(io.BytesIO(thumb)) as image:
        assert image.height > image.width


def test_a_video_is_encoded_probed_and_served_in_ranges(media_app, tmp_path: Path) -> None:  # noqa: F811
    client, headers = _signed_in(media_app)
    media = _upload(client, headers, media_files.mp4(tmp_path, seconds=2.0), "clip.mov").get_json()
    assert media["type"] == "VIDEO" and media["encodingStatus"] == "PENDING"
    original_url = media["url"]
    done = _wait(client, media["id"])
    assert done["encodingStatus"] == "DONE", done
    assert abs(done["duration"] - 2.0) < 0.2 and (done["width"], done["height"]) == (320, 240)
    assert done["mimeType"] == "video/mp4" and done["url"] != original_url and done["thumbnailUrl"]
    path = done["url"].removeprefix("http://localhost")
    full = client.get(path).data
    assert full[4:8] == b"ftyp" and full.index(b"moov") < full.index(b"mdat")  # faststart
    part = client.get(path, headers={"Range": "bytes=10-109"})
    assert part.status_code == 206 and part.data == full[10:110]
    # The upload was replaced by the encoded file: only it and the thumbnail remain.
    assert len(_objects(media_app)) == 2
    assert client.get(original_url.removeprefix("http://localhost")).status_code == 404
    # Players verify their copy against the encoded file's full SHA-256.
    with media_app.app_context():
        stored = db.session.get(Media, int(media["id"]))
        assert player_media_json(stored)["sha256"] == hashlib.sha256(full).hexdigest()


def test_a_truncated_video_ends_in_error_with_a_reason(media_app, tmp_path: Path) -> None:  # noqa: F811
    client, headers = _signed_in(media_app)
    media = _upload(client, headers, media_files.truncated_mp4(tmp_path), "broken.mp4").get_json()
    done = _wait(client, media["id"])
    assert done["encodingStatus"] == "ERROR"
    assert done["encodingError"]


def test_a_step_that_overruns_ends_in_error_and_stores_nothing(media_app, monkeypatch) -> None:  # noqa: F811
    # The processing child is killed at its time limit (here far below what a PDF needs).
    monkeypatch.setattr("signage.media.isolation.DEFAULT_TIMEOUT", 0.05)
    client, headers = _signed_in(media_app)
    media = _upload(client, headers, media_files.pdf(pages=2), "deck.pdf").get_json()
    done = _wait(client, media["id"])
    assert done["encodingStatus"] == "ERROR"
    assert done["encodingError"] == "Processing took longer than 0.05 s and was stopped."
    assert not done["thumbnailUrl"]
    assert len(_objects(media_app)) == 1  # the upload itself, nothing half-made


def test_a_pdf_gets_a_thumbnail_and_one_image_per_page(media_app) -> None:  # noqa: F811
    client, headers = _signed_in(media_app)
    media = _upload(client, headers, media_files.pdf(pages=2), "deck.pdf").get_json()
    assert media["type"] == "PDF"
    done = _wait(client, media["id"])
    assert done["encodingStatus"] == "DONE", done
    assert len(done["pages"]) == 2 and done["thumbnailUrl"]
    page = client.get(done["pages"][1].removeprefix("http://localhost"))
    assert page.status_code == 200 and page.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert done["height"] > done["width"]  # A4 portrait
    assert len(_objects(media_app)) == 4  # the PDF, the thumbnail, two pages
    assert client.delete(f"/api/admin/medias/{done['id']}", headers=headers).status_code == 204
    assert _objects(media_app) == []


def test_a_pdf_folder_is_listed_once_per_version_and_only_once_done(media_app, monkeypatch) -> None:  # noqa: F811
    client, headers = _signed_in(media_app)
    media = _upload(client, headers, media_files.pdf(pages=2), "deck.pdf").get_json()
    done = _wait(client, media["id"])
    with media_app.app_context():
        storage = get_storage()
        listed: list[str] = []
        real_list = storage.list
        monkeypatch.setattr(storage, "list", lambda prefix: listed.append(prefix) or real_list(prefix))
    for _ in range(3):
        assert client.get(f"/api/admin/medias/{done['id']}").get_json()["pages"] == done["pages"]
    assert client.get("/api/admin/medias").get_json()["items"][0]["pages"] == done["pages"]
    assert listed == []  # the first look (by _wait) listed the folder: none since
    with media_app.app_context():
        row = db.session.get(Media, int(done["id"]))
        row.encoding_status = EncodingStatus.PROCESSING
        db.session.commit()
    assert client.get(f"/api/admin/medias/{done['id']}").get_json()["pages"] == []
    assert listed == []


def test_refused_files_leave_nothing_behind(media_app) -> None:  # noqa: F811
    client, headers = _signed_in(media_app)
    text = _upload(client, headers, b"just some text, not an image", "fake.png")
    assert text.status_code == 415 and text.get_json()["error"]["code"] == "unsupported_media"
    bomb = _upload(client, headers, media_files.bomb_png(), "bomb.png")
    assert bomb.status_code == 415 and "bomb" in bomb.get_json()["error"]["message"]
    media_app.config["SIGNAGE"] = media_app.config["SIGNAGE"].__class__(
        **{**media_app.config["SIGNAGE"].__dict__, "media_max_bytes": 100}
    )
    big = _upload(client, headers, media_files.png(200, 200) + b"\0" * 200, "big.png")
    assert big.status_code == 413
    bad = _upload(client, headers, media_files.png(), "ok.png", validFrom="tomorrow", colour="red")
    assert bad.status_code == 422 and set(bad.get_json()["error"]["fields"]) == {"colour"}
    with media_app.app_context():
        assert db.session.scalars(select(Media)).all() == []
    assert _objects(media_app) == []


def test_link_media_list_filters_edit_and_permissions(media_app) -> None:  # noqa: F811
    client, headers = _signed_in(media_app)
    page = client.post(
        "/api/admin/medias",
        json={"type": "WEBPAGE", "name": "Menu", "url": "https://example.com/menu", "tags": ["food"]},
        headers=headers,
    )
    assert page.status_code == 201 and page.get_json()["url"] == "https://example.com/menu"
    bad = client.post(
        "/api/admin/medias", json={"type": "WEBPAGE", "url": "javascript:alert(1)"}, headers=headers
    )
    assert bad.status_code == 422 and "url" in bad.get_json()["error"]["fields"]
    _upload(client, headers, media_files.png(), "poster.png", tags="promo")

    listed = client.get("/api/admin/medias?tag=FOOD").get_json()
    assert [m["name"] for m in listed["items"]] == ["Menu"]
    assert client.get("/api/admin/medias?type=IMAGE").get_json()["total"] == 1
    assert client.get("/api/admin/medias?q=post").get_json()["items"][0]["name"] == "poster"
    assert client.get("/api/admin/medias?type=NOPE").status_code == 422

    media_id = page.get_json()["id"]
    window = {"validFrom": "2026-05-01T08:00:00Z", "validUntil": "2026-04-01T08:00:00Z"}
    assert client.put(f"/api/admin/medias/{media_id}", json=window, headers=headers).status_code == 422
    edited = client.put(
        f"/api/admin/medias/{media_id}", json={"duration": 15, "name": " Lunch "}, headers=headers
    )
    assert (
        edited.status_code == 200
        and edited.get_json()["duration"] == 15
        and edited.get_json()["name"] == "Lunch"
    )

    viewer, viewer_headers = _signed_in(media_app, "VIEWER")
    assert viewer.get("/api/admin/medias").status_code == 200
    assert viewer.delete(f"/api/admin/medias/{media_id}", headers=viewer_headers).status_code == 403


def test_delete_in_use_is_409_unless_forced_and_bumps_versions(media_app) -> None:  # noqa: F811
    client, headers = _signed_in(media_app)
    media_id = client.post(
        "/api/admin/medias", json={"type": "WEBPAGE", "url": "https://example.com"}, headers=headers
    ).get_json()["id"]
    with media_app.app_context():
        template = Template(name="Full", zones=[{"id": "main"}])
        playlist = Playlist(name="Lobby", template=template)
        playlist.items.append(PlaylistItem(media_id=int(media_id), zone_id="main"))
        db.session.add(playlist)
        db.session.commit()
        playlist_id = playlist.id

    def version() -> int:
        with media_app.app_context():
            return db.session.get(Playlist, playlist_id).version

    assert (
        client.put(f"/api/admin/medias/{media_id}", json={"tags": ["x"]}, headers=headers).status_code == 200
    )
    assert version() == 1  # tags do not change what screens show
    client.put(f"/api/admin/medias/{media_id}", json={"validUntil": "2030-01-01T00:00:00Z"}, headers=headers)
    assert version() == 2
    refused = client.delete(f"/api/admin/medias/{media_id}", headers=headers)
    assert refused.status_code == 409 and "Lobby" in refused.get_json()["error"]["message"]
    assert client.delete(f"/api/admin/medias/{media_id}?force=true", headers=headers).status_code == 204
    assert version() == 3
    with media_app.app_context():
        assert db.session.scalars(select(PlaylistItem)).all() == []
