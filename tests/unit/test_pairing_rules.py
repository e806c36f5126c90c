from __future__ import annotations

from signage.fleet.pairing_rules import ALPHABET, LENGTH, new_code, normalized, shown


def test_codes_avoid_look_alikes_and_have_six_characters() -> None:
    assert not set("0O1IL") & set(ALPHABET)
    codes = {new_code() for _ in range(500)}
    assert len(codes) > 490  # random, not a sequence
    assert all(len(c) == LENGTH and set(c) <= set(ALPHABET) for c in codes)


def test_shown_with_a_dash_and_typed_any_way() -> None:
    assert shown("ABC234") == "ABC-234"
    for typed in ("ABC-234", "abc234", " abc 234 ", "aBc-2 3 4"):
        assert normalized(typed) == "ABC234", typed
    for typed in ("ABC-23", "ABC-2345", "AB0-234", "ABC_234", ""):
        assert normalized(typed) is None, typed
