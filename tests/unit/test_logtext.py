from __future__ import annotations

import io
import logging

from signage.core.logtext import SafeFormatter, neutralise


def test_control_characters_become_visible_escapes() -> None:
    assert neutralise("video stalled\n2026-11-30 ERROR admin logged in") == (
        "video stalled\\n2026-11-30 ERROR admin logged in"
    )
    assert neutralise("a\rb\tc\x1b[31mred\x00\x7f\x85\u2028") == "a\\rb\\tc\\x1b[31mred\\x00\\x7f\\x85\\x2028"
    assert neutralise("Contenu indisponible — café") == "Contenu indisponible — café"
    assert neutralise(None) == "None"


def test_the_formatter_keeps_one_event_per_line_but_tracebacks_whole() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(SafeFormatter("%(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("tests.logtext")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("player said: %s", "oops\nERROR forged line")
        try:
            raise ValueError("boom")
        except ValueError:
            logger.exception("job %s failed", "x\ry")
    finally:
        logger.removeHandler(handler)
    lines = stream.getvalue().splitlines()
    assert lines[0] == "WARNING tests.logtext: player said: oops\\nERROR forged line"
    assert lines[1] == "ERROR tests.logtext: job x\\ry failed"
    assert lines[2] == "Traceback (most recent call last):"
    assert lines[-1] == "ValueError: boom"
