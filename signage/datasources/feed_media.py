"""RSS media made by URL: each reads a data source made for it, so the player's ticker (which
reads feeds only through data sources, with their SSRF guard, size bounds and refresh) plays it.

The media keeps its URL (what the library shows and edits) beside the source's id. That pair
marks the source as the media's own: a client cannot send both (refused below), so only this
module makes it. A new URL moves the source; deleting the media deletes its source unless
another media reads it. Each function commits the media and its source together, or neither.
"""

from __future__ import annotations

from typing import Any

from signage.content.library import add_link, delete_media, update_media
from signage.core.errors import N_, InvalidData
from signage.datasources import rules
from signage.datasources.queries import media_using
from signage.datasources.sources import DataSourceInUse, create_source, delete_source, update_source
from signage.extensions import db
from signage.models import DataSource, Media
from signage.models.enums import MediaType

BOTH = N_("Give either url or dataSourceId, not both.")


def own_source(media: Media) -> DataSource | None:
    """The source made for the media, if it was made by URL."""
    if media.type != MediaType.RSS or media.url is None or media.data_source_id is None:
        return None
    return db.session.get(DataSource, media.data_source_id)


def _as_media_fields(exc: InvalidData) -> InvalidData:
    """The source's refusal named after the media's fields (its URL is the media's)."""
    fields = exc.fields or {}
    return InvalidData({("url" if key.startswith("config.") else key): text for key, text in fields.items()})


def _new_source(name: str, url: str) -> DataSource:
    try:
        return create_source(
            name=name.strip()[: rules.NAME_MAX] or "RSS", type="RSS", config={"url": url}, commit=False
        )
    except InvalidData as exc:
        raise _as_media_fields(exc) from exc


def add_feed_link(
    *, type: MediaType, name: str, url: str | None, data_source_id: int | None, **rest: Any
) -> Media:
    """add_link, with a data source made for an RSS media given by URL."""
    if type != MediaType.RSS or url is None:
        return add_link(type=type, name=name, url=url, data_source_id=data_source_id, **rest)
    if data_source_id is not None:
        raise InvalidData({"url": BOTH})
    try:
        source = _new_source(name, url)
        return add_link(type=type, name=name, url=url, data_source_id=source.id, **rest)
    except Exception:
        db.session.rollback()
        raise


def update_feed_media(media: Media, **changes: Any) -> Media:
    """update_media; for an RSS media, a URL given moves (or makes) its own source, and a
    source given instead of the URL frees the one it had (deleted when no other media reads it)."""
    if media.type != MediaType.RSS or ("url" not in changes and "data_source_id" not in changes):
        return update_media(media, **changes)
    owned = own_source(media)
    url = changes.get("url", media.url)
    source_id = changes.get("data_source_id", media.data_source_id)
    if owned is not None and source_id == owned.id:
        source_id = None  # its own source sent back as read: not a choice of another one
    try:
        if url is not None and source_id is not None:
            raise InvalidData({"url": BOTH})
        if url is not None:
            if owned is None:
                source = _new_source(changes.get("name", media.name), url)
            else:
                source = owned
                if source.config.get("url") != url:
                    try:
                        update_source(source, config={**source.config, "url": url}, commit=False)
                    except InvalidData as exc:
                        raise _as_media_fields(exc) from exc
            changes = {**changes, "url": url, "data_source_id": source.id}
        else:
            changes = {**changes, "url": None, "data_source_id": source_id}
        update_media(media, **changes)
    except Exception:
        db.session.rollback()
        raise
    if owned is not None and media.data_source_id != owned.id:
        _drop_if_unused(owned)
    return media


def delete_feed_media(media: Media, *, force: bool = False) -> list[int]:
    """delete_media, then the media's own source unless another media reads it."""
    owned = own_source(media)
    bumped = delete_media(media, force=force)
    if owned is not None:
        _drop_if_unused(owned)
    return bumped


def _drop_if_unused(source: DataSource) -> None:
    if media_using(source.id, limit=0)[1]:
        return
    try:
        delete_source(source)
    except DataSourceInUse:
        pass  # a media was pointed at it meanwhile: it stays, as any shared source would
