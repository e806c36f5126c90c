"""Audit entries as the API shows them."""

from __future__ import annotations

from typing import Any

from signage.core.wire import iso, ref
from signage.models import AuditEntry


def entry_json(entry: AuditEntry) -> dict[str, Any]:
    return {
        "id": str(entry.id),
        "at": iso(entry.at),
        "userId": ref(entry.user_id),
        "userEmail": entry.user_email,
        "via": entry.via,
        "action": entry.action,
        "objectType": entry.object_type,
        "objectId": entry.object_id,
        "objectName": entry.object_name,
        "changes": entry.changes,
        "ipAddress": entry.ip_address,
    }
