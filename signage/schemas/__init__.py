"""What the API answers, as pydantic models: one per resource of CONTRACT §1-§15.

GET /api/openapi.json describes each route's answers with these models (views name theirs
with signage.web.openapi.answers); tests/integration/test_answer_models.py checks each
documented route's real answer against its model, and the fuzz leg checks every answer it
gets against the description. The payload builders of the domains (`*/payloads.py`) stay the
one place the bodies are made; these models say what they must look like.

Above the models (they reuse the enumerations), below the domains and the web.
"""

from signage.schemas.base import Error, page_of
from signage.schemas.content import Media, PlayerPlaylist, Playlist, PlaylistSummary, Template
from signage.schemas.fleet import (
    Activated,
    Activation,
    Group,
    PairingDone,
    PairingPending,
    PairingStarted,
    Screen,
    Site,
)
from signage.schemas.monitoring import (
    Availability,
    Command,
    CommandAccepted,
    Play,
    PlayerErrorPage,
    PlaysByDay,
    PlaysReceived,
    Screenshot,
    UptimeReport,
)
from signage.schemas.people import (
    AuditEntry,
    Me,
    NewToken,
    PasswordReset,
    ResetRequested,
    ResetSent,
    Session,
    SessionsEnded,
    Token,
    Unlocked,
    User,
)
from signage.schemas.scheduling import (
    Alert,
    AlertWithDeliveries,
    PlayerSchedule,
    Preview,
    SavedSchedule,
    Schedule,
)
from signage.schemas.sources import DataSource, DataSourceShown, SourceData, Weather

__all__ = [
    "Activated", "Activation", "Alert", "AlertWithDeliveries", "AuditEntry", "Availability", "Command",
    "CommandAccepted", "DataSource", "DataSourceShown", "Error", "Group", "Me", "Media", "NewToken",
    "PairingDone", "PairingPending", "PairingStarted", "PasswordReset", "Play", "PlayerErrorPage",
    "PlayerPlaylist", "PlayerSchedule", "Playlist", "PlaylistSummary", "PlaysByDay", "PlaysReceived",
    "Preview", "ResetRequested", "ResetSent", "SavedSchedule", "Schedule", "Screen", "Screenshot",
    "Session", "SessionsEnded", "Site", "SourceData", "Template", "Token", "Unlocked", "UptimeReport",
    "User", "Weather", "page_of",
]  # fmt: skip
