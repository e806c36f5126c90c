"""Forms of the templates and playlists pages. The value rules are the services'."""

from __future__ import annotations

import json
from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from signage.content.canvas import DEFAULT as DEFAULT_CANVAS
from signage.content.playlist_rules import TRANSITIONS

TRANSITION_LABELS = {"FADE": _l("Fade"), "SLIDE": _l("Slide"), "NONE": _l("None")}
TRANSITION_CHOICES = [SelectChoice(t, TRANSITION_LABELS.get(t, t.capitalize())) for t in TRANSITIONS]


class TemplateForm(FlaskForm):
    # The canvas's refusals show above the form (the designer writes these hidden fields).
    SERVICE_FIELDS = {"canvas_width": "canvas", "canvas_height": "canvas"}

    name = StringField(_l("Name"))
    description = TextAreaField(_l("Description"))
    zones = TextAreaField(_l("Zones (JSON)"))
    canvas_width = HiddenField(default=str(DEFAULT_CANVAS[0]))
    canvas_height = HiddenField(default=str(DEFAULT_CANVAS[1]))

    def canvas_args(self) -> dict[str, Any]:
        """The canvas for the service: a side not posted is None (kept, or the default for a
        new template); an unreadable one becomes one the service refuses."""

        def side(field: HiddenField) -> int | None:
            if not field.raw_data:
                return None
            text = (field.data or "").strip()
            return int(text) if text.isascii() and text.isdigit() and len(text) < 7 else -1

        return {"canvas_width": side(self.canvas_width), "canvas_height": side(self.canvas_height)}

    def zones_value(self) -> Any:
        """The parsed zones, or None with the error on the field."""
        try:
            return json.loads(self.zones.data or "")
        except ValueError as exc:
            self.zones.errors = [*self.zones.errors, gettext("Not valid JSON: %(error)s", error=str(exc))]
            return None


class PlaylistForm(FlaskForm):
    name = StringField(_l("Name"))
    description = TextAreaField(_l("Description"))
    template_id = SelectField(_l("Template"))
    default_duration = IntegerField(_l("Default duration (seconds)"), default=10, validators=[Optional()])
    transition = SelectField(_l("Transition"), choices=TRANSITION_CHOICES, default="FADE")


def zones_text(zones: list[dict[str, Any]]) -> str:
    return json.dumps(zones, indent=2)
