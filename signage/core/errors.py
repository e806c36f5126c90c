"""Refusals raised by the services (fleet, content, scheduling, accounts...). Each web face
turns them into its own answer in one place: the JSON API into CONTRACT §1 errors (422, 409,
404, 410), the console into form errors. Nothing was written when one is raised.

Their sentences are English `Text`s: the English with its parameters apart, so each face can
show them in its reader's language (web.i18n.translate) while `str()` stays the English a job,
the CLI or a log prints.

Pure (standard library only).
"""

from __future__ import annotations

from typing import Any


def N_(message: str) -> str:
    """Marks an English sentence for the catalogues (pybabel extracts `N_`) without
    translating it here: the web layer translates it for each request (web.i18n.translate),
    so a refusal raised outside any request (a job, the CLI) stays readable English."""
    return message


class Text(str):
    """An English sentence to be translated when shown: `template` is the catalogue's msgid
    with `%(name)s` placeholders, `params` their values (themselves Texts where they are words
    to translate). The string itself is the formatted English, so comparing, logging and JSON
    see the English."""

    template: str
    params: dict[str, Any]
    plural: str | None
    number: int | None

    def __new__(cls, template: str, /, **params: Any) -> Text:
        if isinstance(template, Text) and not params:
            return template  # already a sentence with its values: keep them
        return cls._make(template, params, None, None)

    @classmethod
    def _make(cls, template: str, params: dict[str, Any], plural: str | None, count: int | None) -> Text:
        english = plural if plural is not None and count != 1 else template
        self = super().__new__(cls, english % params if params else english)
        self.template, self.params, self.plural, self.number = template, params, plural, count
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        # A job's arguments and results are pickled: keep the sentence, not just its English.
        return (Text._make, (self.template, self.params, self.plural, self.number))

    def render(self, gettext: Any, ngettext: Any) -> str:
        """The sentence through a catalogue's gettext/ngettext, its parameters filled after the
        lookup (a parameter that is a Text is rendered the same way)."""
        if self.plural is not None:
            text = ngettext(self.template, self.plural, self.number)
        else:
            text = gettext(self.template)
        if not self.params:
            return str(text)
        values = {
            k: v.render(gettext, ngettext) if isinstance(v, Text) else v for k, v in self.params.items()
        }
        return str(text) % values


def N_plural(singular: str, plural: str, count: int, /, **params: Any) -> Text:
    """A sentence whose wording depends on a number (pybabel extracts it as `N_plural:1,2`):
    "%(count)s screen" / "%(count)s screens", chosen per language when shown."""
    return Text._make(singular, {"count": count, **params}, plural, count)


def text_list(names: list[str], shown: int, total: int | None = None) -> Text:
    """ "a, b, c" or "a, b, c and 4 more": a few names of what is in the way."""
    total = len(names) if total is None else total
    listed = ", ".join(names[:shown])
    more = total - min(len(names), shown)
    if more <= 0:
        return Text("%(names)s", names=listed)
    return Text(N_("%(names)s and %(more)s more"), names=listed, more=more)


class ServiceError(Exception):
    """A refused change. `fields` (snake_case) names each bad value."""

    def __init__(self, code: str, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.fields = fields or {}


class InvalidData(ServiceError):
    """Values that break a rule (422)."""

    def __init__(self, fields: dict[str, str], message: str = N_("Some fields are invalid.")) -> None:
        super().__init__("validation_failed", message, fields)


class Conflict(ServiceError):
    """The change clashes with data that exists (409)."""


class NotFound(ServiceError):
    """What the request names does not exist, or no longer (404)."""


class Gone(ServiceError):
    """What the request names existed but has expired (410)."""
