"""Audit entries written as the changes are: a flush listener on the ORM session turns every
row created, changed or deleted during an authenticated console or API request into an entry
in the same transaction (so a rolled-back change leaves no entry, and a committed one always
has its entry). The web layer says who acts (`acting`); players and jobs act as no one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, insert, inspect, select
from sqlalchemy.orm import ORMExecuteState, Session

from signage.audit.rules import NOT_AUDITED, diff, snapshot
from signage.models import AuditEntry
from signage.models.types import utcnow

# An entry's changes past this size keep the field names, not the values.
CHANGES_MAX_BYTES = 16 * 1024
VALUE_MAX_BYTES = 2 * 1024
# A bulk delete of more rows than this is logged as one entry.
BULK_ROWS = 50


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    email: str
    via: str  # "session" or "token"
    ip_address: str | None


_actor: ContextVar[Actor | None] = ContextVar("audit_actor", default=None)


@contextmanager
def acting(actor: Actor) -> Iterator[None]:
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)


def set_actor(actor: Actor | None) -> object:
    return _actor.set(actor)


def reset_actor(token: object) -> None:
    _actor.reset(token)  # type: ignore[arg-type]


def current_actor() -> Actor | None:
    return _actor.get()


def _columns(obj: Any) -> dict[str, Any]:
    state = inspect(obj)
    return {attr.key: state.dict.get(attr.key) for attr in state.mapper.column_attrs}


def _changed(obj: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    state = inspect(obj)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        history = state.attrs[attr.key].history
        if history.added or history.deleted:
            before[attr.key] = history.deleted[0] if history.deleted else None
            after[attr.key] = history.added[0] if history.added else None
    return before, after


def _name_of(obj: Any) -> str:
    for field in ("name", "email", "title", "message"):
        value = getattr(obj, field, None)
        if isinstance(value, str) and value:
            return value[:255]
    return ""


def _bounded(changes: dict[str, Any]) -> dict[str, Any]:
    if len(json.dumps(changes, default=str)) <= CHANGES_MAX_BYTES:
        return changes
    out = {}
    for field, value in changes.items():
        size = len(json.dumps(value, default=str))
        out[field] = value if size <= VALUE_MAX_BYTES else f"({size} bytes, not kept)"
    return out


def _entry(actor: Actor, action: str, obj: Any, changes: dict[str, Any]) -> dict[str, Any]:
    identity = inspect(obj).mapper.primary_key_from_instance(obj)
    return {
        "at": utcnow(),
        "user_id": actor.user_id,
        "user_email": actor.email,
        "via": actor.via,
        "action": action,
        "object_type": type(obj).__name__,
        "object_id": ",".join(str(part) for part in identity if part is not None),
        "object_name": _name_of(obj),
        "changes": _bounded(changes),
        "ip_address": actor.ip_address,
    }


def _audited(obj: Any) -> bool:
    table = getattr(type(obj), "__tablename__", None)
    return table is not None and table not in NOT_AUDITED


def _after_flush(session: Session, _context: Any) -> None:
    actor = _actor.get()
    if actor is None:
        return
    rows = []
    for obj in session.new:
        if _audited(obj):
            rows.append(_entry(actor, "create", obj, snapshot(_columns(obj))))
    for obj in session.dirty:
        if _audited(obj) and session.is_modified(obj, include_collections=False):
            changes = diff(*_changed(obj))
            if changes:
                rows.append(_entry(actor, "update", obj, changes))
    for obj in session.deleted:
        if _audited(obj):
            rows.append(_entry(actor, "delete", obj, snapshot(_columns(obj))))
    if rows:
        # Core insert on the flush's own connection: part of the same transaction, and no
        # ORM objects added while the session is flushing.
        session.connection().execute(insert(AuditEntry.__table__), rows)


def _before_bulk_delete(state: ORMExecuteState) -> None:
    """`session.execute(delete(Model).where(...))` skips the flush: the rows it will remove
    are read first and logged like deleted objects (one summary entry past BULK_ROWS)."""
    actor = _actor.get()
    if actor is None or not state.is_delete:
        return
    statement = state.statement
    table = getattr(statement, "table", None)
    if table is None or table.name in NOT_AUDITED:
        return
    mapper = state.bind_mapper
    kind = mapper.class_.__name__ if mapper is not None else table.name
    query = select(table)
    if statement.whereclause is not None:  # type: ignore[attr-defined]
        query = query.where(statement.whereclause)  # type: ignore[attr-defined]
    found = state.session.execute(query.limit(BULK_ROWS + 1)).mappings().all()
    if not found:
        return
    template = {"at": utcnow(), "user_id": actor.user_id, "user_email": actor.email, "via": actor.via}
    template |= {"action": "delete", "object_type": kind, "ip_address": actor.ip_address}
    if len(found) > BULK_ROWS:
        rows = [
            {**template, "object_id": "", "object_name": "", "changes": {"rows": f"more than {BULK_ROWS}"}}
        ]
    else:
        rows = [
            {
                **template,
                "object_id": str(row.get("id", "")),
                "object_name": str(row.get("name") or row.get("email") or "")[:255],
                "changes": _bounded(snapshot(dict(row))),
            }
            for row in found
        ]
    state.session.connection().execute(insert(AuditEntry.__table__), rows)


def install(session_class: type[Session]) -> None:
    """Listen on the app's session class (idempotent)."""
    if not event.contains(session_class, "after_flush", _after_flush):
        event.listen(session_class, "after_flush", _after_flush)
        event.listen(session_class, "do_orm_execute", _before_bulk_delete)


def record(
    action: str,
    *,
    email: str,
    user_id: int | None = None,
    ip_address: str | None = None,
    via: str = "session",
    changes: dict[str, Any] | None = None,
    session: Session,
) -> None:
    """An entry that is no row change (a sign-in, a lockout), in the caller's transaction."""
    session.execute(
        insert(AuditEntry.__table__),
        [
            {
                "at": utcnow(),
                "user_id": user_id,
                "user_email": email[:254],
                "via": via,
                "action": action,
                "object_type": "User" if user_id else "",
                "object_id": str(user_id or ""),
                "object_name": email[:255],
                "changes": changes or {},
                "ip_address": ip_address,
            }
        ],
    )
