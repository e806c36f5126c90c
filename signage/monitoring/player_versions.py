"""Is a screen's player older than CURRENT_PLAYER_VERSION? Compared as versions, never as
strings ("2.10.0" is newer than "2.9.1"). Pure: standard library only.

A version is dot-separated numbers with an optional pre-release after `-` ("2.0.0-beta.1"),
and an optional leading `v` or `+build` suffix, which is ignored. A pre-release comes before
its release. Anything else cannot be compared and never claims an update.
"""

from __future__ import annotations

import functools
import re

_VERSION = re.compile(r"^v?(\d{1,9}(?:\.\d{1,9}){0,5})(?:-([0-9A-Za-z.-]{1,32}))?(?:\+[0-9A-Za-z.-]{0,32})?$")


def parse_version(text: str | None) -> tuple[tuple[int, ...], str | None] | None:
    """(release numbers, pre-release or None), or None when `text` is no version."""
    match = _VERSION.match((text or "").strip())
    if match is None:
        return None
    return tuple(int(part) for part in match.group(1).split(".")), match.group(2)


def _pre_key(pre: str) -> tuple[tuple[int, int | str], ...]:
    # Numeric identifiers sort below and among themselves as numbers (as SemVer does).
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in pre.split("."))


# Asked for every screen of every heartbeat flush, of the few versions a fleet runs.
@functools.lru_cache(maxsize=256)
def is_older(reported: str | None, expected: str | None) -> bool:
    """True only when both are versions and `reported` is strictly older."""
    have, want = parse_version(reported), parse_version(expected)
    if have is None or want is None:
        return False
    width = max(len(have[0]), len(want[0]))
    have_release = have[0] + (0,) * (width - len(have[0]))
    want_release = want[0] + (0,) * (width - len(want[0]))
    if have_release != want_release:
        return have_release < want_release
    if have[1] is None or want[1] is None:
        return have[1] is not None and want[1] is None
    return _pre_key(have[1]) < _pre_key(want[1])
