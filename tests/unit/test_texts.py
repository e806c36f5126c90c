"""A service's sentence (signage.core.errors.Text): English when printed, its template and
parameters kept apart so a face can translate it, plural forms chosen per language."""

from __future__ import annotations

import pickle

from signage.bodies import Body, Int
from signage.core.errors import N_plural, Text, text_list
from signage.core.validation import ValidationError


def french_gettext(message: str) -> str:
    return {"Must be %(kind)s.": "Doit être %(kind)s.", "an integer": "un entier"}.get(message, message)


def french_ngettext(singular: str, plural: str, n: int) -> str:
    # French: 0 and 1 are singular.
    return (
        ("%(count)s écran" if n in (0, 1) else "%(count)s écrans")
        if singular == "%(count)s screen"
        else singular
    )


def test_a_text_is_its_english_and_keeps_its_template() -> None:
    text = Text("At most %(count)s characters.", count=120)
    assert text == "At most 120 characters." and isinstance(text, str)
    assert (text.template, text.params) == ("At most %(count)s characters.", {"count": 120})
    assert Text("100% sure") == "100% sure"  # no parameters: no formatting


def test_parameters_that_are_texts_are_rendered_in_the_same_language() -> None:
    with_kind = Text("Must be %(kind)s.", kind=Text("an integer"))
    assert with_kind == "Must be an integer."
    assert with_kind.render(french_gettext, french_ngettext) == "Doit être un entier."


def test_plurals_are_chosen_per_language() -> None:
    none = N_plural("%(count)s screen", "%(count)s screens", 0)
    assert none == "0 screens"  # English: 0 is plural
    assert none.render(french_gettext, french_ngettext) == "0 écran"  # French: singular
    assert N_plural("%(count)s screen", "%(count)s screens", 1) == "1 screen"


def test_a_text_survives_pickling_as_a_text() -> None:
    text = N_plural("%(count)s screen", "%(count)s screens", 3)
    again = pickle.loads(pickle.dumps(text))
    assert again == "3 screens" and again.plural == "%(count)s screens" and again.params == {"count": 3}


def test_lists_of_names_end_with_how_many_more() -> None:
    assert text_list(["a", "b"], 10) == "a, b"
    assert text_list(["a", "b", "c"], 2) == "a, b and 1 more"
    assert text_list(["a"], 10, total=5) == "a and 4 more"


def test_validation_messages_are_texts() -> None:
    class Sample(Body):
        n: Int

    try:
        Sample.validated({"n": "x"})
    except ValidationError as exc:
        message = exc.fields["n"]
    assert message == "Must be an integer."
    assert (
        isinstance(message, Text)
        and message.render(french_gettext, french_ngettext) == "Doit être un entier."
    )


def test_a_text_made_again_keeps_its_values() -> None:
    text = Text("It ended on %(date)s.", date="2026-01-01")
    assert Text(text) is text and Text(text).params == {"date": "2026-01-01"}
