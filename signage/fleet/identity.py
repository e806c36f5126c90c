"""A screen's identity: one-time activation tokens, the player JWT, revocation.

Rules (CONTRACT §5): a token is a UUID v4 valid 24 hours; issuing one replaces any earlier
unused one; it works once; activation issues a JWT whose digest becomes the only one the
screen accepts; revocation kills that JWT at once and for good.
"""

from __future__ import annotations

import hmac
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update

from signage.auth.player_tokens import (
    InvalidPlayerToken,
    issue_player_jwt,
    player_jwt_subject,
    token_digest,
)
from signage.core.errors import N_, Gone, NotFound, ServiceError
from signage.extensions import db
from signage.fleet.identity_rules import IdentityState, identity_state
from signage.models import Screen
from signage.push import disconnect_screen

ACTIVATION_TTL = timedelta(hours=24)


def screen_identity_state(screen: Screen, now: datetime) -> IdentityState:
    return identity_state(
        has_jwt=screen.player_jwt_hash is not None,
        revoked=screen.player_jwt_blacklisted,
        token_expires_at=screen.activation_token_expires_at if screen.activation_token else None,
        now=now,
    )


class ActivationError(ServiceError):
    """An activation link that cannot be traded for a token."""


class UnknownActivationToken(ActivationError, NotFound):
    def __init__(self) -> None:
        super().__init__("unknown_token", N_("This activation link is unknown or was already used."))


class ExpiredActivationToken(ActivationError, Gone):
    def __init__(self) -> None:
        super().__init__(
            "token_expired", N_("This activation link has expired: ask for a new one in the console.")
        )


@dataclass(frozen=True)
class Activation:
    screen_id: int
    jwt: str


def new_activation_token(screen: Screen, now: datetime) -> str:
    """A fresh token for `screen`; any earlier unused one stops working."""
    token = str(uuid.uuid4())
    screen.activation_token = token
    screen.activation_token_expires_at = now + ACTIVATION_TTL
    db.session.commit()
    return token


def activate(token: str, secret: str, now: datetime) -> Activation:
    """Trade a token for the screen's JWT. 404 unknown/used/superseded, 410 expired."""
    screen = db.session.query(Screen).filter(Screen.activation_token == token).one_or_none()
    if screen is None:
        db.session.rollback()
        raise UnknownActivationToken()
    if screen.activation_token_expires_at is None or screen.activation_token_expires_at <= now:
        db.session.rollback()
        raise ExpiredActivationToken()
    jwt = issue_player_jwt(screen.id, secret, now)
    # Conditional on the token still being there: of two players racing with one token,
    # exactly one wins; the other sees 404 as if it came second.
    won = db.session.execute(
        update(Screen)
        .where(Screen.id == screen.id, Screen.activation_token == token)
        .values(
            activation_token=None,
            activation_token_expires_at=None,
            player_jwt_hash=token_digest(jwt),
            player_jwt_blacklisted=False,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    if won != 1:
        raise UnknownActivationToken()
    return Activation(screen.id, jwt)


def revoke(screen: Screen) -> None:
    """The screen's JWT stops working now, its live connections are closed, and pending
    activation links die with it."""
    revoke_screens([screen])


def revoke_screens(screens: list[Screen]) -> int:
    """`revoke` for many screens in one transaction; their players are disconnected after it."""
    for screen in screens:
        screen.player_jwt_blacklisted = True
        screen.player_jwt_hash = None
        screen.activation_token = None
        screen.activation_token_expires_at = None
    db.session.commit()
    for screen in screens:
        disconnect_screen(screen.id)
    return len(screens)


def authenticate_player(token: object, secret: str) -> Screen | None:
    """The screen a bearer token belongs to, or None (malformed, forged, revoked, replaced)."""
    try:
        screen_id = player_jwt_subject(token, secret)  # type: ignore[arg-type]
    except InvalidPlayerToken:
        return None
    screen = db.session.get(Screen, screen_id)
    if screen is None or screen.player_jwt_blacklisted or screen.player_jwt_hash is None:
        return None
    if not hmac.compare_digest(screen.player_jwt_hash, token_digest(token)):  # type: ignore[arg-type]
        return None
    return screen
