"""Forms of the alerts pages. Values are checked by signage.alerts (like the API)."""

from __future__ import annotations

import zoneinfo
from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from signage.alerts.rules import EMERGENCY_BACKGROUND, EMERGENCY_TEXT
from signage.extensions import db
from signage.fleet.targets import GROUP, SCREEN, split_target_key, target_key, target_options
from signage.i18n import to_local_input
from signage.models import Screen, ScreenGroup
from signage.web.i18n import local_instant, user_zone, zone_for

MODE_CHOICES = [
    SelectChoice("BANNER", _l("Banner (a strip over the content)")),
    SelectChoice("FULLSCREEN", _l("Full screen")),
]
# Service field -> form field (the schedule form's too: both name their target `target`).
# The services name a target by type and id; the forms choose it in one select.
TARGET_FIELDS = {"target_type": "target", "target_id": "target"}


def target_choices(*, include_all: bool = True) -> list[SelectChoice]:
    """The "Show on" / "Screen or group" select, shared with the schedule form: "All screens"
    first (alerts; schedules have no such target), then every group, then every screen."""
    return [
        SelectChoice(value, localized_target(label)) for value, label in target_options(with_all=include_all)
    ]


def localized_target(label: str) -> str:
    """A target's label from signage.fleet.targets ("All screens", "Group: Hall — Paris",
    "Screen Hall 2"...) in the page's language; the names in it stay as they are."""
    if label == "All screens":
        return gettext("All screens")
    for prefix, kind in (
        ("Group: ", "group"),
        ("Screen: ", "screen"),
        ("Group ", "group"),
        ("Screen ", "screen"),
    ):
        if label.startswith(prefix):
            name = label[len(prefix) :]
            if name == "(deleted)":
                return gettext("Group (deleted)") if kind == "group" else gettext("Screen (deleted)")
            return (
                gettext("Group: %(name)s", name=name)
                if kind == "group"
                else gettext("Screen: %(name)s", name=name)
            )
    return label


def target_zone(raw: str | None) -> zoneinfo.ZoneInfo:
    """The clock an alert's times are typed and shown on (CONTRACT §14): its site's for a
    screen or a group (each is on one site), the user's for all screens. A target that names
    nothing gets the user's: the service refuses it anyway."""
    kind, raw_id = split_target_key(raw)
    model = {SCREEN: Screen, GROUP: ScreenGroup}.get(kind)
    if model is None or not (raw_id.isascii() and raw_id.isdigit()) or len(raw_id) > 12:
        return user_zone()
    row = db.session.get(model, int(raw_id))
    return zone_for(row.site) if row is not None else user_zone()


def _target_args(raw: str | None) -> dict[str, Any]:
    target_type, target_id = split_target_key(raw)
    return {"target_type": target_type, "target_id": target_id or None}


# The target select asks before an alert goes to every screen (static/console/src/confirm.js).
CONFIRM_ALL = {
    "data-confirm-value": "ALL",
    "data-confirm-question": _l("This alert goes to EVERY screen of every site. Send it?"),
}


class EmergencyForm(FlaskForm):
    """The ten-second path: a message, who sees it, send. Full screen, red, at once."""

    SERVICE_FIELDS = TARGET_FIELDS

    title = StringField(_l("Title"), default=_l("Emergency"))
    content = TextAreaField(_l("Message"))
    target = SelectField(_l("Show on"), default="ALL", render_kw=CONFIRM_ALL)

    def service_args(self) -> dict[str, Any]:
        return {
            "title": self.title.data or "",
            "content": self.content.data or "",
            "display_mode": "FULLSCREEN",
            "background_color": EMERGENCY_BACKGROUND,
            "text_color": EMERGENCY_TEXT,
            **_target_args(self.target.data),
        }


class AlertForm(FlaskForm):
    SERVICE_FIELDS = TARGET_FIELDS
    title = StringField(_l("Title"))
    content = TextAreaField(_l("Message (shown as plain text)"))
    target = SelectField(_l("Show on"), default="ALL", render_kw=CONFIRM_ALL)
    display_mode = SelectField(_l("Display"), choices=MODE_CHOICES, default="BANNER")
    background_color = StringField(
        _l("Background"), default=EMERGENCY_BACKGROUND, render_kw={"type": "color"}
    )
    text_color = StringField(_l("Text colour"), default=EMERGENCY_TEXT, render_kw={"type": "color"})
    # Typed on the user's clock (the page prints its zone), stored in UTC.
    start_at = StringField(_l("From (optional)"), render_kw={"type": "datetime-local"})
    end_at = StringField(_l("Until (optional)"), render_kw={"type": "datetime-local"})
    activate = BooleanField(_l("Send now (activate)"))

    def service_args(self) -> dict[str, Any]:
        return {
            "title": self.title.data or "",
            "content": self.content.data or "",
            "display_mode": self.display_mode.data or "",
            "background_color": self.background_color.data or "",
            "text_color": self.text_color.data or "",
            "start_at": local_instant(self.start_at.data, target_zone(self.target.data), "start_at"),
            "end_at": local_instant(self.end_at.data, target_zone(self.target.data), "end_at"),
            **_target_args(self.target.data),
        }


def edit_data(alert: Any) -> dict[str, Any]:
    zone = target_zone(target_key(alert.target_type, alert.target_id))

    def local(dt: Any) -> str:
        return to_local_input(dt, zone)

    return {
        "title": alert.title,
        "content": alert.content,
        "target": target_key(alert.target_type, alert.target_id),
        "display_mode": alert.display_mode.value,
        "background_color": alert.background_color,
        "text_color": alert.text_color,
        "start_at": local(alert.start_at),
        "end_at": local(alert.end_at),
    }
