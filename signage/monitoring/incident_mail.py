"""The offline and recovery e-mails to a site's contact, as plain-text messages.

One message per site and kind lists every screen due in the same run: a site whose network
drops takes all its screens down at once, and its contact gets one e-mail about them, not one
each. Times are shown in the site's timezone, with UTC beside them.

Pure: standard library only; time is always given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# Relative: a pure module may lean on another pure module, never on the app.
from .incident_rules import OFFLINE_MAIL, RECOVERY_MAIL


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


def _minutes(span: timedelta) -> str:
    minutes = max(int(span.total_seconds() // 60), 0)
    if minutes < 120:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min"


def subject(kind: str, site: str, screens: Sequence[ScreenLine]) -> str:
    site = _one_line(site)
    state = "offline" if kind == OFFLINE_MAIL else "back online"
    if len(screens) == 1:
        return f"[Signage] Screen {state}: {_one_line(screens[0].name)} ({site})"
    return f"[Signage] {len(screens)} screens {state} at {site}"


def body(
    kind: str,
    site: SiteContact,
    screens: Sequence[ScreenLine],
    now: datetime,
    alert_after: timedelta,
    base_url: str | None,
) -> str:
    zone = _zone(site.timezone)
    lines: list[str] = []
    if kind == OFFLINE_MAIL:
        lines.append(
            f"These screens at {_one_line(site.name)} have not been heard from for more than "
            f"{_minutes(alert_after)}:"
        )
    else:
        lines.append(f"These screens at {_one_line(site.name)} are back online:")
    lines.append("")
    for screen in screens:
        name = _one_line(screen.name)
        if kind == OFFLINE_MAIL:
            lines.append(
                f"- {name}: offline since {_when(screen.offline_since, zone)}, "
                f"{_minutes(now - screen.offline_since)} ago"
            )
        else:
            back = screen.back_since or now
            lines.append(
                f"- {name}: back since {_when(back, zone)}, after "
                f"{_minutes(back - screen.offline_since)} offline"
            )
        if base_url:
            lines.append(f"  {base_url}/admin/screens/{screen.screen_id}")
    lines.append("")
    if kind == OFFLINE_MAIL:
        lines.append("You will get one more e-mail when each is back and has stayed up for a while.")
    else:
        lines.append("This closes the incident.")
    lines += ["", "-- ", "Signage, the digital signage server"]
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
) -> EmailMessage:
    """The message about `screens` (one site, one kind: OFFLINE_MAIL or RECOVERY_MAIL)."""
    if kind not in (OFFLINE_MAIL, RECOVERY_MAIL):
        raise ValueError(f"unknown mail kind {kind!r}")
    if not screens:
        raise ValueError("a mail needs at least one screen")
    message = EmailMessage()
    message["Subject"] = subject(kind, site.name, screens)
    message["From"] = sender
    message["To"] = site.email
    message["Date"] = format_datetime(now.astimezone(UTC))
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "localhost")
    # Tell mail robots this is automatic, so they do not answer it (RFC 3834).
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(body(kind, site, screens, now, alert_after, base_url))
    return message
