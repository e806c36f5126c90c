"""/admin/monitoring and a screen's monitoring panel: every role reads, only ADMIN commands;
counts, filters, the red and the update badges; bounded, heartbeat-free queries."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest
from sqlalchemy import event

from signage.extensions import db
from signage.models import (
    CommandStatus,
    CommandType,
    Screen,
    ScreenCommand,
    ScreenGroup,
    ScreenHeartbeat,
    ScreenStatus,
    Site,
)
from tests.support import api_login, make_user


def fleet(app) -> dict[str, int]:  # type: ignore[no-untyped-def]
    now = datetime.now(UTC)
    with app.app_context():
        paris, lyon = Site(name="Paris"), Site(name="Lyon")
        hall = ScreenGroup(name="Hall", site=paris)
        screens = {
            "up": Screen(name="Up", site=paris, group=hall, status=ScreenStatus.ONLINE, last_seen=now,
                         player_version="0.9.5", uptime=7500, current_media_name="promo.mp4"),
            "warn": Screen(name="Warn", site=paris, status=ScreenStatus.WARNING,
                           last_seen=now - timedelta(minutes=2), player_version="1.0.0"),
            "down": Screen(name="Down", site=lyon, status=ScreenStatus.OFFLINE,
                           last_seen=now - timedelta(hours=3)),
            "never": Screen(name="Never", site=lyon),
        }  # fmt: skip
        db.session.add_all(screens.values())
        db.session.commit()
        return {key: s.id for key, s in screens.items()} | {"paris": paris.id, "hall": hall.id}


def row(html: str, screen_id: int) -> str:
    start = html.index(f'data-screen-row="{screen_id}"')
    return html[start : html.index("</tr>", start)]


@pytest.mark.parametrize("role", ["ADMIN", "EDITOR", "VIEWER"])
def test_every_role_sees_the_fleet_and_only_admins_get_buttons(app, client, role: str) -> None:
    ids = fleet(app)
    make_user(app, "me@example.com", role)
    api_login(client, "me@example.com")
    response = client.get("/admin/monitoring")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'data-nav="monitoring"' in html and "dist/console/monitoring.js" in html
    assert ("data-command=" in html) is (role == "ADMIN")
    assert ("data-screenshot-dialog" in html) is (role == "ADMIN")
    # Counts: all, per status, and the red badge (offline > 5 min: Down; Never is not activated yet).
    for key, value in (("ALL", 4), ("ONLINE", 1), ("WARNING", 1), ("OFFLINE", 2), ("ALARM", 1)):
        assert f'data-count="{key}">{value}<' in html, key
    # Problems first.
    assert html.index(f'data-screen-row="{ids["down"]}"') < html.index(f'data-screen-row="{ids["up"]}"')
    up, down, warn = row(html, ids["up"]), row(html, ids["down"]), row(html, ids["warn"])
    assert 'title="Player 0.9.5, expected 1.0.0" >Update available' in up  # 0.9.5 < 1.0.0: badge shown
    assert "promo.mp4" in up and "2 h 5 min" in up
    assert "data-alarm hidden" in up and "data-alarm hidden" not in down and "Offline 3 h" in down
    assert "Never connected yet" in row(html, ids["never"]) and re.search(
        r"data-alarm\s+hidden", row(html, ids["never"])
    )
    assert 'title="Player 1.0.0, expected 1.0.0" hidden' in warn  # same version: no badge


def test_filters_by_site_group_and_status(app, client) -> None:
    ids = fleet(app)
    make_user(app, "me@example.com", "VIEWER")
    api_login(client, "me@example.com")
    html = client.get(f"/admin/monitoring?site={ids['paris']}").get_data(as_text=True)
    assert 'data-count="ALL">2<' in html and f'data-screen-row="{ids["down"]}"' not in html
    html = client.get(f"/admin/monitoring?group={ids['hall']}").get_data(as_text=True)
    assert f'data-screen-row="{ids["up"]}"' in html and f'data-screen-row="{ids["warn"]}"' not in html
    html = client.get("/admin/monitoring?status=OFFLINE").get_data(as_text=True)
    assert f'data-screen-row="{ids["never"]}"' in html and f'data-screen-row="{ids["up"]}"' not in html
    assert 'data-count="ALL">4<' in html  # the counts keep the whole scope
    for junk in ("?site=abc", "?status=EXPLODED", "?group=99999999999", "?page=-1"):
        assert client.get(f"/admin/monitoring{junk}").status_code == 200


def test_the_page_never_reads_heartbeats(app, client) -> None:
    fleet(app)
    make_user(app, "me@example.com", "ADMIN")
    api_login(client, "me@example.com")
    statements: list[str] = []
    with app.app_context():
        engine = db.engine
    listener = lambda conn, cursor, statement, *args: statements.append(statement)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert client.get("/admin/monitoring").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert statements and not any("screen_heartbeats" in s for s in statements)
    assert len(statements) <= 12


def test_a_screen_page_shows_its_monitoring(app, client) -> None:
    ids = fleet(app)
    now = datetime.now(UTC)
    with app.app_context():
        for n in range(20):
            db.session.add(ScreenHeartbeat(
                screen_id=ids["up"], timestamp=now - timedelta(minutes=60 - n), memory_usage_mb=100 + n,
                uptime=3600 + n * 60, is_visible=True,
                error_message="video <b>failed</b>" if n == 5 else None,
            ))  # fmt: skip
        db.session.add(ScreenCommand(screen_id=ids["up"], command=CommandType.REBOOT, payload={},
                                     status=CommandStatus.FAILED, error="no agent"))  # fmt: skip
        db.session.commit()
    make_user(app, "me@example.com", "VIEWER")
    api_login(client, "me@example.com")
    html = client.get(f"/admin/screens/{ids['up']}").get_data(as_text=True)
    assert 'data-testid="screen-monitoring"' in html
    # The charts' points as JSON in the page, for Chart.js (static/console/src/screen-charts.js).
    charts = json.loads(unescape(html.split("data-screen-charts='", 1)[1].split("'", 1)[0]))
    assert [value for _at, value in charts["memory"]] == [100 + n for n in range(20)]
    assert charts["uptime"][0][1] == 1.0 and charts["end"] - charts["start"] == 24 * 3600 * 1000
    assert html.count("data-screen-chart=") == 2 and "dist/console/screen-charts.js" in html
    assert "video &lt;b&gt;failed&lt;/b&gt;" in html  # escaped, never HTML
    assert "REBOOT" in html and "no agent" in html
    assert "style=" not in html  # the console CSP forbids inline styles
    history = html[html.index('data-testid="status-history"') :]
    assert 'data-status="OFFLINE"' in history[:1500] and 'data-status="ONLINE"' in history[:3000]
    empty = client.get(f"/admin/screens/{ids['never']}").get_data(as_text=True)
    assert "No heartbeat in the last 24 hours." in empty and "No command sent yet." in empty


def test_monitoring_warns_about_screens_that_cannot_play_long_offline(app, client) -> None:
    from signage.extensions import db as database
    from signage.models import Screen as ScreenModel
    from tests.integration.test_admin_pages import sign_in
    from tests.support import make_screen as new_screen
    from tests.support import make_user as new_user

    new_user(app, "viewer@example.com", "VIEWER")
    fragile = new_screen(app, "Fragile")
    new_screen(app, "Unknown")  # never reported: nothing to warn about yet
    with app.app_context():
        screen = database.session.get(ScreenModel, fragile)
        screen.storage_persisted = False
        screen.transport = "websocket"
        database.session.commit()
    sign_in(client, "viewer@example.com")
    page = client.get("/admin/monitoring").get_data(as_text=True)
    assert page.count('data-testid="fleet-offline-warning"') == 2
    assert "Storage is not persisted" in page and "Less than 24 hours of content" in page
    french = client.get("/admin/monitoring?lang=fr").get_data(as_text=True)
    assert "Moins de 24 heures de contenu" in french


def test_a_screen_never_heard_from_is_not_activated_yet_not_offline(app, client) -> None:
    from tests.integration.test_admin_pages import sign_in
    from tests.support import make_screen as new_screen
    from tests.support import make_user as new_user

    new_user(app, "viewer@example.com", "VIEWER")
    screen_id = new_screen(app, "Brand new")
    sign_in(client, "viewer@example.com")
    for url in ("/admin/monitoring", "/admin/screens", f"/admin/screens/{screen_id}"):
        page = client.get(url).get_data(as_text=True)
        assert 'data-status="NEVER_SEEN"' in page and "Never connected yet" in page, url
        assert 'data-status="OFFLINE"' not in page, url
    monitoring = client.get("/admin/monitoring").get_data(as_text=True)
    assert re.search(r"data-alarm\s+hidden", monitoring)  # no red alarm for it


def test_every_command_from_the_screens_page_with_the_volume(app, client) -> None:
    from signage.models import ScreenCommand as Command
    from tests.integration.test_admin_pages import csrf_from, sign_in
    from tests.support import make_screen as new_screen
    from tests.support import make_user as new_user

    new_user(app, "root@example.com", "ADMIN")
    new_user(app, "ed@example.com", "EDITOR")
    screen_id = new_screen(app, "Vitrine")
    sign_in(client, "root@example.com")
    page = client.get(f"/admin/screens/{screen_id}").get_data(as_text=True)
    assert 'data-testid="screen-command-panel"' in page
    for command in (
        "SCREENSHOT",
        "PLAYLIST_RELOAD",
        "RELOAD",
        "CACHE_CLEAR",
        "RESTART_BROWSER",
        "REBOOT",
        "VOLUME_SET",
    ):
        assert f'value="{command}"' in page, command
    token = csrf_from(page)
    sent = client.post(
        f"/admin/screens/{screen_id}/command",
        data={"csrf_token": token, "command": "VOLUME_SET", "level": "35"},
    )
    assert sent.status_code == 302
    assert "Queued for Vitrine" in client.get(sent.headers["Location"]).get_data(
        as_text=True
    )  # never connected
    bad = client.post(
        f"/admin/screens/{screen_id}/command",
        data={"csrf_token": token, "command": "VOLUME_SET", "level": "900"},
    )
    assert "0 to 100" in client.get(bad.headers["Location"]).get_data(as_text=True)
    assert (
        client.post(
            f"/admin/screens/{screen_id}/command", data={"csrf_token": token, "command": "FORMAT_DISK"}
        ).status_code
        == 400
    )
    with app.app_context():
        rows = db.session.query(Command).filter_by(screen_id=screen_id).all()
        assert [(r.command.value, r.payload) for r in rows] == [("VOLUME_SET", {"level": 35})]
    editor = app.test_client()
    sign_in(editor, "ed@example.com")
    assert 'data-testid="screen-command-panel"' not in editor.get(f"/admin/screens/{screen_id}").get_data(
        as_text=True
    )
    assert editor.post(f"/admin/screens/{screen_id}/command", data={"command": "REBOOT"}).status_code in (
        400,
        403,
    )
