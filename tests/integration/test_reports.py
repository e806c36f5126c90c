"""/api/admin/reports: proof of play as JSON and CSV, uptime from heartbeats (CONTRACT §9)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from signage.extensions import db
from signage.models import Media, MediaType, ProofOfPlay, Screen, ScreenHeartbeat
from tests.support import api_login, make_screen, make_user

T0 = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=3)


def z(dt: datetime) -> str:
    return dt.isoformat().replace("+00:00", "Z")


def seed(app) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    hall, lobby = make_screen(app, "Hall", "Paris"), make_screen(app, "Lobby", "Lyon")
    with app.app_context():
        media = Media(name='=HYPERLINK("http://evil")', type=MediaType.IMAGE)
        db.session.add(media)
        db.session.flush()
        for n in range(3):
            at = T0 + timedelta(minutes=n)
            db.session.add(
                ProofOfPlay(
                    client_id=f"h{n}", screen_id=hall, media_id=media.id, played_at=at, duration_seconds=10.0
                )
            )
        db.session.add(
            ProofOfPlay(client_id="l0", screen_id=lobby, media_id=None, played_at=T0, duration_seconds=5.5)
        )
        db.session.commit()
        return hall, lobby, media.id


def test_proof_of_play_json_filters_and_pages(app, client) -> None:
    hall, lobby, media = seed(app)
    make_user(app, "vi@example.com", "VIEWER")
    api_login(client, "vi@example.com")
    url = "/api/admin/reports/proof_of_play"
    everything = client.get(url).get_json()
    assert everything["total"] == 4
    first = everything["items"][0]
    assert first["screenName"] == "Hall" and first["playedAt"] == z(T0 + timedelta(minutes=2))
    assert first["mediaName"].startswith("=HYPERLINK") and first["siteName"] == "Paris"
    assert client.get(f"{url}?screenId={lobby}").get_json()["items"][0]["durationSeconds"] == 5.5
    with app.app_context():
        site = db.session.get(Screen, lobby).site_id
    assert client.get(f"{url}?siteId={site}").get_json()["total"] == 1
    assert client.get(f"{url}?mediaId={media}").get_json()["total"] == 3
    assert client.get(f"{url}?playlistId=1").get_json()["total"] == 0
    window = client.get(
        f"{url}?from={z(T0 + timedelta(minutes=1))}&to={z(T0 + timedelta(minutes=2))}"
    ).get_json()
    assert [item["clientId"] for item in window["items"]] == ["h1"]
    paged = client.get(f"{url}?limit=2&offset=2").get_json()
    assert paged["total"] == 4 and len(paged["items"]) == 2
    bad = client.get(f"{url}?from=yesterday")
    assert bad.status_code == 422 and "from" in bad.get_json()["error"]["fields"]
    assert client.get(f"{url}?format=xml").status_code == 422


def test_proof_of_play_csv_is_streamed_with_a_header_and_no_formulas(app, client) -> None:
    hall, _lobby, _media = seed(app)
    make_user(app, "vi@example.com", "VIEWER")
    api_login(client, "vi@example.com")
    response = client.get(f"/api/admin/reports/proof_of_play?format=csv&screenId={hall}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.is_streamed and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:4] == ["playedAt", "durationSeconds", "screenId", "screenName"]
    assert len(rows) == 4
    media_name = rows[1][rows[0].index("mediaName")]
    assert media_name == '\'=HYPERLINK("http://evil")'
    assert rows[1][rows[0].index("durationSeconds")] == "10.0"


def test_uptime_follows_the_heartbeats(app, client) -> None:
    steady, half, _silent = (
        make_screen(app, "A steady"),
        make_screen(app, "B half"),
        make_screen(app, "C silent"),
    )
    start = T0
    end = T0 + timedelta(hours=1)
    with app.app_context():
        # Every 30 s for the whole hour; every 30 s for the first half hour only.
        for n in range(120):
            db.session.add(ScreenHeartbeat(screen_id=steady, timestamp=start + timedelta(seconds=30 * n)))
            if n < 60:
                db.session.add(ScreenHeartbeat(screen_id=half, timestamp=start + timedelta(seconds=30 * n)))
        db.session.commit()
    make_user(app, "vi@example.com", "VIEWER")
    api_login(client, "vi@example.com")
    body = client.get(f"/api/admin/reports/uptime?from={z(start)}&to={z(end)}").get_json()
    assert body["from"] == z(start) and body["total"] == 3
    by_name = {item["screenName"]: item for item in body["items"]}
    assert by_name["A steady"]["onlineSeconds"] == 3600 and by_name["A steady"]["uptimePercent"] == 100
    # 30 minutes of beats, the last one covering 90 s more.
    assert by_name["B half"]["onlineSeconds"] == 1800 + 60
    assert by_name["C silent"] == {**by_name["C silent"], "onlineSeconds": 0, "uptimePercent": 0}
    assert client.get("/api/admin/reports/uptime?from=2020-01-01T00:00:00Z").status_code == 422
    assert client.get(f"/api/admin/reports/uptime?from={z(end)}&to={z(start)}").status_code == 422
