"""Value rules every domain shares: names and free text, and the ids clients send.

Pure (standard library only). Each check returns a problem sentence or None; the services
gather them per field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from signage.core.errors import N_
from signage.core.validation import at_most_characters

NAME_MAX = 120
DESCRIPTION_MAX = 2000
MAX_ID = 2**31 - 1


@dataclass(frozen=True)
class TextRule:
    maximum: int
    required: bool = False


def clean_texts(
    values: Mapping[str, str | None], rules: Mapping[str, TextRule]
) -> tuple[dict[str, str], dict[str, str]]:
    """Trim each given value and check it against its rule.

    None means "not given" (a partial update) and is left out of both results.
    Returns (clean values, problems by field).
    """
    clean: dict[str, str] = {}
    problems: dict[str, str] = {}
    for field, raw in values.items():
        if raw is None:
            continue
        rule = rules[field]
        value = raw.strip()
        if rule.required and not value:
            problems[field] = N_("This field cannot be empty.")
        elif len(value) > rule.maximum:
            problems[field] = at_most_characters(rule.maximum)
        else:
            clean[field] = value
    return clean, problems


def reference(raw: object) -> int | None:
    """The row id a client sent (ids are opaque strings; an integer is accepted too).

    None when the value cannot name any row, which callers report like an unknown id.
    """
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) <= 10:
        value = int(raw)
    else:
        return None
    return value if 0 < value <= MAX_ID else None
