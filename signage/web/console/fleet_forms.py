"""Forms of the sites, groups and screens pages.

They declare fields and carry the CSRF token; the value rules (trimming, lengths, timezone,
which group fits which site) are the services', so the API and the pages can never disagree.
Select choices that come from the database are filled in by the views.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from signage.fleet.rules import DEFAULT_TIMEZONE, timezones
from signage.models import Orientation

ORIENTATION_LABELS = {Orientation.LANDSCAPE: _l("Landscape"), Orientation.PORTRAIT: _l("Portrait")}
ORIENTATION_CHOICES = [SelectChoice(o.value, ORIENTATION_LABELS[o]) for o in Orientation]
LOCALE_CHOICES = [SelectChoice("fr", "Français"), SelectChoice("en", "English")]


class SiteForm(FlaskForm):
    name = StringField(_l("Name"))
    city = StringField(_l("City"))
    address = StringField(_l("Address"))
    timezone = SelectField(_l("Timezone"), default=DEFAULT_TIMEZONE)
    # What the site's players speak; the view presets DEFAULT_LOCALE.
    # (Checked by the service like the API's; a form without it keeps the site's language.)
    locale = SelectField(_l("Language of its screens"), choices=LOCALE_CHOICES, validate_choice=False)
    contact_name = StringField(_l("Contact name"))
    contact_email = StringField(_l("Contact e-mail"))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.timezone.choices = timezones()


class GroupForm(FlaskForm):
    name = StringField(_l("Name"))
    description = TextAreaField(_l("Description"))


SCREENSHOT_CHOICES = [
    SelectChoice("", _l("Off")),
    SelectChoice("15", _l("Every 15 minutes")),
    SelectChoice("60", _l("Every hour")),
    SelectChoice("360", _l("Every 6 hours")),
    SelectChoice("1440", _l("Once a day")),
]


class GroupEditForm(GroupForm):
    SERVICE_FIELDS = {"screenshot_interval_minutes": "screenshot_interval"}
    site_id = SelectField(_l("Site"))
    # Automatic screenshots of the group's screens (spec phase 3), off by default.
    screenshot_interval = SelectField(_l("Automatic screenshots"), choices=SCREENSHOT_CHOICES, default="")

    def interval_minutes(self) -> int | None:
        raw = self.screenshot_interval.data or ""
        return int(raw) if raw.isdigit() else None


class ScreenForm(FlaskForm):
    name = StringField(_l("Name"))
    description = TextAreaField(_l("Description"))
    site_id = SelectField(_l("Site"))
    group_id = SelectField(_l("Group"))
    orientation = SelectField(
        _l("Orientation"), choices=ORIENTATION_CHOICES, default=Orientation.LANDSCAPE.value
    )


class PairForm(FlaskForm):
    """The code a kiosk shows (CONTRACT §12); the service reads it however it is typed."""

    SERVICE_FIELDS = {"code": "code"}
    code = StringField(_l("Code shown on the screen"))
