"""The request's language and timezone (CONTRACT §14), the gettext catalogues, and the Jinja
helpers that show every time on a named clock.

Language: `?lang=fr|en` (remembered: on the signed-in user, else in the session), else the
user's saved language, else the session's, else Accept-Language (`fr*` → French, else
English). Timezone: the user's saved one, else the browser's (the `tz` cookie the console's
script sets), else UTC. The catalogues are the committed .po files under
signage/translations, compiled in memory the first time a language is used, so a checkout
never runs with stale or missing .mo files.
"""

from __future__ import annotations

import io
import zoneinfo
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from babel import Locale, dates, support
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, current_app, request, session, url_for
from flask_babel import Babel, Domain, _get_current_context, get_locale, get_translations, gettext
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.utils import cached_property

from signage.core.errors import InvalidData, Text
from signage.extensions import db
from signage.i18n import (
    LOCALES,
    NotOnTheClock,
    local_to_utc,
    negotiate_locale,
    to_local_input,
    zone_abbreviation,
    zone_or_utc,
    zone_problem,
)

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
TZ_COOKIE = "tz"
SESSION_KEY = "lang"


class CatalogueDomain(Domain):
    """Translations read from the .po catalogues (compiled once per language and process)."""

    def get_translations(self) -> support.NullTranslations:
        # Outside a request only an explicit force_locale (an e-mail a job writes in its
        # reader's language) says which language; otherwise English.
        if not request and getattr(_get_current_context(), "forced_babel_locale", None) is None:
            return support.NullTranslations()
        locale = str(get_locale() or "en")
        key = (locale, "messages")
        if key not in self.cache:
            self.cache[key] = load_catalogue(locale)
        return self.cache[key]


def load_catalogue(locale: str) -> support.NullTranslations:
    path = TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"
    if not path.is_file():
        return support.NullTranslations()
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=locale)
    buffer = io.BytesIO()
    # Fuzzy entries are guesses a translator has not confirmed: English rather than a wrong text.
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return support.Translations(buffer)


class SignageBabel(Babel):
    @cached_property
    def domain_instance(self) -> Domain:  # type: ignore[override]
        return CatalogueDomain()


babel = SignageBabel()


def _wanted_lang() -> str | None:
    lang = request.args.get("lang", "")
    return lang if lang in LOCALES else None


def _signed_in_user() -> Any:
    """The request's user, or None. Never raises: error pages ask too, sometimes because the
    database just failed (then the browser's language and clock will do)."""
    try:
        user = current_user._get_current_object()  # type: ignore[attr-defined]
        return user if user is not None and user.is_authenticated else None
    except SQLAlchemyError:
        db.session.rollback()
        return None


def select_locale() -> str:
    if not request:
        return current_app.config["SIGNAGE"].default_locale
    wanted = _wanted_lang()
    if wanted:
        return wanted
    user = _signed_in_user()
    if user is not None and user.locale in LOCALES:
        return user.locale
    saved = session.get(SESSION_KEY)
    if saved in LOCALES:
        return saved
    return negotiate_locale(request.accept_languages.values())


def browser_zone() -> str | None:
    """The browser's timezone, from the cookie the console's script sets; None if unusable."""
    name = (request.cookies.get(TZ_COOKIE) or "").strip()[:64]
    return name if name and zone_problem(name) is None else None


def select_timezone() -> str:
    if not request:
        return "UTC"
    user = _signed_in_user()
    if user is not None and user.timezone and zone_problem(user.timezone) is None:
        return user.timezone
    return browser_zone() or "UTC"


def user_zone() -> zoneinfo.ZoneInfo:
    return zone_or_utc(select_timezone())


def zone_for(site: Any = None) -> zoneinfo.ZoneInfo:
    """The clock a time is shown and typed on: its site's for site- and screen-bound things,
    else the user's (CONTRACT §14)."""
    if site is not None and getattr(site, "timezone", None):
        return zone_or_utc(site.timezone)
    return user_zone()


def _remember_lang() -> None:
    """`?lang=` switches and is remembered: on the user when signed in, else in the session."""
    wanted = _wanted_lang()
    if not wanted:
        return
    session[SESSION_KEY] = wanted
    user = _signed_in_user()
    if user is not None and user.locale != wanted:
        user.locale = wanted
        db.session.commit()


def translate(message: str, params: Mapping[str, Any] | None = None) -> str:
    """A message in the request's language. An English sentence the catalogues know is
    translated; any other (a name, a parser's own words) stays as it is. Parameters are filled
    in after the lookup, so the catalogue holds `%(name)s`, never a value: a service's `Text`
    carries its own (and its plural forms), `params` are an ApiError's."""
    translations = get_translations()
    if isinstance(message, Text):
        return message.render(translations.gettext, translations.ngettext)
    text = translations.gettext(message)
    if not params:
        return text
    return text % {k: translate(v) if isinstance(v, Text) else v for k, v in params.items()}


def localized(body: Any) -> Any:
    """A JSON body with every service sentence in it (a `Text`: a warning's or an
    explanation's `message`) in the request's language; everything else as it is."""
    if isinstance(body, Text):
        return translate(body)
    if isinstance(body, dict):
        return {key: localized(value) for key, value in body.items()}
    if isinstance(body, list):
        return [localized(value) for value in body]
    return body


def local_instant(raw: str | None, zone: zoneinfo.ZoneInfo, field: str) -> str | None:
    """A date-time picker's value, typed on `zone`'s clock, as the ISO UTC instant the
    services take (CONTRACT §14). A value that already names its offset passes as typed."""
    text = (raw or "").strip()
    if not text:
        return None
    try:
        return local_to_utc(text, zone).isoformat().replace("+00:00", "Z")
    except NotOnTheClock:
        raise InvalidData(
            {
                field: gettext(
                    "This time does not exist in %(zone)s: the clocks go forward then.", zone=zone.key
                )
            }
        ) from None
    except ValueError:
        return text  # an ISO instant with its offset; the service says if it is not one


def format_when(value: datetime | None, zone: zoneinfo.ZoneInfo | None = None) -> str:
    """A UTC instant on `zone`'s clock, formatted for the request's language (to the minute),
    with the zone printed: "15 janv. 2026, 09:00 CET", "Jan 15, 2026, 9:00 AM CET"."""
    if value is None:
        return ""
    zone = zone or user_zone()
    if value.tzinfo is None:  # stored times are UTC
        value = value.replace(tzinfo=UTC)
    locale = Locale.parse(str(get_locale() or "en"))
    local = value.astimezone(zone)
    shown = locale.datetime_formats["medium"].format(
        dates.format_time(local, "short", locale=locale), dates.format_date(local, "medium", locale=locale)
    )
    return f"{shown} {zone_abbreviation(value, zone)}"


def when_html(value: datetime | None, zone: zoneinfo.ZoneInfo | None = None, empty: str = "") -> Markup:
    """`<time>` with the instant in UTC (machines, tests) and the local reading (people)."""
    if value is None:
        return Markup('<span class="text-slate-400">{}</span>').format(empty)
    zone = zone or user_zone()
    iso = value.isoformat()
    return Markup('<time datetime="{}" title="{}">{}</time>').format(iso, zone.key, format_when(value, zone))


def format_day(value: Any, pattern: str = "medium") -> str:
    """A calendar date (no clock) for the request's language: "lun. 30 nov." and such."""
    return dates.format_date(value, pattern, locale=str(get_locale() or "en"))


def lang_url(code: str) -> str:
    """This page in another language (its other query arguments kept)."""
    args = {**request.args.to_dict(), "lang": code}
    return url_for(request.endpoint or "admin.overview", **(request.view_args or {}), **args)


def init_i18n(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", app.config["SIGNAGE"].default_locale)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    app.before_request(_remember_lang)

    # Globals, not a context processor: imported macros (macros.html) see them too.
    app.jinja_env.globals.update(
        current_locale=lambda: str(get_locale() or "en"),
        lang_url=lang_url,
        locales=LOCALES,
        zone_for=zone_for,
        user_zone=user_zone,
        when_html=when_html,
        format_when=format_when,
        format_day=format_day,
        to_local_input=to_local_input,
        translate=translate,
    )

    app.jinja_env.filters["localtime"] = format_when
