"""Player JWTs (CONTRACT §5): HS256 with PLAYER_JWT_SECRET, `{sub, iat, jti}`, no expiry.

No Flask import: the secret and the time are passed in. The server keeps only the SHA-256
of the one token a screen may use (Screen.player_jwt_hash), so a database dump reveals no
usable token, and re-activation replaces the digest: an older token never works again.
`jti` (random) makes every issued token distinct, even two issued in the same second.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

import jwt

ALGORITHM = "HS256"
# A JWT of ours is ~200 bytes; refusing giants early keeps hostile input cheap.
MAX_TOKEN_LENGTH = 2048


class InvalidPlayerToken(Exception):
    """Malformed, badly signed, or not one of ours."""


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_player_jwt(screen_id: int, secret: str, now: datetime) -> str:
    payload = {"sub": str(screen_id), "iat": int(now.timestamp()), "jti": secrets.token_urlsafe(12)}
    return jwt.encode(payload, secret, algorithm=ALGORITHM)


def player_jwt_subject(token: str, secret: str) -> int:
    """The screen id the token names, once its signature checks out."""
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_LENGTH:
        raise InvalidPlayerToken("missing or oversized token")
    try:
        # Only HS256: a token that names another algorithm ("none", RS256...) is refused.
        payload = jwt.decode(token, secret, algorithms=[ALGORITHM], options={"require": ["sub", "iat"]})
    except jwt.PyJWTError as exc:
        raise InvalidPlayerToken(str(exc)) from exc
    sub = payload.get("sub")
    if not isinstance(sub, str) or not sub.isascii() or not sub.isdigit() or len(sub) > 10:
        raise InvalidPlayerToken("sub is not a screen id")
    return int(sub)
