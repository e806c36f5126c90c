"""Fetching data sources from a real HTTP server on loopback: the guard's redirects, bounds
and headers, and the sync-datasource job (due or not, a failure keeps the last good data)."""

from __future__ import annotations

import dataclasses
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from signage.datasources import fetch as fetch_module
from signage.datasources.addresses import refusal
from signage.datasources.fetch import FetchError, fetch
from signage.datasources.jobs import sync_datasources
from signage.extensions import db
from signage.models import DataSource, DataSourceType, Playlist
from tests.content_support import make_media, make_playlist, make_template
from tests.datasource_support import RSS, FeedServer, allow_private, feed_server

NOW = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


@pytest.fixture
def feeds() -> Iterator[FeedServer]:
    with feed_server() as server:
        yield server


def test_fetch_follows_up_to_three_redirects_each_checked(feeds) -> None:
    feeds.route("/feed", RSS, Content_Type="application/rss+xml")
    feeds.route("/r1", status=302, Location="/r2")
    feeds.route("/r2", status=301, Location=f"{feeds.base}/r3")
    feeds.route("/r3", status=307, Location="/feed")
    got = fetch(f"{feeds.base}/r1", allow_private=True)
    assert got.status == 200 and got.body == RSS and got.url == f"{feeds.base}/feed"
    feeds.route("/r0", status=302, Location="/r1")
    with pytest.raises(FetchError, match="More than 3 redirects"):
        fetch(f"{feeds.base}/r0", allow_private=True)


def test_loopback_is_refused_unless_allowed(feeds) -> None:
    url = feeds.route("/feed", RSS)
    with pytest.raises(FetchError, match="loopback address: refused"):
        fetch(url)
    assert feeds.requests == []  # refused before connecting


def test_a_redirect_to_an_internal_address_is_refused(feeds, monkeypatch) -> None:
    # The loopback server stands in for a public site; everything else keeps the default rule.
    def only_our_server(address, *, allow_private=False):  # type: ignore[no-untyped-def]
        return None if address == "127.0.0.1" else refusal(address)

    monkeypatch.setattr(fetch_module, "refusal", only_our_server)
    feeds.route("/feed", RSS)
    assert fetch(f"{feeds.base}/feed").body == RSS
    for target, why in (
        ("http://10.0.0.7/admin", "private"),
        ("http://[::ffff:192.168.0.1]/", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[::1]:80/", "loopback"),
        ("file:///etc/passwd", "http:// or https://"),
    ):
        feeds.route("/jump", status=302, Location=target)
        with pytest.raises(FetchError, match=why):
            fetch(f"{feeds.base}/jump")


def test_headers_go_to_the_sources_origin_only(feeds) -> None:
    feeds.route("/feed", RSS)
    feeds.route("/away", status=302, Location=f"http://localhost:{feeds.port}/feed")
    fetch(f"{feeds.base}/feed", {"Authorization": "Bearer s3cret"}, allow_private=True)
    assert feeds.requests[-1][1]["Authorization"] == "Bearer s3cret"
    fetch(f"{feeds.base}/away", {"Authorization": "Bearer s3cret"}, allow_private=True)
    first, second = feeds.requests[-2:]
    assert first[1]["Authorization"] == "Bearer s3cret"
    assert second[0] == "/feed" and "Authorization" not in second[1]


def test_size_status_and_time_are_bounded(feeds, monkeypatch) -> None:
    big = b"x" * (fetch_module.MAX_BYTES + 1)
    with pytest.raises(FetchError, match="larger than 2 MB"):
        fetch(feeds.route("/big", big), allow_private=True)
    with pytest.raises(FetchError, match="larger than 2 MB"):
        fetch(feeds.route("/big-no-length", big), allow_private=True)  # streamed: counted as read
    with pytest.raises(FetchError, match="HTTP 500"):
        fetch(feeds.route("/boom", b"oops", status=500), allow_private=True)
    monkeypatch.setattr(fetch_module, "TIMEOUT_SECONDS", 0.3)
    feeds.delay = 1.0
    with pytest.raises(FetchError):
        fetch(feeds.route("/slow", RSS), allow_private=True)


def add_source(app, url: str, kind: str = "RSS", **fields) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        source = DataSource(name="News", type=DataSourceType(kind), config={"url": url}, **fields)
        db.session.add(source)
        db.session.commit()
        return source.id


def state(app, source_id: int) -> DataSource:  # type: ignore[no-untyped-def]
    with app.app_context():
        source = db.session.get(DataSource, source_id)
        db.session.expunge(source)
        return source


def test_sync_fetches_due_sources_and_keeps_the_last_good_data(app, clean_db, feeds, monkeypatch) -> None:
    allow_private(app, monkeypatch)
    feed = add_source(app, feeds.route("/feed", RSS))
    csv_url = feeds.route("/table.csv", "a,b\n1,2\n")
    table = add_source(app, csv_url, "CSV", refresh_interval=3600, last_fetched=NOW - timedelta(minutes=30))
    template = make_template(app)
    reader = make_playlist(app, template, [make_media(app, "Ticker", "RSS", data_source_id=feed)])
    other = make_playlist(app, template, [make_media(app)], name="Other")

    with app.app_context():
        assert sync_datasources(NOW.isoformat()) == [feed]  # the CSV is not due for 30 minutes
    source = state(app, feed)
    assert source.last_fetched == NOW and source.last_error is None
    assert [item["title"] for item in source.last_data["items"]] == ["One", "Two"]
    assert state(app, table).last_data is None

    def versions() -> tuple[int, int]:
        with app.app_context():
            return db.session.get(Playlist, reader).version, db.session.get(Playlist, other).version

    assert versions() == (2, 1)  # new data: the playlist reading it reloads

    # Not due again before its interval (900 s); then due, unchanged data bumps nothing.
    with app.app_context():
        assert sync_datasources((NOW + timedelta(seconds=899)).isoformat()) == []
        assert sync_datasources((NOW + timedelta(seconds=900)).isoformat()) == [feed]
    assert versions() == (2, 1)

    # The feed breaks: the error is recorded, the data and versions stay.
    feeds.route("/feed", "<html>maintenance</html>")
    later = NOW + timedelta(hours=1)
    with app.app_context():
        assert sync_datasources(later.isoformat()) == [feed, table]
    broken = state(app, feed)
    assert broken.last_error == "Not an RSS or Atom feed."
    assert broken.last_fetched == later
    assert [item["title"] for item in broken.last_data["items"]] == ["One", "Two"]
    assert versions() == (2, 1)
    assert state(app, table).last_data == {"columns": ["a", "b"], "rows": [["1", "2"]]}

    # It recovers with new items: the error clears and the playlist reloads.
    feeds.route("/feed", RSS.replace(b"Two", b"Three"))
    with app.app_context():
        sync_datasources((later + timedelta(hours=1)).isoformat())
    recovered = state(app, feed)
    assert recovered.last_error is None and recovered.last_data["items"][1]["title"] == "Three"
    assert versions() == (3, 1)


def test_sync_refuses_internal_addresses_by_default(app, clean_db, feeds) -> None:
    source_id = add_source(app, feeds.route("/feed", RSS))
    with app.app_context():
        assert sync_datasources(NOW.isoformat()) == [source_id]
    source = state(app, source_id)
    assert "loopback address: refused" in source.last_error and source.last_data is None
    assert feeds.requests == []


def test_the_deadline_covers_headers_trickled_byte_by_byte(monkeypatch) -> None:
    # Each byte arrives well within the socket timeout, so only a deadline on the whole
    # exchange stops this server: a header line that never ends, one byte every 0.2 s for
    # 30 s. The fetch must hang up on it, not wait it out.
    monkeypatch.setattr(fetch_module, "TIMEOUT_SECONDS", 1.0)
    listener = socket.create_server(("127.0.0.1", 0))
    outcome: dict[str, bool] = {}

    def trickle() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.recv(4096)
            for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 150:
                time.sleep(0.2)
                try:
                    conn.sendall(bytes([byte]))
                except OSError:
                    outcome["hung_up_on"] = True
                    return
            outcome["hung_up_on"] = False

    server = threading.Thread(target=trickle, daemon=True)
    server.start()
    try:
        with pytest.raises(FetchError, match="took longer than 1 seconds"):
            fetch(f"http://127.0.0.1:{listener.getsockname()[1]}/feed", allow_private=True)
        server.join(timeout=60)
        assert outcome == {"hung_up_on": True}
    finally:
        listener.close()


def test_a_sealed_header_reaches_the_feed_opened_and_a_foreign_key_says_so(
    app, clean_db, feeds, monkeypatch
) -> None:
    from signage.datasources.sources import create_source, refresh_source

    allow_private(app, monkeypatch)
    url = feeds.route("/feed", RSS)
    with app.app_context():
        source = create_source(
            name="News", type="RSS", config={"url": url, "headers": {"Authorization": "Bearer s3cret"}}
        )
        assert source.config["headers"]["Authorization"].startswith("enc:v1:")
        refresh_source(source.id, NOW)
        source_id = source.id
    assert feeds.requests[-1][1]["Authorization"] == "Bearer s3cret"
    # Another key (SECRET_KEY changed): the value cannot be opened, the source says what to do.
    settings = dataclasses.replace(app.config["SIGNAGE"], datasource_secret_key="another-key-" + "x" * 40)
    monkeypatch.setitem(app.config, "SIGNAGE", settings)
    with app.app_context():
        refresh_source(source_id, NOW)
    assert "type them again" in state(app, source_id).last_error
