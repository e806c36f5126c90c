"""The media jobs (spec: encode-video, generate-thumbnail, expire-medias).

A processing job moves encodingStatus PENDING → PROCESSING → DONE | ERROR, keeping the reason
of an ERROR, and tells the console at each step (`admin:media_status`). Whatever goes wrong
inside (a corrupt file, ffmpeg failing or overrunning), the job ends with the media in ERROR,
never left in PROCESSING. New objects are stored under new content-addressed keys before the
row points at them; the ones replaced are removed after the commit.

The CPU-bound step (decoding, rendering) runs in a child process with a time and a memory
limit (signage.media.isolation), never on the web process's event loop; only database and
storage work, which yields under gevent, stays here.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import or_, select

from signage.content import versions
from signage.content.library import status_event
from signage.extensions import db
from signage.jobs.context import job_context, periodic
from signage.media import isolation, processing
from signage.media.keys import content_key, folder_of
from signage.media.processing import ProcessingError
from signage.media.storage import get_storage
from signage.media.uploads import file_digest
from signage.models import Media
from signage.models.enums import EncodingStatus, MediaType
from signage.notifications import events
from signage.push import to_console

log = logging.getLogger(__name__)

ERROR_MAX = 1000
# ffmpeg stops itself at ENCODE_TIMEOUT; the child gets a margin for the probe and thumbnail.
VIDEO_TIMEOUT = processing.ENCODE_TIMEOUT + 2 * processing.PROBE_TIMEOUT
# expire-medias looks this far back at its first run, and never further: a window edge older
# than that was handled by an earlier run or no longer matters.
EXPIRY_LOOKBACK = timedelta(days=2)


def encode_video(media_id: int) -> str:
    """Transcode to H.264/AAC MP4 (faststart), probe duration and size, make a thumbnail."""

    def work(source: Path, workdir: Path, media) -> list[tuple[str, Path, str, str]]:
        encoded = isolation.run(processing.encode_video, source, workdir, timeout=VIDEO_TIMEOUT)
        media.width, media.height = encoded.probe.width, encoded.probe.height
        if media.duration is None and encoded.probe.duration:
            media.duration = round(encoded.probe.duration, 3)
        media.mime_type = "video/mp4"
        media.file_size = encoded.path.stat().st_size
        return [("file", encoded.path, "mp4", "video/mp4"), ("thumb", encoded.thumbnail, "jpg", "image/jpeg")]

    return _process(media_id, work)


def generate_thumbnail(media_id: int) -> str:
    """Images: a thumbnail turned by EXIF orientation. PDFs: every page as an image, and a
    thumbnail of page 1."""

    def work(source: Path, workdir: Path, media) -> list[tuple[str, Path, str, str]]:
        if media.type == MediaType.PDF:
            rendered = isolation.run(processing.render_pdf, source, workdir)
            media.width, media.height = rendered.width, rendered.height
            objects = [("thumb", rendered.thumbnail, "jpg", "image/jpeg")]
            pages = enumerate(rendered.pages, start=1)
            return objects + [(f"page:{n}", page, "png", "image/png") for n, page in pages]
        thumbnail = workdir / "thumbnail.jpg"
        media.width, media.height = isolation.run(processing.image_thumbnail, source, thumbnail)
        return [("thumb", thumbnail, "jpg", "image/jpeg")]

    return _process(media_id, work)


Work = Callable[..., list[tuple[str, Path, str, str]]]


def _process(media_id: int, work: Work) -> str:
    """Run `work(source, workdir, media)` on the media's file; it sets fields on the media and
    returns the objects to store as (role, path, ext, content type): role "file" replaces the
    media's file, "thumb" its thumbnail, "page:N" is page N of a PDF."""

    with job_context():
        media = db.session.get(Media, media_id)
        if media is None or not media.s3_key:
            log.info("media %s: nothing to process (deleted meanwhile?)", media_id)
            return "missing"
        media.encoding_status = EncodingStatus.PROCESSING
        media.encoding_error = None
        db.session.commit()
        to_console("admin:media_status", status_event(media))

        storage = get_storage()
        stored: list[str] = []
        # Objects the row points at before this run: a run writing the same content again
        # (same key) must not remove them when it fails.
        before = {media.s3_key, media.thumbnail_s3_key}
        old_keys: list[str] = []
        try:
            with tempfile.TemporaryDirectory(prefix="signage-media-") as tmp:
                workdir = Path(tmp)
                source = workdir / ("source." + media.s3_key.rsplit(".", 1)[-1])
                storage.download(media.s3_key, source)
                folder = folder_of(media.s3_key)
                for role, path, ext, content_type in work(source, workdir, media):
                    page = int(role.split(":", 1)[1]) if role.startswith("page:") else None
                    digest = file_digest(path)
                    prefix = "thumb-" if role == "thumb" else ""
                    key = content_key(folder, digest, ext, role=prefix, page=page)
                    storage.put_file(key, path, content_type)
                    stored.append(key)
                    if role == "file":
                        media.sha256 = digest
                    if role == "file" and key != media.s3_key:
                        old_keys.append(media.s3_key)
                        media.s3_key = key
                    elif role == "thumb" and key != media.thumbnail_s3_key:
                        if media.thumbnail_s3_key:
                            old_keys.append(media.thumbnail_s3_key)
                        media.thumbnail_s3_key = key
            # Pages of an earlier run that this one did not write again. They go while the
            # media is still PROCESSING, when no one lists its pages (signage.media.urls).
            _discard(storage, [k for k in storage.list(folder + "page-") if k not in stored])
            media.encoding_status = EncodingStatus.DONE
            bumped = versions.bump(versions.playlists_using_media([media.id]))
            db.session.commit()
        except Exception as exc:
            db.session.rollback()
            reason = str(exc) if isinstance(exc, ProcessingError) else f"Processing failed: {exc}"
            expected = isinstance(exc, ProcessingError)
            log.warning("media %s: processing failed: %s", media_id, reason, exc_info=not expected)
            _discard(storage, [key for key in stored if key not in before])
            return _fail(media_id, reason[:ERROR_MAX])
        _discard(storage, old_keys)
        versions.notify(bumped)
        to_console("admin:media_status", status_event(media))
        log.info("media %s processed: %d objects stored", media_id, len(stored))
        return "done"


def _discard(storage, keys: list[str]) -> None:
    try:
        storage.delete(keys)
    except Exception:
        log.exception("could not remove stored objects %s", keys)


def _fail(media_id: int, reason: str) -> str:

    media = db.session.get(Media, media_id)
    if media is None:
        return "missing"
    media.encoding_status = EncodingStatus.ERROR
    media.encoding_error = reason
    db.session.commit()
    to_console("admin:media_status", status_event(media))
    try:
        events.encoding_failed(media.id, media.name, reason, media.created_by)
    except Exception:
        # Telling people is second to recording the failure, which is done.
        db.session.rollback()
        log.exception("media %s: could not notify the encoding failure", media_id)
    return "error"


@periodic
def expire_medias(moment: datetime) -> list[int]:
    """Media that entered or left their validFrom/validUntil window since they last changed:
    bump and notify the playlists using them, so players drop (or pick up) them.

    A media's updated_at is set to the run's instant once handled, which marks it done
    without a column of its own; any later edit is newer than its window edges anyway.
    Returns the playlists bumped.
    """
    horizon = moment - EXPIRY_LOOKBACK
    crossed = or_(
        *(
            (edge <= moment) & (edge > horizon) & (Media.updated_at < edge)
            for edge in (Media.valid_until, Media.valid_from)
        )
    )
    ids = list(db.session.scalars(select(Media.id).where(crossed)))
    if not ids:
        return []
    bumped = versions.bump(versions.playlists_using_media(ids))
    db.session.execute(Media.__table__.update().where(Media.id.in_(ids)).values(updated_at=moment))
    db.session.commit()
    versions.notify(bumped)
    log.info("expire-medias: %d media crossed their window, %d playlists bumped", len(ids), len(bumped))
    return bumped
