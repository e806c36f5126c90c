"""Forms of the templates and playlists pages. The value rules are the services'."""

from __future__ import annotations

import json
from typing import Any

from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from signage.content.playlist_rules import TRANSITIONS

TRANSITION_CHOICES = [SelectChoice(t, t.capitalize()) for t in TRANSITIONS]


class TemplateForm(FlaskForm):
    name = StringField("Name")
    description = TextAreaField("Description")
    zones = TextAreaField("Zones (JSON)")

    def zones_value(self) -> Any:
        """The parsed zones, or None with the error on the field."""
        try:
            return json.loads(self.zones.data or "")
        except ValueError as exc:
            self.zones.errors = [*self.zones.errors, f"Not valid JSON: {exc}"]
            return None


class PlaylistForm(FlaskForm):
    name = StringField("Name")
    description = TextAreaField("Description")
    template_id = SelectField("Template")
    default_duration = IntegerField("Default duration (seconds)", default=10, validators=[Optional()])
    transition = SelectField("Transition", choices=TRANSITION_CHOICES, default="FADE")


class PlaylistItemAddForm(FlaskForm):
    media_id = SelectField("Media")
    zone_id = SelectField("Zone")


def zones_text(zones: list[dict[str, Any]]) -> str:
    return json.dumps(zones, indent=2)
