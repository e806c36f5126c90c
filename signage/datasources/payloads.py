"""Data sources to JSON: header values masked (they carry credentials), the cache not
included (players read it from their own route, the console a preview)."""

from __future__ import annotations

from typing import Any

from signage.core.wire import iso
from signage.datasources.fields import available, mapping_of
from signage.datasources.parsers import preview
from signage.datasources.rules import masked
from signage.models import DataSource


def datasource_json(source: DataSource, *, with_preview: bool = False) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": str(source.id),
        "name": source.name,
        "type": source.type.value,
        "config": masked(source.config or {}),
        "refreshInterval": source.refresh_interval,
        "fields": source_fields(source),
        "lastFetched": iso(source.last_fetched),
        "lastError": source.last_error,
        "hasData": source.last_data is not None,
        "createdAt": iso(source.created_at),
    }
    if with_preview:
        body["preview"] = preview(source.last_data) if source.last_data is not None else None
        # What `fields` may name: the records' fields in the last data (none for a feed).
        mappable = source.type.value != "RSS" and source.last_data is not None
        body["availableFields"] = available(source.last_data) if mappable else []
    return body


def source_fields(source: DataSource) -> dict[str, str | None] | None:
    """Which field is the title, the text and the image; null when nothing is mapped."""
    return mapping_of(source.title_field, source.text_field, source.image_field)
