"""The media library's listing: one query for the API and the console page."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Select, String, cast, select

from signage.core.errors import InvalidData
from signage.models import Media
from signage.models.enums import MediaType

TYPES = tuple(MediaType.__members__)


def library_query(kind: str | None = None, tag: str | None = None, term: str | None = None) -> Select[Any]:
    """Newest first; `kind` a media type, `tag` exact (case-insensitive for ASCII letters: other
    letters are stored escaped), `term` in the name."""
    query = select(Media).order_by(Media.created_at.desc(), Media.id.desc())
    if kind:
        if kind not in TYPES:
            raise InvalidData({"type": f"Must be one of {', '.join(TYPES)}."})
        query = query.where(Media.type == MediaType(kind))
    tag = (tag or "").strip()
    if tag:
        # Tags are a JSON array: its text holds the tag quoted exactly as json.dumps writes it
        # (non-ASCII escaped), which works the same on SQLite and PostgreSQL.
        needle = json.dumps(tag)
        query = query.where(cast(Media.tags, String).icontains(needle, autoescape=True))
    if term:
        query = query.where(Media.name.icontains(term, autoescape=True))
    return query
