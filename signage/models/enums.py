"""The spec's enumerations. Stored as their names (VARCHAR + CHECK), never as native enums,
so adding a value is a plain migration on SQLite and PostgreSQL alike."""

from enum import StrEnum

from signage.access.matrix import Role as Role  # the matrix is the one definition of roles


class ScreenStatus(StrEnum):
    ONLINE = "ONLINE"
    OFFLINE = "OFFLINE"
    WARNING = "WARNING"


class Orientation(StrEnum):
    LANDSCAPE = "LANDSCAPE"
    PORTRAIT = "PORTRAIT"


class MediaType(StrEnum):
    IMAGE = "IMAGE"
    VIDEO = "VIDEO"
    HTML = "HTML"
    PDF = "PDF"
    WEBPAGE = "WEBPAGE"
    RSS = "RSS"
    DATASET = "DATASET"


class EncodingStatus(StrEnum):
    PENDING = "PENDING"
    PROCESSING = "PROCESSING"
    DONE = "DONE"
    ERROR = "ERROR"


class Transition(StrEnum):
    FADE = "FADE"
    SLIDE = "SLIDE"
    NONE = "NONE"


class ZoneType(StrEnum):
    CONTENT = "CONTENT"
    TICKER = "TICKER"
    CLOCK = "CLOCK"
    WEATHER = "WEATHER"
    DATASET = "DATASET"


class ScheduleTarget(StrEnum):
    SCREEN = "SCREEN"
    GROUP = "GROUP"


class DataSourceType(StrEnum):
    RSS = "RSS"
    CSV = "CSV"
    JSON_URL = "JSON_URL"


class AlertDisplayMode(StrEnum):
    BANNER = "BANNER"
    FULLSCREEN = "FULLSCREEN"


class AlertTarget(StrEnum):
    ALL = "ALL"
    GROUP = "GROUP"
    SCREEN = "SCREEN"


class ConnectionType(StrEnum):
    WIFI = "wifi"
    ETHERNET = "ethernet"
    UNKNOWN = "unknown"


class CommandType(StrEnum):
    SCREENSHOT = "SCREENSHOT"
    RELOAD = "RELOAD"
    RESTART_BROWSER = "RESTART_BROWSER"
    REBOOT = "REBOOT"
    PLAYLIST_RELOAD = "PLAYLIST_RELOAD"
    CACHE_CLEAR = "CACHE_CLEAR"
    ALERT_SHOW = "ALERT_SHOW"
    ALERT_HIDE = "ALERT_HIDE"
    VOLUME_SET = "VOLUME_SET"


class CommandStatus(StrEnum):
    PENDING = "PENDING"
    DELIVERED = "DELIVERED"
    FAILED = "FAILED"
