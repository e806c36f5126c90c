"""HTML bundles (.zip with an index.html): unpacked, served with their relative links, on
both storage backends; a bundle with names the server cannot serve is refused whole."""

from __future__ import annotations

import io
import zipfile

from tests.integration.test_media_api import _objects, _signed_in, _upload
from tests.media_backends import media_app, moto_s3  # noqa: F401  (fixtures)
from tests.media_files import png


def bundle(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_a_bundle_is_unpacked_and_served_from_its_start_page(media_app) -> None:  # noqa: F811
    client, headers = _signed_in(media_app)
    page = b'<!doctype html><html><link rel="stylesheet" href="css/site.css"><img src="img/logo.png"></html>'
    files = {"index.html": page, "css/site.css": b"body{color:red}", "img/logo.png": png(8, 8), "css/": b""}
    response = _upload(client, headers, bundle(files), "menu.zip")
    assert response.status_code == 201, response.get_json()
    media = response.get_json()
    assert media["type"] == "HTML" and media["encodingStatus"] == "DONE"
    assert media["url"].endswith("/site/index.html")
    start = client.get(media["url"].removeprefix("http://localhost"))
    assert start.status_code == 200 and start.get_data() == page
    assert start.headers["Content-Type"].startswith("text/html")
    assert start.headers["Content-Security-Policy"] == "sandbox allow-scripts"
    base = media["url"].removeprefix("http://localhost").removesuffix("index.html")
    css = client.get(base + "css/site.css")
    assert css.status_code == 200 and css.headers["Content-Type"].startswith("text/css")
    assert client.get(base + "img/logo.png").headers["Content-Type"] == "image/png"
    assert client.get(base + "../../etc/passwd").status_code == 404
    assert len([k for k in _objects(media_app) if "/site/" in k]) == 3

    assert client.delete(f"/api/admin/medias/{media['id']}", headers=headers).status_code == 204
    assert _objects(media_app) == []


def test_a_bundle_with_unservable_names_is_refused_whole(media_app) -> None:  # noqa: F811
    client, headers = _signed_in(media_app)
    for name in (".env", "js/.hidden.js", "a<b>.html"):
        files = {"index.html": b"<!doctype html><html></html>", name: b"x"}
        response = _upload(client, headers, bundle(files), "site.zip")
        assert response.status_code == 415, (name, response.get_json())
    assert _objects(media_app) == []


def _lie_about_size(data: bytes, name: bytes, declared: int) -> bytes:
    """The zip with `name`'s uncompressed size rewritten to `declared` in its local header and
    in the central directory, as a hostile archive does (the data and CRC stay true)."""
    out = bytearray(data)
    # (signature, offset of the uncompressed size, of the name's length, of the name)
    for signature, size_at, length_at, name_at in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
        start = 0
        while (at := out.find(signature, start)) >= 0:
            length = int.from_bytes(out[at + length_at : at + length_at + 2], "little")
            if out[at + name_at : at + name_at + length] == name:
                out[at + size_at : at + size_at + 4] = declared.to_bytes(4, "little")
            start = at + 4
    return bytes(out)


def _deflated(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_an_entry_larger_than_it_declares_is_refused_whole(media_app) -> None:  # noqa: F811
    client, headers = _signed_in(media_app)
    honest = _deflated({"index.html": b"<!doctype html><html></html>", "app.js": b"x" * 3_000_000})
    lying = _lie_about_size(honest, b"app.js", 10)
    with zipfile.ZipFile(io.BytesIO(lying)) as check:  # the lie is what the directory says
        assert check.getinfo("app.js").file_size == 10
    response = _upload(client, headers, lying, "site.zip")
    assert response.status_code == 415, response.get_json()
    # zipfile stops at the declared size and the CRC then fails; either way: corrupt, 415.
    assert "corrupt" in response.get_json()["error"]["message"]
    assert _objects(media_app) == []


def test_a_zip_bomb_is_refused_by_its_ratio(media_app) -> None:  # noqa: F811
    client, headers = _signed_in(media_app)
    bomb = _deflated({"index.html": b"<!doctype html><html></html>", "pad.txt": bytes(40 * 1024 * 1024)})
    assert len(bomb) < 100 * 1024  # 40 MB of zeros in a few KB
    response = _upload(client, headers, bomb, "site.zip")
    assert response.status_code == 415, response.get_json()
    assert "zip bomb" in response.get_json()["error"]["message"]
    assert _objects(media_app) == []


def test_a_corrupt_entry_is_415_not_500(media_app) -> None:  # noqa: F811
    client, headers = _signed_in(media_app)
    data = bytearray(_deflated({"index.html": b"<!doctype html><html>" + b"menu " * 2000 + b"</html>"}))
    middle = data.find(b"index.html") + 10 + 40  # inside the deflated data of the only entry
    data[middle : middle + 8] = b"\xff" * 8
    response = _upload(client, headers, bytes(data), "site.zip")
    assert response.status_code == 415, response.get_json()
    assert "corrupt" in response.get_json()["error"]["message"]
    assert _objects(media_app) == []
