"""Checking whether a WEBPAGE media may be shown in the player's frame, and keeping it fresh.

The library enqueues `check_webpage` when a web page is added or its URL changes, and
`recheck-webpages` looks again once a day (a site can start refusing any time). The page is
read through the data sources' SSRF guard (signage.datasources.fetch: resolved and checked
addresses, bounded in time, headers only), never in the request that saved the media: it is
a background job (RQ, or a greenlet of the web process). The decision is
signage.datasources.framing_rules; a change in whether the page is refused bumps the
playlists using it, so their screens reload and skip it (or play it again).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import or_, select

from signage.content import versions
from signage.datasources.fetch import FetchError, fetch
from signage.datasources.framing_rules import REASON_MAX, REFUSED, UNKNOWN, Framing, verdict
from signage.extensions import db
from signage.jobs.context import job_context, periodic
from signage.models import Media
from signage.models.enums import MediaType
from signage.models.types import utcnow

log = logging.getLogger(__name__)

RECHECK_AFTER = timedelta(hours=24)
# One run checks at most this many pages (each bounded by the fetch's 10 s): the rest wait
# for the next day's run rather than hold a worker for long.
RECHECK_BATCH = 50
# Some sites answer a bare client differently; the check asks as a browser would.
PROBE_HEADERS = {
    "User-Agent": "Mozilla/5.0 (compatible; signage-frame-check/1.0)",
    "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8",
}


def probe(url: str, our_origin: str | None) -> Framing:
    """Fetch the page's headers through the guard and judge them; UNKNOWN when it cannot be read."""
    allow_private = current_app.config["SIGNAGE"].datasource_allow_private
    try:
        fetched = fetch(url, PROBE_HEADERS, allow_private=allow_private, read_body=False)
    except FetchError as exc:
        return Framing(UNKNOWN, str(exc)[:REASON_MAX])
    return verdict(fetched.headers, fetched.url, our_origin)


def record(media_id: int, url: str, framing: Framing, at: datetime) -> bool:
    """Store the verdict on the media, if it still shows `url`; bump its playlists when it
    changes whether screens skip it. Returns whether it was stored."""
    media = db.session.get(Media, media_id)
    if media is None or media.type != MediaType.WEBPAGE or media.url != url:
        db.session.rollback()
        return False  # deleted, or its URL changed meanwhile: that change has its own check
    was_refused = media.framing_status == REFUSED
    media.framing_status = framing.status
    media.framing_reason = framing.reason
    media.framing_checked_at = at
    bumped = (
        versions.bump(versions.playlists_using_media([media.id]))
        if was_refused != (framing.status == REFUSED)
        else []
    )
    db.session.commit()
    versions.notify(bumped)
    return True


def check_webpage(media_id: int, url: str, our_origin: str | None = None) -> str | None:
    """The job: check the page `url` of media `media_id`; returns the status stored (None
    when the media no longer shows that URL)."""
    with job_context():
        # The player's origin: where the request that saved the media came, else PUBLIC_BASE_URL
        # (only its scheme, host and port count).
        framing = probe(url, our_origin or current_app.config["SIGNAGE"].public_base_url)
        stored = record(media_id, url, framing, utcnow())
        log.info("media %s: framing %s (%s)", media_id, framing.status, framing.reason or "-")
        return framing.status if stored else None


@periodic
def recheck_webpages(moment: datetime) -> list[int]:
    """`recheck-webpages`: the web pages not checked for a day, oldest first; returns their ids."""
    stale = moment - RECHECK_AFTER
    rows = db.session.execute(
        select(Media.id, Media.url)
        .where(Media.type == MediaType.WEBPAGE, Media.url.is_not(None))
        .where(or_(Media.framing_checked_at.is_(None), Media.framing_checked_at <= stale))
        .order_by(Media.framing_checked_at.is_not(None), Media.framing_checked_at, Media.id)
        .limit(RECHECK_BATCH)
    ).all()
    db.session.commit()
    origin = current_app.config["SIGNAGE"].public_base_url
    checked: list[int] = []
    for media_id, url in rows:
        try:
            record(media_id, url, probe(url, origin), moment)
        except Exception:
            db.session.rollback()
            log.exception("media %s: framing check failed", media_id)
            continue
        checked.append(media_id)
    log.info("recheck-webpages: %d pages checked", len(checked))
    return checked
