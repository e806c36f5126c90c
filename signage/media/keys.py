"""Storage keys. Pure (standard library only).

A key is `m/<folder>/<role><digest>.<ext>`: the folder is random per media (so keys cannot be
guessed from a file a visitor happens to have) and the file name carries the content's digest
(so a key changes when its content changes, and caches may keep an object forever). Nothing
from a client's file name ever reaches a key.
"""

from __future__ import annotations

import re
import secrets

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


def page_number(key: str) -> int | None:
    name = key.rsplit("/", 1)[-1]
    if not name.startswith("page-"):
        return None
    return int(name[5:9])


def extension_of(key: str) -> str:
    return key.rsplit(".", 1)[-1]
