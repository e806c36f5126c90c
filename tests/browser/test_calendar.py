"""The calendar in Chromium: a schedule drawn, moved and stretched on a screen's week goes
through the schedules API, and the screen then plays it in its new window."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from playwright.sync_api import Page, expect

from signage.extensions import db
from signage.models import Alert, AlertTarget, Schedule
from tests.browser.test_console import sign_in
from tests.content_support import make_media, make_playlist, make_template
from tests.support import make_screen, make_user

HOUR = 40  # pixels per hour in the calendar (static/console/src/calendar.js)


def drag(page: Page, x: float, y: float, to_x: float, to_y: float) -> None:
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move((x + to_x) / 2, (y + to_y) / 2, steps=5)
    page.mouse.move(to_x, to_y, steps=5)
    page.mouse.up()


def column_box(page: Page, day: str) -> dict[str, float]:
    box = page.locator(f'[data-day-column="{day}"]').bounding_box()
    assert box is not None
    return box


def playing(page: Page, screen_id: int, at: str) -> str | None:
    answer = page.request.get(f"/api/admin/screens/{screen_id}/preview?at={at}")
    assert answer.ok, answer.text()
    playlist = answer.json()["playlist"]
    return playlist and playlist["id"]


def test_a_schedule_is_drawn_moved_and_stretched_on_the_calendar(app, page: Page) -> None:
    make_user(app, "ed@example.com", "EDITOR")
    screen_id = make_screen(app, "Lobby", site_name="Paris", timezone="Europe/Paris")
    playlist_id = make_playlist(app, make_template(app), [make_media(app)], name="Morning news")
    sign_in(page, "ed@example.com")
    page.goto(f"/admin/screens/{screen_id}/calendar?start=2026-12-09")  # a Wednesday: its week
    expect(page.locator("[data-day-column]")).to_have_count(7)
    expect(page.locator("[data-day-column]").first).to_have_attribute("data-day-column", "2026-12-07")
    page.locator("[data-scroller]").scroll_into_view_if_needed()

    # Drawn on Tuesday from 10:00 to 12:00 (Paris), then named in the dialog.
    tuesday = column_box(page, "2026-12-08")
    x = tuesday["x"] + tuesday["width"] / 2
    drag(page, x, tuesday["y"] + 10 * HOUR + 2, x, tuesday["y"] + 12 * HOUR)
    dialog = page.get_by_role("dialog", name="New schedule")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Name")).to_be_focused()
    dialog.get_by_label("Name").fill("Morning")
    dialog.get_by_label("Playlist").select_option(str(playlist_id))
    dialog.get_by_role("button", name="Create").click()
    expect(page.get_by_test_id("calendar-status")).to_contain_text("Schedule Morning created.")
    block = page.locator("[data-block]")
    expect(block).to_have_count(1)
    expect(block).to_have_attribute("data-day", "2026-12-08")
    expect(block).to_have_attribute("data-start", "10:00")
    expect(block).to_have_attribute("data-end", "12:00")
    assert playing(page, screen_id, "2026-12-08T09:30:00Z") == str(playlist_id)  # 10:30 in Paris

    # Moved to Thursday, one hour later.
    box = block.bounding_box()
    assert box is not None
    thursday = column_box(page, "2026-12-10")
    start_x, start_y = box["x"] + box["width"] / 2, box["y"] + 15
    drag(page, start_x, start_y, thursday["x"] + thursday["width"] / 2, start_y + HOUR)
    expect(page.get_by_test_id("calendar-status")).to_contain_text("Schedule Morning saved")
    expect(block).to_have_attribute("data-day", "2026-12-10")
    expect(block).to_have_attribute("data-start", "11:00")
    expect(block).to_have_attribute("data-end", "13:00")

    # Its bottom edge pulled down an hour.
    box = block.bounding_box()
    assert box is not None
    bottom = box["y"] + box["height"] - 3
    drag(page, box["x"] + box["width"] / 2, bottom, box["x"] + box["width"] / 2, bottom + HOUR)
    expect(block).to_have_attribute("data-end", "14:00")

    # The API resolves the new window, and only it.
    assert playing(page, screen_id, "2026-12-08T09:30:00Z") is None
    assert playing(page, screen_id, "2026-12-10T09:59:00Z") is None  # 10:59 in Paris
    assert playing(page, screen_id, "2026-12-10T10:00:00Z") == str(playlist_id)
    assert playing(page, screen_id, "2026-12-10T12:59:00Z") == str(playlist_id)
    assert playing(page, screen_id, "2026-12-10T13:00:00Z") is None
    with app.app_context():
        (row,) = db.session.query(Schedule).all()
        window = (row.start_date.isoformat(), row.start_time, row.end_date.isoformat(), row.end_time)
        assert not row.is_recurring and window == ("2026-12-10", "11:00", "2026-12-10", "14:00")

    # The keyboard moves it too: a quarter of an hour earlier.
    block.focus()
    page.keyboard.press("ArrowUp")
    expect(block).to_have_attribute("data-start", "10:45")
    expect(block).to_be_focused()


def test_an_interruption_is_marked_and_the_day_view_pages_by_day(app, page: Page) -> None:
    make_user(app, "ed@example.com", "EDITOR")
    screen_id = make_screen(app, "Lobby", site_name="Paris", timezone="Europe/Paris")
    playlist_id = make_playlist(app, make_template(app), [make_media(app)])
    with app.app_context():
        db.session.add(
            Schedule(
                name="Weekly",
                target_type="SCREEN",
                target_id=screen_id,
                playlist_id=playlist_id,
                priority=80,
                start_time="08:00",
                end_time="09:00",
                days_of_week=[1],
                is_interruption=True,
            )
        )
        db.session.add(
            Alert(
                title="Fire drill",
                target_type=AlertTarget.ALL,
                is_active=True,
                start_at=datetime(2026, 12, 7, 13, 0, tzinfo=UTC),
                end_at=datetime(2026, 12, 7, 14, 30, tzinfo=UTC),
            )
        )
        db.session.commit()
    sign_in(page, "ed@example.com")
    page.goto(f"/admin/screens/{screen_id}/calendar?start=2026-12-07")
    block = page.locator("[data-block]")
    expect(block).to_have_count(1)
    label = "Weekly, Loop, Mon, Dec 7 08:00–09:00, priority 80; interruption"
    expect(block).to_have_attribute("aria-label", label)
    alert = page.get_by_role("link", name="Alert Fire drill, Mon, Dec 7 14:00–15:30")
    expect(alert).to_have_attribute("data-alert", re.compile(r"^\d+$"))
    page.get_by_role("button", name="Day", exact=True).click()
    expect(page.locator("[data-day-column]")).to_have_count(1)
    expect(page).to_have_url(f"/admin/screens/{screen_id}/calendar?start=2026-12-07&days=1")
    page.get_by_role("button", name="Next →").click()
    expect(page.locator("[data-day-column]")).to_have_attribute("data-day-column", "2026-12-08")
    expect(block).to_have_count(0)
    expect(page.locator("[data-alert]")).to_have_count(0)


def test_a_switched_off_schedule_shows_greyed_on_the_calendar(app, page: Page) -> None:
    make_user(app, "ed@example.com", "EDITOR")
    screen_id = make_screen(app, "Lobby", site_name="Paris", timezone="Europe/Paris")
    playlist_id = make_playlist(app, make_template(app), [make_media(app)], name="Morning news")
    with app.app_context():
        for name, enabled in (("On", True), ("Paused", False)):
            db.session.add(
                Schedule(
                    name=name, target_type="SCREEN", target_id=screen_id, playlist_id=playlist_id,
                    start_time="10:00", end_time="12:00", days_of_week=[1], is_enabled=enabled,
                )
            )  # fmt: skip
        db.session.commit()
    sign_in(page, "ed@example.com")
    page.goto(f"/admin/screens/{screen_id}/calendar?start=2026-12-07")
    blocks = page.locator("[data-block]")
    expect(blocks).to_have_count(2)
    paused = page.locator("[data-block][data-disabled]")
    expect(paused).to_have_count(1)
    expect(paused).to_contain_text("Paused")
    expect(paused).to_have_attribute("aria-label", re.compile("switched off: it does not play"))
    assert float(paused.evaluate("el => getComputedStyle(el).opacity")) < 0.5
    assert "grayscale" in paused.evaluate("el => getComputedStyle(el).filter")
    on = page.locator("[data-block]:not([data-disabled])")
    expect(on).to_contain_text("On")
    assert float(on.evaluate("el => getComputedStyle(el).opacity")) == 1
