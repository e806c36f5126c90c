"""The refusal of a body's fields (CONTRACT §1's 422) and the sentences it uses, shared by
the request models (signage.bodies) and the services.

Pure (standard library only).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from signage.core.errors import N_, Text

EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


class ValidationError(Exception):
    """Every bad field with its message (an English `Text`, translated when shown)."""

    def __init__(self, fields: dict[str, str], message: str = N_("Some fields are invalid.")) -> None:
        super().__init__(message)
        self.fields = fields
        self.message = message


def must_be_one_of(choices: Iterable[str], *, or_null: bool = False) -> Text:
    """The refusal of a value outside a list (of enum values: not translated)."""
    if or_null:
        return Text(N_("Must be one of %(choices)s, or null."), choices=", ".join(choices))
    return Text(N_("Must be one of %(choices)s."), choices=", ".join(choices))


def at_most_characters(maximum: int) -> Text:
    return Text(N_("At most %(count)s characters."), count=maximum)


def email(value: Any) -> str | None:
    if len(value) > 254 or not EMAIL_RE.match(value):
        return N_("Not a valid e-mail address.")
    return None
