"""Accessibility basics on every console page, in both languages: the page's language in
`<html lang>`, a skip link to the main content, and an accessible name for every form control."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from tests.content_support import make_media, make_playlist, make_template
from tests.integration.test_fleet_pages import seed
from tests.integration.test_i18n_pages import sign_in
from tests.support import make_user

PAGES = [
    "/admin/",
    "/admin/sites",
    "/admin/sites/{hq}",
    "/admin/groups/{lobby}",
    "/admin/screens",
    "/admin/screens/{entrance}",
    "/admin/screens/{entrance}/activate",
    "/admin/screens/{entrance}/week",
    "/admin/screens/{entrance}/calendar",
    "/admin/groups/{lobby}/calendar",
    "/admin/monitoring",
    "/admin/media",
    "/admin/media/{media}",
    "/admin/templates",
    "/admin/templates/{template}",
    "/admin/playlists",
    "/admin/playlists/{playlist}",
    "/admin/schedules",
    "/admin/schedules/{schedule}",
    "/admin/alerts/{alert}",
    "/admin/alerts",
    "/admin/datasources",
    "/admin/users",
    "/admin/profile",
]


class Controls(HTMLParser):
    """Form controls and what names them (a <label for>, a wrapping <label>, or aria-label),
    and links with their names (their text, an image's alt, or aria-label)."""

    def __init__(self) -> None:
        super().__init__()
        self.labelled_ids: set[str] = set()
        self.controls: list[tuple[str, dict[str, str | None], bool]] = []
        self.ids: set[str] = set()
        self.in_label = 0
        self.links: list[tuple[str | None, str]] = []  # (href, accessible name)
        self.link: list[str] | None = None
        self.href: str | None = None

    def handle_data(self, data: str) -> None:
        if self.link is not None:
            self.link.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.link, self.href = [found.get("aria-label") or ""], found["href"]
        if tag == "img" and self.link is not None:
            self.link.append(found.get("alt") or "")
        if found.get("id"):
            self.ids.add(found["id"] or "")
        if tag == "label":
            self.in_label += 1
            if found.get("for"):
                self.labelled_ids.add(found["for"] or "")
        if tag in ("input", "select", "textarea") and found.get("type") not in ("hidden", "submit", "button"):
            self.controls.append((tag, found, self.in_label > 0))

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.in_label -= 1
        if tag == "a" and self.link is not None:
            self.links.append((self.href, " ".join("".join(self.link).split())))
            self.link = None

    def unnamed(self) -> list[dict[str, str | None]]:
        return [
            found
            for _tag, found, wrapped in self.controls
            if not wrapped
            and not found.get("aria-label")
            and not found.get("aria-labelledby")
            and found.get("id") not in self.labelled_ids
        ]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_page_has_its_language_a_skip_link_and_named_controls(app, client, lang: str) -> None:
    ids = seed(app)
    media = make_media(app, "Affiche")
    template = make_template(app)
    ids.update(media=media, template=template, playlist=make_playlist(app, template, [media], name="Boucle"))
    with app.app_context():  # rows in the schedule and alert lists too
        from signage.alerts.lifecycle import create_alert
        from signage.scheduling.schedules import create_schedule

        schedule, _ = create_schedule(
            name="Matin", target_type="SCREEN", target_id=ids["entrance"], playlist_id=ids["playlist"],
            start_time="08:00", end_time="12:00", days_of_week=[1, 2, 3],
        )  # fmt: skip
        alert = create_alert(title="Soldes", content="-50 %", target_type="ALL")
        ids.update(schedule=schedule.id, alert=alert.id)
    make_user(app, "ada@example.com", "ADMIN")
    assert sign_in(client, "ada@example.com", {"Accept-Language": lang}).status_code == 302
    checked = 0
    for page in PAGES:
        url = page.format(**ids)
        response = client.get(url, headers={"Accept-Language": lang})
        html = response.get_data(as_text=True)
        assert response.status_code == 200, url
        assert f'<html lang="{lang}"' in html, url
        skip = re.search(r'<a href="#(\w+)"[^>]*>([^<]+)</a>', html)
        assert skip and skip.group(2) == ("Skip to content" if lang == "en" else "Aller au contenu"), url
        controls = Controls()
        controls.feed(html)
        assert skip.group(1) in controls.ids, url  # the skip link lands somewhere
        assert controls.unnamed() == [], (url, controls.unnamed())
        assert [href for href, name in controls.links if not name] == [], url
        checked += len(controls.controls)
    assert checked > 100  # the forms were there to be checked


def test_the_login_page_too(client) -> None:
    html = client.get("/admin/login", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    controls = Controls()
    controls.feed(html)
    assert '<html lang="fr"' in html and 'href="#main"' in html and "main" in controls.ids
    assert controls.controls and controls.unnamed() == []
