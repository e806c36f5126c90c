"""The data source form. Values are checked by signage.datasources (like the API); here the
headers textarea ("Name: value" per line) becomes the config's object."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from signage.datasources.rules import DEFAULT_INTERVAL, MASK
from signage.models import DataSource

TYPE_CHOICES = [
    SelectChoice("RSS", _l("RSS or Atom feed")),
    SelectChoice("CSV", _l("CSV table")),
    SelectChoice("JSON_URL", _l("JSON document")),
]


class DataSourceForm(FlaskForm):
    # Service field -> form field.
    SERVICE_FIELDS = {
        "refresh_interval": "refresh_interval",
        "config": "url",
        "config.url": "url",
        "config.headers": "headers",
        "config.path": "path",
    }

    name = StringField(_l("Name"))
    type = SelectField(_l("Type"), choices=TYPE_CHOICES, default="RSS")
    url = StringField(_l("URL"))
    headers = TextAreaField(_l("Request headers (one 'Name: value' per line; values are kept secret)"))
    path = StringField(_l("JSON path (optional, e.g. data.items)"))
    refresh_interval = StringField(_l("Refresh every (seconds, 60 to 86400)"), default=str(DEFAULT_INTERVAL))

    def service_args(self) -> dict[str, Any]:
        """The service's arguments (an unreadable interval becomes one the service refuses)."""
        raw_interval = (self.refresh_interval.data or "").strip()
        interval: Any = int(raw_interval) if raw_interval.isascii() and raw_interval.isdigit() else -1
        config: dict[str, Any] = {"url": self.url.data or ""}
        headers = self._headers()
        if headers:
            config["headers"] = headers
        if (self.path.data or "").strip():
            config["path"] = self.path.data
        return {
            "name": self.name.data or "",
            "type": self.type.data or "",
            "config": config,
            "refresh_interval": interval,
        }

    def validate_headers(self, field: TextAreaField) -> None:
        for line in (field.data or "").splitlines():
            if line.strip() and ":" not in line:
                raise ValidationError(gettext("Not a 'Name: value' line: %(line)s", line=line.strip()[:40]))

    def _headers(self) -> dict[str, str]:
        headers: dict[str, str] = {}
        for line in (self.headers.data or "").splitlines():
            name, sep, value = line.partition(":")
            if sep:
                headers[name.strip()] = value.strip()
        return headers


def edit_data(source: DataSource) -> dict[str, Any]:
    config = source.config or {}
    headers = config.get("headers") or {}
    return {
        "name": source.name,
        "type": source.type.value,
        "url": config.get("url", ""),
        "headers": "\n".join(f"{name}: {MASK}" for name in headers),
        "path": config.get("path", ""),
        "refresh_interval": str(source.refresh_interval),
    }


class DataSourceFieldsForm(FlaskForm):
    """Which field of a JSON or CSV source's records a ticker shows as the title, the text and
    the image; the choices are the fields of the last fetch (signage.datasources checks them)."""

    SERVICE_FIELDS = {"fields.title": "title", "fields.text": "text", "fields.image": "image"}

    title = SelectField(_l("Title"), validate_choice=False)
    text = SelectField(_l("Text"), validate_choice=False)
    image = SelectField(_l("Image (URL)"), validate_choice=False)

    def offer(self, names: list[str]) -> None:
        """The fields to choose from, plus a stored one the data no longer has (so it shows)."""
        for field in (self.title, self.text, self.image):
            extra = [field.data] if field.data and field.data not in names else []
            field.choices = [SelectChoice("", gettext("(none)"))] + [
                SelectChoice(name, name) for name in [*names, *extra]
            ]

    def service_args(self) -> dict[str, Any]:
        mapping = {role: getattr(self, role).data or None for role in ("title", "text", "image")}
        return {"fields": mapping if any(mapping.values()) else None}


def fields_data(source: DataSource) -> dict[str, Any]:
    return {
        "title": source.title_field or "",
        "text": source.text_field or "",
        "image": source.image_field or "",
    }
