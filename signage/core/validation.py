"""Declarative validation of JSON bodies: each field's type, presence and rule.

Pure (standard library only). A body that fails becomes a 422 naming every bad field;
unknown fields are refused too, so a typo never silently does nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from signage.core.errors import N_, Text

Check = Callable[[Any], "str | None"]

EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


class ValidationError(Exception):
    """Every bad field with its message (an English `Text`, translated when shown)."""

    def __init__(self, fields: dict[str, str], message: str = N_("Some fields are invalid.")) -> None:
        super().__init__(message)
        self.fields = fields
        self.message = message


@dataclass(frozen=True)
class Field:
    kind: type | tuple[type, ...]
    required: bool = False
    nullable: bool = False
    check: Check | None = None


_KIND_NAMES = {
    str: N_("a string"),
    int: N_("an integer"),
    bool: N_("true or false"),
    float: N_("a number"),
    list: N_("an array"),
    dict: N_("an object"),
}


def _kind_name(kind: type | tuple[type, ...]) -> Text:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = [Text(_KIND_NAMES.get(k, k.__name__)) for k in kinds]
    named = names[0]
    for other in names[1:]:
        named = Text(N_("%(first)s or %(second)s"), first=named, second=other)
    return named


def _is_kind(value: Any, kind: type | tuple[type, ...]) -> bool:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool) and bool not in kinds:
        return False  # JSON true is not the integer 1
    if float in kinds and isinstance(value, int) and not isinstance(value, bool):
        return True
    return isinstance(value, kinds)


class Schema:
    def __init__(self, **fields: Field) -> None:
        self.fields = fields

    def validate(
        self, data: Mapping[str, Any], *, partial: bool = False, current: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """Return the accepted values, or raise ValidationError naming each bad field.

        With partial=True (updates), required fields may be absent but not null. `current` is
        the object as a GET shows it: its read-only fields (id, createdAt, counts...) may be
        sent back unchanged, so a client can PUT what it read; changing one is refused.
        """
        errors: dict[str, str] = {}
        clean: dict[str, Any] = {}
        for name in data:
            if name in self.fields:
                continue
            if current is not None and name in current:
                if data[name] != current[name]:
                    errors[name] = N_("Read-only: it cannot be changed.")
            else:
                errors[name] = N_("Unknown field.")
        for name, spec in self.fields.items():
            if name not in data:
                if spec.required and not partial:
                    errors[name] = N_("This field is required.")
                continue
            value = data[name]
            if value is None:
                if not spec.nullable:
                    errors[name] = N_("This field cannot be null.")
                else:
                    clean[name] = None
                continue
            if not _is_kind(value, spec.kind):
                errors[name] = Text(N_("Must be %(kind)s."), kind=_kind_name(spec.kind))
                continue
            if spec.check is not None:
                problem = spec.check(value)
                if problem:
                    errors[name] = problem
                    continue
            clean[name] = value
        if errors:
            raise ValidationError(errors)
        return clean


def must_be_one_of(choices: Iterable[str], *, or_null: bool = False) -> Text:
    """The refusal of a value outside a list (of enum values: not translated)."""
    if or_null:
        return Text(N_("Must be one of %(choices)s, or null."), choices=", ".join(choices))
    return Text(N_("Must be one of %(choices)s."), choices=", ".join(choices))


def at_most_characters(maximum: int) -> Text:
    return Text(N_("At most %(count)s characters."), count=maximum)


def one_of(*choices: str) -> Check:
    def check(value: Any) -> str | None:
        return None if value in choices else must_be_one_of(choices)

    return check


def length(minimum: int = 0, maximum: int | None = None) -> Check:
    def check(value: Any) -> str | None:
        if len(value) < minimum:
            if minimum == 1:
                return N_("This field cannot be empty.")
            return Text(N_("At least %(count)s characters."), count=minimum)
        if maximum is not None and len(value) > maximum:
            return at_most_characters(maximum)
        return None

    return check


def email(value: Any) -> str | None:
    if len(value) > 254 or not EMAIL_RE.match(value):
        return N_("Not a valid e-mail address.")
    return None


def int_range(minimum: int, maximum: int) -> Check:
    def check(value: Any) -> str | None:
        if not minimum <= value <= maximum:
            return Text(N_("Must be between %(minimum)s and %(maximum)s."), minimum=minimum, maximum=maximum)
        return None

    return check
