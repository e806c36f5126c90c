"""Absolute public URLs of media objects (CONTRACT §5, §8).

CDN_BASE_URL + key when a CDN fronts the storage; otherwise the app's own `/media/<key>`
route (signage.web.media), which serves either backend with Range, ETag and immutable
caching. Outside a request (a job) the route needs SERVER_NAME to build an absolute URL;
without it these return None rather than a relative URL a player could not use.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from urllib.parse import quote

from flask import current_app

from signage.media.keys import folder_of, is_valid_key, page_number, site_index_key
from signage.media.storage import Storage, get_storage
from signage.models import Media
from signage.models.enums import EncodingStatus, MediaType
from signage.urls import public_url

LINK_TYPES = frozenset({MediaType.WEBPAGE, MediaType.RSS, MediaType.DATASET})


def object_url(key: str | None) -> str | None:
    if not key:
        return None
    cdn = current_app.config["SIGNAGE"].cdn_base_url
    if cdn:
        return f"{cdn}/{quote(key)}"
    return public_url("media_files.serve", key=key)


def media_url(media: Media) -> str | None:
    """What a player loads: the stored file, or the page/feed URL of a link media."""
    if media.type in LINK_TYPES:
        return media.url
    if media.type == MediaType.HTML and media.s3_key and media.s3_key.endswith(".zip"):
        return object_url(site_index_key(media.s3_key))  # a bundle plays from its start page
    return object_url(media.s3_key)


def thumbnail_url(media: Media) -> str | None:
    return object_url(media.thumbnail_s3_key)


def page_keys(media: Media) -> list[str]:
    """A PDF's pages as images, in order: `page-NNNN-<digest>.png` in the media's folder,
    written by the generate-thumbnail job. Empty until the job is DONE.

    Listing the folder is a storage call (an S3 request), and this runs for every PDF of a
    media listing and of every player's playlist fetch: the pages of one version of the row
    are listed once per process. The job writes pages only while the media is PROCESSING and
    removes stale ones before it commits DONE, which changes updated_at, so a listing made
    at a DONE version never goes out of date."""
    if (
        media.type != MediaType.PDF
        or media.encoding_status != EncodingStatus.DONE
        or not media.s3_key
        or not is_valid_key(media.s3_key)
    ):
        return []
    return list(_listed_pages(get_storage(), folder_of(media.s3_key), media.updated_at))


@lru_cache(maxsize=1024)
def _listed_pages(storage: Storage, folder: str, version: datetime) -> tuple[str, ...]:
    """`version` (the row's updated_at) is only part of the cache key."""
    keys = (key for key in storage.list(folder + "page-") if page_number(key) is not None)
    return tuple(sorted(keys, key=lambda key: page_number(key) or 0))


def page_urls(media: Media) -> list[str]:
    return [url for url in (object_url(key) for key in page_keys(media)) if url]
