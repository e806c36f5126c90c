"""WHERE clauses every domain's queries share."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, false

from signage.core.values import reference


def id_is(column: Any, raw: object) -> ColumnElement[bool] | None:
    """`column` equal to the id a client sent, or None when it sent none. Ids are opaque to
    clients, so a value that cannot be an id matches nothing rather than being an error."""
    if raw is None or raw == "":
        return None
    key = reference(raw)
    return column == key if key is not None else false()
