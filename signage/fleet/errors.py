"""Refusals of the fleet services, which views turn into 422/409 answers or form errors."""

from __future__ import annotations

from collections.abc import Sequence


class FleetError(Exception):
    """A refused change; nothing was written. `fields` (snake_case) names each bad value."""

    def __init__(self, code: str, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.fields = fields or {}


class InvalidFleetData(FleetError):
    """Values that break a rule (422)."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__("validation_failed", "Some fields are invalid.", fields)


class FleetConflict(FleetError):
    """The change clashes with data that exists (409)."""


class SiteHasScreens(FleetConflict):
    """A site is deleted only once no screen is left on it (its groups go with it)."""

    def __init__(self, message: str, screens: Sequence[tuple[int, str]], total: int) -> None:
        super().__init__("site_has_screens", message)
        self.screens = list(screens)  # (id, name) of the first few, for links in the console
        self.total = total
