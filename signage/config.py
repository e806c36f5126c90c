"""Settings from the environment (and an optional `.env`), validated once at start.

The defaults are the embedded tier: SQLite under `instance/`, local storage, no Redis.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = ROOT / "instance"
# The player bundle's version: esbuild bundles this same file into the player, and it is the
# default CURRENT_PLAYER_VERSION, so the screens of a fresh install are never "out of date".
PLAYER_VERSION_FILE = ROOT / "static" / "player" / "src" / "version.json"


def bundled_player_version() -> str:
    try:
        return str(json.loads(PLAYER_VERSION_FILE.read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f'{PLAYER_VERSION_FILE} must hold {{"version": "x.y.z"}}: {exc}') from exc


# Values that ship in this repository or in examples: never acceptable in production.
DEV_SECRET_KEY = "dev-secret-key-change-me"
DEV_PLAYER_JWT_SECRET = "dev-player-jwt-secret-change-me-never-in-production"
KNOWN_WEAK_SECRETS = {"", "changeme", "change-me", "secret", DEV_SECRET_KEY, DEV_PLAYER_JWT_SECRET}
# HMAC keys (sessions, HS256 player tokens) below 256 bits are weak (RFC 7518 §3.2).
MIN_SECRET_LENGTH = 32

ENVIRONMENTS = ("production", "development", "testing")
# The console's and the players' languages (CONTRACT §14).
LOCALES = ("fr", "en")


class ConfigError(RuntimeError):
    """The configuration cannot be used: the message says what to fix."""


def normalize_database_url(url: str) -> str:
    """Route every PostgreSQL URL to psycopg 3, the driver that cooperates with gevent."""
    for prefix in ("postgres://", "postgresql://", "postgresql+psycopg2://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def default_database_url() -> str:
    return f"sqlite:///{INSTANCE_DIR / 'signage.db'}"


def _bool(value: str | None, default: bool) -> bool:
    if value is None or value.strip() == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"expected a boolean, got {value!r}")


def _int(name: str, value: str | None, default: int, minimum: int = 0) -> int:
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, got {value!r}") from exc
    if number < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, got {number}")
    return number


@dataclass(frozen=True)
class Settings:
    env: str = "production"
    secret_key: str = ""
    player_jwt_secret: str = ""
    database_url: str = field(default_factory=default_database_url)
    redis_url: str | None = None
    # Redis pub/sub channels ignore the db number: installs sharing one Redis need their own.
    socketio_channel: str = "signage"
    storage: str = "local"
    storage_dir: str = str(INSTANCE_DIR / "media")
    s3_bucket: str | None = None
    s3_region: str | None = None
    s3_access_key: str | None = None
    s3_secret_key: str | None = None
    s3_endpoint_url: str | None = None
    cdn_base_url: str | None = None
    current_player_version: str = field(default_factory=bundled_player_version)
    # A screen silent this long is WARNING (heartbeat late), then OFFLINE (CONTRACT §6).
    screen_warning_after_seconds: int = 90
    screen_offline_after_seconds: int = 300
    openweather_api_key: str | None = None
    openweather_url: str = "https://api.openweathermap.org/data/2.5/weather"
    mail_server: str | None = None
    mail_port: int = 25
    mail_username: str | None = None
    mail_password: str | None = None
    mail_use_tls: bool = False
    mail_sender: str = "signage@localhost"
    # A screen OFFLINE this long (silent since its last heartbeat) gets its site's contact an
    # e-mail; back this long, a recovery e-mail.
    offline_alert_minutes: int = 10
    # The console's address as people reach it (https://signage.example.com): links in e-mails.
    public_base_url: str | None = None
    media_max_bytes: int = 2 * 1024**3
    json_max_bytes: int = 1024 * 1024
    # A Socket.IO connection that has not authenticated (player token or console session) this
    # many seconds after opening is closed; until it has, it may not send more than
    # socket_preauth_max_bytes in a message (WebSocket) or a request body (long-polling).
    socket_auth_timeout_seconds: int = 10
    socket_preauth_max_bytes: int = 16 * 1024
    trusted_proxies: int = 0
    # The image an idle screen shows (an absolute or site-relative URL); our logo when unset.
    player_logo_url: str | None = None
    # Data sources may be fetched from loopback and private addresses (intranet feeds, tests);
    # link-local (cloud metadata), multicast and reserved addresses stay refused regardless.
    datasource_allow_private: bool = False
    # WEBPAGE media may be plain http:// pages (intranet dashboards): the player's CSP then
    # lets http: frames in. Off, such a media is refused with the reason.
    allow_http_webpages: bool = False
    # /healthz tells which dependency failed and the version only to a caller with this token
    # (monitoring); everyone else gets the status alone.
    health_token: str | None = None
    # How long the audit log keeps its entries (purge-audit).
    audit_retention_days: int = 365
    # The key that seals data sources' header values at rest; SECRET_KEY when unset.
    datasource_secret_key: str | None = None
    # How long the daily rollups behind reports are kept (rollup-days).
    rollup_retention_days: int = 400
    # A new site's language (its players speak it); the console's when nothing else decides.
    default_locale: str = "fr"

    @property
    def is_production(self) -> bool:
        return self.env == "production"


def _channel(raw: str | None) -> str:
    value = (raw or "signage").strip()
    if not re.fullmatch(r"[A-Za-z0-9_.:-]{1,64}", value):
        raise ConfigError(f"SOCKETIO_CHANNEL must be 1-64 letters, digits or _ . : -, got {value!r}")
    return value


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read and validate settings. Raises ConfigError with a readable message."""
    env = dict(os.environ if environ is None else environ)
    get = env.get
    mode = (get("SIGNAGE_ENV") or "production").strip().lower()
    if mode not in ENVIRONMENTS:
        raise ConfigError(f"SIGNAGE_ENV must be one of {', '.join(ENVIRONMENTS)}, got {mode!r}")
    storage = (get("STORAGE") or "local").strip().lower()
    if storage not in {"local", "s3"}:
        raise ConfigError(f"STORAGE must be 'local' or 's3', got {storage!r}")

    secret_key = get("SECRET_KEY") or ""
    jwt_secret = get("PLAYER_JWT_SECRET") or ""
    if mode == "production":
        for name, value in (("SECRET_KEY", secret_key), ("PLAYER_JWT_SECRET", jwt_secret)):
            if value in KNOWN_WEAK_SECRETS or len(value) < MIN_SECRET_LENGTH:
                raise ConfigError(
                    f"{name} is missing or a default value: set a random value of at least "
                    f"{MIN_SECRET_LENGTH} characters (python -c 'import secrets; "
                    f"print(secrets.token_urlsafe(48))'), or SIGNAGE_ENV=development for local use"
                )
    else:
        secret_key = secret_key or DEV_SECRET_KEY
        jwt_secret = jwt_secret or DEV_PLAYER_JWT_SECRET

    default_locale = (get("DEFAULT_LOCALE") or "fr").strip().lower()
    if default_locale not in LOCALES:
        raise ConfigError(f"DEFAULT_LOCALE must be one of {', '.join(LOCALES)}, got {default_locale!r}")

    settings = Settings(
        env=mode,
        secret_key=secret_key,
        player_jwt_secret=jwt_secret,
        database_url=normalize_database_url(get("DATABASE_URL") or default_database_url()),
        redis_url=get("REDIS_URL") or None,
        socketio_channel=_channel(get("SOCKETIO_CHANNEL")),
        storage=storage,
        storage_dir=get("STORAGE_DIR") or str(INSTANCE_DIR / "media"),
        s3_bucket=get("S3_BUCKET") or None,
        s3_region=get("S3_REGION") or None,
        s3_access_key=get("S3_ACCESS_KEY") or None,
        s3_secret_key=get("S3_SECRET_KEY") or None,
        s3_endpoint_url=get("S3_ENDPOINT_URL") or None,
        cdn_base_url=(get("CDN_BASE_URL") or "").rstrip("/") or None,
        current_player_version=get("CURRENT_PLAYER_VERSION") or bundled_player_version(),
        screen_warning_after_seconds=_int(
            "SCREEN_WARNING_AFTER_SECONDS", get("SCREEN_WARNING_AFTER_SECONDS"), 90, minimum=1
        ),
        screen_offline_after_seconds=_int(
            "SCREEN_OFFLINE_AFTER_SECONDS", get("SCREEN_OFFLINE_AFTER_SECONDS"), 300, minimum=1
        ),
        openweather_api_key=get("OPENWEATHER_API_KEY") or None,
        openweather_url=get("OPENWEATHER_URL") or "https://api.openweathermap.org/data/2.5/weather",
        mail_server=get("MAIL_SERVER") or None,
        mail_port=_int("MAIL_PORT", get("MAIL_PORT"), 25, minimum=1),
        mail_username=get("MAIL_USERNAME") or None,
        mail_password=get("MAIL_PASSWORD") or None,
        mail_use_tls=_bool(get("MAIL_USE_TLS"), False),
        mail_sender=get("MAIL_SENDER") or "signage@localhost",
        offline_alert_minutes=_int("OFFLINE_ALERT_MINUTES", get("OFFLINE_ALERT_MINUTES"), 10, minimum=1),
        public_base_url=(get("PUBLIC_BASE_URL") or "").strip().rstrip("/") or None,
        health_token=(get("HEALTH_TOKEN") or "").strip() or None,
        datasource_secret_key=(get("DATASOURCE_SECRET_KEY") or "").strip() or None,
        audit_retention_days=_int("AUDIT_RETENTION_DAYS", get("AUDIT_RETENTION_DAYS"), 365, minimum=1),
        rollup_retention_days=_int("ROLLUP_RETENTION_DAYS", get("ROLLUP_RETENTION_DAYS"), 400, minimum=8),
        media_max_bytes=_int("MEDIA_MAX_BYTES", get("MEDIA_MAX_BYTES"), 2 * 1024**3, minimum=1),
        json_max_bytes=_int("JSON_MAX_BYTES", get("JSON_MAX_BYTES"), 1024 * 1024, minimum=1024),
        socket_auth_timeout_seconds=_int(
            "SOCKET_AUTH_TIMEOUT_SECONDS", get("SOCKET_AUTH_TIMEOUT_SECONDS"), 10, minimum=1
        ),
        socket_preauth_max_bytes=_int(
            "SOCKET_PREAUTH_MAX_BYTES", get("SOCKET_PREAUTH_MAX_BYTES"), 16 * 1024, minimum=1024
        ),
        trusted_proxies=_int("TRUSTED_PROXIES", get("TRUSTED_PROXIES"), 0),
        player_logo_url=get("PLAYER_LOGO_URL") or None,
        datasource_allow_private=_bool(get("DATASOURCE_ALLOW_PRIVATE"), False),
        allow_http_webpages=_bool(get("ALLOW_HTTP_WEBPAGES"), False),
        default_locale=default_locale,
    )
    if settings.screen_offline_after_seconds <= settings.screen_warning_after_seconds:
        raise ConfigError("SCREEN_OFFLINE_AFTER_SECONDS must be more than SCREEN_WARNING_AFTER_SECONDS")
    if settings.public_base_url and not settings.public_base_url.startswith(("https://", "http://")):
        raise ConfigError("PUBLIC_BASE_URL must start with https:// (or http://)")
    if settings.storage == "s3" and not settings.s3_bucket:
        raise ConfigError("STORAGE=s3 needs S3_BUCKET")
    return settings


def flask_config(settings: Settings) -> dict[str, object]:
    """The Flask config keys derived from settings."""
    return {
        "SIGNAGE": settings,
        "SECRET_KEY": settings.secret_key,
        "TESTING": settings.env == "testing",
        "SQLALCHEMY_DATABASE_URI": settings.database_url,
        # Rows per multi-row INSERT of an executemany (an alert's commands, a flush of plays):
        # 5,000 screens in one round trip instead of five, each of which waits its turn on a
        # busy event loop (SQLAlchemy still splits under the driver's parameter limit).
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "insertmanyvalues_page_size": 5000},
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_NAME": "signage_session",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        # Uploads stream up to MEDIA_MAX_BYTES; JSON bodies are capped separately.
        "MAX_CONTENT_LENGTH": settings.media_max_bytes + 1024 * 1024,
        "WTF_CSRF_TIME_LIMIT": None,
        "WTF_CSRF_SSL_STRICT": True,
    }
