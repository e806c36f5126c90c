"""A data source's header values (credentials: `Authorization`, API keys) sealed at rest.

A copy of the database (a backup, a dump left on a laptop) must not hand out the credentials
of every feed. Values are encrypted with Fernet (AES-128-CBC + HMAC, from `cryptography`)
under a key derived (HKDF-SHA256) from DATASOURCE_SECRET_KEY, else SECRET_KEY; sealed values
start with `enc:v1:`. A value stored before sealing existed is read as it is, and sealed at
its next save. If the key changes, sealed values can no longer be read: the fetch says so and
the admin types the values again.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

PREFIX = "enc:v1:"


class UnreadableSecret(Exception):
    """A sealed value this server's key cannot open."""


@lru_cache(maxsize=4)
def _fernet(secret: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"signage datasource headers").derive(
        secret.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def _key() -> Fernet:
    settings = current_app.config["SIGNAGE"]
    return _fernet(settings.datasource_secret_key or settings.secret_key)


def seal(value: str) -> str:
    if value.startswith(PREFIX):
        return value  # kept from before (a masked value standing for the stored one)
    return PREFIX + _key().encrypt(value.encode()).decode()


def unseal(stored: str) -> str:
    if not stored.startswith(PREFIX):
        return stored
    try:
        return _key().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken as exc:
        raise UnreadableSecret from exc


def sealed_headers(headers: Mapping[str, str]) -> dict[str, str]:
    return {name: seal(value) for name, value in headers.items()}


def opened_headers(headers: Mapping[str, str]) -> dict[str, str]:
    return {name: unseal(value) for name, value in headers.items()}
