"""Alerts: create, change, delete, activate, deactivate. Services own their transactions: a
refused change raises InvalidData and writes nothing; a change to a live alert reaches the
screens at once (shown again with its new text, hidden where it no longer applies)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from signage.alerts import delivery
from signage.alerts.rules import (
    CONTENT_MAX,
    DISPLAY_MODES,
    TITLE_MAX,
    AlertState,
    color_problem,
    is_live,
    parse_instant,
    state,
    text_problem,
    window_problem,
)
from signage.core.errors import N_, Conflict, InvalidData
from signage.core.validation import must_be_one_of
from signage.extensions import db
from signage.fleet.targets import ALERT_TARGET_TYPES, checked_target_id, target_screens
from signage.models import Alert, AlertDisplayMode, AlertTarget

UNSET: Any = object()
REQUIRED = ("title", "content")


def _instant(raw: Any) -> tuple[datetime | None, str | None]:
    if raw is None:
        return None, None
    if isinstance(raw, datetime):
        return (raw.astimezone(UTC), None) if raw.tzinfo else (None, "Give the timezone.")
    return parse_instant(str(raw))


def alert_target_id(target_type: str, raw_id: Any) -> tuple[int | None, str | None]:
    """The id of the screen or group an alert's target names (none for ALL), or the refusal."""
    if target_type == AlertTarget.ALL:  # alerts only: every screen, no id
        return None, None if raw_id in (None, "") else N_("Leave empty when the alert targets all screens.")
    return checked_target_id(target_type, raw_id)


def _checked(alert: Alert | None, raw: dict[str, Any]) -> dict[str, Any]:
    """Model attributes from the given values (UNSET: keep), all checked together."""
    given = {key: value for key, value in raw.items() if value is not UNSET}
    clean: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for name, maximum in (("title", TITLE_MAX), ("content", CONTENT_MAX)):
        if name in given:
            value = given[name] if isinstance(given[name], str) else ""
            if problem := text_problem(value, maximum):
                problems[name] = problem
            else:
                clean[name] = value.strip() if name == "title" else value.strip("\r\n ")
    for name in ("background_color", "text_color"):
        if name in given:
            if problem := color_problem(str(given[name])):
                problems[name] = problem
            else:
                clean[name] = str(given[name]).lower()
    if "display_mode" in given:
        if given["display_mode"] in DISPLAY_MODES:
            clean["display_mode"] = AlertDisplayMode(given["display_mode"])
        else:
            problems["display_mode"] = must_be_one_of(DISPLAY_MODES)
    target_type = alert.target_type if alert is not None else None
    if "target_type" in given:
        if given["target_type"] in ALERT_TARGET_TYPES:
            target_type = clean["target_type"] = AlertTarget(given["target_type"])
        else:
            problems["target_type"] = must_be_one_of(ALERT_TARGET_TYPES)
    if target_type is not None and ("target_id" in given or "target_type" in given):
        raw_id = given.get("target_id", alert.target_id if alert is not None else None)
        if target_type == AlertTarget.ALL and "target_id" not in given:
            raw_id = None  # the screen or group it had goes with its old target
        target_id, problem = alert_target_id(target_type, raw_id)
        if problem:
            problems["target_id"] = problem
        else:
            clean["target_id"] = target_id
    for name in ("start_at", "end_at"):
        if name in given:
            value, problem = _instant(given[name])
            if problem:
                problems[name] = problem
            else:
                clean[name] = value
    if not problems:

        def final(name: str) -> Any:
            return clean[name] if name in clean else getattr(alert, name, None)

        if problem := window_problem(final("start_at"), final("end_at")):
            problems["end_at"] = problem
    if problems:
        db.session.rollback()
        raise InvalidData(problems)
    return clean


def _live(alert: Alert, now: datetime) -> bool:
    return is_live(alert.is_active, alert.start_at, alert.end_at, now)


def create_alert(*, created_by: int | None = None, activate: bool = False, **raw: Any) -> Alert:
    """Keys: title, content (required), background_color, text_color, display_mode,
    target_type (default ALL), target_id, start_at, end_at. `activate`: arm it at once."""
    missing = {name: "This field is required." for name in REQUIRED if raw.get(name, UNSET) is UNSET}
    if missing:
        raise InvalidData(missing)
    raw.setdefault("target_type", AlertTarget.ALL.value)
    values = _checked(None, raw)
    alert = Alert(created_by=created_by, **values)
    db.session.add(alert)
    if activate:
        # One transaction: the alert, armed, and its commands to every screen. On a busy
        # server each commit and each read-back after it waits its turn on the event loop.
        return activate_alert(alert, sent_by=created_by)
    db.session.commit()
    return alert


def update_alert(alert: Alert, *, sent_by: int | None = None, **raw: Any) -> Alert:
    """Apply the given changes; a live alert is shown again (new text, new targets) and
    hidden from the screens it no longer reaches."""
    now = datetime.now(UTC)
    was_live = _live(alert, now)
    before = {s.id: s for s in target_screens(alert.target_type, alert.target_id)} if was_live else {}
    values = _checked(alert, raw)
    for key, value in values.items():
        setattr(alert, key, value)
    db.session.commit()
    after = {s.id: s for s in target_screens(alert.target_type, alert.target_id)} if _live(alert, now) else {}
    delivery.hide(alert, [s for sid, s in before.items() if sid not in after], sent_by=sent_by)
    if after:
        delivery.show(alert, after.values(), sent_by=sent_by)
    return alert


def activate_alert(alert: Alert, *, sent_by: int | None = None) -> Alert:
    """Arm the alert; shown at once unless its startAt is ahead (the minute job shows it
    then). Activating a live alert sends it again. An ended alert is refused."""
    now = datetime.now(UTC)
    if state(True, alert.start_at, alert.end_at, now) == AlertState.ENDED:
        db.session.rollback()
        raise Conflict("alert_ended", N_("This alert's end time has passed: change endAt to send it again."))
    alert.is_active = True
    if _live(alert, now):
        db.session.flush()  # its id, which the screens' payload names
        delivery.show(alert, sent_by=sent_by)  # commits the activation with the commands
    else:
        db.session.commit()
    return alert


def deactivate_alert(alert: Alert, *, sent_by: int | None = None) -> Alert:
    """Disarm the alert; hidden at once where it was live. Deactivating twice changes nothing."""
    now = datetime.now(UTC)
    was_live = _live(alert, now)
    alert.is_active = False
    db.session.commit()
    if was_live:
        delivery.hide(alert, sent_by=sent_by)
    return alert


def delete_alert(alert: Alert, *, sent_by: int | None = None) -> None:
    """Delete it, hiding it first wherever it is live. Its delivery log stays with the screens."""
    if _live(alert, datetime.now(UTC)):
        deactivate_alert(alert, sent_by=sent_by)
    db.session.delete(alert)
    db.session.commit()
