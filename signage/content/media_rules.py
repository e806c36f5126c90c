"""The media library's rules on what a user may set. Pure (standard library only).

Each check returns the clean value or raises ValueError with a sentence for the user.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from signage.core.errors import N_, Text
from signage.core.validation import at_most_characters

NAME_MAX = 255
TAG_MAX = 40
TAGS_MAX = 20
DURATION_MAX = 24 * 3600
URL_MAX = 2048


def check_fields(
    values: Mapping[str, Any], rules: Mapping[str, tuple[str, Callable[[Any], Any]]]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Each value through its field's rule, `rules[field] = (argument name, rule)`; None
    stays None. Returns the clean values by argument name and the refusals by field."""
    clean: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for field, value in values.items():
        name, rule = rules[field]
        try:
            clean[name] = None if value is None else rule(value)
        except ValueError as exc:
            problems[field] = exc.args[0]
    return clean, problems


def clean_name(value: str) -> str:
    name = " ".join(value.split())
    if not name:
        raise ValueError(N_("This field cannot be empty."))
    if len(name) > NAME_MAX:
        raise ValueError(at_most_characters(NAME_MAX))
    return name


def default_name(filename: str | None) -> str:
    """A display name from the client's file name (only ever a label, never a path)."""
    base = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base.strip(".") else base
    cleaned = " ".join("".join(ch for ch in stem if ch.isprintable()).split())
    return cleaned[:NAME_MAX] or "Untitled"


def clean_tags(values: list[str]) -> list[str]:
    """Trimmed, case-preserving, without duplicates (compared case-insensitively), in order."""
    tags: list[str] = []
    seen: set[str] = set()
    for raw in values:
        if not isinstance(raw, str):
            raise ValueError(N_("Tags must be strings."))
        tag = " ".join(raw.split())
        if not tag:
            continue
        if len(tag) > TAG_MAX:
            raise ValueError(Text(N_("A tag has at most %(count)s characters."), count=TAG_MAX))
        if tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    if len(tags) > TAGS_MAX:
        raise ValueError(Text(N_("At most %(count)s tags."), count=TAGS_MAX))
    return tags


def split_tags(text: str) -> list[str]:
    """Tags typed as one comma-separated text (a form field)."""
    return clean_tags(text.split(","))


def check_window(valid_from: datetime | None, valid_until: datetime | None) -> None:
    if valid_from is not None and valid_until is not None and valid_until <= valid_from:
        raise ValueError(N_("Must be after validFrom."))


def clean_duration(value: float | int | str) -> float:
    """Seconds on screen: a positive number, at most a day."""
    try:
        seconds = float(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(N_("Must be a number of seconds.")) from exc
    if not 0 < seconds <= DURATION_MAX:
        raise ValueError(
            Text(N_("Must be more than 0 and at most %(maximum)s seconds."), maximum=DURATION_MAX)
        )
    return seconds


def clean_url(value: str) -> str:
    url = value.strip()
    if len(url) > URL_MAX:
        raise ValueError(at_most_characters(URL_MAX))
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValueError(N_("Must be an http:// or https:// URL."))
    if parts.username or parts.password:
        raise ValueError(N_("Must not carry credentials."))
    return url


HTTP_WEBPAGE_REFUSED = N_(
    "Screens show only https:// pages: a plain http:// page would be blocked inside the player. Use "
    "the page's https:// address, or ask your administrator to allow http:// pages "
    "(ALLOW_HTTP_WEBPAGES=true in the server's settings)."
)


def check_webpage_url(url: str, *, allow_http: bool) -> None:
    """A web page to show on screens: https://, or http:// where the administrator allows it
    (intranet dashboards). Raises ValueError saying why not and how to allow it."""
    if not allow_http and urlsplit(url).scheme.lower() == "http":
        raise ValueError(HTTP_WEBPAGE_REFUSED)


def is_showable(valid_from: datetime | None, valid_until: datetime | None, at: datetime) -> bool:
    """Inside its validity window at `at` (CONTRACT §5: players leave out the rest)."""
    return (valid_from is None or valid_from <= at) and (valid_until is None or at < valid_until)
