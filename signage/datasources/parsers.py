"""Fetched bytes to the data a player shows: feeds to items, CSV to a table, JSON to a part.

Pure (standard library only). Every parser bounds its output, so what the database caches
and every screen downloads stays small whatever the remote side sends; a document that
cannot be read raises ParseError with a sentence the console shows as the source's error.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from xml.parsers import expat

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


def _refuse_declarations(body: bytes) -> None:
    """No DOCTYPE, hence no entity at all: a billion-laughs or an external entity is refused
    before ElementTree sees the document. expat reads the encoding itself, so a declaration
    hidden in UTF-16 is caught too."""

    def refuse(*_args: object) -> None:
        raise ParseError("The feed declares a DOCTYPE or entities, which are refused.")

    scanner = expat.ParserCreate()
    scanner.StartDoctypeDeclHandler = refuse
    scanner.EntityDeclHandler = refuse
    scanner.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        scanner.Parse(body, True)
    except expat.ExpatError as exc:
        raise ParseError(f"Not well-formed XML: {exc}.") from exc


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(value: str | None) -> str:
    return " ".join((value or "").split())[:MAX_TEXT]


def _http_link(value: str | None) -> str | None:
    link = (value or "").strip()
    return link if link.startswith(("http://", "https://")) and len(link) <= 2000 else None


def _instant(raw: str | None) -> str | None:
    """RSS dates are RFC 822, Atom's RFC 3339: either becomes ISO 8601 UTC with a Z."""
    text = (raw or "").strip()
    if not text:
        return None
    moment: datetime | None
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _entry(element: ET.Element) -> dict[str, str | None]:
    title: str = ""
    link: str | None = None
    published: str | None = None
    for child in element:
        name = _local(child.tag)
        if name == "title":
            title = _text("".join(child.itertext()))
        elif name == "link" and link is None:
            # Atom: <link href rel="alternate"/>; RSS: <link>url</link>.
            if child.get("rel", "alternate") == "alternate":
                link = _http_link(child.get("href") or child.text)
        elif name in ("pubDate", "published", "date") or (name == "updated" and published is None):
            published = _instant(child.text) or published
    return {"title": title, "link": link, "published": published}


def parse_feed(body: bytes) -> dict[str, Any]:
    """RSS or Atom to `{"items": [{"title", "link", "published"}]}`, at most MAX_ITEMS."""
    _refuse_declarations(body)
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise ParseError(f"Not well-formed XML: {exc}.") from exc
    if _local(root.tag) not in ("rss", "RDF", "feed"):
        raise ParseError("Not an RSS or Atom feed.")
    items = []
    for element in root.iter():
        if _local(element.tag) in ("item", "entry"):
            items.append(_entry(element))
            if len(items) == MAX_ITEMS:
                break
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
