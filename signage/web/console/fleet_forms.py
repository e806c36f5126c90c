"""Forms of the sites, groups and screens pages.

They declare fields and carry the CSRF token; the value rules (trimming, lengths, timezone,
which group fits which site) are the services', so the API and the pages can never disagree.
Select choices that come from the database are filled in by the views.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from signage.fleet.rules import DEFAULT_TIMEZONE, timezones
from signage.models import Orientation

ORIENTATION_CHOICES = [SelectChoice(o.value, o.value.capitalize()) for o in Orientation]


class SiteForm(FlaskForm):
    name = StringField("Name")
    city = StringField("City")
    address = StringField("Address")
    timezone = SelectField("Timezone", default=DEFAULT_TIMEZONE)
    contact_name = StringField("Contact name")
    contact_email = StringField("Contact e-mail")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.timezone.choices = timezones()


class GroupForm(FlaskForm):
    name = StringField("Name")
    description = TextAreaField("Description")


class GroupEditForm(GroupForm):
    site_id = SelectField("Site")


class ScreenForm(FlaskForm):
    name = StringField("Name")
    description = TextAreaField("Description")
    site_id = SelectField("Site")
    group_id = SelectField("Group")
    orientation = SelectField("Orientation", choices=ORIENTATION_CHOICES, default=Orientation.LANDSCAPE.value)
