from typing import Annotated

import pytest
from pydantic import Field

from signage.bodies import Array, Body, Id, Int, Number, Str, check, omitted, one_of, sized
from signage.core.errors import Text
from signage.core.validation import ValidationError, email


class Sample(Body):
    email: Annotated[Str, check(email)]
    role: one_of("ADMIN", "VIEWER")  # type: ignore[valid-type]
    name: sized(0, 5) = omitted()  # type: ignore[valid-type]
    priority: Annotated[Int, Field(ge=1, le=100)] | None = omitted()
    ratio: Number = omitted()
    site_id: Id = omitted()
    tags: Array = omitted()


def errors(data: dict, **kw) -> dict:
    with pytest.raises(ValidationError) as exc:
        Sample.validated(data, **kw)
    return exc.value.fields


def test_valid_body_passes_and_keeps_only_what_was_sent() -> None:
    clean = Sample.validated({"email": "a@b.io", "role": "ADMIN", "priority": None, "ratio": 2})
    assert clean == {"email": "a@b.io", "role": "ADMIN", "priority": None, "ratio": 2}
    assert isinstance(clean["ratio"], int)  # an integer stays one: no 2.0 echoed back


def test_fields_are_camel_case_on_the_wire() -> None:
    assert Sample.validated({"email": "a@b.io", "role": "ADMIN", "siteId": 3}) == {
        "email": "a@b.io",
        "role": "ADMIN",
        "siteId": 3,
    }
    assert errors({"email": "a@b.io", "role": "ADMIN", "site_id": 3}) == {"site_id": "Unknown field."}


def test_every_bad_field_is_named() -> None:
    found = errors({"email": "nope", "role": "GOD", "name": "toolong", "priority": 0, "extra": 1})
    assert found == {
        "email": "Not a valid e-mail address.",
        "role": "Must be one of ADMIN, VIEWER.",
        "name": "At most 5 characters.",
        "priority": "Must be between 1 and 100.",
        "extra": "Unknown field.",
    }


def test_missing_required_and_wrong_types() -> None:
    found = errors({"priority": "5", "ratio": "x", "siteId": 1.5, "tags": {}})
    assert found == {
        "email": "This field is required.",
        "role": "This field is required.",
        "priority": "Must be an integer.",
        "ratio": "Must be a number.",
        "siteId": "Must be a string or an integer.",
        "tags": "Must be an array.",
    }


def test_booleans_are_not_integers_and_null_needs_nullable() -> None:
    found = errors({"email": "a@b.io", "role": "ADMIN", "priority": True, "name": None, "ratio": False})
    assert found == {
        "priority": "Must be an integer.",
        "name": "This field cannot be null.",
        "ratio": "Must be a number.",
    }


def test_a_choice_of_the_wrong_kind_says_the_kind() -> None:
    assert errors({"email": "a@b.io", "role": 3}) == {"role": "Must be a string."}


def test_optional_fields_may_be_absent_but_not_null() -> None:
    class Update(Body):
        email: Str = omitted()

    assert Update.validated({}) == {}
    with pytest.raises(ValidationError) as exc:
        Update.validated({"email": None})
    assert exc.value.fields == {"email": "This field cannot be null."}


def test_read_only_fields_pass_when_unchanged_and_are_dropped() -> None:
    current = {"id": "5", "createdAt": "2026-01-01T00:00:00Z", "email": "a@b.io"}
    body = {"id": "5", "createdAt": "2026-01-01T00:00:00Z", "email": "a@b.io", "role": "VIEWER"}
    assert Sample.validated(body, current=current) == {"email": "a@b.io", "role": "VIEWER"}
    found = errors({**body, "id": "6", "nope": 1}, current=current)
    assert found == {"id": "Read-only: it cannot be changed.", "nope": "Unknown field."}


def test_messages_are_texts_for_the_catalogues() -> None:
    found = errors({"email": "a@b.io", "role": "ADMIN", "name": "toolong", "priority": "x"})
    assert isinstance(found["name"], Text) and found["name"].params == {"count": 5}
    assert isinstance(found["priority"], Text) and found["priority"].template == "Must be %(kind)s."


def test_a_rule_returning_a_text_keeps_it() -> None:
    class Rule(Body):
        value: Annotated[Str, check(lambda v: Text("At least %(count)s characters.", count=3))]

    with pytest.raises(ValidationError) as exc:
        Rule.validated({"value": "x"})
    problem = exc.value.fields["value"]
    assert isinstance(problem, Text) and problem.params == {"count": 3}


def test_empty_and_short_strings() -> None:
    class Texts(Body):
        one: sized(1, 10) = omitted()  # type: ignore[valid-type]
        three: sized(3) = omitted()  # type: ignore[valid-type]

    with pytest.raises(ValidationError) as exc:
        Texts.validated({"one": "", "three": "ab"})
    assert exc.value.fields == {"one": "This field cannot be empty.", "three": "At least 3 characters."}


def test_the_json_schema_describes_the_wire() -> None:
    schema = Sample.model_json_schema(by_alias=True)
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"email", "role"}
    assert "siteId" in schema["properties"]
    assert schema["properties"]["role"]["enum"] == ["ADMIN", "VIEWER"]
    assert "default" not in schema["properties"]["name"]  # absent, not null


@pytest.mark.parametrize("address", ["a@b", "@b.io", "a b@c.io", "a@@b.io", "x" * 65 + "@b.io"])
def test_bad_emails(address: str) -> None:
    assert email(address)


def test_good_email() -> None:
    assert email("first.last+tag@sub.example.org") is None
