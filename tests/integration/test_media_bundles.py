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
