"""One contract, both storage backends: the local folder and S3 (moto's server)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from signage.media.keys import content_key, folder_of, new_folder
from signage.media.storage import get_storage
from tests.media_backends import media_app, moto_s3  # noqa: F401  (fixtures)


def _put(storage, tmp_path: Path, data: bytes, ext: str = "bin", **options) -> str:  # type: ignore[no-untyped-def]
    source = tmp_path / f"src-{hashlib.sha256(data).hexdigest()[:8]}"
    source.write_bytes(data)
    key = content_key(
        options.pop("folder", None) or new_folder(), hashlib.sha256(data).hexdigest(), ext, **options
    )
    storage.put_file(key, source, "application/octet-stream")
    return key


def test_put_stat_read_download_list_delete(media_app, tmp_path: Path) -> None:  # noqa: F811
    data = bytes(range(256)) * 1000
    with media_app.app_context():
        storage = get_storage()
        key = _put(storage, tmp_path, data)
        info = storage.stat(key)
        assert info is not None and info.size == len(data) and info.etag
        assert b"".join(storage.read(key)) == data
        assert b"".join(storage.read(key, 1000, 1010)) == data[1000:1010]
        dest = tmp_path / "copy"
        storage.download(key, dest)
        assert dest.read_bytes() == data

        folder = folder_of(key)
        page = _put(storage, tmp_path, b"page one", "png", folder=folder, page=1)
        assert storage.list(folder) == sorted([key, page])
        assert storage.list(folder + "page-") == [page]

        storage.delete([key, page, key])  # a missing key is not an error
        assert storage.stat(key) is None
        assert storage.list(folder) == []
        with pytest.raises(FileNotFoundError):
            storage.download(key, tmp_path / "gone")


def test_keys_change_with_content_and_refuse_paths(media_app, tmp_path: Path) -> None:  # noqa: F811
    with media_app.app_context():
        storage = get_storage()
        folder = new_folder()
        one = _put(storage, tmp_path, b"one", folder=folder)
        two = _put(storage, tmp_path, b"two", folder=folder)
        assert one != two and folder_of(one) == folder_of(two)
        for bad in ("../etc/passwd", "m/../../x", folder + "../x.png", "m/abc/evil.png"):
            with pytest.raises(ValueError):
                storage.stat(bad)


def test_the_public_route_serves_ranges_etags_and_caching(media_app, tmp_path: Path) -> None:  # noqa: F811
    data = bytes(range(256)) * 400
    with media_app.app_context():
        key = _put(get_storage(), tmp_path, data, "mp4")
    client = media_app.test_client()  # no session: players fetch media anonymously
    full = client.get(f"/media/{key}")
    assert full.status_code == 200 and full.data == data
    assert "immutable" in full.headers["Cache-Control"]
    assert full.headers["Accept-Ranges"] == "bytes"
    # Readable by a kiosk on another origin (crossOrigin media behind a CDN), without credentials.
    cors = client.get(f"/media/{key}", headers={"Origin": "https://cdn.example.com", "Range": "bytes=0-9"})
    assert cors.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in cors.headers
    etag = full.headers["ETag"]

    part = client.get(f"/media/{key}", headers={"Range": "bytes=100-1099"})
    assert part.status_code == 206
    assert part.data == data[100:1100]
    assert part.headers["Content-Range"] == f"bytes 100-1099/{len(data)}"

    tail = client.get(f"/media/{key}", headers={"Range": "bytes=-10"})
    assert tail.status_code == 206 and tail.data == data[-10:]

    assert client.get(f"/media/{key}", headers={"If-None-Match": etag}).status_code == 304
    beyond = client.get(f"/media/{key}", headers={"Range": f"bytes={len(data) + 5}-"})
    assert beyond.status_code == 416

    assert client.get("/media/m/../../etc/passwd").status_code == 404
    assert client.get(f"/media/{key[:-4]}.png").status_code == 404
