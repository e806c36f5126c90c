"""The offline and recovery e-mails to a site's contact, as plain-text messages.

One message per site and kind lists every screen due in the same run: a site whose network
drops takes all its screens down at once, and its contact gets one e-mail about them, not one
each. Times are shown in the site's timezone, with UTC beside them, and the words in the site's
language: the caller passes its catalogue's `gettext` and `ngettext` (Flask-Babel's, in the
site's locale); without them, English. The sentences are msgids pybabel extracts (the
`gettext`/`ngettext` calls below).

Pure: standard library only; time is always given.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# Relative: a pure module may lean on another pure module, never on the app.
from .incident_rules import OFFLINE_MAIL, RECOVERY_MAIL


def _english(text: str, **values: object) -> str:
    return text % values if values else text


def _english_plural(singular: str, plural: str, num: int, **values: object) -> str:
    return (singular if num == 1 else plural) % {"num": num, **values}


@dataclass(frozen=True)
class Words:
    """A catalogue, with Flask-Babel's conventions: `gettext(msgid, **values)` and
    `ngettext(singular, plural, num, **values)` give the sentence with its values filled in
    (`num` too)."""

    gettext: Callable[..., str] = _english
    ngettext: Callable[..., str] = _english_plural


ENGLISH = Words()


@dataclass(frozen=True)
class ScreenLine:
    screen_id: int
    name: str
    offline_since: datetime
    back_since: datetime | None = None


@dataclass(frozen=True)
class SiteContact:
    name: str
    timezone: str
    email: str


def _one_line(text: str) -> str:
    # Names end up in a header: no line breaks, whatever was typed.
    return " ".join(text.split())


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _when(moment: datetime, zone: ZoneInfo) -> str:
    local = moment.astimezone(zone)
    text = local.strftime("%Y-%m-%d %H:%M %Z")
    if local.utcoffset() != timedelta(0):
        text += moment.astimezone(UTC).strftime(" (%H:%M UTC)")
    return text


def local_time(moment: datetime, timezone: str) -> str:
    """`moment` on the clock of `timezone` (named), with UTC beside it when they differ."""
    return _when(moment, _zone(timezone))


def _minutes(span: timedelta, words: Words) -> str:
    minutes = max(int(span.total_seconds() // 60), 0)
    if minutes < 120:
        return words.ngettext("%(num)s minute", "%(num)s minutes", minutes)
    hours, rest = divmod(minutes, 60)
    return words.gettext("%(hours)s h %(minutes)s min", hours=hours, minutes=f"{rest:02d}")


def subject(kind: str, site: str, screens: Sequence[ScreenLine], words: Words = ENGLISH) -> str:
    site = _one_line(site)
    count = len(screens)
    if kind == OFFLINE_MAIL and count == 1:
        return words.gettext(
            "[Signage] Screen offline: %(screen)s (%(site)s)", screen=_one_line(screens[0].name), site=site
        )
    if count == 1:
        return words.gettext(
            "[Signage] Screen back online: %(screen)s (%(site)s)",
            screen=_one_line(screens[0].name),
            site=site,
        )
    if kind == OFFLINE_MAIL:
        return words.ngettext(
            "[Signage] %(num)s screen offline at %(site)s",
            "[Signage] %(num)s screens offline at %(site)s",
            count,
            site=site,
        )
    return words.ngettext(
        "[Signage] %(num)s screen back online at %(site)s",
        "[Signage] %(num)s screens back online at %(site)s",
        count,
        site=site,
    )


def body(
    kind: str,
    site: SiteContact,
    screens: Sequence[ScreenLine],
    now: datetime,
    alert_after: timedelta,
    base_url: str | None,
    words: Words = ENGLISH,
) -> str:
    zone = _zone(site.timezone)
    name = _one_line(site.name)
    lines: list[str] = []
    if kind == OFFLINE_MAIL:
        lines.append(
            words.gettext(
                "These screens at %(site)s have not been heard from for more than %(span)s:",
                site=name,
                span=_minutes(alert_after, words),
            )
        )
    else:
        lines.append(words.gettext("These screens at %(site)s are back online:", site=name))
    lines.append("")
    for screen in screens:
        screen_name = _one_line(screen.name)
        if kind == OFFLINE_MAIL:
            line = words.gettext(
                "- %(screen)s: offline since %(since)s, %(span)s ago",
                screen=screen_name,
                since=_when(screen.offline_since, zone),
                span=_minutes(now - screen.offline_since, words),
            )
        else:
            back = screen.back_since or now
            line = words.gettext(
                "- %(screen)s: back since %(since)s, after %(span)s offline",
                screen=screen_name,
                since=_when(back, zone),
                span=_minutes(back - screen.offline_since, words),
            )
        lines.append(line)
        if base_url:
            lines.append(f"  {base_url}/admin/screens/{screen.screen_id}")
    lines.append("")
    if kind == OFFLINE_MAIL:
        lines.append(
            words.gettext("You will get one more e-mail when each is back and has stayed up for a while.")
        )
    else:
        lines.append(words.gettext("This closes the incident."))
    lines += ["", "-- ", words.gettext("Signage, the digital signage server")]
    return "\n".join(lines) + "\n"


def compose(
    kind: str,
    site: SiteContact,
    screens: Sequence[ScreenLine],
    *,
    sender: str,
    now: datetime,
    alert_after: timedelta,
    base_url: str | None = None,
    words: Words = ENGLISH,
) -> EmailMessage:
    """The message about `screens` (one site, one kind: OFFLINE_MAIL or RECOVERY_MAIL)."""
    if kind not in (OFFLINE_MAIL, RECOVERY_MAIL):
        raise ValueError(f"unknown mail kind {kind!r}")
    if not screens:
        raise ValueError("a mail needs at least one screen")
    message = EmailMessage()
    message["Subject"] = subject(kind, site.name, screens, words)
    message["From"] = sender
    message["To"] = site.email
    message["Date"] = format_datetime(now.astimezone(UTC))
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "localhost")
    # Tell mail robots this is automatic, so they do not answer it (RFC 3834).
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(body(kind, site, screens, now, alert_after, base_url, words))
    return message
