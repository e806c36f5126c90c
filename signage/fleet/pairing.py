"""Pairing a kiosk by code (CONTRACT §12): the kiosk asks for a code and shows it; an admin
types it on the screen's page; the kiosk, polling, collects its player JWT once.

The JWT is minted when the kiosk collects it, not when the admin claims the code: no bearer
credential ever waits in the database. Claiming revokes the screen's previous JWT at once
(exactly as a new activation replaces it), and a claimed code is spent whatever follows.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, delete, select, update

from signage.auth.lockout import retry_after
from signage.auth.player_tokens import issue_player_jwt, token_digest
from signage.core.errors import N_, Gone, NotFound, ServiceError
from signage.extensions import db
from signage.fleet import pairing_rules as rules
from signage.models import Pairing, PairingFailure, Screen
from signage.push import disconnect_screen


class TooManyAttempts(ServiceError):
    """429: too many pairings asked for, or too many wrong codes typed."""

    def __init__(self, message: str, retry_after_seconds: int) -> None:
        super().__init__("too_many_attempts", message)
        self.retry_after = retry_after_seconds


class UnknownCode(NotFound):
    def __init__(self) -> None:
        super().__init__(
            "unknown_code", N_("No screen shows this code: check it, or ask the screen for a new one.")
        )


class ExpiredCode(Gone):
    def __init__(self) -> None:
        super().__init__("code_expired", N_("This code has expired: the screen shows a new one."))


class UnknownPairing(NotFound):
    def __init__(self) -> None:
        super().__init__("unknown_pairing", N_("This pairing is unknown or was already collected."))


class ExpiredPairing(Gone):
    def __init__(self) -> None:
        super().__init__("pairing_expired", N_("This pairing has expired: ask for a new code."))


@dataclass(frozen=True)
class NewPairing:
    pairing: Pairing
    poll_token: str


@dataclass(frozen=True)
class Collected:
    screen_id: int
    jwt: str


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _brake(
    times: Select[tuple[datetime]], now: datetime, limit: int, window: timedelta, message: str
) -> None:
    """TooManyAttempts when `limit` of the instants `times` selects lie within `window`."""
    wait = retry_after(db.session.scalars(times).all(), now, limit, window)
    if wait is not None:
        db.session.rollback()
        raise TooManyAttempts(message, wait)


def start_pairing(ip_address: str | None, now: datetime) -> NewPairing:
    """A fresh code for a kiosk; TooManyAttempts when its address asked for too many."""
    db.session.execute(delete(Pairing).where(Pairing.expires_at <= now, Pairing.screen_id.is_(None)))
    if ip_address:
        asked = select(Pairing.created_at).where(
            Pairing.ip_address == ip_address, Pairing.created_at > now - rules.CREATE_WINDOW
        )
        too_many = N_("Too many pairing codes asked for from this address.")
        _brake(asked, now, rules.CREATE_LIMIT, rules.CREATE_WINDOW, too_many)
    live = set(db.session.scalars(select(Pairing.code).where(Pairing.expires_at > now)))
    code = rules.new_code()
    while code in live:  # two screens never show the same live code
        code = rules.new_code()
    poll_token = secrets.token_urlsafe(32)
    pairing = Pairing(
        id=secrets.token_hex(16),
        code=code,
        poll_token_hash=_hash(poll_token),
        created_at=now,
        expires_at=now + rules.TTL,
        ip_address=ip_address,
    )
    db.session.add(pairing)
    db.session.commit()
    return NewPairing(pairing, poll_token)


def claim(screen: Screen, typed: str, user_id: int, now: datetime) -> Screen:
    """The admin's side: `typed` names a live code; the screen gets it. 404 unknown or already
    claimed, 410 expired, 429 after too many wrong codes from this user."""
    failures = select(PairingFailure.at).where(
        PairingFailure.user_id == user_id, PairingFailure.at > now - rules.WRONG_CODE_WINDOW
    )
    too_many = N_("Too many wrong codes: wait a few minutes before trying again.")
    _brake(failures, now, rules.WRONG_CODE_LIMIT, rules.WRONG_CODE_WINDOW, too_many)
    code = rules.normalized(typed)
    pairing = (
        db.session.scalar(select(Pairing).where(Pairing.code == code).order_by(Pairing.created_at.desc()))
        if code
        else None
    )
    problem: ServiceError | None = None
    if pairing is None or pairing.screen_id is not None:
        problem = UnknownCode()
    elif pairing.expires_at <= now:
        problem = ExpiredCode()
    if problem is None:
        # Conditional: of two admins typing the same code, one wins, the other sees 404.
        won = db.session.execute(
            update(Pairing)
            .where(Pairing.id == pairing.id, Pairing.screen_id.is_(None), Pairing.expires_at > now)
            .values(screen_id=screen.id, claimed_at=now, expires_at=now + rules.COLLECT_WITHIN)
            .execution_options(synchronize_session=False)
        ).rowcount
        problem = None if won == 1 else UnknownCode()
    if problem is not None:
        db.session.rollback()
        db.session.add(PairingFailure(user_id=user_id, at=now))
        db.session.commit()
        raise problem
    # Like a new activation: the previous JWT stops working now, pending links die.
    screen.player_jwt_hash = None
    screen.player_jwt_blacklisted = False
    screen.activation_token = None
    screen.activation_token_expires_at = None
    db.session.commit()
    disconnect_screen(screen.id)
    return screen


def poll(pairing_id: str, poll_token: str, secret: str, now: datetime) -> Collected | None:
    """The kiosk's side: None while unclaimed; once claimed, the JWT, once (the pairing goes).
    UnknownPairing for an unknown id or a wrong poll token, ExpiredPairing past its time."""
    pairing = db.session.get(Pairing, pairing_id[:32]) if pairing_id else None
    if pairing is None or not hmac.compare_digest(pairing.poll_token_hash, _hash(poll_token or "")):
        db.session.rollback()
        raise UnknownPairing()
    if pairing.expires_at <= now:
        db.session.delete(pairing)
        db.session.commit()
        raise ExpiredPairing()
    if pairing.screen_id is None:
        db.session.rollback()
        return None
    screen_id = pairing.screen_id
    # The delete decides who collects: a second poll racing this one finds nothing.
    gone = db.session.execute(
        delete(Pairing)
        .where(Pairing.id == pairing.id, Pairing.screen_id == screen_id)
        .execution_options(synchronize_session=False)
    ).rowcount
    if gone != 1:
        db.session.rollback()
        raise UnknownPairing()
    jwt = issue_player_jwt(screen_id, secret, now)
    db.session.execute(
        update(Screen)
        .where(Screen.id == screen_id)
        .values(player_jwt_hash=token_digest(jwt), player_jwt_blacklisted=False)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return Collected(screen_id, jwt)
