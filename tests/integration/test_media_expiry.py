"""expire-medias: a media crossing its validity window moves the versions of the playlists
using it, once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from signage.content.jobs import expire_medias
from signage.extensions import db
from signage.models import Media, Playlist, PlaylistItem, Template
from signage.models.enums import MediaType

NOW = datetime(2026, 10, 25, 12, 0, tzinfo=UTC)


def test_expired_media_bump_their_playlists_once(app, clean_db) -> None:
    with app.app_context():
        before = NOW - timedelta(days=1)
        expired = Media(
            name="Old", type=MediaType.WEBPAGE, url="https://a.example", valid_until=NOW - timedelta(hours=1)
        )
        starting = Media(
            name="New", type=MediaType.WEBPAGE, url="https://b.example", valid_from=NOW - timedelta(minutes=3)
        )
        later = Media(
            name="Later",
            type=MediaType.WEBPAGE,
            url="https://c.example",
            valid_until=NOW + timedelta(hours=1),
        )
        for media in (expired, starting, later):
            media.created_at = media.updated_at = before
        template = Template(name="Full", zones=[])
        playlists = [Playlist(name=f"P{i}", template=template) for i in range(4)]
        db.session.add_all([expired, starting, later, *playlists])
        db.session.flush()
        for playlist, media in zip(playlists, (expired, starting, later, expired), strict=True):
            playlist.items.append(PlaylistItem(media_id=media.id, zone_id="main"))
        db.session.commit()
        ids = [p.id for p in playlists]

    with app.app_context():  # the job reuses the app it runs beside
        assert expire_medias(NOW.isoformat()) == sorted([ids[0], ids[1], ids[3]])
        assert expire_medias(NOW.isoformat()) == []  # handled: not again
        assert expire_medias((NOW + timedelta(hours=2)).isoformat()) == [ids[2]]
    with app.app_context():
        versions = {p.id: p.version for p in db.session.query(Playlist)}
    assert versions == {ids[0]: 2, ids[1]: 2, ids[2]: 2, ids[3]: 2}
