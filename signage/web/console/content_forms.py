"""Forms of the templates and playlists pages. The value rules are the services'."""

from __future__ import annotations

import json
from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from signage.content.playlist_rules import TRANSITIONS

TRANSITION_LABELS = {"FADE": _l("Fade"), "SLIDE": _l("Slide"), "NONE": _l("None")}
TRANSITION_CHOICES = [SelectChoice(t, TRANSITION_LABELS.get(t, t.capitalize())) for t in TRANSITIONS]


class TemplateForm(FlaskForm):
    name = StringField(_l("Name"))
    description = TextAreaField(_l("Description"))
    zones = TextAreaField(_l("Zones (JSON)"))

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
