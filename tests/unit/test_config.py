import pytest

from signage.config import DEV_SECRET_KEY, ConfigError, load_settings, normalize_database_url

STRONG = "x" * 40


def test_production_refuses_missing_secrets() -> None:
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_settings({})
    with pytest.raises(ConfigError, match="PLAYER_JWT_SECRET"):
        load_settings({"SECRET_KEY": STRONG})


@pytest.mark.parametrize("weak", ["", "changeme", DEV_SECRET_KEY, "short", "y" * 31])
def test_production_refuses_default_or_weak_secrets(weak: str) -> None:
    with pytest.raises(ConfigError):
        load_settings({"SECRET_KEY": weak, "PLAYER_JWT_SECRET": STRONG})


def test_production_with_real_secrets_and_embedded_defaults() -> None:
    settings = load_settings({"SECRET_KEY": STRONG, "PLAYER_JWT_SECRET": "y" * 40})
    assert settings.is_production
    assert settings.database_url.startswith("sqlite:///") and settings.database_url.endswith(
        "instance/signage.db"
    )
    assert settings.redis_url is None and settings.storage == "local"


def test_development_fills_in_dev_secrets() -> None:
    settings = load_settings({"SIGNAGE_ENV": "development"})
    assert settings.secret_key == DEV_SECRET_KEY and not settings.is_production


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg2://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_postgres_urls_use_psycopg3(url: str, expected: str) -> None:
    assert normalize_database_url(url) == expected


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SIGNAGE_ENV": "staging"}, "SIGNAGE_ENV"),
        ({"SIGNAGE_ENV": "development", "STORAGE": "ftp"}, "STORAGE"),
        ({"SIGNAGE_ENV": "development", "STORAGE": "s3"}, "S3_BUCKET"),
        ({"SIGNAGE_ENV": "development", "MEDIA_MAX_BYTES": "lots"}, "MEDIA_MAX_BYTES"),
        ({"SIGNAGE_ENV": "development", "MAIL_USE_TLS": "maybe"}, "boolean"),
    ],
)
def test_bad_values_are_refused_with_a_clear_message(env: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings(env)


def test_cdn_base_url_loses_its_trailing_slash() -> None:
    settings = load_settings({"SIGNAGE_ENV": "development", "CDN_BASE_URL": "https://cdn.example.com/"})
    assert settings.cdn_base_url == "https://cdn.example.com"


def test_offline_alert_settings() -> None:
    dev = {"SIGNAGE_ENV": "development"}
    settings = load_settings(dev)
    assert (settings.offline_alert_minutes, settings.public_base_url) == (10, None)
    settings = load_settings(
        {**dev, "OFFLINE_ALERT_MINUTES": "30", "PUBLIC_BASE_URL": " https://s.example.com/ "}
    )
    assert (settings.offline_alert_minutes, settings.public_base_url) == (30, "https://s.example.com")
    with pytest.raises(ConfigError, match="OFFLINE_ALERT_MINUTES"):
        load_settings({**dev, "OFFLINE_ALERT_MINUTES": "0"})
    with pytest.raises(ConfigError, match="PUBLIC_BASE_URL"):
        load_settings({**dev, "PUBLIC_BASE_URL": "javascript:alert(1)"})


def test_the_socketio_channel_is_configurable_and_checked() -> None:
    base = {"SIGNAGE_ENV": "development"}
    assert load_settings(base).socketio_channel == "signage"
    assert load_settings({**base, "SOCKETIO_CHANNEL": "shop-2"}).socketio_channel == "shop-2"
    with pytest.raises(ConfigError, match="SOCKETIO_CHANNEL"):
        load_settings({**base, "SOCKETIO_CHANNEL": "a b"})


def test_http_web_pages_are_off_unless_allowed() -> None:
    dev = {"SIGNAGE_ENV": "development"}
    assert load_settings(dev).allow_http_webpages is False
    assert load_settings({**dev, "ALLOW_HTTP_WEBPAGES": "true"}).allow_http_webpages is True
    with pytest.raises(ConfigError, match="boolean"):
        load_settings({**dev, "ALLOW_HTTP_WEBPAGES": "maybe"})
