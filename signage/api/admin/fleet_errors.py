"""The fleet services' refusals as API errors: 422 or 409, fields named as the JSON names them."""

from __future__ import annotations

from signage.api.errors import ApiError
from signage.fleet.errors import FleetConflict, FleetError


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def fleet_api_error(exc: FleetError) -> ApiError:
    fields = {camel(name): message for name, message in exc.fields.items()} or None
    status = 409 if isinstance(exc, FleetConflict) else 422
    return ApiError(status, exc.message, exc.code, fields)
