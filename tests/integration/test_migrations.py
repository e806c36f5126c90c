"""The migrations build the models' schema exactly, on an empty database, both ways."""

from __future__ import annotations

import json
import uuid

import flask_migrate
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from signage.config import normalize_database_url
from signage.extensions import db
from signage.factory import create_app
from tests.support import is_postgres, settings_for

EXPECTED_TABLES = {
    "users",
    "login_failures",
    "sites",
    "screen_groups",
    "screens",
    "media",
    "templates",
    "playlists",
    "playlist_items",
    "schedules",
    "data_sources",
    "alerts",
    "screen_heartbeats",
    "screen_commands",
    "screen_screenshots",
    "proof_of_play",
    "screen_incidents",
}


def diff(app) -> list:
    with app.app_context(), db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
        return compare_metadata(context, db.metadata)


def test_session_database_matches_the_models(app) -> None:
    """The app fixture built its database with `upgrade` alone: nothing left to autogenerate."""
    assert diff(app) == []
    with app.app_context():
        assert EXPECTED_TABLES <= set(inspect(db.engine).get_table_names())


def fresh_database(database_url: str, tmp_path) -> tuple[str, callable]:
    """An empty database of the same kind as the session's, and its clean-up."""
    if not is_postgres(database_url):
        return f"sqlite:///{tmp_path}/fresh.db", lambda: None
    schema = f"mig_{uuid.uuid4().hex[:8]}"
    base = normalize_database_url(database_url)
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options=-csearch_path%3D{schema}", drop


def test_upgrade_and_downgrade_on_an_empty_database(database_url, tmp_path) -> None:
    url, drop = fresh_database(database_url, tmp_path)
    app = create_app(settings_for(url))
    try:
        with app.app_context():
            flask_migrate.upgrade()
            assert EXPECTED_TABLES <= set(inspect(db.engine).get_table_names())
        assert diff(app) == []
        with app.app_context():
            flask_migrate.downgrade(revision="base")
            assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
            flask_migrate.upgrade()
        assert diff(app) == []
    finally:
        with app.app_context():
            db.engine.dispose()
        drop()


def test_constraint_names_follow_the_convention(app) -> None:
    with app.app_context():
        inspector = inspect(db.engine)
        fks = inspector.get_foreign_keys("screens")
        assert {fk["name"] for fk in fks} >= {"fk_screens_site_id_sites", "fk_screens_group_id_screen_groups"}
        uniques = {u["name"] for u in inspector.get_unique_constraints("proof_of_play")}
        assert "uq_proof_of_play_screen_client" in uniques
        indexes = {i["name"] for i in inspector.get_indexes("screen_heartbeats")}
        assert "ix_screen_heartbeats_screen_ts" in indexes


def test_rss_media_by_url_get_their_data_source(database_url, tmp_path) -> None:
    """0017_feed_media: URL-only RSS media made before read a source made for each."""
    url, drop = fresh_database(database_url, tmp_path)
    app = create_app(settings_for(url))
    columns = "name, type, url, tags, encoding_status, created_at, updated_at"
    try:
        with app.app_context():
            flask_migrate.upgrade(revision="0016_item_fit")
            with db.engine.begin() as conn:
                for name, link in (("News", "https://news.example/rss"), ("Bad", "https://u:p@x.example/")):
                    conn.execute(
                        text(f"insert into media ({columns}) values (:n, 'RSS', :u, '[]', 'DONE', :t, :t)"),
                        {"n": name, "u": link, "t": "2026-11-30 09:00:00"},
                    )
            flask_migrate.upgrade()
            with db.engine.connect() as conn:
                rows = conn.execute(
                    text(
                        "select m.name, s.name, s.type, s.config_json from media m "
                        "left join data_sources s on s.id = m.data_source_id order by m.name"
                    )
                ).all()
            config = rows[1][3] if isinstance(rows[1][3], dict) else json.loads(rows[1][3])
            assert [row[:3] for row in rows] == [("Bad", None, None), ("News", "News", "RSS")]
            assert config == {"url": "https://news.example/rss"}
            flask_migrate.downgrade(revision="0016_item_fit")
            with db.engine.connect() as conn:
                assert conn.execute(text("select count(*) from data_sources")).scalar_one() == 0
                assert conn.execute(text("select count(*) from media")).scalar_one() == 2
    finally:
        with app.app_context():
            db.engine.dispose()
        drop()


def test_template_canvas_and_datasource_fields(database_url, tmp_path) -> None:
    """0018/0019: existing templates get a 1920x1080 canvas, sources no mapping; going back
    down keeps every media linked to its source and every playlist on its template."""
    url, drop = fresh_database(database_url, tmp_path)
    app = create_app(settings_for(url))
    at = {"t": "2026-11-30 09:00:00"}
    try:
        with app.app_context():
            flask_migrate.upgrade(revision="0017_feed_media")
            with db.engine.begin() as conn:
                conn.execute(
                    text("insert into templates (name, description, zones_json, created_at, updated_at) "
                         "values ('T', '', '[]', :t, :t)"), at,
                )  # fmt: skip
                conn.execute(
                    text("insert into playlists (name, description, template_id, default_duration, "
                         "transition, version, created_at, updated_at) "
                         "values ('P', '', 1, 10, 'FADE', 1, :t, :t)"), at,
                )  # fmt: skip
                conn.execute(
                    text("insert into data_sources (name, type, config_json, refresh_interval, created_at) "
                         "values ('S', 'JSON_URL', '{}', 900, :t)"), at,
                )  # fmt: skip
                conn.execute(
                    text("insert into media (name, type, tags, encoding_status, data_source_id, created_at, "
                         "updated_at) values ('D', 'DATASET', '[]', 'DONE', 1, :t, :t)"), at,
                )  # fmt: skip
            flask_migrate.upgrade()
            with db.engine.connect() as conn:
                assert conn.execute(text("select canvas_width, canvas_height from templates")).one() == (
                    1920,
                    1080,
                )
                fields = "select title_field, text_field, image_field from data_sources"
                assert conn.execute(text(fields)).one() == (None, None, None)
            flask_migrate.downgrade(revision="0017_feed_media")
            with db.engine.connect() as conn:
                assert conn.execute(text("select data_source_id from media")).scalar_one() == 1
                assert conn.execute(text("select template_id from playlists")).scalar_one() == 1
    finally:
        with app.app_context():
            db.engine.dispose()
        drop()
