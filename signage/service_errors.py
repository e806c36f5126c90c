"""Refusals raised by the services (fleet, content, scheduling...), which views turn into
422/409 answers or form errors. Nothing was written when one is raised."""

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
