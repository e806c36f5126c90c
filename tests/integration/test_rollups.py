"""Daily rollups against hand-computed numbers: a Paris screen flapping across midnight into
the 23-hour day of the spring DST change, late plays, idempotence, retention."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from signage.extensions import db
from signage.models import PlayDay, PlayerError, ProofOfPlay, Screen, ScreenDay, ScreenHeartbeat
from signage.monitoring.rollups import roll_up_days
from tests.content_support import make_media
from tests.support import api_login, make_screen, make_user

ONLINE_FROM = datetime(2026, 3, 28, 22, 30, tzinfo=UTC)  # 23:30 in Paris, the night clocks go forward
NOW = datetime(2026, 3, 30, 12, 0, tzinfo=UTC)


def _days(app, screen_id: int) -> dict[date, tuple]:  # type: ignore[no-untyped-def,type-arg]
    with app.app_context():
        rows = db.session.scalars(select(ScreenDay).where(ScreenDay.screen_id == screen_id))
        return {
            r.day: (r.length_seconds, r.online_seconds, r.heartbeats, r.plays, r.play_seconds, r.errors)
            for r in rows
        }


def _play(app, screen_id: int, media_id: int, at: datetime, client_id: str) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        db.session.add(
            ProofOfPlay(
                client_id=client_id, screen_id=screen_id, media_id=media_id, played_at=at, duration_seconds=10
            )
        )
        db.session.commit()


def test_a_screen_flapping_across_midnight_into_the_short_dst_day(app, clean_db) -> None:
    paris = make_screen(app, "Vitrine", "Paris", "Europe/Paris")
    media = make_media(app)
    with app.app_context():
        # Online from 23:30 to 00:30 local: a beat every 30 s, 121 beats.
        db.session.add_all(
            ScreenHeartbeat(screen_id=paris, timestamp=ONLINE_FROM + timedelta(seconds=30 * n))
            for n in range(121)
        )
        db.session.add(
            PlayerError(
                screen_id=paris,
                hour=datetime(2026, 3, 28, 23, 0, tzinfo=UTC),
                digest="d",
                type="MEDIA_LOAD",
                message="404",
                count=3,
                first_at=datetime(2026, 3, 28, 23, 5, tzinfo=UTC),
                last_at=datetime(2026, 3, 28, 23, 50, tzinfo=UTC),
            )
        )
        db.session.commit()
    _play(app, paris, media, datetime(2026, 3, 28, 22, 59, 59, tzinfo=UTC), "a")  # 23:59:59 on the 28th
    _play(app, paris, media, datetime(2026, 3, 28, 23, 0, 0, tzinfo=UTC), "b")  # midnight: the 29th

    with app.app_context():
        roll_up_days(NOW.isoformat())
    days = _days(app, paris)
    # (elapsed length, online seconds, heartbeats, plays, play seconds, errors)
    assert days[date(2026, 3, 28)] == (86400, 1800.0, 60, 1, 10.0, 0)
    # 23 hours long; 30 minutes of beats plus the last one's 90 s.
    assert days[date(2026, 3, 29)] == (82800, 1890.0, 61, 1, 10.0, 3)
    # Today so far: from 22:00Z (midnight, summer time) to noon UTC.
    assert days[date(2026, 3, 30)] == (14 * 3600, 0.0, 0, 0, 0.0, 0)
    assert set(days) == {date(2026, 3, 27), date(2026, 3, 28), date(2026, 3, 29), date(2026, 3, 30)}

    with app.app_context():  # the same run again: the same numbers, nothing twice
        roll_up_days(NOW.isoformat())
        assert len(db.session.scalars(select(PlayDay)).all()) == 2
    assert _days(app, paris) == days

    # A play that arrives late from the offline outbox lands on its own day at the next run.
    _play(app, paris, media, datetime(2026, 3, 28, 12, 0, tzinfo=UTC), "late")
    with app.app_context():
        roll_up_days((NOW + timedelta(hours=1)).isoformat())
        [row] = db.session.scalars(select(PlayDay).where(PlayDay.day == date(2026, 3, 28))).all()
        assert (row.media_id, row.plays, row.seconds) == (media, 2, 20.0)


def test_each_screen_counts_its_own_local_day(app, clean_db) -> None:
    paris = make_screen(app, "Paris screen", "Paris", "Europe/Paris")
    montreal = make_screen(app, "Montréal screen", "Montréal", "America/Montreal")
    media = make_media(app)
    at = datetime(2026, 3, 2, 2, 30, tzinfo=UTC)  # 3:30 on the 2nd in Paris, 21:30 on the 1st in Montréal
    _play(app, paris, media, at, "p")
    _play(app, montreal, media, at, "m")
    with app.app_context():
        roll_up_days(datetime(2026, 3, 3, 12, 0, tzinfo=UTC).isoformat())
    assert _days(app, paris)[date(2026, 3, 2)][3] == 1
    assert _days(app, montreal)[date(2026, 3, 1)][3] == 1
    assert _days(app, montreal)[date(2026, 3, 2)][3] == 0


def test_rollups_and_old_errors_go_after_their_retention(app, clean_db) -> None:
    screen = make_screen(app)
    with app.app_context():
        for age in (401, 399):
            db.session.add(
                ScreenDay(
                    screen_id=screen, day=(NOW - timedelta(days=age)).date(), zone="UTC", length_seconds=86400
                )
            )
        db.session.add(
            PlayerError(
                screen_id=screen,
                hour=NOW - timedelta(days=8),
                digest="old",
                type="X",
                message="",
                count=1,
                first_at=NOW - timedelta(days=8),
                last_at=NOW - timedelta(days=8),
            )
        )
        db.session.commit()
        roll_up_days(NOW.isoformat())
        days = set(db.session.scalars(select(ScreenDay.day)))
        assert (NOW - timedelta(days=401)).date() not in days and (NOW - timedelta(days=399)).date() in days
        assert db.session.scalars(select(PlayerError)).all() == []


def test_availability_and_plays_reports_read_the_rollups(app, clean_db) -> None:
    paris = make_screen(app, "Vitrine", "Paris", "Europe/Paris")
    other = make_screen(app, "Caisse", "Paris", "Europe/Paris")
    poster, promo = make_media(app, "Poster"), make_media(app, "Promo")
    with app.app_context():
        site_id = db.session.get(Screen, paris).site_id
        for day, online in ((date(2026, 11, 1), 43200.0), (date(2026, 11, 2), 86400.0)):
            db.session.add(
                ScreenDay(
                    screen_id=paris, day=day, zone="Europe/Paris", length_seconds=86400, online_seconds=online
                )
            )
            db.session.add(
                ScreenDay(
                    screen_id=other, day=day, zone="Europe/Paris", length_seconds=86400, online_seconds=0.0
                )
            )
        db.session.add_all(
            [
                PlayDay(
                    day=date(2026, 11, 1),
                    screen_id=paris,
                    media_id=poster,
                    playlist_id=None,
                    plays=5,
                    seconds=50,
                ),
                PlayDay(
                    day=date(2026, 11, 2),
                    screen_id=paris,
                    media_id=promo,
                    playlist_id=None,
                    plays=9,
                    seconds=90,
                ),
                PlayDay(
                    day=date(2026, 11, 2),
                    screen_id=other,
                    media_id=promo,
                    playlist_id=None,
                    plays=1,
                    seconds=10,
                ),
                PlayDay(
                    day=date(2026, 12, 2),
                    screen_id=other,
                    media_id=promo,
                    playlist_id=None,
                    plays=7,
                    seconds=70,
                ),
            ]
        )
        db.session.commit()
    make_user(app, "viewer@example.com", "VIEWER")
    console = app.test_client()
    api_login(console, "viewer@example.com")
    period = {"from": "2026-11-01", "to": "2026-11-30", "siteId": site_id}
    report = console.get("/api/admin/reports/availability", query_string=period).get_json()
    assert [(d["day"], d["uptimePercent"]) for d in report["days"]] == [
        ("2026-11-01", 25.0),
        ("2026-11-02", 50.0),
    ]
    by_name = {s["screenName"]: s for s in report["screens"]}
    assert by_name["Vitrine"]["uptimePercent"] == 75.0 and by_name["Caisse"]["uptimePercent"] == 0.0
    plays = console.get("/api/admin/reports/plays-by-day", query_string=period).get_json()
    assert [(d["day"], d["plays"]) for d in plays["days"]] == [("2026-11-01", 5), ("2026-11-02", 10)]
    assert [(m["mediaName"], m["plays"]) for m in plays["topMedia"]] == [("Promo", 10), ("Poster", 5)]
    assert [(s["screenName"], s["plays"]) for s in plays["byScreen"]] == [("Vitrine", 14), ("Caisse", 1)]
    only_poster = console.get("/api/admin/reports/plays-by-day", query_string={**period, "mediaId": poster})
    assert only_poster.get_json()["byScreen"] == [
        {"screenId": str(paris), "screenName": "Vitrine", "plays": 5, "seconds": 50.0}
    ]
    bad = console.get(
        "/api/admin/reports/availability", query_string={"from": "2026-11-30", "to": "2026-11-01"}
    )
    assert bad.status_code == 422 and set(bad.get_json()["error"]["fields"]) == {"to"}
    assert console.get("/api/admin/reports/plays-by-day").status_code == 422


def test_the_reports_page_shows_the_tables_and_exports_csv(app, clean_db) -> None:
    from tests.integration.test_admin_pages import sign_in

    paris = make_screen(app, "Vitrine", "Paris", "Europe/Paris")
    poster = make_media(app, "Poster")
    with app.app_context():
        db.session.add(
            ScreenDay(
                screen_id=paris,
                day=date(2026, 11, 2),
                zone="Europe/Paris",
                length_seconds=86400,
                online_seconds=43200.0,
            )
        )
        db.session.add(
            PlayDay(
                day=date(2026, 11, 2), screen_id=paris, media_id=poster, playlist_id=None, plays=7, seconds=70
            )
        )
        db.session.commit()
    make_user(app, "viewer@example.com", "VIEWER")
    client = app.test_client()
    sign_in(client, "viewer@example.com")
    page = client.get("/admin/reports?from=2026-11-01&to=2026-11-30").get_data(as_text=True)
    assert "Vitrine" in page and "50.0 %" in page and "Poster" in page
    assert "/api/admin/reports/availability?from=2026-11-01&amp;to=2026-11-30" in page
    csv_body = client.get("/api/admin/reports/availability?from=2026-11-01&to=2026-11-30&format=csv")
    assert csv_body.mimetype == "text/csv"
    lines = csv_body.get_data(as_text=True).splitlines()
    assert (
        lines[0].startswith("screenId,screenName,siteId,uptimePercent")
        and ",Vitrine," in lines[1]
        and ",50.0," in lines[1]
    )
    plays_csv = client.get(
        "/api/admin/reports/plays-by-day?from=2026-11-01&to=2026-11-30&format=csv"
    ).get_data(as_text=True)
    assert plays_csv.splitlines() == ["day,plays,seconds", "2026-11-02,7,70.0"]
    assert (
        client.get("/api/admin/reports/plays-by-day?from=2026-11-01&to=2026-11-30&format=xml").status_code
        == 422
    )
    assert "Rapports</h1>" in client.get("/admin/reports?lang=fr").get_data(as_text=True)
