import pytest

from signage.core.validation import Field, Schema, ValidationError, email, int_range, length, one_of

SCHEMA = Schema(
    email=Field(str, required=True, check=email),
    role=Field(str, required=True, check=one_of("ADMIN", "VIEWER")),
    name=Field(str, check=length(0, 5)),
    priority=Field(int, nullable=True, check=int_range(1, 100)),
    ratio=Field(float),
)


def errors(data: dict, **kw) -> dict:
    with pytest.raises(ValidationError) as exc:
        SCHEMA.validate(data, **kw)
    return exc.value.fields


def test_valid_body_passes_and_keeps_only_known_fields() -> None:
    clean = SCHEMA.validate({"email": "a@b.io", "role": "ADMIN", "priority": None, "ratio": 2})
    assert clean == {"email": "a@b.io", "role": "ADMIN", "priority": None, "ratio": 2}


def test_every_bad_field_is_named() -> None:
    found = errors({"email": "nope", "role": "GOD", "name": "toolong", "priority": 0, "extra": 1})
    assert set(found) == {"email", "role", "name", "priority", "extra"}
    assert found["extra"] == "Unknown field."


def test_missing_required_and_wrong_types() -> None:
    found = errors({"priority": "5", "ratio": "x"})
    assert found["email"] == "This field is required."
    assert found["priority"] == "Must be an integer."
    assert found["ratio"] == "Must be a number."


def test_booleans_are_not_integers_and_null_needs_nullable() -> None:
    found = errors({"email": "a@b.io", "role": "ADMIN", "priority": True, "name": None})
    assert found == {"priority": "Must be an integer.", "name": "This field cannot be null."}


def test_partial_allows_absent_required_fields() -> None:
    assert SCHEMA.validate({"name": "Bob"}, partial=True) == {"name": "Bob"}
    assert errors({"email": None}, partial=True) == {"email": "This field cannot be null."}


@pytest.mark.parametrize("address", ["a@b", "@b.io", "a b@c.io", "a@@b.io", "x" * 65 + "@b.io"])
def test_bad_emails(address: str) -> None:
    assert email(address)


def test_good_email() -> None:
    assert email("first.last+tag@sub.example.org") is None
