"""Media library, templates, playlists and their items."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from signage.models.enums import EncodingStatus, MediaType, Transition
from signage.models.types import Model, UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from signage.models.datasource import DataSource


class Media(Model):
    __tablename__ = "media"
    __table_args__ = (sa.Index("ix_media_type_created_at", "type", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(255))
    type: Mapped[MediaType] = mapped_column(enum_column(MediaType, "type"))
    # A stored file has s3_key (a storage key, whatever the backend); WEBPAGE/RSS have url.
    s3_key: Mapped[str | None] = mapped_column(sa.String(512))
    url: Mapped[str | None] = mapped_column(sa.Text)
    cdn_url: Mapped[str | None] = mapped_column(sa.Text)
    duration: Mapped[float | None] = mapped_column(sa.Float)
    thumbnail_s3_key: Mapped[str | None] = mapped_column(sa.String(512))
    thumbnail_cdn_url: Mapped[str | None] = mapped_column(sa.Text)
    file_size: Mapped[int | None] = mapped_column(sa.BigInteger)
    # The SHA-256 (hex) of the stored file, the encoded one for a video: players verify their
    # cached copies with it. Null for rows stored before it was kept.
    sha256: Mapped[str | None] = mapped_column(sa.String(64))
    mime_type: Mapped[str | None] = mapped_column(sa.String(127))
    width: Mapped[int | None] = mapped_column()
    height: Mapped[int | None] = mapped_column()
    encoding_status: Mapped[EncodingStatus] = mapped_column(
        enum_column(EncodingStatus, "encoding_status"), default=EncodingStatus.PENDING
    )
    encoding_error: Mapped[str | None] = mapped_column(sa.Text)
    tags: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    data_source_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("data_sources.id", ondelete="SET NULL"), index=True
    )
    valid_from: Mapped[datetime | None] = mapped_column(UTCDateTime())
    valid_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    created_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    # A WEBPAGE's answer to being shown in a frame (X-Frame-Options, CSP frame-ancestors), as
    # the server last checked it: ALLOWED, REFUSED or UNKNOWN (could not tell), with why.
    framing_status: Mapped[str | None] = mapped_column(sa.String(16))
    framing_reason: Mapped[str | None] = mapped_column(sa.Text)
    framing_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Read for its field mapping when a screen is sent the playlist (a feed's source is written
    # through signage.datasources only).
    data_source: Mapped[DataSource | None] = relationship(viewonly=True)


class Template(Model):
    __tablename__ = "templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    description: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    thumbnail_cdn_url: Mapped[str | None] = mapped_column(sa.Text)
    # The layout drawn as a PNG (signage.content.template_thumbnails), stored like a media's.
    thumbnail_s3_key: Mapped[str | None] = mapped_column(sa.String(512))
    zones: Mapped[list[dict[str, Any]]] = mapped_column("zones_json", sa.JSON, default=list)
    # The resolution the layout is drawn for (zones are percentages, so it sets the aspect the
    # designer, the thumbnail and the preview use); bounds in signage.content.canvas.
    canvas_width: Mapped[int] = mapped_column(default=1920, server_default="1920")
    canvas_height: Mapped[int] = mapped_column(default=1080, server_default="1080")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    created_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))


class Playlist(Model):
    __tablename__ = "playlists"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    description: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    # RESTRICT: a template used by a playlist cannot be deleted (CONTRACT §4, 409).
    template_id: Mapped[int] = mapped_column(sa.ForeignKey("templates.id", ondelete="RESTRICT"), index=True)
    default_duration: Mapped[int] = mapped_column(default=10, server_default="10")
    transition: Mapped[Transition] = mapped_column(
        enum_column(Transition, "transition"), default=Transition.FADE
    )
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    created_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    template: Mapped[Template] = relationship()
    items: Mapped[list[PlaylistItem]] = relationship(
        back_populates="playlist",
        order_by="PlaylistItem.order",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class PlaylistItem(Model):
    __tablename__ = "playlist_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    playlist_id: Mapped[int] = mapped_column(sa.ForeignKey("playlists.id", ondelete="CASCADE"), index=True)
    # RESTRICT: deleting a media still in a playlist is a 409 unless forced, and the forced
    # path removes the items itself so it can bump each playlist's version.
    media_id: Mapped[int] = mapped_column(sa.ForeignKey("media.id", ondelete="RESTRICT"), index=True)
    zone_id: Mapped[str] = mapped_column(sa.String(64))
    order: Mapped[int] = mapped_column("sort_order", default=0)
    duration: Mapped[int | None] = mapped_column()
    transition_in: Mapped[Transition | None] = mapped_column(enum_column(Transition, "transition_in"))
    transition_out: Mapped[Transition | None] = mapped_column(enum_column(Transition, "transition_out"))
    # How a picture or video fills its zone (content/playlist_rules.FITS); None: contain.
    fit: Mapped[str | None] = mapped_column(sa.String(8))

    playlist: Mapped[Playlist] = relationship(back_populates="items")
    media: Mapped[Media] = relationship()
