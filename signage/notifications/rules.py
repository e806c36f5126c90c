"""Which notifications exist and who receives them (pure)."""

from __future__ import annotations

from signage.access.matrix import Role

ENCODING_FAILED = "encoding_failed"
WEEKLY_SUMMARY = "weekly_summary"
# The kinds a user may also receive by e-mail (the weekly summary is e-mail only).
KINDS = (ENCODING_FAILED, WEEKLY_SUMMARY)
# Who sees an encoding failure besides the person who uploaded the file.
ENCODING_FAILED_ROLES = frozenset({Role.ADMIN})
KEPT_DAYS = 90


def chosen(kinds: object) -> list[str]:
    """A user's e-mail choices, cleaned: known kinds only, each once, in the table's order."""
    wanted = set(kinds) if isinstance(kinds, list | tuple | set) else set()
    return [kind for kind in KINDS if kind in wanted]
