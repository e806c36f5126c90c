"""Data sources: create, change, delete (only once no media uses them), and refresh.

The services own their transactions. A refresh fetches outside any transaction (a slow
feed must not hold SQLite's write lock), then records the outcome in a short one: new data,
or the error beside the last good data, which screens keep showing.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from flask import current_app
from sqlalchemy import select

from signage.content import versions
from signage.core.errors import Conflict, InvalidData
from signage.core.validation import must_be_one_of
from signage.datasources import fields as field_rules
from signage.datasources import rules, secrets
from signage.datasources.fetch import FetchError, fetch
from signage.datasources.parsers import ParseError, parse
from signage.datasources.queries import media_using
from signage.extensions import db
from signage.models import DataSource, DataSourceType, Media

log = logging.getLogger(__name__)

ERROR_MAX = 1000


class DataSourceInUse(Conflict):
    """Media of type RSS/DATASET read the source: deleting it would blank their zones."""

    def __init__(self, message: str, media: list[tuple[int, str]], total: int) -> None:
        super().__init__("datasource_in_use", message)
        self.media = media  # (id, name) of the first few
        self.total = total


# Stored as the source's last error (in English: a job has no request to speak the language of).
UNREADABLE_HEADERS = (
    "The stored header values cannot be read with this server's key (was SECRET_KEY changed?): "
    "type them again."
)


NOT_GIVEN: Any = object()


def _stored_fields(source: DataSource) -> dict[str, str | None] | None:
    return field_rules.mapping_of(source.title_field, source.text_field, source.image_field)


def _checked(
    source: DataSource | None,
    *,
    name: str | None,
    type: str | None,
    config: Any,
    refresh_interval: int | None,
    fields: Any = NOT_GIVEN,
) -> dict[str, Any]:
    """The given values, checked all together; None means "not given" (an update), except for
    `fields`, where None clears the mapping."""
    problems: dict[str, str] = {}
    clean: dict[str, Any] = {}
    if name is not None:
        problem = rules.name_problem(name.strip())
        if problem:
            problems["name"] = problem
        clean["name"] = name.strip()
    if type is not None:
        if type not in rules.TYPES:
            problems["type"] = must_be_one_of(rules.TYPES)
        clean["type"] = DataSourceType(type) if type in rules.TYPES else None
    if refresh_interval is not None:
        problem = rules.interval_problem(refresh_interval)
        if problem:
            problems["refresh_interval"] = problem
        clean["refresh_interval"] = refresh_interval
    source_type = type or (source.type.value if source else "")
    # A new type re-checks the stored config (a path is only a JSON source's).
    if config is not None or (source is not None and type is not None):
        raw = config if config is not None else (source.config if source else {})
        previous = source.config if source is not None else None
        clean["config"], config_problems = rules.clean_config(raw, source_type, previous)
        problems.update(config_problems)
        if isinstance(clean["config"].get("headers"), dict):
            clean["config"]["headers"] = secrets.sealed_headers(clean["config"]["headers"])
    # A new type re-checks the stored mapping too (a feed maps nothing).
    if fields is not NOT_GIVEN or (source is not None and type is not None):
        raw = fields if fields is not NOT_GIVEN else (_stored_fields(source) if source else None)
        data = source.last_data if source is not None else None
        mapping, field_problems = field_rules.clean_fields(raw, source_type, data)
        problems.update(field_problems)
        clean.update({f"{role}_field": mapping[role] for role in field_rules.ROLES})
    if problems:
        db.session.rollback()
        raise InvalidData(problems)
    return clean


def create_source(
    *,
    name: str,
    type: str,
    config: Any,
    refresh_interval: int = rules.DEFAULT_INTERVAL,
    fields: Any = NOT_GIVEN,
    commit: bool = True,
) -> DataSource:
    """`commit=False` leaves the new row flushed in the caller's transaction (a feed media
    and its source are made together, or neither). A new source has no data yet, so it can
    map no field: `fields` may only be null."""
    values = _checked(
        None, name=name, type=type, config=config, refresh_interval=refresh_interval, fields=fields
    )
    source = DataSource(**values)
    db.session.add(source)
    if commit:
        db.session.commit()
    else:
        db.session.flush()
    return source


def update_source(
    source: DataSource,
    *,
    name: str | None = None,
    type: str | None = None,
    config: Any = None,
    refresh_interval: int | None = None,
    fields: Any = NOT_GIVEN,
    commit: bool = True,
) -> DataSource:
    """Apply the given changes all together, or none. A new URL, type or path makes the
    source due at once, so the next sync fetches what it now points at. A new field mapping
    gives the playlists reading the source a new version (their screens reload it: the
    mapping travels with the media). `commit=False`: as in create_source."""
    values = _checked(
        source, name=name, type=type, config=config, refresh_interval=refresh_interval, fields=fields
    )
    refetch = any(key in values and values[key] != getattr(source, key) for key in ("type", "config"))
    remapped = any(
        key in values and values[key] != getattr(source, key)
        for key in ("title_field", "text_field", "image_field")
    )
    for key, value in values.items():
        setattr(source, key, value)
    if refetch:
        source.last_fetched = None
    bumped = versions.bump(_playlists_reading(source.id)) if remapped else []
    if commit:
        db.session.commit()
        versions.notify(bumped)
    return source


def delete_source(source: DataSource) -> None:
    """Refused (DataSourceInUse, naming them) while media read the source."""
    # Lock the row (PostgreSQL) so a media cannot be pointed at it between check and delete.
    db.session.execute(select(DataSource.id).where(DataSource.id == source.id).with_for_update())
    media, total = media_using(source.id)
    if total:
        message = rules.in_use_message(source.name, [name for _, name in media], total)
        db.session.rollback()
        raise DataSourceInUse(message, media, total)
    db.session.delete(source)
    db.session.commit()


def _playlists_reading(source_id: int) -> list[int]:
    media_ids = db.session.scalars(select(Media.id).where(Media.data_source_id == source_id)).all()
    return versions.playlists_using_media(media_ids)


def refresh_source(source_id: int, at: datetime | None = None) -> DataSource | None:
    """Fetch the source now and record the outcome; None when it no longer exists.

    When the data changed, the playlists whose media read the source get a new version and
    their screens a `playlist:reload`, so a zone shows the news without waiting for its poll.
    """
    moment = at or datetime.now(UTC)
    source = db.session.get(DataSource, source_id)
    if source is None:
        return None
    url = str(source.config.get("url", ""))
    headers = dict(source.config.get("headers") or {})
    path = source.config.get("path")
    source_type = source.type.value
    db.session.commit()  # end the read before the network: no transaction held while fetching
    allow_private = current_app.config["SIGNAGE"].datasource_allow_private
    data: Any = None
    error: str | None = None
    try:
        fetched = fetch(url, secrets.opened_headers(headers), allow_private=allow_private)
        data = parse(source_type, fetched.body, path)
    except (FetchError, ParseError) as exc:
        error = str(exc)[:ERROR_MAX]
    except secrets.UnreadableSecret:
        error = UNREADABLE_HEADERS
    source = db.session.get(DataSource, source_id)
    if source is None:
        db.session.rollback()
        return None
    source.last_fetched = moment
    source.last_error = error
    bumped: list[int] = []
    if error is None and data != source.last_data:
        source.last_data = data
        bumped = versions.bump(_playlists_reading(source_id))
    db.session.commit()
    versions.notify(bumped)
    if error:
        log.info("data source %s: fetch failed, keeping the last data: %s", source_id, error)
    return source
