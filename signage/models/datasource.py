"""External data feeds (RSS, CSV, JSON) used by tickers and dataset zones."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from signage.models.enums import DataSourceType
from signage.models.types import Model, UTCDateTime, enum_column, utcnow


class DataSource(Model):
    __tablename__ = "data_sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    type: Mapped[DataSourceType] = mapped_column(enum_column(DataSourceType, "type"))
    config: Mapped[dict[str, Any]] = mapped_column("config_json", sa.JSON, default=dict)
    refresh_interval: Mapped[int] = mapped_column(default=900, server_default="900")
    last_fetched: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_data: Mapped[Any | None] = mapped_column("last_data_json", sa.JSON)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    # Which field of a JSON or CSV source's records a ticker shows as the title, the text and
    # the image (signage.datasources.fields); None: not mapped.
    title_field: Mapped[str | None] = mapped_column(sa.String(200))
    text_field: Mapped[str | None] = mapped_column(sa.String(200))
    image_field: Mapped[str | None] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
