"""The fleet's pure value rules: text fields, timezones, ids, where a screen may sit."""

from __future__ import annotations

import pytest

from signage.core.values import TextRule, clean_texts, reference
from signage.fleet.rules import (
    DEFAULT_TIMEZONE,
    NAMED_IN_MESSAGE,
    placement_problem,
    site_in_use_message,
    timezone_problem,
    timezones,
)

RULES = {"name": TextRule(5, required=True), "city": TextRule(3)}


def test_texts_are_trimmed_and_unsent_ones_left_out() -> None:
    clean, problems = clean_texts({"name": "  Hall \n", "city": None}, RULES)
    assert clean == {"name": "Hall"} and problems == {}


def test_blank_required_text_and_overlong_text_are_named() -> None:
    clean, problems = clean_texts({"name": "   ", "city": "Lyon"}, RULES)
    assert clean == {}
    assert problems == {"name": "This field cannot be empty.", "city": "At most 3 characters."}
    # The limit applies after trimming: padding never makes a value too long.
    assert clean_texts({"name": "  abcde  "}, RULES) == ({"name": "abcde"}, {})
    assert clean_texts({"city": ""}, RULES) == ({"city": ""}, {})


@pytest.mark.parametrize(
    "name", ["Europe/Paris", "America/New_York", "UTC", "Asia/Kolkata", "Pacific/Chatham"]
)
def test_iana_names_are_timezones(name: str) -> None:
    assert timezone_problem(name) is None


@pytest.mark.parametrize(
    "name", ["", "Paris", "europe/paris", "Europe/Paris ", "GMT+2", "+02:00", "Mars/Olympus", "../etc/passwd"]
)
def test_anything_else_is_refused(name: str) -> None:
    assert timezone_problem(name) == "Not an IANA timezone name (for example Europe/Paris)."


def test_the_timezone_list_is_sorted_and_holds_the_default() -> None:
    names = timezones()
    assert names == sorted(names) and len(names) == len(set(names)) > 300
    assert DEFAULT_TIMEZONE in names


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12", 12),
        (12, 12),
        ("0", None),
        (0, None),
        (-3, None),
        ("-3", None),
        ("1.5", None),
        (1.5, None),
        (True, None),
        (None, None),
        ("", None),
        ("١٢", None),
        ("9" * 11, None),
        (2**31, None),
        ("abc", None),
    ],
)
def test_references_are_positive_ids_as_strings_or_integers(raw: object, expected: int | None) -> None:
    assert reference(raw) == expected


def test_a_screen_group_must_be_on_the_screen_site() -> None:
    assert placement_problem(1, None) is None
    assert placement_problem(1, 1) is None
    problem = placement_problem(1, 2, "Annex")
    assert problem is not None and "another site (Annex)" in problem


def test_a_site_in_use_message_names_its_screens() -> None:
    assert site_in_use_message("HQ", ["Lobby"], 1) == (
        'The site "HQ" still has 1 screen (Lobby): move it to another site or delete it first.'
    )
    names = [f"S{i}" for i in range(NAMED_IN_MESSAGE)]
    message = site_in_use_message("HQ", names + ["never shown"], NAMED_IN_MESSAGE + 5)
    assert f"still has {NAMED_IN_MESSAGE + 5} screens" in message
    assert "S0, S1" in message and "and 5 more" in message and "never shown" not in message
