"""Screens: create, change, move between sites and groups, delete.

The player-facing side (activation, JWT, revocation) lives in signage.fleet.identity.
"""

from __future__ import annotations

from enum import Enum

from signage.core.errors import N_, Text, text_list
from signage.core.validation import must_be_one_of
from signage.core.values import DESCRIPTION_MAX, NAME_MAX, TextRule, clean_texts
from signage.extensions import db
from signage.fleet.rules import NAMED_IN_MESSAGE, placement_problem
from signage.fleet.store import NO_SITE, commit, forget_targets, group_by_ref, refuse, site_by_ref
from signage.models import Orientation, Screen, ScreenGroup, Site
from signage.push import disconnect_screen

TEXT_RULES = {"name": TextRule(NAME_MAX, required=True), "description": TextRule(DESCRIPTION_MAX)}


class Keep(Enum):
    """A field not mentioned in a partial update (None already means "no group")."""

    KEEP = "keep"


KEEP = Keep.KEEP


def _orientation(raw: str | None, problems: dict[str, str]) -> Orientation | None:
    if raw is None:
        return None
    try:
        return Orientation(raw)
    except ValueError:
        problems["orientation"] = must_be_one_of(o.value for o in Orientation)
        return None


def _placement(
    site: Site | None,
    group_ref: int | str | None | Keep,
    current: ScreenGroup | None,
    problems: dict[str, str],
) -> ScreenGroup | None:
    """The screen's group after the change, checked against the screen's (new) site."""
    if group_ref is KEEP:
        group = current
    elif group_ref is None:
        group = None
    else:
        group = group_by_ref(group_ref)
        if group is None:
            problems["group_id"] = N_("No group with this id.")
            return None
    if site is not None and group is not None:
        problem = placement_problem(site.id, group.site_id, group.site.name)
        if problem and group_ref is KEEP:
            problem = Text(
                N_(
                    'The screen is in the group "%(group)s" of %(site)s: '
                    "to move it to another site, also choose a group of that site, or none."
                ),
                group=group.name,
                site=group.site.name,
            )
        if problem:
            problems["group_id"] = problem
    return group


def create_screen(
    *,
    name: str,
    site_id: int | str,
    group_id: int | str | None = None,
    description: str = "",
    orientation: str = Orientation.LANDSCAPE.value,
) -> Screen:
    values, problems = clean_texts({"name": name, "description": description}, TEXT_RULES)
    site = site_by_ref(site_id)
    if site is None:
        problems["site_id"] = NO_SITE
    group = _placement(site, group_id, None, problems)
    turn = _orientation(orientation, problems)
    refuse(problems)
    screen = Screen(site=site, group=group, orientation=turn, **values)
    db.session.add(screen)
    commit()
    return screen


def update_screen(
    screen: Screen,
    *,
    name: str | None = None,
    description: str | None = None,
    site_id: int | str | None = None,
    group_id: int | str | None | Keep = KEEP,
    orientation: str | None = None,
) -> Screen:
    """Apply the given changes all together, or none of them.

    Moving a screen to another site while it stays in a group of the old one is refused:
    send the new group (or no group) with the new site.
    """
    values, problems = clean_texts({"name": name, "description": description}, TEXT_RULES)
    site: Site | None = screen.site
    if site_id is not None:
        site = site_by_ref(site_id)
        if site is None:
            problems["site_id"] = NO_SITE
    group = _placement(site, group_id, screen.group, problems)
    turn = _orientation(orientation, problems)
    refuse(problems)
    if site is not None:
        screen.site = site
    screen.group = group
    if turn is not None:
        screen.orientation = turn
    for key, value in values.items():
        setattr(screen, key, value)
    commit()
    return screen


def delete_screen(screen: Screen) -> None:
    """Delete the screen with its history (heartbeats, commands, screenshots cascade). Its
    player is disconnected: it must not stay connected as if the screen still existed."""
    key = screen.id
    forget_targets(screen_ids=[key])
    db.session.delete(screen)
    commit()
    disconnect_screen(key)


def move_screens(screens: list[Screen], group_id: int | str | None) -> int:
    """Put every screen in one group (None: no group), all of them or none: a group of
    another site refuses the whole move and names the screens in the way."""
    group = None
    if group_id is not None:
        group = group_by_ref(group_id)
        if group is None:
            refuse({"group_id": N_("No group with this id.")})
    if group is not None:
        strangers = sorted(screen.name for screen in screens if screen.site_id != group.site_id)
        if strangers:
            refuse(
                {
                    "group_id": Text(
                        N_(
                            'The group "%(group)s" belongs to %(site)s; these screens are elsewhere: '
                            "%(names)s. Choose screens of that site only."
                        ),
                        group=group.name,
                        site=group.site.name,
                        names=text_list(strangers, NAMED_IN_MESSAGE),
                    )
                }
            )
    for screen in screens:
        screen.group = group
    commit()
    return len(screens)
