"""Fetched bytes to the data a player shows: feeds to items, CSV to a table, JSON to a part.

No Flask and no I/O, though beyond the standard library: feedparser reads the feeds. Every
parser bounds its output, so what the database caches and every screen downloads stays small
whatever the remote side sends; a document that cannot be read raises ParseError with a
sentence the console shows as the source's error.
"""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any
from xml.parsers import expat

import feedparser

from signage.core import jsonsafe

MAX_ITEMS = 50
MAX_ROWS = 500
MAX_COLUMNS = 30
MAX_CELL = 1000
MAX_TEXT = 500
MAX_JSON_BYTES = 256 * 1024
PREVIEW_SIZE = 5
DELIMITERS = (",", ";", "\t", "|")


class ParseError(ValueError):
    """The document is not what the source's type says, or too large once selected."""


# Feeds (RSS 0.9x/1.0/2.0 and Atom)


def _refuse_entities(body: bytes) -> None:
    """No entity declarations, hence no billion laughs and no external entity, whatever
    feedparser would make of them. A plain DOCTYPE naming an external DTD (RSS 0.91 has one)
    is harmless: expat never loads it. expat reads the encoding itself, so a declaration
    hidden in UTF-16 is caught too. A document that is not well-formed is left to
    feedparser's lenient reader: real feeds often are."""

    def refuse(*_args: object) -> None:
        raise ParseError("The feed declares entities in its DOCTYPE, which are refused.")

    def doctype(_name: str, _system: str | None, _public: str | None, internal_subset: int) -> None:
        if internal_subset:
            refuse()

    scanner = expat.ParserCreate()
    scanner.StartDoctypeDeclHandler = doctype
    scanner.EntityDeclHandler = refuse
    scanner.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        scanner.Parse(body, True)
    except expat.ExpatError:
        pass


class _TextOnly(HTMLParser):
    HIDDEN = frozenset({"script", "style"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hidden += tag in self.HIDDEN

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in self.HIDDEN and self.hidden > 0

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def _plain(value: str | None) -> str:
    """A title as a screen shows it: markup dropped (feeds put HTML in CDATA titles that
    claim to be text), entities decoded, spaces collapsed."""
    reader = _TextOnly()
    reader.feed(value or "")
    reader.close()
    return " ".join("".join(reader.parts).split())[:MAX_TEXT]


def _http_link(value: str | None) -> str | None:
    link = (value or "").strip()
    return link if link.startswith(("http://", "https://")) and len(link) <= 2000 else None


def _instant(parsed: time.struct_time | None) -> str | None:
    """feedparser gives dates (RFC 822, RFC 3339 and the broken variants feeds use) as UTC."""
    if not parsed:
        return None
    try:
        moment = datetime(*parsed[:6], tzinfo=UTC)
    except (TypeError, ValueError):
        return None
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def parse_feed(body: bytes) -> dict[str, Any]:
    """RSS 0.9x/1.0/2.0 or Atom to `{"items": [{"title", "link", "published"}]}`, at most
    MAX_ITEMS, read by feedparser: odd encodings, HTML entities and sloppy markup included."""
    _refuse_entities(body)
    # A file object, never the bytes themselves: feedparser tries a bytes argument as a
    # local path (or a URL) before reading it as a document.
    result = feedparser.parse(io.BytesIO(body), sanitize_html=True, resolve_relative_uris=False)
    entries = result.get("entries") or []
    if not entries:
        if not result.get("version"):
            raise ParseError("Not an RSS or Atom feed.")
        if result.get("bozo"):
            raise ParseError(f"Not well-formed XML: {result.get('bozo_exception')}.")
    items = []
    for entry in entries[:MAX_ITEMS]:
        # Plain dict reads: feedparser's own lookups map one date onto the other, with a warning.
        published = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
        items.append(
            {
                "title": _plain(entry.get("title")),
                "link": _http_link(entry.get("link")),
                "published": _instant(published),
            }
        )
    return {"items": items}


# CSV


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace")  # the usual spreadsheet export otherwise


def _delimiter(text: str) -> str:
    """The separator the header line uses most (csv.Sniffer gives up on ragged rows)."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: header.count(sep) for sep in DELIMITERS}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def parse_csv(body: bytes) -> dict[str, Any]:
    """CSV (comma, semicolon, tab or pipe) to `{"columns": [...], "rows": [[...]]}`: the first
    line names the columns; at most MAX_ROWS rows of MAX_COLUMNS cells, each row as wide as
    the header."""
    text = _decode(body)
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text))
    rows: list[list[str]] = []
    columns: list[str] | None = None
    try:
        for raw in reader:
            if not any(cell.strip() for cell in raw):
                continue
            cells = [cell.strip()[:MAX_CELL] for cell in raw[:MAX_COLUMNS]]
            if columns is None:
                columns = cells
                continue
            rows.append((cells + [""] * len(columns))[: len(columns)])
            if len(rows) == MAX_ROWS:
                break
    except csv.Error as exc:
        raise ParseError(f"Not readable as CSV: {exc}.") from exc
    if columns is None:
        raise ParseError("The CSV file is empty.")
    return {"columns": columns, "rows": rows}


# JSON


def select_path(document: Any, path: str | None) -> Any:
    """The part of `document` a dotted path names: keys of objects, indexes of arrays."""
    if not path:
        return document
    node = document
    walked: list[str] = []
    for part in path.split("."):
        walked.append(part)
        if isinstance(node, Mapping) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            raise ParseError(f'The document has nothing at "{".".join(walked)}" (config.path).')
    return node


def parse_json(body: bytes, path: str | None = None) -> Any:
    """The JSON document, or the part `path` selects, if it serialises within MAX_JSON_BYTES."""
    try:
        document = jsonsafe.loads(body)
    except jsonsafe.JsonError as exc:
        raise ParseError(str(exc)) from exc
    selected = select_path(document, path)
    size = len(json.dumps(selected, separators=(",", ":")))
    if size > MAX_JSON_BYTES:
        raise ParseError(
            f"The data is {size // 1024} KB, more than the {MAX_JSON_BYTES // 1024} KB a screen is sent: "
            "select a part of it with config.path."
        )
    return selected


def parse(source_type: str, body: bytes, path: str | None = None) -> Any:
    """The data of a source of `source_type` (RSS | CSV | JSON_URL) from fetched bytes."""
    if source_type == "RSS":
        return parse_feed(body)
    if source_type == "CSV":
        return parse_csv(body)
    if source_type == "JSON_URL":
        return parse_json(body, path)
    raise ParseError(f"Unknown data source type {source_type!r}.")


def preview(data: Any, size: int = PREVIEW_SIZE) -> Any:
    """The first items or rows, for the console to show what a fetch brought."""
    if isinstance(data, dict) and isinstance(data.get("items"), list) and set(data) == {"items"}:
        return {"items": data["items"][:size]}
    if isinstance(data, dict) and set(data) == {"columns", "rows"} and isinstance(data["rows"], list):
        return {"columns": data["columns"], "rows": data["rows"][:size]}
    if isinstance(data, list):
        return data[:size]
    if isinstance(data, dict):
        return {key: data[key] for key in list(data)[:size]}
    return data
