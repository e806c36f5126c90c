"""/healthz, the CLI, and the demo seed."""

from __future__ import annotations

import dataclasses

from sqlalchemy import func, select

from signage import __version__
from signage.extensions import db
from signage.factory import create_app
from signage.models import Screen, ScreenGroup, Site, User
from tests.support import api_login, make_user, settings_for


def test_healthz_tells_anyone_the_status_and_only_monitoring_the_details(app, client, monkeypatch) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}  # no version for anyone to look up
    settings = dataclasses.replace(app.config["SIGNAGE"], health_token="monitoring-token-123")
    monkeypatch.setitem(app.config, "SIGNAGE", settings)
    detailed = client.get("/healthz", headers={"Authorization": "Bearer monitoring-token-123"})
    assert detailed.get_json() == {"status": "ok", "version": __version__, "database": "ok"}
    wrong = client.get("/healthz", headers={"Authorization": "Bearer monitoring-token-12"})
    assert wrong.status_code == 200 and wrong.get_json() == {"status": "ok"}
    make_user(app, "root@example.com", "ADMIN")
    api_login(client, "root@example.com")
    assert client.get("/healthz").get_json()["version"] == __version__


def test_healthz_is_503_when_the_database_is_unreachable() -> None:
    app = create_app(settings_for("postgresql://nobody@127.0.0.1:1/none", HEALTH_TOKEN="t0ken"))
    http = app.test_client()
    response = http.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error"}
    detailed = http.get("/healthz", headers={"Authorization": "Bearer t0ken"})
    assert detailed.status_code == 503 and detailed.get_json()["database"] == "unreachable"
    assert "nobody" not in detailed.get_data(as_text=True)  # no connection details leak


def counts(app) -> tuple[int, ...]:
    with app.app_context():
        return tuple(
            db.session.scalar(select(func.count()).select_from(m)) for m in (User, Site, ScreenGroup, Screen)
        )


def test_seed_demo_twice_changes_nothing(app, clean_db) -> None:
    runner = app.test_cli_runner()
    first = runner.invoke(args=["signage", "seed-demo"])
    assert first.exit_code == 0, first.output
    assert "admin@example.com" in first.output
    after_first = counts(app)
    assert after_first == (1, 1, 1, 1)
    second = runner.invoke(args=["signage", "seed-demo"])
    assert second.exit_code == 0 and "already present" in second.output
    assert counts(app) == after_first


def test_create_user_command(app, clean_db) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "signage",
            "create-user",
            "Boss@Example.com",
            "--role",
            "ADMIN",
            "--password",
            "a-long-password",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Created ADMIN boss@example.com" in result.output
    prompted = runner.invoke(
        args=["signage", "create-user", "ed@example.com", "--role", "EDITOR"],
        input="another-password\nanother-password\n",
    )
    assert prompted.exit_code == 0, prompted.output
    duplicate = runner.invoke(
        args=["signage", "create-user", "boss@example.com", "--password", "whatever-123"]
    )
    assert duplicate.exit_code != 0 and "already has this e-mail" in duplicate.output
    weak = runner.invoke(args=["signage", "create-user", "x@example.com", "--password", "short"])
    assert weak.exit_code != 0 and "At least 8 characters" in weak.output
    assert counts(app)[0] == 2
