"""The schedule form of the console. Values are checked by signage.scheduling (like the API);
its target select, and the way refusals reach it, are the alert form's (alert_forms)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, SelectMultipleField, StringField, widgets
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Optional

from signage.fleet.targets import split_target_key
from signage.web.console.alert_forms import TARGET_FIELDS

# Monday first, as calendars in most of the world; the values are the spec's (0 = Sunday).
DAY_CHOICES = [
    SelectChoice(value, label)
    for value, label in (
        ("1", _l("Mon")),
        ("2", _l("Tue")),
        ("3", _l("Wed")),
        ("4", _l("Thu")),
        ("5", _l("Fri")),
        ("6", _l("Sat")),
        ("0", _l("Sun")),
    )
]


class DaysField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class ScheduleForm(FlaskForm):
    SERVICE_FIELDS = TARGET_FIELDS
    name = StringField(_l("Name"))
    target = SelectField(_l("Screen or group"))
    playlist_id = SelectField(_l("Playlist"), validators=[DataRequired(_l("Choose a playlist."))])
    priority = IntegerField(_l("Priority (1-100, higher wins)"), default=50, validators=[Optional()])
    is_recurring = BooleanField(_l("Repeats every selected day"), default=True)
    is_interruption = BooleanField(_l("Interruption (beats every normal schedule)"))
    # Ticked to switch off: a form posted without it (or by an older page) leaves it playing.
    paused = BooleanField(_l("Disabled: keeps its settings but plays nothing"))
    start_date = StringField(_l("First day"), render_kw={"type": "date"})
    end_date = StringField(_l("Last day"), render_kw={"type": "date"})
    start_time = StringField(_l("From (site's local time)"), render_kw={"type": "time"})
    end_time = StringField(_l("Until"), render_kw={"type": "time"})
    days_of_week = DaysField(_l("Days"), choices=DAY_CHOICES, default=[c.value for c in DAY_CHOICES])
    allow_empty = BooleanField(
        _l("Save it anyway: its screens show the logo and the clock until the playlist has items")
    )
    # Set by the view when the last save was refused for an empty playlist.
    empty_refused = False

    def service_args(self) -> dict[str, Any]:
        """The form's values as create_schedule/update_schedule take them."""
        target_type, target_id = split_target_key(self.target.data)
        return {
            "name": self.name.data or "",
            "target_type": target_type,
            "target_id": target_id,
            "playlist_id": self.playlist_id.data or "",
            "priority": self.priority.data if self.priority.data is not None else 50,
            "is_recurring": bool(self.is_recurring.data),
            "is_interruption": bool(self.is_interruption.data),
            "is_enabled": not self.paused.data,
            "start_date": (self.start_date.data or "").strip() or None,
            "end_date": (self.end_date.data or "").strip() or None,
            "start_time": (self.start_time.data or "").strip() or None,
            "end_time": (self.end_time.data or "").strip() or None,
            "days_of_week": [int(day) for day in self.days_of_week.data or []],
        }
