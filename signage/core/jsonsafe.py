"""JSON from outside (request bodies, fetched data sources) parsed with a depth limit.

`json.loads` recurses per nesting level: 100 KB of `[` raises RecursionError (an unhandled
500), and a document just under the interpreter's limit parses but breaks the next recursive
step (serialising it again, validating it). Nothing this product accepts nests deeply, so a
document deeper than MAX_DEPTH is refused as malformed before anything else touches it.

Pure (standard library only).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

MAX_DEPTH = 64


class JsonError(ValueError):
    """Not JSON, or JSON this product refuses; the message says which."""


def depth_exceeds(value: Any, max_depth: int) -> bool:
    """Whether containers in `value` nest more than `max_depth` levels (iteratively)."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        children: Iterable[Any]
        if isinstance(node, dict):
            children = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > max_depth:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


def loads(raw: bytes | str, max_depth: int = MAX_DEPTH) -> Any:
    """The parsed document, or JsonError (never RecursionError)."""
    try:
        value = json.loads(raw)
    except RecursionError as exc:
        raise JsonError(f"The JSON nests more than {max_depth} levels deep.") from exc
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError
        raise JsonError(f"Not valid JSON: {str(exc)[:200]}.") from exc
    if depth_exceeds(value, max_depth):
        raise JsonError(f"The JSON nests more than {max_depth} levels deep.")
    return value
