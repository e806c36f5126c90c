"""Flask-WTF forms of the console (each carries its CSRF token), and the one way a form shows
a service's refusal."""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from signage.core.errors import ServiceError
from signage.extensions import db
from signage.i18n import zone_names
from signage.models import Role
from signage.web.i18n import translate

ROLE_CHOICES = [r.value for r in Role]


class LoginForm(FlaskForm):
    email = StringField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])
    next = HiddenField()


class UserCreateForm(FlaskForm):
    email = StringField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    name = StringField(_l("Name"), validators=[Length(max=120)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, default=Role.EDITOR.value)
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])


class UserEditForm(FlaskForm):
    email = StringField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    name = StringField(_l("Name"), validators=[Length(max=120)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)


class PasswordResetForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=256)])


def language_choices() -> list[SelectChoice]:
    return [
        SelectChoice("", _l("The browser's language")),
        SelectChoice("fr", "Français"),
        SelectChoice("en", "English"),
    ]


def timezone_choices(empty_label: object) -> list[SelectChoice]:
    return [SelectChoice("", str(empty_label))] + [SelectChoice(name, name) for name in sorted(zone_names())]


class ProfileForm(FlaskForm):
    """One's own name, language and timezone (CONTRACT §14)."""

    name = StringField(_l("Name"), validators=[Length(max=120)])
    locale = SelectField(_l("Language"))
    timezone = SelectField(_l("Timezone"))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.locale.choices = language_choices()
        self.timezone.choices = timezone_choices(_l("The browser's timezone"))


class OwnPasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=256)])
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=256)])
    confirm_password = PasswordField(_l("New password, again"), validators=[DataRequired(), Length(max=256)])

    def validate_confirm_password(self, field: PasswordField) -> None:
        if field.data != self.password.data:
            raise ValidationError(_l("The two new passwords differ."))


class ConfirmForm(FlaskForm):
    """A button that changes something: only its CSRF token."""


class DeleteForm(FlaskForm):
    """Deleting asks for a ticked box, checked here too (not only by the browser)."""

    confirm = BooleanField(_l("Yes, delete"), validators=[DataRequired(_l("Tick the box to confirm."))])


def show_errors(form: FlaskForm, exc: ServiceError) -> None:
    """Put a service's refusal next to the fields it names, or above the form, in the page's
    language where the catalogues know the sentence (web.i18n.translate). A form whose
    fields are named otherwise than the service's declares the map as `SERVICE_FIELDS`
    (target_type -> target). Nothing the refused change touched stays in the session."""
    names: Mapping[str, str] = getattr(form, "SERVICE_FIELDS", {})
    db.session.rollback()
    if not exc.fields:
        form.form_errors.append(translate(exc.message))
    for name, raw in exc.fields.items():
        message = translate(raw)
        field = getattr(form, names.get(name, name), None)
        if field is not None:
            field.errors = [*field.errors, message]
        else:  # e.g. the site of the group being added vanished meanwhile
            form.form_errors.append(message)


class TokenForm(FlaskForm):
    """A new personal API token (CONTRACT §15): a name and how long it lives."""

    LIFETIMES = [
        SelectChoice("30", _l("30 days")),
        SelectChoice("90", _l("90 days")),
        SelectChoice("365", _l("A year")),
        SelectChoice("", _l("No expiry")),
    ]
    name = StringField(_l("Name (what uses it)"), validators=[DataRequired(), Length(max=120)])
    lifetime = SelectField(_l("Expires after"), choices=LIFETIMES, default="90")
