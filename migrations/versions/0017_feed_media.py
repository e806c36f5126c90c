"""RSS media given by URL read a data source made for each (issue 16): back-fill the ones
made before, which the player's ticker could not play (it reads feeds only through sources).

Revision ID: 0017_feed_media
Revises: 0016_item_fit
Create Date: 2026-11-30 09:50:00

"""

from datetime import UTC, datetime
from urllib.parse import urlsplit

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0017_feed_media"
down_revision = "0016_item_fit"
branch_labels = None
depends_on = None

media = sa.table(
    "media",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("type", sa.String),
    sa.column("url", sa.Text),
    sa.column("data_source_id", sa.Integer),
)
sources = sa.table(
    "data_sources",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("type", sa.String),
    sa.column("config_json", sa.JSON),
    sa.column("refresh_interval", sa.Integer),
    sa.column("created_at", sa.DateTime),
)


def _fetchable(url: str) -> bool:
    """What the data sources' URL rule accepts; any other URL stays as it was (unplayed)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises on a port that is not a number)
    except ValueError:
        return False
    return (
        parts.scheme in ("http", "https")
        and bool(parts.hostname)
        and not parts.username
        and not parts.password
        and len(url) <= 2000
        and not any(ch.isspace() or ord(ch) < 32 for ch in url)
    )


def upgrade():
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(media.c.id, media.c.name, media.c.url).where(
            media.c.type == "RSS", media.c.url.is_not(None), media.c.data_source_id.is_(None)
        )
    ).all()
    now = datetime.now(UTC).replace(tzinfo=None)  # stored naive UTC, as UTCDateTime does
    for media_id, name, url in rows:
        if not _fetchable(url):
            continue
        source_id = bind.execute(
            sources.insert()
            .values(
                name=(name or "RSS")[:120],
                type="RSS",
                config_json={"url": url},
                refresh_interval=900,
                created_at=now,
            )
            .returning(sources.c.id)
        ).scalar_one()
        bind.execute(media.update().where(media.c.id == media_id).values(data_source_id=source_id))


def downgrade():
    # The sources made for media by URL (both set) go; the media keep their URL.
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(media.c.id, media.c.data_source_id).where(
            media.c.type == "RSS", media.c.url.is_not(None), media.c.data_source_id.is_not(None)
        )
    ).all()
    for media_id, source_id in rows:
        bind.execute(media.update().where(media.c.id == media_id).values(data_source_id=None))
        still_read = bind.execute(
            sa.select(sa.func.count()).select_from(media).where(media.c.data_source_id == source_id)
        ).scalar_one()
        if not still_read:
            bind.execute(sources.delete().where(sources.c.id == source_id))
