"""Monitoring's refusals speak the request's language (CONTRACT §1, §14): commands sent from
the console, a player's REST heartbeat and proof of play. The `code` never changes."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from tests.scheduling_support import player_jwt
from tests.support import api_login, make_screen, make_user

FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9"}
ENGLISH = {"Accept-Language": "en-GB"}


def test_a_refused_command_is_explained_in_french_or_english(app, client) -> None:
    screen = make_screen(app)
    make_user(app, "root@example.com", "ADMIN")
    csrf = {"X-CSRFToken": api_login(client, "root@example.com")}
    url = f"/api/admin/screens/{screen}/command"
    bad = {
        "command": "ALERT_SHOW",
        "payload": {"title": "", "content": "c", "displayMode": "SIDEWAYS", "x": 1},
    }

    french = client.post(url, headers={**csrf, **FRENCH}, json=bad).get_json()["error"]
    assert french["code"] == "validation_failed"
    assert french["fields"] == {
        "payload.x": "Champ inconnu.",
        "payload.id": "Obligatoire : l'identifiant de l'alerte.",
        "payload.title": "Obligatoire : un texte de 1 à 200 caractères.",
        "payload.displayMode": "Doit être BANNER ou FULLSCREEN.",
    }
    english = client.post(url, headers={**csrf, **ENGLISH}, json=bad).get_json()["error"]
    assert english["code"] == "validation_failed"
    assert english["fields"]["payload.title"] == "Required: text of 1 to 200 characters."

    volume = client.post(
        url, headers={**csrf, **FRENCH}, json={"command": "VOLUME_SET", "payload": {"level": 101}}
    )
    assert volume.get_json()["error"]["fields"] == {
        "payload.level": "Obligatoire : un nombre entier de 0 à 100."
    }
    unknown = client.post(url, headers={**csrf, **FRENCH}, json={"command": "SELF_DESTRUCT"})
    assert unknown.get_json()["error"]["fields"]["command"].startswith(
        "Doit être l'une des valeurs suivantes : SCREENSHOT, "
    )


def test_a_players_bad_heartbeat_and_plays_are_refused_in_its_language(app, client) -> None:
    screen = make_screen(app)
    bearer = {"Authorization": f"Bearer {player_jwt(app, screen)}"}

    beat = client.post(
        f"/api/player/{screen}/heartbeat",
        headers={**bearer, **FRENCH},
        json={"resolution": "big", "uptime": -1, "playerVersion": "1 0", "cachedUntil": "soon"},
    )
    assert beat.status_code == 422
    assert beat.get_json()["error"]["fields"] == {
        "resolution": "Doit être LARGEURxHAUTEUR, par exemple 1920x1080.",
        "uptime": "Doit être un nombre de 0 à 315360000.",
        "playerVersion": "Doit être une version comme 2.0.0.",
        "cachedUntil": "Doit être un instant ISO 8601 avec son décalage horaire.",
    }

    now = datetime.now(UTC).isoformat()
    plays = [
        {"id": "a b", "mediaId": 1, "playedAt": now, "durationSeconds": 1},
        {"id": str(uuid.uuid4()), "mediaId": 1, "playedAt": now, "durationSeconds": 1, "colour": "red"},
        {"id": str(uuid.uuid4()), "mediaId": 1, "playedAt": "2999-01-01T00:00:00Z", "durationSeconds": 1},
    ]
    french = client.post(f"/api/player/{screen}/proof_of_play", headers={**bearer, **FRENCH}, json=plays)
    assert [r["error"] for r in french.get_json()["rejected"]] == [
        "id : lettres, chiffres et - _ . : seulement",
        "champ inconnu : colour",
        "playedAt : dans le futur",
    ]
    english = client.post(f"/api/player/{screen}/proof_of_play", headers={**bearer, **ENGLISH}, json=plays)
    assert english.get_json()["rejected"][1]["error"] == "unknown field: colour"

    flood = [{"id": str(i)} for i in range(1001)]
    too_many = client.post(f"/api/player/{screen}/proof_of_play", headers={**bearer, **FRENCH}, json=flood)
    assert too_many.status_code == 413
    assert too_many.get_json()["error"]["message"] == "Au plus 1000 diffusions par lot."


def test_a_commands_stored_failure_is_shown_in_the_readers_language(app, client) -> None:
    from signage.extensions import db
    from signage.models import CommandStatus, CommandType, ScreenCommand
    from signage.monitoring.commands import EXPIRED_MESSAGE
    from tests.integration.test_admin_pages import sign_in

    screen = make_screen(app, "Vitrine")
    make_user(app, "root@example.com", "ADMIN")
    with app.app_context():
        db.session.add_all(
            [
                ScreenCommand(
                    screen_id=screen,
                    command=CommandType.REBOOT,
                    status=CommandStatus.FAILED,
                    error=EXPIRED_MESSAGE,
                ),
                # A player's own reason is shown as it came.
                ScreenCommand(
                    screen_id=screen,
                    command=CommandType.RELOAD,
                    status=CommandStatus.FAILED,
                    error="100% busy",
                ),
            ]
        )
        db.session.commit()
    sign_in(client, "root@example.com")
    french = client.get(f"/admin/screens/{screen}", headers=FRENCH).get_data(as_text=True)
    assert "Non remise : l&#39;écran ne s&#39;est pas connecté dans les 10 minutes." in french
    assert "100% busy" in french
    english = client.get(f"/admin/screens/{screen}", headers=ENGLISH).get_data(as_text=True)
    assert "Not delivered: the screen did not connect within 10 minutes." in english
