"""Helpers for the scheduling tests: playlists, screens in a timezone, player tokens, and
what the server sent to screens."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from signage.extensions import db
from signage.models import Playlist, Screen, ScreenGroup, Site, Template


def make_playlist(app, name: str = "Playlist") -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        template = Template(name=f"{name} layout", zones=[])
        playlist = Playlist(name=name, template=template)
        db.session.add(playlist)
        db.session.commit()
        return playlist.id


def make_fleet(app, timezone: str = "Europe/Paris") -> dict[str, int]:  # type: ignore[no-untyped-def]
    """A site with a group holding two screens, and a third screen outside the group."""
    with app.app_context():
        site = Site(name=f"Site {timezone}", timezone=timezone)
        group = ScreenGroup(name="Lobby", site=site)
        first, second = (
            Screen(name="First", site=site, group=group),
            Screen(name="Second", site=site, group=group),
        )
        alone = Screen(name="Alone", site=site)
        db.session.add_all([site, group, first, second, alone])
        db.session.commit()
        return {"site": site.id, "group": group.id, "first": first.id, "second": second.id, "alone": alone.id}


def player_jwt(app, screen_id: int) -> str:  # type: ignore[no-untyped-def]
    from signage.fleet.identity import activate, new_activation_token

    with app.app_context():
        screen = db.session.get(Screen, screen_id)
        token = new_activation_token(screen, datetime.now(UTC))
        return activate(token, app.config["SIGNAGE"].player_jwt_secret, datetime.now(UTC)).jwt


def capture_screen_events(monkeypatch) -> list[tuple[int, str, Any]]:  # type: ignore[no-untyped-def]
    """Record, instead of emitting, every (screen id, event, payload) the schedule services send."""
    sent: list[tuple[int, str, Any]] = []
    monkeypatch.setattr(
        "signage.scheduling.schedules.to_screen",
        lambda screen, event, data=None: sent.append((int(screen), event, data)),
    )
    return sent
