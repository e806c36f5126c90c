"""ORM models, one module per aggregate. Importing this package registers every table."""

from signage.models.accounts import PasswordResetRequest
from signage.models.alert import Alert
from signage.models.audit import AuditEntry
from signage.models.content import Media, Playlist, PlaylistItem, Template
from signage.models.datasource import DataSource
from signage.models.enums import (
    AlertDisplayMode,
    AlertTarget,
    CommandStatus,
    CommandType,
    ConnectionType,
    DataSourceType,
    EncodingStatus,
    MediaType,
    Orientation,
    Role,
    ScheduleTarget,
    ScreenStatus,
    Transition,
    ZoneType,
)
from signage.models.fleet import Screen, ScreenGroup, Site
from signage.models.monitoring import (
    ProofOfPlay,
    ScreenCommand,
    ScreenHeartbeat,
    ScreenIncident,
    ScreenScreenshot,
)
from signage.models.notifications import Notification
from signage.models.pairing import Pairing, PairingFailure
from signage.models.reporting import PlayDay, PlayerError, ScreenDay
from signage.models.scheduling import Schedule
from signage.models.sessions import ApiToken, UserSession
from signage.models.user import LoginFailure, User

__all__ = [
    "Alert",
    "ApiToken",
    "AuditEntry",
    "AlertDisplayMode",
    "AlertTarget",
    "CommandStatus",
    "CommandType",
    "ConnectionType",
    "DataSource",
    "DataSourceType",
    "EncodingStatus",
    "LoginFailure",
    "PasswordResetRequest",
    "Media",
    "MediaType",
    "Notification",
    "Orientation",
    "Pairing",
    "PairingFailure",
    "Playlist",
    "PlayDay",
    "PlayerError",
    "PlaylistItem",
    "ProofOfPlay",
    "Role",
    "Schedule",
    "ScheduleTarget",
    "Screen",
    "ScreenDay",
    "ScreenCommand",
    "ScreenGroup",
    "ScreenHeartbeat",
    "ScreenIncident",
    "ScreenScreenshot",
    "ScreenStatus",
    "Site",
    "Template",
    "Transition",
    "User",
    "UserSession",
    "ZoneType",
]
