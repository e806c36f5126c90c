"""Schemathesis against the running server (gunicorn on the test database), from the
description it serves (GET /api/openapi.json): every operation, as each console role (an API
token per role) and as a player (its JWT, on its own screen). No answer may be a 5xx or fall
outside the documented statuses, content types and schemas.

Bounded: a few examples per operation (FUZZ_EXAMPLES, default 3, one request each, the roles
taking turns), so the leg stays short.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.support import live_server, make_screen, make_user

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
ROLES = ("ADMIN", "EDITOR", "VIEWER")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


class Credentials:
    """A token per role and a player JWT, made again when a fuzzed request took them away
    (a user deleted or demoted, a token revoked, the screen revoked or deleted)."""

    def __init__(self, app: Any, base: str) -> None:
        self.app, self.base = app, base
        self.tokens: dict[str, str] = {}
        self.screen_id = 0
        self.jwt = ""
        self.made = 0
        self.ids: dict[str, str] | None = None
        self.cases = 0
        self.player_refused = False  # the last player request got a 401: its screen is gone

    def for_role(self, role: str) -> str:
        from signage.auth import api_tokens
        from signage.extensions import db
        from signage.models import User

        with self.app.app_context():
            user = api_tokens.user_for(self.tokens[role]) if role in self.tokens else None
            current = user is not None and user.role.value == role
            # End this read first: on SQLite its transaction holds the process's write lock
            # (signage.database), which make_user's own session would wait for for ever.
            db.session.rollback()
            if not current:
                self.made += 1
                user_id = make_user(self.app, f"fuzz-{role.lower()}-{self.made}@example.com", role)
                _, self.tokens[role] = api_tokens.create_token(db.session.get(User, user_id), "fuzz", None)
                db.session.commit()
        return self.tokens[role]

    def seeded(self) -> dict[str, str]:
        """Real objects for the path's ids, made once through the API as an ADMIN, so that
        fuzzed bodies also reach the code behind a found object (not only its 404)."""
        if self.ids is not None:
            return self.ids
        headers = {"Authorization": f"Bearer {self.for_role('ADMIN')}"}
        ids: dict[str, str] = {}

        def made(name: str, path: str, body: dict[str, Any]) -> None:
            answer = requests.post(f"{self.base}{path}", json=body, headers=headers, timeout=60)
            assert answer.status_code == 201, (path, answer.text)
            ids[name] = str(answer.json().get("id") or answer.json().get("schedule", {}).get("id"))

        made("site_id", "/api/admin/sites", {"name": "Fuzz site", "timezone": "UTC"})
        made("group_id", "/api/admin/groups", {"name": "Fuzz group", "siteId": ids["site_id"]})
        made("screen_id", "/api/admin/screens", {"name": "Fuzz screen", "siteId": ids["site_id"]})
        zone = {"id": "main", "name": "Main", "type": "CONTENT", "x": 0, "y": 0, "width": 100, "height": 100}
        made("template_id", "/api/admin/templates", {"name": "Fuzz template", "zones": [zone]})
        made("media_id", "/api/admin/medias", {"type": "WEBPAGE", "url": "https://example.invalid/"})
        made(
            "playlist_id", "/api/admin/playlists", {"name": "Fuzz playlist", "templateId": ids["template_id"]}
        )
        made(
            "schedule_id",
            "/api/admin/schedules",
            {
                "name": "Fuzz schedule",
                "targetType": "SCREEN",
                "targetId": ids["screen_id"],
                "playlistId": ids["playlist_id"],
            },
        )
        made("alert_id", "/api/admin/alerts", {"title": "Fuzz", "content": "Fuzz"})
        made(
            "source_id",
            "/api/admin/datasources",
            {"name": "Fuzz source", "type": "JSON_URL", "config": {"url": "https://example.invalid/a.json"}},
        )
        with self.app.app_context():
            from signage.auth import api_tokens

            ids["user_id"] = str(api_tokens.user_for(self.for_role("VIEWER")).id)  # type: ignore[union-attr]
        self.ids = ids
        return ids

    def player(self) -> tuple[int, str]:
        from signage.extensions import db
        from signage.fleet.identity import new_activation_token
        from signage.models import Screen

        if self.player_refused or not self.jwt:
            self.player_refused = False
            self.made += 1
            self.screen_id = make_screen(self.app, f"Fuzz screen {self.made}", "Fuzz site")
            with self.app.app_context():
                token = new_activation_token(db.session.get(Screen, self.screen_id), datetime.now(UTC))
                db.session.commit()
            answer = requests.post(f"{self.base}/api/player/activate", json={"token": token}, timeout=30)
            assert answer.status_code == 200, answer.text
            self.jwt = answer.json()["jwt"]
        return self.screen_id, self.jwt


@pytest.fixture(scope="module")
def live_url(app: Any, database_url: str) -> Iterator[str]:
    """The server for this leg alone; a slow start (a busy CI machine) is not a failure."""
    with live_server(database_url, start_timeout=180) as url:
        yield url


@pytest.fixture(scope="module")
def credentials(app: Any, live_url: str) -> Credentials:
    from signage.extensions import db
    from tests.support import clean_tables

    with app.app_context():
        clean_tables(db)
    credentials = Credentials(app, live_url)
    credentials.seeded()
    return credentials


def _description() -> dict[str, Any]:
    """What GET /api/openapi.json answers (made by the same code from the same routes; the
    test checks below that the running server serves exactly this)."""
    from signage.factory import create_app
    from signage.web.openapi import document
    from tests.support import settings_for

    return document(create_app(settings_for("sqlite://")))


DESCRIPTION = _description()
# The fuzzing phase only (valid and invalid data both): the coverage phase sends every
# boundary of every field, thousands of requests, which is more than a CI leg can afford.
CONFIG = SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": False}}})
schema = schemathesis.openapi.from_dict(DESCRIPTION, config=CONFIG)


def test_the_server_serves_this_description(live_url: str) -> None:
    assert requests.get(f"{live_url}/api/openapi.json", timeout=60).json() == DESCRIPTION


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api(case: Any, credentials: Credentials, live_url: str) -> None:
    path = case.operation.path
    if path.startswith("/api/player/"):
        if "{screen_id}" in path:
            screen_id, jwt = credentials.player()
            case.path_parameters["screen_id"] = str(screen_id)
            headers = {"Authorization": f"Bearer {jwt}"}
        else:
            headers = {}  # activation and pairing: a kiosk with no token yet
    elif path.startswith("/api/admin/") or path in {"/api/auth/me", "/api/auth/logout"}:
        # The roles take turns (each operation meets each with FUZZ_EXAMPLES >= 3), and every
        # other case names real objects (they may be gone since: a 404 then).
        credentials.cases += 1
        role = ROLES[credentials.cases % len(ROLES)]
        if credentials.cases % 2:
            seeded = credentials.seeded()
            for name in case.path_parameters:
                if name in seeded:
                    case.path_parameters[name] = seeded[name]
        headers = {"Authorization": f"Bearer {credentials.for_role(role)}"}
    else:
        headers = {}
    response = case.call(base_url=live_url, headers=headers, timeout=60)
    if path.startswith("/api/player/{screen_id}") and response.status_code == 401:
        credentials.player_refused = True
    case.validate_response(response, checks=CHECKS, headers=headers)
