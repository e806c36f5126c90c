"""Data sources to JSON: header values masked (they carry credentials), the cache not
included (players read it from their own route, the console a preview)."""

from __future__ import annotations

from typing import Any

from signage.core.wire import iso
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
        "lastFetched": iso(source.last_fetched),
        "lastError": source.last_error,
        "hasData": source.last_data is not None,
        "createdAt": iso(source.created_at),
    }
    if with_preview:
        body["preview"] = preview(source.last_data) if source.last_data is not None else None
    return body
