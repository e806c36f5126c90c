"""Flask-WTF forms of the console (each carries its CSRF token), and the one way a form shows
a service's refusal."""

from __future__ import annotations

from collections.abc import Mapping

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from signage.core.errors import ServiceError
from signage.extensions import db
from signage.models import Role

ROLE_CHOICES = [r.value for r in Role]


class LoginForm(FlaskForm):
    email = StringField("E-mail", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=256)])
    next = HiddenField()


class UserCreateForm(FlaskForm):
    email = StringField("E-mail", validators=[DataRequired(), Length(max=254)])
    name = StringField("Name", validators=[Length(max=120)])
    role = SelectField("Role", choices=ROLE_CHOICES, default=Role.EDITOR.value)
    password = PasswordField("Password", validators=[DataRequired(), Length(max=256)])


class UserEditForm(FlaskForm):
    email = StringField("E-mail", validators=[DataRequired(), Length(max=254)])
    name = StringField("Name", validators=[Length(max=120)])
    role = SelectField("Role", choices=ROLE_CHOICES)


class PasswordResetForm(FlaskForm):
    password = PasswordField("New password", validators=[DataRequired(), Length(max=256)])


class ConfirmForm(FlaskForm):
    """A button that changes something: only its CSRF token."""


class DeleteForm(FlaskForm):
    """Deleting asks for a ticked box, checked here too (not only by the browser)."""

    confirm = BooleanField("Yes, delete", validators=[DataRequired("Tick the box to confirm.")])


def show_errors(form: FlaskForm, exc: ServiceError) -> None:
    """Put a service's refusal next to the fields it names, or above the form. A form whose
    fields are named otherwise than the service's declares the map as `SERVICE_FIELDS`
    (target_type -> target). Nothing the refused change touched stays in the session."""
    names: Mapping[str, str] = getattr(form, "SERVICE_FIELDS", {})
    db.session.rollback()
    if not exc.fields:
        form.form_errors.append(exc.message)
    for name, message in exc.fields.items():
        field = getattr(form, names.get(name, name), None)
        if field is not None:
            field.errors = [*field.errors, message]
        else:  # e.g. the site of the group being added vanished meanwhile
            form.form_errors.append(message)
