"""The agent's action log: one JSON object per line (time, action, origin, outcome, ...).

Anything a request supplied (origin, path, user agent) passes through `clean` first: control and
format characters become `?` and long values are cut, so a request can neither forge a log line
(a newline), hide one (a carriage return, a bidi override) nor fill the disk with one header.
"""

from __future__ import annotations

import json
import sys
import threading
import unicodedata
from datetime import UTC, datetime
from typing import Any, TextIO

MAX_TEXT = 200
# Cc control, Cf format (bidi overrides, zero-width), Zl/Zp line and paragraph separators,
# Cs/Co/Cn surrogates, private use and unassigned code points.
UNSAFE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"}


def clean(text: object, limit: int = MAX_TEXT) -> str:
    """`text` safe for a log line: no control or format characters, at most `limit` characters."""
    value = str(text)
    cut = len(value) > limit
    value = "".join("?" if unicodedata.category(ch) in UNSAFE_CATEGORIES else ch for ch in value[:limit])
    return value + ("…" if cut else "")


def timestamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


class ActionLog:
    """Appends lines to AGENT_LOG (and echoes them to stderr, i.e. the journal)."""

    def __init__(self, path: str, echo: TextIO | None = sys.stderr) -> None:
        try:
            self._file = open(path, "a", encoding="utf-8", buffering=1)
        except OSError as error:
            raise OSError(f"Cannot write the agent's log AGENT_LOG={path}: {error.strerror}.") from error
        self._echo = echo
        self._lock = threading.Lock()

    def write(self, action: str, outcome: str, **fields: Any) -> None:
        record: dict[str, Any] = {"time": timestamp(), "action": clean(action), "outcome": clean(outcome)}
        for key, value in fields.items():
            record[key] = value if isinstance(value, int | float | bool) or value is None else clean(value)
        line = json.dumps(record, ensure_ascii=False)
        with self._lock:
            self._file.write(line + "\n")
            if self._echo is not None:
                print(line, file=self._echo, flush=True)

    def close(self) -> None:
        with self._lock:
            self._file.close()
