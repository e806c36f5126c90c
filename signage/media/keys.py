"""Storage keys. Pure (standard library only).

A key is `m/<folder>/<role><digest>.<ext>`: the folder is random per media (so keys cannot be
guessed from a file a visitor happens to have) and the file name carries the content's digest
(so a key changes when its content changes, and caches may keep an object forever). Nothing
from a client's file name ever reaches a key.
"""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime

PREFIX = "m/"
DIGEST_CHARS = 32
ROLES = ("", "thumb-", "page-")
EXTENSIONS = frozenset({"png", "jpg", "gif", "webp", "mp4", "webm", "mov", "pdf", "html", "zip", "bin"})

_FOLDER = r"[0-9a-f]{32}"
KEY_RE = re.compile(rf"^m/{_FOLDER}/(?:thumb-|page-\d{{4}}-)?[0-9a-f]{{{DIGEST_CHARS}}}\.[a-z0-9]{{2,4}}$")


def new_folder() -> str:
    return f"{PREFIX}{secrets.token_hex(16)}/"


def content_key(folder: str, digest: str, ext: str, *, role: str = "", page: int | None = None) -> str:
    """The key of one object of a media: `digest` is the hex sha256 of its bytes."""
    if not folder.startswith(PREFIX) or not folder.endswith("/"):
        raise ValueError("folder must come from new_folder()")
    if ext not in EXTENSIONS:
        raise ValueError(f"unknown extension {ext!r}")
    name = f"{role}{digest[:DIGEST_CHARS]}.{ext}"
    if page is not None:
        name = f"page-{page:04d}-{digest[:DIGEST_CHARS]}.{ext}"
    key = folder + name
    if not is_valid_key(key):
        raise ValueError(f"not a valid key: {key!r}")
    return key


def folder_of(key: str) -> str:
    """The media's folder (`m/<hex>/`) a key lives in."""
    if not is_valid_key(key):
        raise ValueError(f"not a valid key: {key!r}")
    return key[: key.index("/", len(PREFIX)) + 1]


def is_valid_key(key: str) -> bool:
    """Only keys this module makes: the public route serves nothing else (no `..`, no `/`)."""
    return bool(KEY_RE.match(key))


# Screenshots (CONTRACT §6): `screenshots/<screenId>/<UTC timestamp>.jpg`. Such a key can be
# guessed from a screen id and a time, so the public /media route never serves one
# (is_valid_key refuses it); the console serves them behind a session.
SCREENSHOT_PREFIX = "screenshots/"
SCREENSHOT_RE = re.compile(r"^screenshots/[1-9][0-9]{0,9}/[0-9]{8}T[0-9]{12}Z\.jpg$")


def screenshot_key(screen_id: int, taken_at: datetime) -> str:
    """`taken_at` (aware) to the microsecond, so two captures never share a key."""
    key = f"{SCREENSHOT_PREFIX}{screen_id}/{taken_at.astimezone(UTC).strftime('%Y%m%dT%H%M%S%fZ')}.jpg"
    if not is_screenshot_key(key):
        raise ValueError(f"not a valid screenshot key: {key!r}")
    return key


def is_screenshot_key(key: str) -> bool:
    return bool(SCREENSHOT_RE.match(key))


# An HTML bundle's files, unpacked beside its .zip: `m/<folder>/site/<path in the bundle>`.
# Segments start with a letter, digit or `_` (so no `.`, `..` or hidden files) and hold only
# characters that need no escaping trouble; a bundle with other names is refused at upload.
SITE_SEGMENT = r"[A-Za-z0-9_][A-Za-z0-9 _.()+-]{0,99}"
SITE_RE = re.compile(rf"^m/{_FOLDER}/site/(?:{SITE_SEGMENT}/){{0,8}}{SITE_SEGMENT}$")


def is_site_path(path: str) -> bool:
    """A path inside a bundle that can become a key."""
    return bool(SITE_RE.match(f"m/{'0' * 32}/site/{path}"))


def site_key(folder: str, path: str) -> str:
    key = f"{folder}site/{path}"
    if not is_site_key(key):
        raise ValueError(f"not a valid bundle key: {key!r}")
    return key


def is_site_key(key: str) -> bool:
    return bool(SITE_RE.match(key))


def site_index_key(bundle_key: str) -> str:
    """Where a bundle's start page lives, from the key of its .zip."""
    return site_key(folder_of(bundle_key), "index.html")


def is_public_key(key: str) -> bool:
    """What the public /media route serves: media objects and bundle files."""
    return is_valid_key(key) or is_site_key(key)


def is_storage_key(key: str) -> bool:
    """What the storage backends accept: media, bundle and screenshot keys, nothing else."""
    return is_valid_key(key) or is_site_key(key) or is_screenshot_key(key)


def page_number(key: str) -> int | None:
    name = key.rsplit("/", 1)[-1]
    if not name.startswith("page-"):
        return None
    return int(name[5:9])
