"""Users, their sessions and API tokens, sign-in and the audit log (CONTRACT §2, §15);
signage.auth.payloads and signage.audit.payloads build them."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from signage.models.enums import Role
from signage.schemas.base import Answer, Id, Instant


class User(Answer):
    """Never the password hash nor the session version."""

    id: Id
    email: str
    name: str
    role: Role
    locale: str | None = Field(description="the console's language for this user; null: the browser's")
    timezone: str | None
    created_at: Instant
    last_login_at: Instant | None


class Me(Answer):
    user: User
    csrf_token: str = Field(description="X-CSRFToken for unsafe requests with the session cookie")


class Session(Answer):
    """A console session (never the id its cookie carries)."""

    id: Id
    created_at: Instant
    last_seen_at: Instant
    expires_at: Instant
    ip_address: str | None
    user_agent: str
    current: bool = Field(description="the session making this request")


class Token(Answer):
    id: Id
    name: str
    prefix: str = Field(description="the secret's first characters, to recognise it")
    expires_at: Instant | None
    created_at: Instant
    last_used_at: Instant | None


class NewToken(Token):
    token: str = Field(description="the secret: shown in this answer only")


class AuditEntry(Answer):
    id: Id
    at: Instant
    user_id: Id | None
    user_email: str
    via: str
    action: str
    object_type: str
    object_id: str
    object_name: str
    changes: dict[str, Any] = Field(description="per changed field, before and after")
    ip_address: str | None


class ResetRequested(Answer):
    """Answered whether or not the address has an account."""

    status: Literal["ACCEPTED"]


class PasswordReset(Answer):
    status: Literal["RESET"]


class ResetSent(Answer):
    status: Literal["SENT"]


class SessionsEnded(Answer):
    ended: int = Field(description="how many sessions were ended")


class Unlocked(Answer):
    failures_cleared: int = Field(description="failed sign-ins forgotten")
