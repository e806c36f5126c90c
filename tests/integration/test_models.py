"""The data model's deliberate ON DELETE behaviour, uniqueness and UTC round trips."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from signage.extensions import db
from signage.models import (
    CommandType,
    Media,
    MediaType,
    Playlist,
    PlaylistItem,
    ProofOfPlay,
    Role,
    Schedule,
    ScheduleTarget,
    Screen,
    ScreenCommand,
    ScreenGroup,
    ScreenHeartbeat,
    Site,
    Template,
    User,
)

T0 = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


@pytest.fixture
def fleet(app, clean_db):
    with app.app_context():
        user = User(email="u@example.com", password_hash="x", role=Role.ADMIN)
        site = Site(name="HQ", timezone="Europe/Paris")
        group = ScreenGroup(name="Lobby", site=site)
        screen = Screen(name="S1", site=site, group=group)
        template = Template(name="Full", zones=[{"id": "main", "type": "CONTENT"}])
        media = Media(name="Poster", type=MediaType.IMAGE, tags=["promo"], created_by=None)
        playlist = Playlist(name="Morning", template=template)
        db.session.add_all([user, site, group, screen, template, media, playlist])
        db.session.flush()
        playlist.items.append(PlaylistItem(media_id=media.id, zone_id="main", order=0))
        media.created_by = user.id
        db.session.commit()
        ids = {
            "site": site.id,
            "group": group.id,
            "screen": screen.id,
            "media": media.id,
            "playlist": playlist.id,
            "template": template.id,
            "user": user.id,
        }
    return ids


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_site_with_screens_cannot_be_deleted(app, fleet) -> None:
    with app.app_context():
        with pytest.raises(IntegrityError):
            db.session.execute(delete(Site).where(Site.id == fleet["site"]))
            db.session.commit()
        db.session.rollback()
        db.session.execute(delete(Screen))
        db.session.execute(delete(Site).where(Site.id == fleet["site"]))
        db.session.commit()
        assert count(ScreenGroup) == 0  # groups live inside their site


def test_deleting_a_group_keeps_its_screens(app, fleet) -> None:
    with app.app_context():
        db.session.execute(delete(ScreenGroup))
        db.session.commit()
        assert db.session.get(Screen, fleet["screen"]).group_id is None


def test_media_in_a_playlist_and_used_template_are_restricted(app, fleet) -> None:
    with app.app_context():
        with pytest.raises(IntegrityError):
            db.session.execute(delete(Media).where(Media.id == fleet["media"]))
            db.session.commit()
        db.session.rollback()
        with pytest.raises(IntegrityError):
            db.session.execute(delete(Template).where(Template.id == fleet["template"]))
            db.session.commit()
        db.session.rollback()


def test_deleting_a_playlist_removes_its_items_but_not_scheduled_ones(app, fleet) -> None:
    with app.app_context():
        db.session.add(
            Schedule(
                name="s",
                target_type=ScheduleTarget.SCREEN,
                target_id=fleet["screen"],
                playlist_id=fleet["playlist"],
                priority=10,
            )
        )
        db.session.commit()
        with pytest.raises(IntegrityError):
            db.session.execute(delete(Playlist).where(Playlist.id == fleet["playlist"]))
            db.session.commit()
        db.session.rollback()
        db.session.execute(delete(Schedule))
        db.session.execute(delete(Playlist).where(Playlist.id == fleet["playlist"]))
        db.session.commit()
        assert count(PlaylistItem) == 0


def test_deleting_a_user_keeps_what_they_created(app, fleet) -> None:
    with app.app_context():
        db.session.execute(delete(User))
        db.session.commit()
        assert db.session.get(Media, fleet["media"]).created_by is None


def test_screen_history_goes_with_the_screen_but_plays_stay(app, fleet) -> None:
    with app.app_context():
        db.session.add_all(
            [
                ScreenHeartbeat(screen_id=fleet["screen"], timestamp=T0, uptime=5),
                ScreenCommand(screen_id=fleet["screen"], command=CommandType.RELOAD),
                ProofOfPlay(
                    client_id="c-1",
                    screen_id=fleet["screen"],
                    media_id=fleet["media"],
                    playlist_id=fleet["playlist"],
                    played_at=T0,
                    duration_seconds=10,
                ),
            ]
        )
        db.session.commit()
        db.session.execute(delete(Screen))
        db.session.commit()
        assert count(ScreenHeartbeat) == 0 and count(ScreenCommand) == 0
        play = db.session.scalar(select(ProofOfPlay))
        assert play.screen_id is None and play.media_id == fleet["media"]


def test_a_play_is_stored_once_per_screen_and_client_id(app, fleet) -> None:
    with app.app_context():
        db.session.add(
            ProofOfPlay(client_id="same", screen_id=fleet["screen"], played_at=T0, duration_seconds=1)
        )
        db.session.commit()
        db.session.add(
            ProofOfPlay(client_id="same", screen_id=fleet["screen"], played_at=T0, duration_seconds=1)
        )
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_times_round_trip_as_aware_utc(app, fleet) -> None:
    paris_evening = datetime(2026, 10, 25, 2, 30, tzinfo=timezone(timedelta(hours=2)))
    with app.app_context():
        screen = db.session.get(Screen, fleet["screen"])
        screen.last_seen = paris_evening
        db.session.commit()
        db.session.expire_all()
        stored = db.session.get(Screen, fleet["screen"]).last_seen
        assert stored == paris_evening and stored.tzinfo == UTC
        screen = db.session.get(Screen, fleet["screen"])
        screen.last_seen = datetime(2026, 1, 1, 12, 0)  # naive: refused, never guessed
        with pytest.raises(Exception, match="naive datetime"):
            db.session.commit()
        db.session.rollback()


def test_enum_values_are_checked_by_the_database(app, fleet) -> None:
    with app.app_context():
        with pytest.raises(IntegrityError):
            with db.engine.begin() as conn:
                conn.exec_driver_sql("UPDATE screens SET status = 'EXPLODED'")
