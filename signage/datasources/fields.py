"""A data source's field mapping: which field of its records is the title, the text and the
image a ticker shows (issue 16, item 5).

Pure (standard library only). A JSON source's records are its list of objects (or its one
object), a CSV source's are its rows keyed by column; a feed's items have fixed fields, so an
RSS source maps nothing. A mapping names fields the source's last data has, so it is checked
against that data: a field the data lacks is refused by name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from signage.core.errors import N_, Text
from signage.core.validation import at_most_characters

ROLES = ("title", "text", "image")
MAPPED_TYPES = ("JSON_URL", "CSV")
FIELD_MAX = 200
# Enough records to know the fields of a regular document without walking a huge one.
SCANNED = 50
LISTED = 12  # fields named in a refusal


def records(data: Any) -> list[Mapping[str, Any]]:
    """The records a mapping reads: a CSV table's rows as objects, a JSON array's objects, or a
    JSON object alone."""
    if isinstance(data, Mapping) and set(data) == {"columns", "rows"} and isinstance(data["rows"], list):
        columns = [str(column) for column in data["columns"]]
        return [dict(zip(columns, row, strict=False)) for row in data["rows"] if isinstance(row, list)]
    if isinstance(data, list):
        return [row for row in data if isinstance(row, Mapping)]
    if isinstance(data, Mapping):
        return [data]
    return []


def available(data: Any) -> list[str]:
    """The fields a mapping may name, in the order they first appear."""
    if isinstance(data, Mapping) and set(data) == {"columns", "rows"} and isinstance(data["columns"], list):
        return list(dict.fromkeys(str(column) for column in data["columns"]))
    seen: dict[str, None] = {}
    for record in records(data)[:SCANNED]:
        seen.update(dict.fromkeys(str(key) for key in record))
    return list(seen)


def mapping_of(title: str | None, text: str | None, image: str | None) -> dict[str, str | None] | None:
    """The stored columns as the API shows them; None when nothing is mapped."""
    if title is None and text is None and image is None:
        return None
    return {"title": title, "text": text, "image": image}


def _unknown(name: str, known: list[str]) -> Text:
    if not known:
        return Text(N_('No field "%(name)s" in the data: the last fetch has no records.'), name=name)
    listed = ", ".join(known[:LISTED]) + (", …" if len(known) > LISTED else "")
    return Text(N_('No field "%(name)s" in the data (fields: %(fields)s).'), name=name, fields=listed)


def clean_fields(raw: Any, source_type: str, data: Any) -> tuple[dict[str, str | None], dict[str, str]]:
    """({title, text, image} with None where unmapped, problems by field). `raw` is null (no
    mapping) or an object of those roles to field names; `data` the source's last data."""
    clean: dict[str, str | None] = dict.fromkeys(ROLES)
    if raw is None:
        return clean, {}
    if not isinstance(raw, Mapping):
        return clean, {"fields": N_("Must be an object with title, text and image, or null.")}
    problems: dict[str, str] = {}
    for key in raw:
        if key not in ROLES:
            problems[f"fields.{key}"] = N_("Unknown field.")
    for role in ROLES:
        value = raw.get(role)
        if value is None or value == "":
            continue
        if not isinstance(value, str):
            problems[f"fields.{role}"] = N_("Must be a string.")
        elif len(value) > FIELD_MAX:
            problems[f"fields.{role}"] = at_most_characters(FIELD_MAX)
        else:
            clean[role] = value
    if any(clean.values()) and source_type not in MAPPED_TYPES:
        return clean, {**problems, "fields": N_("Only a JSON_URL or CSV source maps its fields.")}
    if not any(clean.values()) or problems:
        return clean, problems
    if data is None:
        return clean, {"fields": N_("Nothing fetched yet: refresh the source, then pick among its fields.")}
    known = available(data)
    for role in ROLES:
        name = clean[role]
        if name is not None and name not in known:
            problems[f"fields.{role}"] = _unknown(name, known)
    return clean, problems
