"""Forms of the sites, groups and screens pages.

They declare fields and carry the CSRF token; the value rules (trimming, lengths, timezone,
which group fits which site) are the services', so the API and the pages can never disagree.
Select choices that come from the database are filled in by the views.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired

from signage.core.errors import ServiceError
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


class DeleteForm(FlaskForm):
    """Deleting asks for a ticked box, checked here too (not only by the browser)."""

    confirm = BooleanField("Yes, delete", validators=[DataRequired("Tick the box to confirm.")])


def show_errors(form: FlaskForm, exc: ServiceError, names: Mapping[str, str] | None = None) -> None:
    """Put a service's refusal next to the fields it names, or above the form. `names` maps a
    service's field name to the form's where they differ (target_type -> target)."""
    if not exc.fields:
        form.form_errors.append(exc.message)
    for name, message in exc.fields.items():
        field = getattr(form, (names or {}).get(name, name), None)
        if field is not None:
            field.errors = [*field.errors, message]
        else:  # e.g. the site of the group being added vanished meanwhile
            form.form_errors.append(message)
