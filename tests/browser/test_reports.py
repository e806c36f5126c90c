"""The Reports page in Chromium: Chart.js (bundled from npm) draws each chart from the API's
JSON, the page's CSP refuses nothing; the screen page's heartbeat charts too; the export
buttons download the filtered rows (CSV and XLSX alike); the copy button of an activation link copies it."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from signage.extensions import db
from signage.models import PlayDay, ScreenDay, ScreenHeartbeat
from tests.browser.test_console import sign_in
from tests.content_support import make_media
from tests.support import make_screen, make_user


def test_the_reports_page_draws_its_charts(app, page: Page, console_errors: list[str]) -> None:
    screen = make_screen(app, "Vitrine", "Paris", "Europe/Paris")
    media = make_media(app, "Poster")
    today = datetime.now(UTC).date()
    with app.app_context():
        for back in range(3):
            day = today - timedelta(days=back)
            db.session.add(
                ScreenDay(
                    screen_id=screen, day=day, zone="Europe/Paris", length_seconds=86400, online_seconds=43200
                )
            )
            db.session.add(
                PlayDay(day=day, screen_id=screen, media_id=media, playlist_id=None, plays=5, seconds=50)
            )
        db.session.commit()
    make_user(app, "vic@example.com", "VIEWER")
    sign_in(page, "vic@example.com")
    page.goto(f"/admin/reports?from={(today - timedelta(days=6)).isoformat()}&to={today.isoformat()}")
    for chart, points in (("availability", "7"), ("plays", "7"), ("top-media", "1")):
        expect(page.locator(f'[data-chart="{chart}"]')).to_have_attribute("data-points", points)
    width = page.locator('[data-chart="plays"]').evaluate("canvas => canvas.width")
    assert width > 100  # drawn, not an empty element
    expect(page.get_by_test_id("availability")).to_contain_text("50.0 %")
    assert console_errors == []


def _download(page: Page, testid: str) -> Path:
    with page.expect_download() as info:
        page.get_by_test_id(testid).click()
    download = info.value
    assert download.failure() is None
    path = download.path()
    assert path is not None
    return Path(path).rename(Path(path).with_name(download.suggested_filename))


def test_the_export_buttons_download_the_filtered_rows(app, page: Page, console_errors: list[str]) -> None:
    shown = make_screen(app, "Vitrine", "Paris", "Europe/Paris")
    hidden = make_screen(app, "Entrepot", "Lyon", "Europe/Paris")
    media = make_media(app, "Poster")
    today = datetime.now(UTC).date()
    with app.app_context():
        for screen, plays in ((shown, 5), (hidden, 40)):
            for back in range(2):
                day = today - timedelta(days=back)
                db.session.add(
                    ScreenDay(
                        screen_id=screen,
                        day=day,
                        zone="Europe/Paris",
                        length_seconds=86400,
                        online_seconds=21600,
                    )
                )
                db.session.add(
                    PlayDay(
                        day=day,
                        screen_id=screen,
                        media_id=media,
                        playlist_id=None,
                        plays=plays + back,
                        seconds=9,
                    )
                )
        db.session.commit()
    make_user(app, "vic@example.com", "VIEWER")
    sign_in(page, "vic@example.com")
    page.goto(f"/admin/reports?from={(today - timedelta(days=6)).isoformat()}&to={today.isoformat()}")
    page.locator("#screenId").select_option(label="Vitrine")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_test_id("availability")).not_to_contain_text("Entrepot")
    for section in ("availability", "plays"):
        sheet_file = _download(page, f"{section}-xlsx")
        assert sheet_file.suffix == ".xlsx"
        sheet = list(load_workbook(sheet_file, read_only=True).worksheets[0].iter_rows(values_only=True))
        with _download(page, f"{section}-csv").open(newline="") as text:
            rows = list(csv.reader(text))
        assert list(sheet[0]) == rows[0] and len(sheet) == len(rows)
        if section == "plays":
            # Only the filtered screen's plays, the days as dates.
            assert [(cells[0].date().isoformat(), cells[1]) for cells in sheet[1:]] == [
                (day, int(plays)) for day, plays, _seconds in rows[1:]
            ]
            assert [cells[1] for cells in sheet[1:]] == [6, 5]
        else:
            assert [cells[1] for cells in sheet[1:]] == [row[1] for row in rows[1:]] == ["Vitrine"]
            assert sheet[1][3] == 25.0
    assert console_errors == []


def test_the_screen_page_draws_its_heartbeat_charts(app, page: Page, console_errors: list[str]) -> None:
    screen = make_screen(app, "Vitrine", "Paris", "Europe/Paris")
    now = datetime.now(UTC)
    with app.app_context():
        for n in range(20):
            db.session.add(
                ScreenHeartbeat(
                    screen_id=screen,
                    timestamp=now - timedelta(hours=3) + timedelta(minutes=n),
                    memory_usage_mb=None if n in (4, 5) else 100.0 + n,
                    uptime=600 + 60 * n,
                    is_visible=True,
                )
            )
        db.session.commit()
    make_user(app, "vic@example.com", "VIEWER")
    sign_in(page, "vic@example.com")
    page.goto(f"/admin/screens/{screen}")
    memory, uptime = (
        page.locator('[data-screen-chart="memory"]'),
        page.locator('[data-screen-chart="uptime"]'),
    )
    expect(memory).to_have_attribute("data-points", "18")  # two beats said no memory: gaps
    expect(uptime).to_have_attribute("data-points", "20")
    assert memory.evaluate("canvas => canvas.width") > 100  # drawn, not an empty element
    # Chart.js drew on the canvas: some pixels are not blank.
    inked = (
        "c => c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some((v, i) => i % 4 === 3 && v)"
    )
    assert uptime.evaluate(inked)
    assert page.locator("[data-testid=screen-monitoring] svg polyline").count() == 0
    assert console_errors == []


def test_the_activation_link_is_copied(app, page: Page, console_errors: list[str]) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    make_user(app, "ada@example.com", "ADMIN")
    screen = make_screen(app, "Vitrine")
    sign_in(page, "ada@example.com")
    page.goto(f"/admin/screens/{screen}/activate")
    page.get_by_role("button", name="Create an activation link").click()
    link = page.get_by_test_id("activation-url").inner_text()
    page.get_by_test_id("copy-activation-url").click()
    expect(page.get_by_test_id("copy-activation-url")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == link
    assert console_errors == []


def test_a_command_to_an_absent_screen_says_queued(app, page: Page, console_errors: list[str]) -> None:
    make_user(app, "ada@example.com", "ADMIN")
    screen = make_screen(app, "Vitrine")  # never connected: OFFLINE for the server
    sign_in(page, "ada@example.com")
    page.goto("/admin/monitoring")
    page.locator(f"[data-command=PLAYLIST_RELOAD][data-screen-id='{screen}']").click()
    note = page.locator("[data-command-note]")
    expect(note).to_contain_text("Reload playlist queued for Vitrine: it runs when the screen reconnects")
    assert console_errors == []
