"""The base of every answer model, the page envelope and the error body (CONTRACT §1)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model
from pydantic.alias_generators import to_camel

# An instant on the wire: ISO 8601 in UTC with `Z` (signage.core.wire.iso).
Instant = datetime
# Ids are strings on the wire (CONTRACT §1): opaque to clients.
Id = str


def absent(description: str | None = None) -> Any:
    """A key some answers of the model carry and others leave out (never null for that)."""
    return Field(default=None, description=description, json_schema_extra=_no_default)


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


class Answer(BaseModel):
    """A JSON answer: snake_case in Python, camelCase on the wire; a key the model does not
    name is a drift between the code and its description, so it is refused."""

    model_config = ConfigDict(extra="forbid", alias_generator=to_camel, populate_by_name=True, frozen=True)


_pages: dict[type[Answer], type[Answer]] = {}


def page_of(item: type[Answer]) -> type[Answer]:
    """`{"items": [item...], "total": N}` (CONTRACT §1 paging), one model per item model."""
    if item not in _pages:
        _pages[item] = create_model(  # type: ignore[call-overload]
            f"{item.__name__}Page",
            __base__=Answer,
            __doc__=f"A page of {item.__name__}: `total` counts every match, not only this page.",
            items=(list[item], ...),  # type: ignore[valid-type]
            total=(int, ...),
        )
    return _pages[item]


class ErrorDetail(Answer):
    code: str = Field(description="snake_case, stable")
    message: str = Field(description="in the reader's language")
    fields: dict[str, str] = Field(
        default=None,
        description="422: each bad field (as the client named it) and what is wrong with it",
        json_schema_extra=_no_default,
    )


class Error(Answer):
    """Every failure, on every JSON route."""

    error: ErrorDetail
