"""What a storage backend says about a stored object (signage.media.storage and its backends)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ObjectInfo:
    size: int
    etag: str  # strong, without quotes
    content_type: str
