"""Flask-WTF forms of the console (each carries its CSRF token)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length

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
