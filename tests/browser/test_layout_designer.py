"""The layout designer in Chromium: zones dragged, resized, snapped, nudged and added from the
palette are saved as the percentages the canvas shows."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from signage.extensions import db
from signage.models import Template
from tests.browser.test_console import sign_in
from tests.content_support import make_playlist, make_template
from tests.support import make_user

START = [{"id": "main", "name": "Main", "type": "CONTENT", "x": 0, "y": 0, "width": 50, "height": 50}]


def drag(page: Page, x: float, y: float, to_x: float, to_y: float) -> None:
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + (to_x - x) / 2, y + (to_y - y) / 2, steps=5)
    page.mouse.move(to_x, to_y, steps=5)
    page.mouse.up()


def drawn(page: Page) -> dict[str, dict[str, float]]:
    """Each zone's box as drawn, in percent of the canvas."""
    return page.evaluate(
        """() => {
          const canvas = document.querySelector('[data-canvas]').getBoundingClientRect();
          const out = {};
          for (const el of document.querySelectorAll('[data-zone-box]')) {
            const r = el.getBoundingClientRect();
            out[el.dataset.zoneBox] = {
              x: (r.left - canvas.left) / canvas.width * 100, y: (r.top - canvas.top) / canvas.height * 100,
              width: r.width / canvas.width * 100, height: r.height / canvas.height * 100,
            };
          }
          return out;
        }"""
    )


def test_zones_drawn_on_the_canvas_are_saved_as_drawn(app, page: Page) -> None:
    make_user(app, "ed@example.com", "EDITOR")
    template_id = make_template(app, START)
    sign_in(page, "ed@example.com")
    page.goto(f"/admin/templates/{template_id}")
    canvas = page.locator("[data-canvas]")
    box = canvas.bounding_box()
    assert box is not None
    main = page.locator('[data-zone-box="main"]')

    # Moved by 23.7 % × 11.2 %: the 5 % grid takes it to 25 × 10.
    start_x, start_y = box["x"] + box["width"] * 0.2, box["y"] + box["height"] * 0.2
    drag(page, start_x, start_y, start_x + box["width"] * 0.237, start_y + box["height"] * 0.112)
    expect(main).to_have_attribute("data-x", "25")
    expect(main).to_have_attribute("data-y", "10")
    expect(page.get_by_label("X (%)")).to_have_value("25")

    # The bottom-right handle pulled to 88.2 % × 71.6 %: the grid gives 90 × 70.
    handle = main.locator('[data-handle="bottom right"]').bounding_box()
    assert handle is not None
    drag(
        page,
        handle["x"] + handle["width"] / 2,
        handle["y"] + handle["height"] / 2,
        box["x"] + box["width"] * 0.882,
        box["y"] + box["height"] * 0.716,
    )
    expect(main).to_have_attribute("data-width", "65")
    expect(main).to_have_attribute("data-height", "60")

    # A clock from the palette, dragged so its left edge comes near the main zone's right
    # edge (90 %) but off the grid: it sticks to the edge.
    page.get_by_role("button", name="+ Clock").click()
    clock = page.locator('[data-zone-box="clock"]')
    expect(clock).to_be_focused()
    clock_box = clock.bounding_box()
    assert clock_box is not None
    grab_x, grab_y = clock_box["x"] + 10, clock_box["y"] + 10
    drag(page, grab_x, grab_y, grab_x + box["width"] * 0.893, grab_y + box["height"] * 0.031)
    expect(clock).to_have_attribute("data-x", "75")  # 100 - 25: its right edge on the screen's
    at_x, at_y = grab_x + box["width"] * 0.893, grab_y + box["height"] * 0.031
    drag(page, at_x, at_y, at_x - box["width"] * 0.152, at_y)
    expect(clock).to_have_attribute("data-x", "60")
    expect(page.get_by_test_id("designer-warnings")).to_contain_text("Main and Clock overlap.")

    # Keyboard: Shift + arrow moves 10 %, Alt + arrow resizes by the grid; undo takes it back.
    clock.focus()
    page.keyboard.press("Shift+ArrowDown")
    expect(clock).to_have_attribute("data-y", "15")  # 5 (the grid, after the drags) + 10
    page.keyboard.press("Alt+ArrowLeft")
    expect(clock).to_have_attribute("data-width", "20")
    page.keyboard.press("Control+z")
    expect(clock).to_have_attribute("data-width", "25")
    page.keyboard.press("Control+y")
    expect(clock).to_have_attribute("data-width", "20")

    # The numbers move the box, and the clock's settings replace raw styleJson.
    page.get_by_label("Y (%)").fill("75")
    page.get_by_label("Y (%)").press("Tab")
    expect(clock).to_have_attribute("data-y", "75")
    expect(page.get_by_test_id("designer-warnings")).to_be_empty()
    page.get_by_label("Time format").select_option("HH:mm:ss")
    page.get_by_label("Time zone").fill("Europe/Paris")
    page.get_by_label("Time zone").press("Tab")
    page.get_by_role("button", name="Bring to front").click()
    # A dataset zone shows chosen columns, in a chosen colour.
    page.get_by_role("button", name="+ Dataset").click()
    settings = page.locator('[data-settings="DATASET"]')
    settings.get_by_label("Columns shown, in order (comma-separated; empty: all)").fill("Train, , Time")
    settings.get_by_label("Text colour").fill("#fde047")
    settings.get_by_label("Text colour").press("Tab")

    expected = drawn(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Template saved.")).to_be_visible()

    with app.app_context():
        zones = {z["id"]: z for z in db.session.get(Template, template_id).zones}
    assert set(zones) == {"main", "clock", "dataset"}
    assert zones["dataset"]["styleJson"] == {"columns": ["Train", "Time"], "color": "#fde047"}
    for zone_id, rect in expected.items():
        for key, value in rect.items():
            assert abs(zones[zone_id][key] - value) <= 0.5, (zone_id, key, zones[zone_id][key], value)
    assert (zones["main"]["x"], zones["main"]["y"], zones["main"]["width"], zones["main"]["height"]) == (
        25,
        10,
        65,
        60,
    )
    assert zones["clock"]["type"] == "CLOCK" and (zones["clock"]["x"], zones["clock"]["y"]) == (60, 75)
    assert zones["clock"]["styleJson"] == {"format": "HH:mm:ss", "timezone": "Europe/Paris"}
    assert zones["clock"]["zIndex"] > zones["main"]["zIndex"]
    assert zones["dataset"]["zIndex"] > zones["clock"]["zIndex"]  # added on top


def test_a_portrait_canvas_keeps_percentages(app, page: Page) -> None:
    make_user(app, "ed@example.com", "EDITOR")
    template_id = make_template(app, START)
    sign_in(page, "ed@example.com")
    page.goto(f"/admin/templates/{template_id}")
    page.get_by_label("Canvas").select_option("1080x1920")
    canvas = page.locator("[data-canvas]")
    expect(canvas).to_have_attribute("data-resolution", "1080x1920")
    box = canvas.bounding_box()
    assert box is not None and box["height"] > box["width"] * 1.7
    zone = drawn(page)["main"]
    assert abs(zone["width"] - 50) < 0.5 and abs(zone["height"] - 50) < 0.5
    page.get_by_label("Canvas").select_option("custom")
    page.get_by_label("Width (px)").fill("1000")
    page.get_by_label("Height (px)").fill("500")
    page.get_by_label("Height (px)").press("Tab")
    expect(canvas).to_have_attribute("data-resolution", "1000x500")
    page.reload()  # not saved: the template's stored canvas comes back
    expect(canvas).to_have_attribute("data-resolution", "1920x1080")


def test_a_portrait_canvas_is_saved_with_the_template_and_its_thumbnail(app, page: Page) -> None:
    """Pick a portrait canvas, save, reload: the stored width and height and the thumbnail's
    aspect follow (and a custom one comes back as custom)."""
    make_user(app, "ed@example.com", "EDITOR")
    template_id = make_template(app, START)
    sign_in(page, "ed@example.com")
    page.goto(f"/admin/templates/{template_id}")
    page.get_by_label("Canvas").select_option("1080x1920")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Template saved.")).to_be_visible()
    page.reload()
    expect(page.get_by_label("Canvas")).to_have_value("1080x1920")
    canvas = page.locator("[data-canvas]")
    expect(canvas).to_have_attribute("data-resolution", "1080x1920")
    with app.app_context():
        row = db.session.get(Template, template_id)
        assert (row.canvas_width, row.canvas_height) == (1080, 1920)
        zones = row.zones
    assert (zones[0]["width"], zones[0]["height"]) == (50, 50)  # the percentages stay

    page.goto("/admin/templates")
    thumbnail = page.get_by_test_id("template-thumbnail")
    expect(thumbnail).to_have_js_property("complete", True)
    natural = thumbnail.evaluate("img => [img.naturalWidth, img.naturalHeight]")
    assert natural == [180, 320]
    # The playlist page's preview frame takes the portrait aspect too.
    playlist_id = make_playlist(app, template_id, [])
    page.goto(f"/admin/playlists/{playlist_id}")
    frame = page.get_by_test_id("preview-frame").bounding_box()
    assert frame is not None and abs(frame["height"] / frame["width"] - 1920 / 1080) < 0.02, frame

    page.goto(f"/admin/templates/{template_id}")
    page.get_by_label("Canvas").select_option("custom")
    page.get_by_label("Width (px)").fill("1000")
    page.get_by_label("Height (px)").fill("500")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Template saved.")).to_be_visible()
    expect(page.get_by_label("Canvas")).to_have_value("custom")
    expect(page.get_by_label("Width (px)")).to_have_value("1000")
    expect(canvas).to_have_attribute("data-resolution", "1000x500")
    with app.app_context():
        row = db.session.get(Template, template_id)
        assert (row.canvas_width, row.canvas_height) == (1000, 500)
