"""Refusals raised by the services (fleet, content, scheduling, accounts...). Each web face
turns them into its own answer in one place: the JSON API into CONTRACT §1 errors (422, 409,
404, 410), the console into form errors. Nothing was written when one is raised.

Pure (standard library only).
"""

from __future__ import annotations


class ServiceError(Exception):
    """A refused change. `fields` (snake_case) names each bad value."""

    def __init__(self, code: str, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.fields = fields or {}


class InvalidData(ServiceError):
    """Values that break a rule (422)."""

    def __init__(self, fields: dict[str, str], message: str = "Some fields are invalid.") -> None:
        super().__init__("validation_failed", message, fields)


class Conflict(ServiceError):
    """The change clashes with data that exists (409)."""


class NotFound(ServiceError):
    """What the request names does not exist, or no longer (404)."""


class Gone(ServiceError):
    """What the request names existed but has expired (410)."""
