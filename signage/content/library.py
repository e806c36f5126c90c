"""The media library's services: add (an uploaded file or a link), change, delete.

They own their transactions. Stored objects are written before the row is committed and
removed again when the commit fails, so a refused or failed request leaves nothing behind.
Changes that alter what screens show bump the using playlists' versions in the same
transaction and tell their screens after the commit (signage.content.versions).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from flask import current_app, has_request_context, request
from sqlalchemy import delete

from signage.content import versions
from signage.content.media_rules import check_webpage_url, check_window
from signage.content.queries import playlists_using
from signage.core.errors import N_, Conflict, InvalidData, Text, text_list
from signage.core.values import reference
from signage.extensions import db
from signage.jobs.queue import enqueue
from signage.media.bundles import unpack
from signage.media.keys import content_key, folder_of, is_valid_key, new_folder
from signage.media.sniff import detect
from signage.media.storage import get_storage
from signage.media.uploads import Received
from signage.models import DataSource, Media, PlaylistItem
from signage.models.enums import EncodingStatus, MediaType
from signage.push import to_console

log = logging.getLogger(__name__)

# Which job turns a fresh upload into something screens can show (spec: the jobs table).
JOBS = {
    MediaType.VIDEO: "signage.content.jobs.encode_video",
    MediaType.IMAGE: "signage.content.jobs.generate_thumbnail",
    MediaType.PDF: "signage.content.jobs.generate_thumbnail",
}
# What a screen shows of a media: a change to any of these bumps the using playlists.
SHOWN_FIELDS = ("name", "duration", "valid_from", "valid_until", "url", "data_source_id")
# Whether a web page refuses to be framed is checked in the background (it is network I/O):
# by name, as every job is, so the content domain does not import the fetcher's.
FRAMING_JOB = "signage.datasources.framing.check_webpage"
NAMED_IN_MESSAGE = 10


class MediaInUse(Conflict):
    def __init__(self, playlists: list[tuple[int, str]]) -> None:
        names = text_list([name for _, name in playlists], NAMED_IN_MESSAGE)
        super().__init__(
            "media_in_use",
            Text(
                N_(
                    "Playlists still use this media: %(names)s. Remove it from them, or delete with "
                    "force=true to remove it from every playlist."
                ),
                names=names,
            ),
        )
        # The console's words for the same refusal: its "force" is a checkbox, not a parameter.
        self.console_message = Text(
            N_(
                "Playlists still use this media: %(names)s. Remove it from them, or tick the box "
                "below to remove it from every playlist too, then delete again."
            ),
            names=names,
        )
        self.playlists = playlists


def _window_problems(valid_from: datetime | None, valid_until: datetime | None) -> dict[str, str]:
    try:
        check_window(valid_from, valid_until)
    except ValueError as exc:
        return {"valid_until": exc.args[0]}
    return {}


def _refuse(problems: dict[str, str]) -> None:
    """Every problem found, in one refusal (CONTRACT §1)."""
    if problems:
        raise InvalidData(problems)


def status_event(media: Media) -> dict[str, Any]:
    return {
        "mediaId": str(media.id),
        "encodingStatus": media.encoding_status.value,
        "encodingError": media.encoding_error,
    }


def add_upload(
    received: Received,
    *,
    name: str,
    tags: list[str],
    duration: float | None,
    valid_from: datetime | None,
    valid_until: datetime | None,
    created_by: int | None,
) -> Media:
    """Store an uploaded file and its row; the job that prepares it starts after the commit.
    Raises sniff.Unsupported (415) for a file the library cannot show."""
    _refuse(_window_problems(valid_from, valid_until))
    found = detect(received.path)
    key = content_key(new_folder(), received.sha256, found.ext)
    storage = get_storage()
    storage.put_file(key, received.path, found.mime_type)
    stored = [key]
    if found.ext == "zip":
        try:
            stored += unpack(storage, key, received.path)
        except BaseException:
            storage.delete(stored)
            raise
    job = JOBS.get(found.type)
    media = Media(
        name=name,
        type=found.type,
        s3_key=key,
        file_size=received.size,
        sha256=received.sha256,
        mime_type=found.mime_type,
        width=found.width,
        height=found.height,
        duration=duration,
        tags=tags,
        valid_from=valid_from,
        valid_until=valid_until,
        encoding_status=EncodingStatus.PENDING if job else EncodingStatus.DONE,
        created_by=created_by,
    )
    try:
        db.session.add(media)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        storage.delete(stored)
        raise
    if job:
        enqueue(current_app._get_current_object(), job, media.id)  # type: ignore[attr-defined]
    to_console("admin:media_status", status_event(media))
    return media


def add_link(
    *,
    type: MediaType,
    name: str,
    url: str | None,
    data_source_id: int | None,
    tags: list[str],
    duration: float | None,
    valid_from: datetime | None,
    valid_until: datetime | None,
    created_by: int | None,
) -> Media:
    """A WEBPAGE, RSS or DATASET media: a URL, or a data source (RSS, DATASET)."""
    _refuse({**_window_problems(valid_from, valid_until), **_link_problems(type, url, data_source_id)})
    media = Media(
        name=name,
        type=type,
        url=url,
        data_source_id=data_source_id,
        tags=tags,
        duration=duration,
        valid_from=valid_from,
        valid_until=valid_until,
        encoding_status=EncodingStatus.DONE,
        created_by=created_by,
    )
    db.session.add(media)
    db.session.commit()
    _check_framing(media)
    return media


def _check_framing(media: Media) -> None:
    """Queue the framing check of a web page, with the origin its screens frame it from."""
    if media.type != MediaType.WEBPAGE or not media.url:
        return
    # PUBLIC_BASE_URL is where kiosks reach us; without it, where this request came (as
    # signage.urls does for every absolute link).
    base = current_app.config["SIGNAGE"].public_base_url
    if not base and has_request_context():
        base = request.host_url
    origin = base.rstrip("/") if base else None
    enqueue(current_app._get_current_object(), FRAMING_JOB, media.id, media.url, origin)  # type: ignore[attr-defined]


NO_SOURCE = N_("No data source with this id.")


def source_problem(value: object) -> str | None:
    """Whether a client's data source id names one (12 or "12")."""
    key = reference(value)
    return None if key is not None and db.session.get(DataSource, key) is not None else NO_SOURCE


def _link_problems(type: MediaType, url: str | None, data_source_id: int | None) -> dict[str, str]:
    if type == MediaType.WEBPAGE:
        problems: dict[str, str] = {}
        if data_source_id is not None:
            problems["data_source_id"] = N_("A web page has no data source.")
        if not url:
            problems["url"] = N_("A web page needs its URL.")
        else:
            try:
                check_webpage_url(url, allow_http=current_app.config["SIGNAGE"].allow_http_webpages)
            except ValueError as exc:
                problems["url"] = exc.args[0]
        return problems
    # An RSS media made by URL reads the data source made for it (signage.datasources.feed_media):
    # it keeps both, the URL to show and edit, the source to be played.
    both = url is not None and data_source_id is not None
    if url is None and data_source_id is None or (both and type != MediaType.RSS):
        return {"url": N_("Give either url or dataSourceId, not both.")}
    if data_source_id is not None and db.session.get(DataSource, data_source_id) is None:
        return {"data_source_id": NO_SOURCE}
    return {}


def update_media(media: Media, **changes: Any) -> Media:
    """Partial: only the given fields change (snake_case model names)."""
    problems = _window_problems(
        changes.get("valid_from", media.valid_from), changes.get("valid_until", media.valid_until)
    )
    if "url" in changes or "data_source_id" in changes:
        if media.type not in (MediaType.WEBPAGE, MediaType.RSS, MediaType.DATASET):
            field = "url" if "url" in changes else "data_source_id"
            problems[field] = N_("Only web pages, feeds and datasets have a URL or a data source.")
        else:
            problems.update(
                _link_problems(
                    media.type,
                    changes.get("url", media.url),
                    changes.get("data_source_id", media.data_source_id),
                )
            )
    _refuse(problems)
    shown = any(field in changes and changes[field] != getattr(media, field) for field in SHOWN_FIELDS)
    new_url = "url" in changes and changes["url"] != media.url
    for field, value in changes.items():
        setattr(media, field, value)
    if new_url:
        # The old page's verdict says nothing about the new one.
        media.framing_status = media.framing_reason = media.framing_checked_at = None
    bumped = versions.bump(versions.playlists_using_media([media.id])) if shown else []
    db.session.commit()
    versions.notify(bumped)
    if new_url:
        _check_framing(media)
    return media


def object_keys(media: Media) -> list[str]:
    """Every stored object of the media: its file, thumbnail, PDF pages, bundle files. All
    live in the media's folder, so one listing finds them, whatever the processing left."""
    keys = {key for key in (media.s3_key, media.thumbnail_s3_key) if key}
    if media.s3_key and is_valid_key(media.s3_key):
        keys.update(get_storage().list(folder_of(media.s3_key)))
    return sorted(keys)


def delete_media(media: Media, *, force: bool = False) -> list[int]:
    """Delete the media and its stored objects. While playlists use it: MediaInUse (409),
    unless `force`, which removes its items and bumps those playlists. Returns them."""
    using = playlists_using(media)
    if using and not force:
        raise MediaInUse(using)
    keys = object_keys(media)
    bumped = versions.bump([playlist_id for playlist_id, _ in using])
    db.session.execute(delete(PlaylistItem).where(PlaylistItem.media_id == media.id))
    db.session.delete(media)
    db.session.commit()
    versions.notify(bumped)
    try:
        get_storage().delete(keys)
    except Exception:
        # The row is gone, so nothing links to these objects any more: an operator can sweep.
        log.exception("media %s deleted; its stored objects could not all be removed: %s", media.id, keys)
    return bumped
