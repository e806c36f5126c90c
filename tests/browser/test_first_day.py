"""The first-day traps in the console (issue 13), in Debian's Chromium: an alert to every
screen and a reboot ask first, and a "no" sends nothing."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from signage.extensions import db
from signage.models import Alert, CommandType, ScreenCommand
from tests.browser.test_console import sign_in
from tests.support import make_screen, make_user


def count(app, model) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_an_emergency_alert_to_all_screens_asks_first(app, page: Page, console_errors: list[str]) -> None:
    make_user(app, "ada@example.com", "ADMIN")
    make_screen(app, "Hall")
    sign_in(page, "ada@example.com")
    page.goto("/admin/alerts")
    form = page.get_by_test_id("emergency-form")
    form.get_by_label("Message").fill("Evacuate the building")
    questions: list[str] = []

    def answer(dialog, accept: bool) -> None:  # type: ignore[no-untyped-def]
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, False))
    form.get_by_role("button", name="Send emergency alert now").click()
    page.wait_for_timeout(300)
    assert questions == ["This alert goes to EVERY screen of every site. Send it?"]
    assert count(app, Alert) == 0 and page.url.endswith("/admin/alerts")

    page.once("dialog", lambda dialog: answer(dialog, True))
    form.get_by_role("button", name="Send emergency alert now").click()
    expect(page.get_by_text("Evacuate the building").first).to_be_visible()
    assert count(app, Alert) == 1 and len(questions) == 2
    assert not console_errors


def test_reboot_asks_first_and_no_sends_nothing(app, page: Page, console_errors: list[str]) -> None:
    make_user(app, "ada@example.com", "ADMIN")
    make_screen(app, "Hall")
    sign_in(page, "ada@example.com")
    page.goto("/admin/monitoring")
    questions: list[str] = []
    answers = [False, False, True]
    page.on(
        "dialog",
        lambda dialog: (
            questions.append(dialog.message),
            dialog.accept() if answers.pop(0) else dialog.dismiss(),
        ),
    )
    page.get_by_role("button", name="Reboot").click()
    page.get_by_role("button", name="Restart browser").click()
    page.wait_for_timeout(300)
    assert questions == [
        "Reboot Hall? The screen stays dark for a minute or two.",
        "Restart the browser of Hall? The screen shows nothing for a few seconds.",
    ]
    assert count(app, ScreenCommand) == 0
    # A yes goes through to the page's own handler: the command is queued.
    page.get_by_role("button", name="Reboot").click()
    expect(page.locator("[data-command-note]")).not_to_be_empty()
    with app.app_context():
        assert db.session.scalars(select(ScreenCommand.command)).all() == [CommandType.REBOOT]
    assert not console_errors
