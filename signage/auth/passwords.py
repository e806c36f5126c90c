"""Slow, salted password hashes (scrypt through werkzeug).

Each hash costs ~100 ms of CPU: it runs on a native thread (signage.offload), never on the
event loop that serves every screen's socket.
"""

from __future__ import annotations

from functools import lru_cache

from werkzeug.security import check_password_hash, generate_password_hash

from signage.core.errors import N_, Text
from signage.core.validation import at_most_characters
from signage.offload import in_thread

METHOD = "scrypt:32768:8:1"
MIN_LENGTH = 8
MAX_LENGTH = 256


def hash_password(password: str) -> str:
    return in_thread(generate_password_hash, password, METHOD)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hash_password("not-a-real-password")


def verify_password(password_hash: str | None, password: str) -> bool:
    """Constant-work check: an unknown account costs the same hash as a known one."""
    if not password_hash:
        in_thread(check_password_hash, _dummy_hash(), password)
        return False
    return in_thread(check_password_hash, password_hash, password)


def password_problem(password: str) -> str | None:
    """Why a new password is refused, or None."""
    if len(password) < MIN_LENGTH:
        return Text(N_("At least %(count)s characters."), count=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return at_most_characters(MAX_LENGTH)
    return None
