"""Data sources and weather (CONTRACT §11); signage.datasources.payloads builds them."""

from __future__ import annotations

from typing import Any

from pydantic import Field, RootModel

from signage.models.enums import DataSourceType
from signage.schemas.base import Answer, Id, Instant


class DataFields(Answer):
    """Which field of a JSON or CSV source's records is the title, the text and the image."""

    title: str | None
    text: str | None
    image: str | None


class DataSource(Answer):
    """Header values masked: they carry credentials."""

    id: Id
    name: str
    type: DataSourceType
    config: dict[str, Any]
    refresh_interval: int = Field(description="seconds")
    fields: DataFields | None = Field(description="the field mapping; null when nothing is mapped")
    last_fetched: Instant | None
    last_error: str | None
    has_data: bool
    created_at: Instant


class DataSourceShown(DataSource):
    preview: Any = Field(description="the start of the last data fetched; null before the first fetch")
    available_fields: list[str] = Field(
        description="what `fields` may name: the records' fields in the last data"
    )


class SourceData(RootModel[Any]):
    """The data source's last fetched data, as parsed (RSS items, CSV rows, the JSON)."""


class Weather(Answer):
    city: str
    temperature: float
    description: str
    icon: str
