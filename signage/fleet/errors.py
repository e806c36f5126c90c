"""Refusals of the fleet services, which views turn into 422/409 answers or form errors."""

from __future__ import annotations

from collections.abc import Sequence

from signage.service_errors import Conflict, InvalidData, ServiceError

# The fleet's names for the shared service errors (signage.service_errors).
FleetError = ServiceError
InvalidFleetData = InvalidData
FleetConflict = Conflict


class SiteHasScreens(FleetConflict):
    """A site is deleted only once no screen is left on it (its groups go with it)."""

    def __init__(self, message: str, screens: Sequence[tuple[int, str]], total: int) -> None:
        super().__init__("site_has_screens", message)
        self.screens = list(screens)  # (id, name) of the first few, for links in the console
        self.total = total
