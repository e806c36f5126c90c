"""Pairing codes (CONTRACT §12), pure: six characters a person reads off a TV across a shop
and types without doubt, so no 0/O, 1/I/L; shown as ABC-234; case, spaces and the dash are
ignored when typed."""

from __future__ import annotations

import secrets
from datetime import timedelta

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 6
TTL = timedelta(minutes=15)
# A claimed pairing waits this long for its kiosk to collect the token.
COLLECT_WITHIN = timedelta(minutes=15)
# Per client address: a fleet being set up behind one NAT asks for many codes at once, and a
# kiosk asks again before each expires.
CREATE_LIMIT = 30
CREATE_WINDOW = timedelta(minutes=10)
# Per console user: 31^6 ≈ 887 million codes against 10 guesses per 10 minutes.
WRONG_CODE_LIMIT = 10
WRONG_CODE_WINDOW = timedelta(minutes=10)


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def shown(code: str) -> str:
    """ABC234 as people read it: ABC-234."""
    return f"{code[:3]}-{code[3:]}"


def normalized(typed: str) -> str | None:
    """The code someone typed, or None when it cannot be one (wrong length or letters)."""
    code = "".join(ch for ch in typed.upper() if ch not in " -\t")
    if len(code) != LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code
