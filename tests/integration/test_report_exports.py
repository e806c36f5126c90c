"""XLSX exports beside the CSV ones (issue 17): the same rows, read back with openpyxl; instants
as Excel dates on the site's clock, days as Excel dates, numbers as numbers, text never a
formula."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from signage.extensions import db
from signage.models import Media, MediaType, PlayDay, ProofOfPlay, Screen, ScreenDay
from tests.content_support import make_media
from tests.support import api_login, make_screen, make_user

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Either side of the autumn change in Paris: at 01:00 UTC clocks go back from 03:00 to 02:00.
PLAYED = [datetime(2026, 10, 25, 0, 30, tzinfo=UTC), datetime(2026, 10, 25, 1, 30, tzinfo=UTC)]


def _sheet(response) -> list[tuple]:  # type: ignore[no-untyped-def,type-arg]
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == XLSX
    book = load_workbook(io.BytesIO(response.get_data()), read_only=True)
    return list(book.worksheets[0].iter_rows(values_only=True))


def _csv(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def _same(value: object, text: str) -> bool:
    if isinstance(value, int | float):
        return value == float(text)
    return (value or "") == text


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_proof_of_play_xlsx_has_the_csv_rows_on_the_sites_clock(app, client) -> None:
    paris = make_screen(app, "Hall", "Paris", "Europe/Paris")
    tokyo = make_screen(app, "Lobby", "Tokyo", "Asia/Tokyo")
    with app.app_context():
        media = Media(name='=HYPERLINK("http://evil")', type=MediaType.IMAGE)
        db.session.add(media)
        db.session.flush()
        for n, at in enumerate(PLAYED):
            db.session.add(
                ProofOfPlay(
                    client_id=f"p{n}", screen_id=paris, media_id=media.id, played_at=at, duration_seconds=10.5
                )
            )
        db.session.add(
            ProofOfPlay(
                client_id="t0", screen_id=tokyo, media_id=None, played_at=PLAYED[0], duration_seconds=3
            )
        )
        db.session.commit()
    make_user(app, "vi@example.com", "VIEWER")
    api_login(client, "vi@example.com")
    url = "/api/admin/reports/proof_of_play"
    for query in ("", f"&screenId={paris}"):
        response = client.get(f"{url}?format=xlsx{query}")
        disposition = response.headers["Content-Disposition"]
        assert (
            disposition.startswith("attachment;")
            and ".xlsx" in disposition
            and "proof-of-play-" in disposition
        )
        sheet = _sheet(response)
        rows = _csv(client.get(f"{url}?format=csv{query}"))
        header = rows[0]
        assert list(sheet[0]) == [*header, "timeZone"]
        assert len(sheet) == len(rows) == (4 if not query else 3)
        for cells, line in zip(sheet[1:], rows[1:], strict=True):
            by_name = dict(zip(sheet[0], cells, strict=True))
            zone = ZoneInfo(by_name["timeZone"])
            for column, text in zip(header, line, strict=True):
                value = by_name[column]
                if column in ("playedAt", "receivedAt") or (column == "syncedAt" and text):
                    # The wall clock of the screen's site, as Excel shows it (second precision).
                    local = _instant(text).astimezone(zone).replace(tzinfo=None, microsecond=0)
                    assert value.replace(microsecond=0) == local, column
                elif column == "mediaName" and text:
                    assert value == '=HYPERLINK("http://evil")' and text == "'" + value  # text, not a formula
                else:
                    assert _same(value, text), column
    sheet = _sheet(client.get(f"{url}?format=xlsx&screenId={paris}"))
    played = [row[0] for row in sheet[1:]]
    # 02:30 CEST then 02:30 CET: the same wall clock an hour apart, newest first.
    assert played == [datetime(2026, 10, 25, 2, 30), datetime(2026, 10, 25, 2, 30)]
    tokyo_row = _sheet(client.get(f"{url}?format=xlsx&screenId={tokyo}"))[1]
    assert tokyo_row[0] == datetime(2026, 10, 25, 9, 30) and tokyo_row[-1] == "Asia/Tokyo"


def test_an_export_too_big_for_a_sheet_is_refused(app, client, monkeypatch: pytest.MonkeyPatch) -> None:
    screen = make_screen(app, "Hall")
    with app.app_context():
        db.session.add_all(
            ProofOfPlay(client_id=f"c{n}", screen_id=screen, played_at=PLAYED[0], duration_seconds=1)
            for n in range(3)
        )
        db.session.commit()
    make_user(app, "vi@example.com", "VIEWER")
    api_login(client, "vi@example.com")
    # The export's limit is 100,000 rows; two stand for it here.
    monkeypatch.setattr("signage.web.api.reports.EXPORT_ROWS", 2)
    refused = client.get("/api/admin/reports/proof_of_play?format=xlsx")
    assert refused.status_code == 422
    assert set(refused.get_json()["error"]["fields"]) == {"format"}
    assert "at most 2 rows" in refused.get_json()["error"]["fields"]["format"]
    assert client.get("/api/admin/reports/proof_of_play?format=pdf").status_code == 422
    french = client.get("/api/admin/reports/proof_of_play?format=xlsx", headers={"Accept-Language": "fr"})
    assert "2" in french.get_json()["error"]["fields"]["format"]


def test_availability_and_plays_by_day_xlsx_match_their_csv(app, clean_db) -> None:
    paris = make_screen(app, "Vitrine", "Paris", "Europe/Paris")
    poster = make_media(app, "Poster")
    with app.app_context():
        site_id = db.session.get(Screen, paris).site_id
        for back, online in ((0, 43200.0), (1, 86400.0)):
            day = date(2026, 11, 2) - timedelta(days=back)
            db.session.add(
                ScreenDay(
                    screen_id=paris, day=day, zone="Europe/Paris", length_seconds=86400, online_seconds=online
                )
            )
            db.session.add(
                PlayDay(
                    day=day, screen_id=paris, media_id=poster, playlist_id=None, plays=7 + back, seconds=70
                )
            )
        db.session.commit()
    make_user(app, "viewer@example.com", "VIEWER")
    client = app.test_client()
    api_login(client, "viewer@example.com")
    period = {"from": "2026-11-01", "to": "2026-11-30", "siteId": site_id}
    url = "/api/admin/reports/availability"
    available = client.get(url, query_string={**period, "format": "xlsx"})
    assert (
        available.headers["Content-Disposition"]
        == "attachment; filename=availability-2026-11-01-2026-11-30.xlsx"
    )
    sheet, rows = _sheet(available), _csv(client.get(url, query_string={**period, "format": "csv"}))
    assert list(sheet[0]) == rows[0] and len(sheet) == len(rows) == 2
    by_name = dict(zip(sheet[0], sheet[1], strict=True))
    assert by_name["screenName"] == "Vitrine" and by_name["uptimePercent"] == 75.0
    assert all(_same(value, text) for value, text in zip(sheet[1], rows[1], strict=True))
    url = "/api/admin/reports/plays-by-day"
    sheet, rows = (
        _sheet(client.get(url, query_string={**period, "format": "xlsx"})),
        _csv(client.get(url, query_string={**period, "format": "csv"})),
    )
    assert rows == [["day", "plays", "seconds"], ["2026-11-01", "8", "70.0"], ["2026-11-02", "7", "70.0"]]
    assert sheet == [
        ("day", "plays", "seconds"),
        (datetime(2026, 11, 1), 8, 70),
        (datetime(2026, 11, 2), 7, 70),
    ]
    assert client.get(url, query_string={**period, "format": "ods"}).status_code == 422
