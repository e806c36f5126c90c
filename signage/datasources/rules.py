"""A data source's values: name, type, refresh interval and `config` (url, headers, path).

Pure (standard library only). Each check returns problems by field, named as the API names
them, so the REST views and the console pages report the same sentences.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from signage.core.errors import N_, N_plural, Text, text_list
from signage.core.validation import at_most_characters

TYPES = ("RSS", "CSV", "JSON_URL")
NAME_MAX = 120
URL_MAX = 2000
INTERVAL_MIN = 60
INTERVAL_MAX = 86400
DEFAULT_INTERVAL = 900
HEADERS_MAX = 20
HEADER_VALUE_MAX = 2000
# What the API and the console show instead of a header's value; sent back unchanged, it
# keeps the stored value, so a client can edit a source without knowing its secrets.
MASK = "********"
CONFIG_KEYS = frozenset({"url", "headers", "path"})
TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$")
# Headers the fetcher sets itself: a source may not change where or how the request goes.
RESERVED_HEADERS = frozenset(
    {"host", "content-length", "transfer-encoding", "connection", "te", "upgrade", "trailer"}
)


def path_problem(path: str) -> str | None:
    """A dotted path ("data.items", "results.0") as config.path accepts it."""
    if len(path) > 200:
        return at_most_characters(200)
    if not path or any(not part for part in path.split(".")):
        return N_('A dotted path of keys or indexes, like "data.items".')
    return None


def url_problem(url: str) -> str | None:
    if len(url) > URL_MAX:
        return at_most_characters(URL_MAX)
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises on a port that is not a number)
    except ValueError:
        return N_("Not a valid URL.")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return N_("Must be an http:// or https:// URL.")
    if parts.username or parts.password:
        return N_("Must not carry credentials: put them in config.headers.")
    if any(ch.isspace() or ord(ch) < 32 for ch in url):
        return N_("Must not contain spaces or control characters.")
    return None


def _headers(raw: Any, previous: Mapping[str, str]) -> tuple[dict[str, str], str | None]:
    if not isinstance(raw, Mapping):
        return {}, "Must be an object of header names to values."
    if len(raw) > HEADERS_MAX:
        return {}, Text(N_("At most %(count)s headers."), count=HEADERS_MAX)
    kept = {name.lower(): value for name, value in previous.items()}
    clean: dict[str, str] = {}
    for name, value in raw.items():
        if not isinstance(name, str) or not TOKEN.match(name):
            return {}, Text(N_("%(name)s is not a valid header name."), name=repr(str(name)[:40]))
        if name.lower() in RESERVED_HEADERS:
            return {}, Text(N_("The %(name)s header is set by the server."), name=name)
        if not isinstance(value, str):
            return {}, Text(N_("The value of %(name)s must be a string."), name=name)
        if value == MASK:
            if name.lower() not in kept:
                why = Text(N_("a new header, or the URL's server changed"))
                return {}, Text(
                    N_("The value of %(name)s is hidden: type it again (%(why)s)."), name=name, why=why
                )
            value = kept[name.lower()]
        if len(value) > HEADER_VALUE_MAX or any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
            return {}, Text(N_("The value of %(name)s is too long or holds control characters."), name=name)
        clean[name] = value
    return clean, None


def _origin(url: Any) -> tuple[str, str, int] | None:
    if not isinstance(url, str):
        return None
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    try:
        port = parts.port or {"http": 80, "https": 443}.get(scheme, 0)
    except ValueError:
        return None
    return scheme, (parts.hostname or "").lower(), port


def clean_config(
    raw: Any, source_type: str, previous: Mapping[str, Any] | None = None
) -> tuple[dict[str, Any], dict[str, str]]:
    """(config, problems by field). `previous` is the stored config, whose header values a
    masked value stands for."""
    if not isinstance(raw, Mapping):
        return {}, {"config": N_("Must be an object with url, and optionally headers and path.")}
    problems: dict[str, str] = {}
    for key in raw:
        if key not in CONFIG_KEYS:
            problems[f"config.{key}"] = N_("Unknown field.")
    config: dict[str, Any] = {}
    url = raw.get("url")
    if not isinstance(url, str) or not url.strip():
        problems["config.url"] = N_("This field is required: an http:// or https:// URL.")
    else:
        problem = url_problem(url.strip())
        if problem:
            problems["config.url"] = problem
        config["url"] = url.strip()
    if raw.get("headers") is not None:
        # A hidden value stands for the stored one only while the URL stays on the same server:
        # otherwise an EDITOR could send an ADMIN's credentials to a server of their choosing.
        same_server = previous is not None and _origin(previous.get("url")) == _origin(config.get("url"))
        old = ((previous or {}).get("headers") or {}) if same_server else {}
        headers, problem = _headers(raw["headers"], old if isinstance(old, Mapping) else {})
        if problem:
            problems["config.headers"] = problem
        elif headers:
            config["headers"] = headers
    path = raw.get("path")
    if path is not None and path != "":
        if source_type != "JSON_URL":
            problems["config.path"] = N_("Only a JSON_URL source selects a part of its document.")
        elif not isinstance(path, str):
            problems["config.path"] = N_("Must be a string.")
        else:
            problem = path_problem(path.strip())
            if problem:
                problems["config.path"] = problem
            config["path"] = path.strip()
    return config, problems


def masked(config: Mapping[str, Any]) -> dict[str, Any]:
    """The config as the API and the console show it: header values hidden."""
    out = dict(config)
    headers = config.get("headers")
    if isinstance(headers, Mapping):
        out["headers"] = {name: MASK for name in headers}
    return out


def name_problem(name: str) -> str | None:
    if not name:
        return N_("This field cannot be empty.")
    if len(name) > NAME_MAX:
        return at_most_characters(NAME_MAX)
    return None


def interval_problem(seconds: int) -> str | None:
    if not INTERVAL_MIN <= seconds <= INTERVAL_MAX:
        return Text(
            N_("Between %(minimum)s seconds and %(maximum)s (a day)."),
            minimum=INTERVAL_MIN,
            maximum=INTERVAL_MAX,
        )
    return None


def is_due(last_fetched: datetime | None, refresh_interval: int, at: datetime) -> bool:
    """Whether the sync job fetches the source at `at`. A failed fetch counts as a fetch
    (last_fetched is the last attempt), so a broken feed is not hammered every minute."""
    return last_fetched is None or at - last_fetched >= timedelta(seconds=refresh_interval)


def in_use_message(source_name: str, media_names: list[str], total: int) -> Text:
    return N_plural(
        '%(count)s media uses the data source "%(source)s" (%(names)s): '
        "point them at another source or delete them first.",
        '%(count)s media use the data source "%(source)s" (%(names)s): '
        "point them at another source or delete them first.",
        total,
        source=source_name,
        names=text_list(media_names, len(media_names), total),
    )


# Which sources a media reads: a feed's items scroll in a ticker, a table's rows fill a dataset.
FITTING_SOURCES = {"RSS": ("RSS",), "DATASET": ("CSV", "JSON_URL")}


def fit_problem(media_type: str, source_type: str) -> str | None:
    """Whether a media of `media_type` can read a source of `source_type`."""
    if source_type not in FITTING_SOURCES.get(media_type, ()):
        return N_("This data source cannot feed this type of media.")
    return None
