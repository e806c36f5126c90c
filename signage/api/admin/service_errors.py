"""Service refusals as API errors: 422 or 409, fields named as the JSON names them."""

from __future__ import annotations

from signage.api.errors import ApiError
from signage.service_errors import Conflict, ServiceError


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def service_api_error(exc: ServiceError) -> ApiError:
    fields = {camel(name): message for name, message in exc.fields.items()} or None
    status = 409 if isinstance(exc, Conflict) else 422
    return ApiError(status, exc.message, exc.code, fields)
