"""Validation of JSON bodies by pydantic models, answered in CONTRACT §1's words.

A body is a `Body` model: each field's type, presence and rule, the same model describing
the API (GET /api/openapi.json is generated from these models). A body that fails becomes
one ValidationError naming every bad field, in the sentences the catalogues translate (not
pydantic's English); unknown fields are refused too, so a typo never silently does nothing.

Below the domains and the web (both declare bodies); above nothing but the core.
"""

from __future__ import annotations

import re
import types
from collections.abc import Callable, Mapping
from typing import Annotated, Any, ClassVar, Literal, Self, Union, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic import Field as ModelField
from pydantic import ValidationError as ModelError
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

from signage.core.errors import N_, Text
from signage.core.validation import ValidationError, at_most_characters, must_be_one_of
from signage.core.values import TextRule, clean_texts

# The JSON kinds a field may take. Strict: JSON true is not the integer 1, "5" is not 5; an
# integer is a number.
Str = StrictStr
Int = StrictInt
Bool = StrictBool
Number = StrictInt | StrictFloat
Array = list[Any]
Object = dict[str, Any]
# Ids are strings; a script sending the integer is understood too.
Id = StrictStr | StrictInt

_KIND_NAMES = {
    str: N_("a string"),
    int: N_("an integer"),
    bool: N_("true or false"),
    float: N_("a number"),
    list: N_("an array"),
    dict: N_("an object"),
}


def omitted() -> Any:
    """The default of an optional field: absent from the answer when not sent. Null is still
    refused unless the field's type allows None."""
    return ModelField(default=None, json_schema_extra=_no_default)


def _no_default(schema: dict[str, Any]) -> None:
    # The default is "not sent", not null: the API's description must not offer null.
    schema.pop("default", None)


def check(rule: Callable[[Any], str | None]) -> Any:
    """A field rule as pydantic metadata: `rule(value)` returns the problem (a Text) or None."""

    def run(value: Any) -> Any:
        _raise(rule(value))
        return value

    return AfterValidator(run)


def check_each(rule: Callable[[Any], Mapping[str, str]]) -> Any:
    """A field rule naming several problems inside the value (a list's items...):
    `rule(value)` returns them keyed by the names the 422 shows (`zones[0].x`, or the field's
    own name), each beside every other bad field's."""

    def run(value: Any) -> Any:
        _raise(dict(rule(value)))
        return value

    return AfterValidator(run)


def _raise(found: str | Mapping[str, str] | None) -> None:
    if isinstance(found, Mapping):
        if found:
            first = next(iter(found.values()))
            raise PydanticCustomError(
                "signage_rules", "{problem}", {"problem": first, "problems": dict(found)}
            )
    elif found:
        raise PydanticCustomError("signage_rule", "{problem}", {"problem": found})


def check_beside(
    rule: Callable[[Any, Mapping[str, Any]], str | Mapping[str, str] | None], *needs: str
) -> Any:
    """A field rule that needs other fields: `rule(value, others)`, `others` giving each field
    named in `needs` (snake_case, declared before this one) as sent, or for a field not sent
    as it is now (the `current` of a PUT; None when creating). The rule is skipped while one of
    them was sent wrong: that field's own problem is named. It returns a problem, or several
    keyed like check_each's."""

    def run(value: Any, info: ValidationInfo) -> Any:
        context = info.context or {}
        sent, current = context.get("sent", {}), context.get("current") or {}
        others: dict[str, Any] = {}
        for name in needs:
            alias = to_camel(name)
            if alias not in sent:
                others[name] = current.get(alias)
            elif name in info.data:
                others[name] = info.data[name]
            else:
                return value
        _raise(rule(value, others))
        return value

    return AfterValidator(run)


def _kinds(annotation: Any) -> tuple[tuple[type, ...], bool, tuple[Any, ...]]:
    """The JSON kinds an annotation accepts, whether it allows null, and its Literal choices."""
    kinds: list[type] = []
    choices: list[Any] = []
    nullable = False
    pending = [annotation]
    while pending:
        item = pending.pop(0)
        origin = get_origin(item)
        if item is None or item is type(None):
            nullable = True
        elif origin is Annotated:
            pending.insert(0, get_args(item)[0])
        elif origin is Union or origin is types.UnionType:
            pending[0:0] = list(get_args(item))
        elif origin is Literal:
            choices.extend(get_args(item))
            kinds.extend(type(choice) for choice in get_args(item) if type(choice) not in kinds)
        elif origin is not None:
            kinds.append(origin)
        elif isinstance(item, type):
            kinds.append(item)
    return tuple(dict.fromkeys(kinds)), nullable, tuple(choices)


def _kind_name(kinds: tuple[type, ...]) -> Text:
    if float in kinds:
        kinds = tuple(k for k in kinds if k is not int)  # an integer is a number
    names = [Text(_KIND_NAMES.get(k, k.__name__)) for k in kinds]
    named = names[0]
    for other in names[1:]:
        named = Text(N_("%(first)s or %(second)s"), first=named, second=other)
    return named


def _is_kind(value: Any, kinds: tuple[type, ...]) -> bool:
    if isinstance(value, bool) and bool not in kinds:
        return False  # JSON true is not the integer 1
    if float in kinds and isinstance(value, int):
        return True
    return isinstance(value, kinds)


def _length_problem(error: Any) -> str:
    context = error.get("ctx") or {}
    if error["type"] == "string_too_short":
        minimum = context.get("min_length", 1)
        if minimum == 1:
            return N_("This field cannot be empty.")
        return Text(N_("At least %(count)s characters."), count=minimum)
    return at_most_characters(context.get("max_length", 0))


class Body(BaseModel):
    """A JSON body: its fields named in Python (snake_case), sent and answered in camelCase."""

    model_config = ConfigDict(
        extra="forbid", strict=True, alias_generator=to_camel, populate_by_name=False, frozen=True
    )
    # A 422 for this body says this (a whole sentence) above its fields.
    invalid_message: ClassVar[str] = N_("Some fields are invalid.")

    @classmethod
    def validated(
        cls, data: Mapping[str, Any], *, current: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """The values sent (camelCase keys, only those sent), or ValidationError naming each
        bad field.

        `current` is the object as a GET shows it (for PUT): its read-only fields (id,
        createdAt, counts...) may be sent back unchanged, so a client can PUT what it read;
        changing one is refused.
        """
        return cls.checked(data, current=current).model_dump(by_alias=True, exclude_unset=True)

    @classmethod
    def checked(cls, data: Mapping[str, Any], *, current: Mapping[str, Any] | None = None) -> Self:
        """The model of what was sent, or ValidationError naming each bad field (see validated)."""
        errors: dict[str, str] = {}
        accepted = {field.alias or name for name, field in cls.model_fields.items()}
        body: dict[str, Any] = {}
        for name, value in data.items():
            if name in accepted:
                body[name] = value
            elif current is not None and name in current:
                if value != current[name]:
                    errors[name] = N_("Read-only: it cannot be changed.")
            else:
                errors[name] = N_("Unknown field.")
        try:
            # What a rule beside other fields reads (check_beside).
            model = cls.model_validate(body, context={"sent": body, "current": current})
        except ModelError as exc:
            errors.update(cls._problems(exc, body))
            model = None
        if errors or model is None:
            raise ValidationError(errors, cls.invalid_message)
        return model

    @classmethod
    def _problems(cls, exc: ModelError, body: Mapping[str, Any]) -> dict[str, str]:
        by_alias = {field.alias or name: field for name, field in cls.model_fields.items()}
        grouped: dict[str, list[Any]] = {}
        for error in exc.errors():
            if error["loc"]:
                grouped.setdefault(str(error["loc"][0]), []).append(error)
        problems: dict[str, str] = {}
        for name, found in grouped.items():
            several = next((e["ctx"]["problems"] for e in found if e["type"] == "signage_rules"), None)
            if several and name in body:
                problems.update(several)
            else:
                problems[name] = cls._problem(by_alias[name], name in body, body.get(name), found)
        return problems

    @staticmethod
    def _problem(field: Any, sent: bool, value: Any, errors: list[Any]) -> str:
        if not sent:
            return N_("This field is required.")
        kinds, nullable, choices = _kinds(field.annotation)
        if value is None:
            return N_("This field cannot be null.")
        if kinds and not _is_kind(value, kinds):
            return Text(N_("Must be %(kind)s."), kind=_kind_name(kinds))
        for error in errors:
            kind = error["type"]
            if kind in {"signage_rule", "signage_rules"}:
                return error["ctx"]["problem"]
            if kind in {"string_too_short", "string_too_long"}:
                return _length_problem(error)
            if kind == "literal_error":
                return must_be_one_of([str(choice) for choice in choices])
            if kind in {"greater_than_equal", "less_than_equal"}:
                return _range_problem([*field.metadata, *_metadata(field.annotation)])
        return N_("This value is not valid.")


def _metadata(annotation: Any) -> list[Any]:
    """The constraints an annotation carries, however deep in Annotated and unions."""
    found: list[Any] = []
    for arg in get_args(annotation):
        found.extend(_metadata(arg))
    if get_origin(annotation) is Annotated:
        for item in annotation.__metadata__:
            found.extend([item, *getattr(item, "metadata", ())])
    return found


def _range_problem(metadata: list[Any]) -> Text:
    minimum = next((m.ge for m in metadata if getattr(m, "ge", None) is not None), None)
    maximum = next((m.le for m in metadata if getattr(m, "le", None) is not None), None)
    return Text(N_("Must be between %(minimum)s and %(maximum)s."), minimum=minimum, maximum=maximum)


def text(rule: TextRule) -> Any:
    """A text field checked by the service's own rule (trimmed: required, at most so many
    characters) as it is validated, so its problem is named with every other field's, a wrong
    type elsewhere included; the service applies the same rule again when it writes."""
    return Annotated[
        StrictStr, check(lambda value: clean_texts({"value": value}, {"value": rule})[1].get("value"))
    ]


def sized(minimum: int = 0, maximum: int | None = None) -> Any:
    """A string of `minimum` to `maximum` characters (1: not empty), as a field's type."""
    return Annotated[StrictStr, StringConstraints(min_length=minimum or None, max_length=maximum)]


def one_of(*choices: str) -> Any:
    """One of these strings (enum values), as a field's type."""
    return Literal[choices]


class Query(Body):
    """A route's query string: each parameter a text read by its `parsed` rule, every bad one
    named in one 422 (CONTRACT §1). An empty value is the same as none; parameters the model
    does not name are left alone (links and scripts add their own, e.g. a cache buster).
    GET /api/openapi.json lists the parameters from the model (signage.web.openapi.queried)."""

    invalid_message: ClassVar[str] = N_("Some parameters are invalid.")

    @classmethod
    def parse(cls, args: Mapping[str, str]) -> Self:
        """The parameters, each parsed, the absent ones at their defaults."""
        known = {field.alias or name for name, field in cls.model_fields.items()}
        return cls.checked({key: value for key, value in args.items() if key in known and value != ""})


def parsed(read: Callable[[str], Any], schema: Mapping[str, Any]) -> Any:
    """A query parameter as a field's type: its text read by `read`, whose ValueError is the
    problem named in the 422; `schema` describes the value (an integer, a date...)."""

    def run(value: str) -> Any:
        try:
            return read(value)
        except ValueError as exc:
            raise PydanticCustomError("signage_rule", "{problem}", {"problem": exc.args[0]}) from None

    return Annotated[StrictStr, AfterValidator(run), WithJsonSchema(dict(schema))]


def parameter(alias: str | None = None, default: Any = None) -> Any:
    """An optional query parameter (its default when absent; not offered as null)."""
    extra = _no_default if default is None else None
    if alias:
        return ModelField(default=default, alias=alias, json_schema_extra=extra)
    return ModelField(default=default, json_schema_extra=extra)


def _whole(minimum: int, maximum: int) -> Callable[[str], int]:
    def read(text: str) -> int:
        if not re.fullmatch(r"-?[0-9]{1,30}", text):
            raise ValueError(N_("Must be a whole number."))
        number = int(text)
        if number < 0 == minimum:
            raise ValueError(N_("Cannot be negative."))
        if not minimum <= number <= maximum:
            raise ValueError(
                Text(N_("Must be between %(minimum)s and %(maximum)s."), minimum=minimum, maximum=maximum)
            )
        return number

    return read


# CONTRACT §1's paging, as query parameters (signage.web.http.page_params reads the same).
# An offset past any table's size is still a number the databases take (SQLite's OFFSET is
# a signed 64-bit integer: a larger one was a 500).
PAGE_LIMIT, PAGE_MAX, OFFSET_MAX = 50, 500, 2**31 - 1
Limit = parsed(
    _whole(1, PAGE_MAX), {"type": "integer", "minimum": 1, "maximum": PAGE_MAX, "default": PAGE_LIMIT}
)
Offset = parsed(_whole(0, OFFSET_MAX), {"type": "integer", "minimum": 0, "maximum": OFFSET_MAX, "default": 0})
