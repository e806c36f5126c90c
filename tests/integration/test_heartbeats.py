"""Heartbeats (CONTRACT §5, §6): a row and an admin event each, batched writes, the REST
fallback, and the sweep that turns silence into OFFLINE."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from signage.extensions import db
from signage.models import Screen, ScreenHeartbeat, ScreenStatus
from signage.monitoring import announce
from signage.monitoring import jobs as monitoring_jobs
from signage.monitoring.heartbeats import heartbeat_writer
from tests.realtime_support import connect, wait_for
from tests.scheduling_support import make_playlist
from tests.support import make_screen, make_user

BEAT = {
    "uptime": 3600,
    "memoryUsageMb": 212.5,
    "connectionType": "ethernet",
    "browserVersion": "Chromium 126",
    "resolution": "1920x1080",
    "isVisible": True,
    "errorMessage": None,
    "currentPlaylistId": None,
    "currentMediaName": "lobby.mp4",
    "playerVersion": "1.2.0",
}


def heartbeats_of(app, screen_id: int) -> list[ScreenHeartbeat]:  # type: ignore[no-untyped-def]
    with app.app_context():
        rows = db.session.scalars(
            select(ScreenHeartbeat).where(ScreenHeartbeat.screen_id == screen_id).order_by(ScreenHeartbeat.id)
        ).all()
        db.session.expunge_all()
        return list(rows)


def test_a_heartbeat_gives_a_row_the_screen_fields_and_an_admin_event(
    app, console, clients, live_url
) -> None:
    screen_id = make_screen(app, "Lobby")
    playlist_id = make_playlist(app, "Morning")
    player = connect(clients, live_url, auth={"token": console.activate_screen(screen_id)})
    admin = connect(clients, live_url, headers={"Cookie": console.cookie})

    player.client.emit("screen:heartbeat", {**BEAT, "currentPlaylistId": str(playlist_id)})

    def beat_event():  # type: ignore[no-untyped-def]
        return [e for e in admin.named("admin:screen_status") if e.get("currentMediaName") == "lobby.mp4"]

    assert wait_for(lambda: bool(beat_event()))
    event = beat_event()[0]
    assert event["screenId"] == str(screen_id) and event["status"] == "ONLINE"
    assert event["uptime"] == 3600 and event["playerVersion"] == "1.2.0"
    assert event["currentPlaylistId"] == str(playlist_id) and event["currentPlaylistName"] == "Morning"
    assert event["updateAvailable"] is False  # 1.2.0 against the default 1.0.0
    [row] = heartbeats_of(app, screen_id)
    assert row.memory_usage_mb == 212.5 and row.connection_type.value == "ethernet"
    assert row.current_playlist_id == playlist_id and row.is_visible is True and row.resolution == "1920x1080"
    with app.app_context():
        screen = db.session.get(Screen, screen_id)
        assert screen.current_media_name == "lobby.mp4" and screen.resolution == "1920x1080"
        assert screen.current_playlist_id == playlist_id and screen.ip_address == "127.0.0.1"
        assert screen.status == ScreenStatus.ONLINE and screen.uptime == 3600
    # The bystander rule: a player never hears admin events.
    assert not any(name.startswith("admin:") for name, _ in player.events)


def test_a_hidden_page_or_an_error_is_a_warning_and_bad_heartbeats_are_dropped(
    app, console, clients, live_url
) -> None:
    screen_id = make_screen(app)
    player = connect(clients, live_url, auth={"token": console.activate_screen(screen_id)})
    admin = connect(clients, live_url, headers={"Cookie": console.cookie})
    bad_beats = ("nope", {**BEAT, "uptime": -1}, {**BEAT, "hacker": 1}, {**BEAT, "resolution": "big"},
                 {**BEAT, "connectionType": "carrier-pigeon"},
                 {**BEAT, "currentPlaylistId": "1; DROP"})  # fmt: skip
    for bad in bad_beats:
        player.client.emit("screen:heartbeat", bad)
    player.client.emit("screen:heartbeat", {**BEAT, "isVisible": False, "currentMediaName": "hidden"})
    assert wait_for(
        lambda: any(e.get("currentMediaName") == "hidden" for e in admin.named("admin:screen_status"))
    )
    [row] = heartbeats_of(app, screen_id)  # the six bad ones left nothing
    assert row.is_visible is False
    with app.app_context():
        assert db.session.get(Screen, screen_id).status == ScreenStatus.WARNING

    player.client.emit(
        "screen:heartbeat", {**BEAT, "errorMessage": "video failed", "currentMediaName": "err"}
    )
    assert wait_for(
        lambda: any(e.get("currentMediaName") == "err" for e in admin.named("admin:screen_status"))
    )
    assert [e for e in admin.named("admin:screen_status") if e.get("currentMediaName") == "err"][0][
        "status"
    ] == "WARNING"


def test_the_rest_fallback_queues_and_the_flush_writes_in_one_go(app, client) -> None:

    screen_id = make_screen(app)
    make_user(app, "root@example.com", "ADMIN")
    jwt = _activate(app, client, screen_id)
    url = f"/api/player/{screen_id}/heartbeat"
    headers = {"Authorization": f"Bearer {jwt}"}
    writer = heartbeat_writer(app)

    assert client.post(url, json={**BEAT, "playerVersion": "0.9.0"}, headers=headers).status_code == 204
    assert client.post(url, json={**BEAT, "currentMediaName": "second"}, headers=headers).status_code == 204
    writer.flush()
    rows = heartbeats_of(app, screen_id)
    assert len(rows) == 2
    with app.app_context():
        screen = db.session.get(Screen, screen_id)
        # Over REST the socket is down: a warning, whatever the player says.
        assert screen.status == ScreenStatus.WARNING and screen.current_media_name == "second"
        assert screen.last_seen is not None

    cases = ((dict(BEAT, uptime="long"), "uptime"), (dict(BEAT, extra=1), "extra"),
             (dict(BEAT, memoryUsageMb=-3), "memoryUsageMb"), (dict(BEAT, isVisible="yes"), "isVisible"),
             (dict(BEAT, playerVersion="<script>"), "playerVersion"))  # fmt: skip
    for body, field in cases:
        response = client.post(url, json=body, headers=headers)
        assert response.status_code == 422, body
        assert field in response.get_json()["error"]["fields"]
    assert writer.pending() == 0
    assert client.post(url, json=BEAT).status_code == 401
    other = make_screen(app, "Other")
    assert client.post(f"/api/player/{other}/heartbeat", json=BEAT, headers=headers).status_code == 403
    writer.flush()
    assert len(heartbeats_of(app, screen_id)) == 2 and heartbeats_of(app, other) == []


def test_a_heartbeat_naming_a_deleted_playlist_still_counts(app, client) -> None:
    screen_id = make_screen(app)
    make_user(app, "root@example.com", "ADMIN")
    jwt = _activate(app, client, screen_id)
    before = heartbeat_writer(app).written
    response = client.post(
        f"/api/player/{screen_id}/heartbeat",
        json={**BEAT, "currentPlaylistId": "424242"},
        headers={"Authorization": f"Bearer {jwt}"},
    )
    assert response.status_code == 204
    assert _written_by_next_flush(app, before) == 1
    [row] = heartbeats_of(app, screen_id)
    assert row.current_playlist_id == 424242  # history keeps what was reported
    with app.app_context():
        assert db.session.get(Screen, screen_id).current_playlist_id is None


def _activate(app, client, screen_id: int) -> str:  # type: ignore[no-untyped-def]
    from tests.support import api_login

    csrf = api_login(client, "root@example.com")
    issued = client.post(f"/api/admin/screens/{screen_id}/activation-token", headers={"X-CSRFToken": csrf})
    assert issued.status_code == 201
    client.post("/api/auth/logout", headers={"X-CSRFToken": csrf})
    response = client.post("/api/player/activate", json={"token": issued.get_json()["token"]})
    assert response.status_code == 200
    return response.get_json()["jwt"]


def _set(app, screen_id: int, status: ScreenStatus, last_seen: datetime | None) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        screen = db.session.get(Screen, screen_id)
        screen.status, screen.last_seen = status, last_seen
        db.session.commit()


def test_the_sweep_turns_silence_into_warning_then_offline(app, clean_db, monkeypatch) -> None:
    now = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    fresh, late, silent, never, gone = (
        make_screen(app, n) for n in ("fresh", "late", "silent", "never", "gone")
    )
    _set(app, fresh, ScreenStatus.ONLINE, now - timedelta(seconds=30))
    _set(app, late, ScreenStatus.ONLINE, now - timedelta(minutes=2))
    _set(app, silent, ScreenStatus.WARNING, now - timedelta(minutes=6))
    _set(app, never, ScreenStatus.ONLINE, None)
    _set(app, gone, ScreenStatus.OFFLINE, now - timedelta(days=3))
    sent: list[tuple[str, dict]] = []
    monkeypatch.setattr(
        announce, "to_console_many", lambda event, payloads: sent.extend((event, d) for d in payloads)
    )

    with app.app_context():
        assert monitoring_jobs.sweep_statuses(now.isoformat()) == 3
        statuses = {s.id: s.status for s in db.session.scalars(select(Screen))}
    assert statuses == {
        fresh: ScreenStatus.ONLINE,
        late: ScreenStatus.WARNING,
        silent: ScreenStatus.OFFLINE,
        never: ScreenStatus.OFFLINE,
        gone: ScreenStatus.OFFLINE,
    }
    assert sorted((d["screenId"], d["status"]) for e, d in sent if e == "admin:screen_status") == sorted(
        [(str(late), "WARNING"), (str(silent), "OFFLINE"), (str(never), "OFFLINE")]
    )
    with app.app_context():  # a second run finds nothing new to say
        assert monitoring_jobs.sweep_statuses(now.isoformat()) == 0


def test_thresholds_come_from_the_settings(app, clean_db, monkeypatch) -> None:
    from dataclasses import replace

    now = datetime(2026, 10, 25, 2, 30, tzinfo=UTC)
    screen_id = make_screen(app)
    _set(app, screen_id, ScreenStatus.ONLINE, now - timedelta(minutes=2))
    monkeypatch.setattr(announce, "to_console_many", lambda *a: None)
    settings = app.config["SIGNAGE"]
    monkeypatch.setitem(
        app.config,
        "SIGNAGE",
        replace(settings, screen_warning_after_seconds=30, screen_offline_after_seconds=60),
    )
    with app.app_context():
        monitoring_jobs.sweep_statuses(now.isoformat())
        assert db.session.get(Screen, screen_id).status == ScreenStatus.OFFLINE


def test_a_screen_goes_online_offline_online_live(app, console, clients, live_url, monkeypatch) -> None:
    screen_id = make_screen(app, "Hall")
    token = console.activate_screen(screen_id)
    admin = connect(clients, live_url, headers={"Cookie": console.cookie})
    player = connect(clients, live_url, auth={"token": token})

    def statuses() -> list[str]:
        return [e["status"] for e in admin.named("admin:screen_status") if e["screenId"] == str(screen_id)]

    assert wait_for(lambda: statuses()[-1:] == ["ONLINE"])
    monkeypatch.setattr(announce, "to_console_many", lambda *a: None)  # this process has no admin sockets
    with app.app_context():  # ten silent minutes later
        monitoring_jobs.sweep_statuses((datetime.now(UTC) + timedelta(minutes=10)).isoformat())
        assert db.session.get(Screen, screen_id).status == ScreenStatus.OFFLINE
    player.client.emit("screen:heartbeat", BEAT)
    assert wait_for(lambda: statuses()[-1:] == ["ONLINE"] and len(statuses()) >= 2)
    with app.app_context():
        assert db.session.get(Screen, screen_id).status == ScreenStatus.ONLINE


OFFLINE_STATE = {
    "storageUsedMb": 812.4,
    "storageQuotaMb": 20480,
    "storagePersisted": False,
    "pendingProofOfPlay": 37,
    "online": "rest",
}


def test_the_offline_fields_are_stored_and_shown_and_rest_on_purpose_is_online(app, client) -> None:
    screen_id = make_screen(app)
    make_user(app, "root@example.com", "ADMIN")
    jwt = _activate(app, client, screen_id)
    url = f"/api/player/{screen_id}/heartbeat"
    headers = {"Authorization": f"Bearer {jwt}"}
    until = datetime.now(UTC) + timedelta(hours=10, minutes=5)
    body = {**BEAT, **OFFLINE_STATE, "cachedUntil": until.isoformat().replace("+00:00", "Z")}
    assert client.post(url, json=body, headers=headers).status_code == 204
    heartbeat_writer(app).flush()
    with app.app_context():
        screen = db.session.get(Screen, screen_id)
        assert abs(screen.cached_until - until) < timedelta(seconds=1)
        assert (screen.storage_used_mb, screen.storage_quota_mb) == (812.4, 20480)
        assert screen.storage_persisted is False and screen.pending_proof_of_play == 37
        assert screen.transport == "rest"
        # The player fell back to REST itself (a proxy refusing its socket): it plays and
        # reports on time, so it is ONLINE, not a warning.
        assert screen.status == ScreenStatus.ONLINE

    from tests.support import api_login

    api_login(client, "root@example.com")
    html = client.get(f"/admin/screens/{screen_id}").get_data(as_text=True)
    assert 'data-testid="offline-readiness"' in html
    assert "10 h" in html and "812 MB of 20480 MB" in html and "REST fallback" in html
    assert "Storage is not persisted" in html and "Less than 24 hours" in html

    # Persisted, three days stored: no warning.
    later = datetime.now(UTC) + timedelta(hours=72)
    body = {**body, "storagePersisted": True, "cachedUntil": later.isoformat(), "online": "websocket"}
    assert client.post(url, json=body, headers=headers).status_code == 204
    heartbeat_writer(app).flush()
    html = client.get(f"/admin/screens/{screen_id}").get_data(as_text=True)
    assert 'data-testid="offline-warning"' not in html and "WebSocket" in html

    cases = (
        (dict(body, cachedUntil="tomorrow"), "cachedUntil"),
        (dict(body, cachedUntil="2026-01-01T00:00:00"), "cachedUntil"),  # no offset
        (dict(body, storageUsedMb=-1), "storageUsedMb"),
        (dict(body, storagePersisted="yes"), "storagePersisted"),
        (dict(body, pendingProofOfPlay=1.5), "pendingProofOfPlay"),
        (dict(body, online="carrier"), "online"),
    )
    for bad, field in cases:
        response = client.post(url, json=bad, headers=headers)
        assert response.status_code == 422, bad
        assert field in response.get_json()["error"]["fields"]


def test_a_heartbeat_sets_what_it_reports_and_a_late_one_leaves_the_presence(app, clean_db) -> None:
    from signage.monitoring.heartbeats import record_heartbeat

    screen_id = make_screen(app)
    other = make_screen(app, "Other")
    seen = datetime.now(UTC) - timedelta(minutes=1)
    writer = heartbeat_writer(app)
    before = writer.written
    with app.test_request_context():
        record_heartbeat(screen_id, {**BEAT, **OFFLINE_STATE}, via_socket=True, ip="10.0.0.7", at=seen)
        record_heartbeat(other, BEAT, via_socket=True, ip=None, at=seen)
    assert _written_by_next_flush(app, before) == 2

    later = seen + timedelta(seconds=30)
    # Only the uptime: the rest of what the screen reported stays as it was.
    with app.test_request_context():
        before = writer.written
        record_heartbeat(screen_id, {"uptime": 7200}, via_socket=True, ip=None, at=later)
    assert _written_by_next_flush(app, before) == 1
    with app.app_context():
        screen = db.session.get(Screen, screen_id)
        assert screen.uptime == 7200 and screen.last_seen == later
        assert (screen.resolution, screen.player_version, screen.current_media_name) == (
            "1920x1080", "1.2.0", "lobby.mp4"
        )  # fmt: skip
        assert screen.ip_address == "10.0.0.7" and screen.transport == "rest"
        assert screen.storage_used_mb == 812.4 and screen.pending_proof_of_play == 37
        assert screen.status == ScreenStatus.ONLINE
    _set(app, screen_id, ScreenStatus.WARNING, seen + timedelta(minutes=2))  # its socket dropped since

    # Queued before the drop, written after it: its values count, the drop's presence stays.
    with app.test_request_context():
        beat = {**BEAT, "uptime": 7230}
        before = writer.written
        record_heartbeat(screen_id, beat, via_socket=True, ip=None, at=seen + timedelta(minutes=1))
    assert _written_by_next_flush(app, before) == 1
    with app.app_context():
        screen = db.session.get(Screen, screen_id)
        assert screen.uptime == 7230 and screen.status == ScreenStatus.WARNING
        assert screen.last_seen == seen + timedelta(minutes=2)
        untouched = db.session.get(Screen, other)
        assert untouched.uptime == 3600 and untouched.ip_address is None and untouched.transport is None


def _written_by_next_flush(app, before: int) -> int:  # type: ignore[no-untyped-def]
    """Rows written since `before` once a flush has run: the writer's own thread may have
    flushed first (a flush waits for a running one), so count what was written, not what
    this call wrote."""
    writer = heartbeat_writer(app)
    writer.flush()
    return writer.written - before
