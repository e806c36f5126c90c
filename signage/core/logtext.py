"""Text from outside made safe for a log line.

A player's error message, a User-Agent or an e-mail typed at the sign-in form can hold line
breaks and terminal escapes: written as is, one request forges whole log lines ("... ERROR
admin logged in") or rewrites an operator's terminal. Control characters become visible
escapes (`\\n`, `\\x1b`), so a line of the log is always one event.

Pure (standard library only).
"""

from __future__ import annotations

import logging
import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def neutralise(text: object) -> str:
    """`text` as a string with every control character escaped."""
    value = str(text)
    return _CONTROL.sub(lambda m: _NAMED.get(m.group(), f"\\x{ord(m.group()):02x}"), value)


class SafeFormatter(logging.Formatter):
    """Escapes control characters in the message (its arguments included); the traceback of
    an exception, which we write ourselves, keeps its lines."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        safe = logging.makeLogRecord(record.__dict__)
        safe.message = neutralise(record.getMessage())
        return super().formatMessage(safe)
