"""Player JWTs and the identity states (pure)."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import jwt
import pytest

from signage.auth.player_tokens import (
    InvalidPlayerToken,
    issue_player_jwt,
    player_jwt_subject,
    token_digest,
)
from signage.fleet.identity_rules import IdentityState, identity_state

SECRET = "s" * 32
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def test_the_jwt_is_hs256_with_sub_and_iat_and_no_expiry() -> None:
    token = issue_player_jwt(42, SECRET, NOW)
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert header["alg"] == "HS256"
    payload = jwt.decode(token, SECRET, algorithms=["HS256"])
    assert payload["sub"] == "42" and payload["iat"] == int(NOW.timestamp())
    assert "exp" not in payload
    assert player_jwt_subject(token, SECRET) == 42


def test_two_tokens_for_one_screen_in_one_second_differ() -> None:
    first, second = issue_player_jwt(1, SECRET, NOW), issue_player_jwt(1, SECRET, NOW)
    assert first != second and token_digest(first) != token_digest(second)


@pytest.mark.parametrize(
    "token",
    [
        "",
        "not.a.jwt",
        "x" * 5000,
        jwt.encode(
            {"sub": "1", "iat": 0}, "another-secret-of-a-long-enough-length-for-hs256", algorithm="HS256"
        ),
        jwt.encode({"sub": "1", "iat": 0}, None, algorithm="none"),
        jwt.encode({"sub": "1"}, SECRET, algorithm="HS256"),  # no iat
        jwt.encode({"sub": "abc", "iat": 0}, SECRET, algorithm="HS256"),
        jwt.encode({"sub": "-1", "iat": 0}, SECRET, algorithm="HS256"),
        jwt.encode({"sub": "1", "iat": 0}, SECRET * 2, algorithm="HS384"),
    ],
)
def test_forged_or_malformed_tokens_are_refused(token: str) -> None:
    with pytest.raises(InvalidPlayerToken):
        player_jwt_subject(token, SECRET)


def test_identity_states() -> None:
    soon, past = NOW + timedelta(hours=1), NOW - timedelta(seconds=1)
    state = identity_state
    assert state(has_jwt=False, revoked=False, token_expires_at=None, now=NOW) is IdentityState.NOT_ACTIVATED
    assert state(has_jwt=False, revoked=False, token_expires_at=soon, now=NOW) is IdentityState.PENDING
    assert state(has_jwt=False, revoked=False, token_expires_at=past, now=NOW) is IdentityState.NOT_ACTIVATED
    assert state(has_jwt=True, revoked=False, token_expires_at=None, now=NOW) is IdentityState.ACTIVATED
    assert state(has_jwt=False, revoked=True, token_expires_at=None, now=NOW) is IdentityState.REVOKED
    # A new link after a revocation: the admin is re-activating.
    assert state(has_jwt=False, revoked=True, token_expires_at=soon, now=NOW) is IdentityState.PENDING
