"""Bulk actions of the screens, schedules, alerts and media lists (issue 16): each through the same
service as its one-row form, refused whole when one row breaks a rule, per role."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest
from sqlalchemy import func, select

from signage.extensions import db
from signage.models import (
    Alert,
    AlertTarget,
    Media,
    Playlist,
    Schedule,
    ScheduleTarget,
    Screen,
    ScreenCommand,
    ScreenGroup,
    Site,
)
from tests import content_support as content
from tests.integration.test_fleet_pages import signed_in
from tests.scheduling_support import make_fleet, make_playlist


def fleet_with_stranger(app) -> dict[str, int]:
    ids = make_fleet(app)
    with app.app_context():
        other = Site(name="Elsewhere", timezone="Europe/Paris")
        hall = ScreenGroup(name="Hall", site=other)
        stranger = Screen(name="Stranger", site=other)
        db.session.add_all([other, hall, stranger])
        db.session.commit()
        ids.update(other=other.id, hall=hall.id, stranger=stranger.id)
    return ids


def groups_of(app, *screen_ids: int) -> list[int | None]:
    with app.app_context():
        return [db.session.get(Screen, key).group_id for key in screen_ids]


def test_the_lists_offer_the_bulk_bar_to_writers_only(app, client) -> None:
    make_fleet(app)
    token = signed_in(app, client, "VIEWER")
    assert token
    page = client.get("/admin/screens").get_data(as_text=True)
    assert 'data-testid="screens-bulk"' not in page and 'name="ids"' not in page
    client.post("/admin/logout", data={"csrf_token": token})
    signed_in(app, client, "ADMIN")
    page = client.get("/admin/screens").get_data(as_text=True)
    assert 'data-testid="screens-bulk"' in page
    assert page.count('name="ids"') == 3
    assert "dist/console/bulk-select.js" in page


def test_move_ticked_screens_to_a_group_or_out_of_any(app, client) -> None:
    ids = fleet_with_stranger(app)
    token = signed_in(app, client)
    response = client.post(
        "/admin/screens/bulk",
        data={"csrf_token": token, "action": "move", "group_id": "", "ids": [ids["first"], ids["second"]]},
    )
    assert response.status_code == 302
    assert groups_of(app, ids["first"], ids["second"]) == [None, None]
    client.post(
        "/admin/screens/bulk",
        data={
            "csrf_token": token,
            "action": "move",
            "group_id": ids["group"],
            "ids": [ids["first"], ids["alone"]],
        },
    )
    assert groups_of(app, ids["first"], ids["alone"]) == [ids["group"], ids["group"]]


def test_a_move_that_breaks_the_site_rule_moves_nothing_and_names_the_screens(app, client) -> None:
    ids = fleet_with_stranger(app)
    token = signed_in(app, client)
    response = client.post(
        "/admin/screens/bulk",
        data={
            "csrf_token": token,
            "action": "move",
            "group_id": ids["group"],
            "ids": [ids["stranger"], ids["alone"]],
        },
        follow_redirects=True,
    )
    page = unescape(response.get_data(as_text=True))
    assert "Stranger" in page and "Choose screens of that site only." in page
    assert groups_of(app, ids["stranger"], ids["alone"]) == [None, None]


def test_a_command_to_ticked_screens_is_logged_for_each_and_says_queued(app, client) -> None:
    ids = make_fleet(app)
    token = signed_in(app, client)
    response = client.post(
        "/admin/screens/bulk",
        data={
            "csrf_token": token,
            "action": "command",
            "command": "RELOAD",
            "ids": [ids["first"], ids["second"]],
        },
        follow_redirects=True,
    )
    # Never-connected screens: both wait for their player.
    assert "2 queued" in unescape(response.get_data(as_text=True))
    with app.app_context():
        rows = db.session.scalars(select(ScreenCommand).order_by(ScreenCommand.screen_id)).all()
        assert [(row.screen_id, row.command.value) for row in rows] == [
            (ids["first"], "RELOAD"),
            (ids["second"], "RELOAD"),
        ]
    # Only the list's commands: volume and alerts have their own forms.
    refused = client.post(
        "/admin/screens/bulk",
        data={"csrf_token": token, "action": "command", "command": "VOLUME_SET", "ids": [ids["first"]]},
    )
    assert refused.status_code == 400


def test_revoke_ticked_screens(app, client) -> None:
    ids = make_fleet(app)
    token = signed_in(app, client)
    client.post(
        "/admin/screens/bulk",
        data={"csrf_token": token, "action": "revoke", "ids": [ids["first"], ids["alone"]]},
    )
    with app.app_context():
        flags = {
            key: db.session.get(Screen, ids[key]).player_jwt_blacklisted
            for key in ("first", "second", "alone")
        }
    assert flags == {"first": True, "second": False, "alone": True}


@pytest.mark.parametrize(
    "form",
    [
        {"action": "move", "ids": ["1 OR 1=1"]},
        {"action": "move", "ids": [str(n) for n in range(1, 502)]},
        {"action": "dance", "ids": ["1"]},
    ],
)
def test_forged_bulk_forms_are_refused(app, client, form) -> None:
    make_fleet(app)
    token = signed_in(app, client)
    assert client.post("/admin/screens/bulk", data={"csrf_token": token, **form}).status_code == 400


def test_without_csrf_or_permission_nothing_happens(app, client) -> None:
    ids = make_fleet(app)
    token = signed_in(app, client)
    assert (
        client.post("/admin/screens/bulk", data={"action": "revoke", "ids": [ids["first"]]}).status_code
        == 400
    )
    client.post("/admin/logout", data={"csrf_token": token})
    token = signed_in(app, client, "EDITOR")
    assert (
        client.post(
            "/admin/screens/bulk", data={"csrf_token": token, "action": "revoke", "ids": [ids["first"]]}
        ).status_code
        == 403
    )
    with app.app_context():
        assert db.session.get(Screen, ids["first"]).player_jwt_blacklisted is False


def test_delete_ticked_schedules_and_rows_deleted_meanwhile_are_reported(app, client) -> None:
    ids = make_fleet(app)
    playlist = make_playlist(app)
    with app.app_context():
        rows = [
            Schedule(
                name=f"S{n}", target_type=ScheduleTarget.GROUP, target_id=ids["group"], playlist_id=playlist
            )
            for n in range(3)
        ]
        db.session.add_all(rows)
        db.session.commit()
        keys = [row.id for row in rows]
    token = signed_in(app, client, "EDITOR")
    response = client.post(
        "/admin/schedules/bulk",
        data={"csrf_token": token, "action": "delete", "ids": [keys[0], keys[1], 999999]},
        follow_redirects=True,
    )
    page = unescape(response.get_data(as_text=True))
    assert "2 schedules deleted." in page and "1 ticked row was deleted meanwhile." in page
    with app.app_context():
        assert db.session.scalars(select(Schedule.id)).all() == [keys[2]]


def test_deactivate_and_delete_ticked_alerts(app, client) -> None:
    with app.app_context():
        alerts = [Alert(title=f"A{n}", target_type=AlertTarget.ALL, is_active=True) for n in range(3)]
        db.session.add_all(alerts)
        db.session.commit()
        keys = [alert.id for alert in alerts]
    token = signed_in(app, client, "EDITOR")
    client.post("/admin/alerts/bulk", data={"csrf_token": token, "action": "deactivate", "ids": keys[:2]})
    with app.app_context():
        assert [db.session.get(Alert, key).is_active for key in keys] == [False, False, True]
    client.post("/admin/alerts/bulk", data={"csrf_token": token, "action": "delete", "ids": keys[1:]})
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Alert)) == 1
    client.post("/admin/logout", data={"csrf_token": token})
    token = signed_in(app, client, "VIEWER")
    assert (
        client.post(
            "/admin/alerts/bulk", data={"csrf_token": token, "action": "delete", "ids": keys[:1]}
        ).status_code
        == 403
    )


def test_disable_and_enable_ticked_schedules_and_the_edit_form_keeps_the_switch(app, client) -> None:
    ids = make_fleet(app)
    playlist = make_playlist(app)
    with app.app_context():
        rows = [
            Schedule(
                name=f"S{n}", target_type=ScheduleTarget.GROUP, target_id=ids["group"], playlist_id=playlist
            )
            for n in range(2)
        ]
        db.session.add_all(rows)
        db.session.commit()
        keys = [row.id for row in rows]

    def enabled() -> list[bool]:
        with app.app_context():
            return [db.session.get(Schedule, key).is_enabled for key in keys]

    token = signed_in(app, client, "EDITOR")
    response = client.post(
        "/admin/schedules/bulk",
        data={"csrf_token": token, "action": "disable", "ids": keys},
        follow_redirects=True,
    )
    page = unescape(response.get_data(as_text=True))
    assert "2 schedules disabled." in page and page.count('data-testid="schedule-disabled"') == 2
    assert enabled() == [False, False]
    # The edit page shows the switch ticked, and saving it unticked turns the schedule back on.
    edit = client.get(f"/admin/schedules/{keys[0]}").get_data(as_text=True)
    tag = re.search(r"<input[^>]*name=\"paused\"[^>]*>", edit)
    assert tag and "checked" in tag.group(0)
    client.post("/admin/schedules/bulk", data={"csrf_token": token, "action": "enable", "ids": keys[1:]})
    assert enabled() == [False, True]


def test_add_ticked_media_to_a_playlist_each_in_a_zone_that_plays_it(app, client) -> None:
    template = content.make_template(app, content.WITH_TICKER)
    poster = content.make_media(app, "Poster")
    feed = content.make_media(app, "Feed", kind="RSS", url="https://example.com/rss")
    first = content.make_media(app, "First")
    playlist = content.make_playlist(app, template, [first])
    token = signed_in(app, client, "EDITOR")
    response = client.post(
        "/admin/media/bulk",
        data={"csrf_token": token, "action": "add", "playlist_id": playlist, "ids": [feed, poster]},
        follow_redirects=True,
    )
    assert "2 media added to Loop." in unescape(response.get_data(as_text=True))
    with app.app_context():
        row = db.session.get(Playlist, playlist)
        # Each zone plays its own sequence: the new media come after what was there.
        by_zone = sorted((item.zone_id, item.order, item.media_id) for item in row.items)
        assert [(zone, media) for zone, _, media in by_zone] == [
            ("main", first),
            ("main", poster),
            ("ticker", feed),
        ]
        assert row.version == 2  # the screens playing it are told
    # A layout with no ticker cannot take a feed: nothing is added, the feed is named.
    plain = content.make_playlist(app, content.make_template(app, name="Plain"), [], name="Plain")
    response = client.post(
        "/admin/media/bulk",
        data={"csrf_token": token, "action": "add", "playlist_id": plain, "ids": [poster, feed]},
        follow_redirects=True,
    )
    assert "has no zone that can play Feed" in unescape(response.get_data(as_text=True))
    with app.app_context():
        assert db.session.get(Playlist, plain).items == []


def test_delete_ticked_media_keeps_those_in_use_and_says_which(app, client) -> None:
    template = content.make_template(app)
    used = content.make_media(app, "Used")
    spare = content.make_media(app, "Spare")
    content.make_playlist(app, template, [used])
    token = signed_in(app, client, "EDITOR")
    response = client.post(
        "/admin/media/bulk",
        data={"csrf_token": token, "action": "delete", "ids": [used, spare]},
        follow_redirects=True,
    )
    page = unescape(response.get_data(as_text=True))
    assert "1 media deleted." in page and "Kept because playlists use them: Used." in page
    with app.app_context():
        assert db.session.scalars(select(Media.name)).all() == ["Used"]


def test_the_library_marks_and_filters_expired_and_upcoming_media(app, client) -> None:
    now = datetime.now(UTC)
    content.make_media(app, "Old", valid_until=now - timedelta(days=1))
    content.make_media(app, "Soon", valid_from=now + timedelta(days=1))
    content.make_media(app, "Always")
    signed_in(app, client, "VIEWER")

    def names(query: str) -> list[str]:
        page = client.get(f"/admin/media{query}").get_data(as_text=True)
        return sorted(re.findall(r'data-testid="media-name">([^<]+)<', page))

    assert names("") == ["Always", "Old", "Soon"]
    assert names("?validity=expired") == ["Old"]
    assert names("?validity=upcoming") == ["Soon"]
    assert names("?validity=current") == ["Always"]
    assert names("?validity=bogus") == ["Always", "Old", "Soon"]  # an unknown filter is no filter
    page = client.get("/admin/media").get_data(as_text=True)
    assert page.count('data-testid="media-expired"') == 1 and page.count('data-testid="media-upcoming"') == 1
    assert 'name="ids"' not in page  # a viewer gets no bulk bar
