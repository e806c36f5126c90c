"""French and English console, local time everywhere (CONTRACT §14): which language a request
gets, what is remembered, errors in both languages with the same code, times typed and shown on
a named clock across DST, the site's language and one's own profile."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape

from sqlalchemy import select

from signage.alerts.rules import AlertState, state
from signage.extensions import db
from signage.models import Alert, Media, Site, User
from tests.content_support import make_media
from tests.support import PASSWORD, api_login, make_screen, make_user

FR = {"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.8"}
TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def text(response) -> str:  # type: ignore[no-untyped-def]
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))))


def html_lang(response) -> str:  # type: ignore[no-untyped-def]
    return re.search(r'<html lang="(\w+)"', response.get_data(as_text=True)).group(1)


def csrf(client, url: str, headers=None) -> str:  # type: ignore[no-untyped-def]
    return TOKEN.search(client.get(url, headers=headers or {}).get_data(as_text=True)).group(1)


def sign_in(client, email: str, headers=None, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    token = csrf(client, "/admin/login", headers)
    return client.post(
        "/admin/login",
        data={"email": email, "password": password, "csrf_token": token},
        headers=headers or {},
    )


def test_english_without_accept_language_french_for_fr(app, client) -> None:
    english = client.get("/admin/login")
    assert html_lang(english) == "en" and "Sign in to Signage" in text(english)
    french = client.get("/admin/login", headers=FR)
    assert html_lang(french) == "fr"
    assert "Connexion à Signage" in text(french) and "Mot de passe" in text(french)
    assert html_lang(client.get("/admin/login", headers={"Accept-Language": "de-DE, fr;q=0.5"})) == "fr"
    assert html_lang(client.get("/admin/login", headers={"Accept-Language": "es, it"})) == "en"


def test_form_errors_in_french(app, client) -> None:
    make_user(app, "ada@example.com", "ADMIN")
    wrong = sign_in(client, "ada@example.com", FR, password="not-the-password")
    assert wrong.status_code == 401 and "Adresse e-mail ou mot de passe incorrect." in text(wrong)
    empty = client.post("/admin/login", data={"csrf_token": csrf(client, "/admin/login", FR)}, headers=FR)
    assert empty.status_code == 400 and "Ce champ est requis." in text(empty)  # WTForms' own French


def test_the_navigation_and_statuses_in_french(app, client) -> None:
    make_user(app, "ada@example.com", "ADMIN")
    make_screen(app, "Hall", "Boutique", timezone="Europe/Paris")
    assert sign_in(client, "ada@example.com", FR).status_code == 302
    page = text(client.get("/admin/screens", headers=FR))
    for word in ("Vue d'ensemble", "Surveillance", "Écrans", "Médias", "Listes de lecture", "Planification"):
        assert word in page
    assert "Hors ligne" in page and "Aller au contenu" in page
    monitoring = client.get("/admin/monitoring", headers=FR)
    assert "Mise à jour disponible" in text(monitoring) and html_lang(monitoring) == "fr"


def test_lang_switches_and_is_remembered_on_the_user(app, client) -> None:
    make_user(app, "ada@example.com", "ADMIN")
    assert sign_in(client, "ada@example.com", FR).status_code == 302
    assert html_lang(client.get("/admin/sites", headers=FR)) == "fr"
    switched = client.get("/admin/sites?lang=en", headers=FR)
    assert html_lang(switched) == "en" and "Add a site" in text(switched)
    assert html_lang(client.get("/admin/screens", headers=FR)) == "en"  # remembered
    with app.app_context():
        assert db.session.scalar(select(User.locale).where(User.email == "ada@example.com")) == "en"
    # ... on the account: a new browser, still French by its header, gets English once signed in.
    other = app.test_client()
    assert sign_in(other, "ada@example.com", FR).status_code == 302
    assert html_lang(other.get("/admin/", headers=FR)) == "en"
    assert html_lang(other.get("/admin/?lang=fr", headers=FR)) == "fr"
    assert html_lang(client.get("/admin/", headers={"Accept-Language": "en"})) == "fr"


def test_an_anonymous_choice_lives_in_the_session_and_survives_sign_in(app, client) -> None:
    make_user(app, "ada@example.com", "ADMIN")
    assert html_lang(client.get("/admin/login?lang=fr")) == "fr"
    assert html_lang(client.get("/admin/login")) == "fr"  # no header: the session remembers
    assert sign_in(client, "ada@example.com").status_code == 302
    assert html_lang(client.get("/admin/")) == "fr"
    with app.app_context():  # a visitor's choice is not written on the account
        assert db.session.scalar(select(User.locale).where(User.email == "ada@example.com")) is None
    token = csrf(client, "/admin/")
    signed_out = client.post("/admin/logout", data={"csrf_token": token}, follow_redirects=True)
    assert "Vous êtes déconnecté." in text(signed_out)
    assert html_lang(client.get("/admin/login?lang=xx")) == "fr"  # an unknown value changes nothing


def test_json_errors_follow_the_language_and_keep_their_code(app, client) -> None:
    make_user(app, "ada@example.com", "ADMIN")
    headers = {"X-CSRFToken": api_login(client, "ada@example.com")}
    for accept, message in (
        ("en", "This page or object does not exist."),
        ("fr", "Cette page ou cet objet n'existe pas."),
    ):
        missing = client.get("/api/admin/nothing-here", headers={"Accept-Language": accept})
        assert missing.status_code == 404
        assert missing.get_json()["error"] == {"code": "not_found", "message": message}
    refused = client.post(
        "/api/admin/sites", json={"name": "Boutique", "locale": "de"}, headers={**headers, **FR}
    )
    assert refused.status_code == 422
    error = refused.get_json()["error"]
    assert error["code"] == "validation_failed" and error["fields"] == {"locale": "Doit être fr ou en."}
    assert error["message"] == "Certains champs ne sont pas valides."
    english = client.post("/api/admin/sites", json={"name": "Boutique", "locale": "de"}, headers=headers)
    assert english.get_json()["error"]["fields"] == {"locale": "Must be fr or en."}
    no_csrf = client.post("/api/admin/sites", json={"name": "X"}, headers=FR)
    assert no_csrf.status_code == 400 and no_csrf.get_json()["error"]["code"] == "csrf_failed"
    assert no_csrf.get_json()["error"]["message"].startswith("Jeton CSRF absent ou invalide")
    with app.app_context():
        assert db.session.scalar(select(Site.id)) is None  # nothing refused was written


def test_site_locale_defaults_to_default_locale_and_is_editable(app, client) -> None:
    make_user(app, "ada@example.com", "ADMIN")
    headers = {"X-CSRFToken": api_login(client, "ada@example.com")}
    created = client.post("/api/admin/sites", json={"name": "Boutique"}, headers=headers).get_json()
    assert created["locale"] == app.config["SIGNAGE"].default_locale == "fr"
    changed = client.put(f"/api/admin/sites/{created['id']}", json={"locale": "en"}, headers=headers)
    assert changed.status_code == 200 and changed.get_json()["locale"] == "en"
    # The console form: preset to DEFAULT_LOCALE for a new site, and saved.
    page = client.get("/admin/sites").get_data(as_text=True)
    assert re.search(r'<option selected value="fr">Français</option>', page)
    token = TOKEN.search(page).group(1)
    posted = client.post(
        "/admin/sites",
        data={"csrf_token": token, "name": "Annexe", "timezone": "Europe/Paris", "locale": "en"},
    )
    assert posted.status_code == 302
    edit = client.post(
        posted.headers["Location"],
        data={"csrf_token": token, "name": "Annexe", "timezone": "Europe/Paris", "locale": "de"},
    )
    assert edit.status_code == 422 and "Must be fr or en." in text(edit)
    with app.app_context():
        assert db.session.scalar(select(Site.locale).where(Site.name == "Annexe")) == "en"


def test_dates_show_on_the_sites_clock_in_french(app, client) -> None:
    make_user(app, "ada@example.com", "ADMIN")
    screen_id = make_screen(app, "Vitrine", "Boutique", timezone="Europe/Paris")
    with app.app_context():
        from signage.models import Screen

        db.session.get(Screen, screen_id).last_seen = datetime(2026, 1, 15, 8, 5, tzinfo=UTC)
        db.session.commit()
    assert sign_in(client, "ada@example.com", FR).status_code == 302
    page = text(client.get(f"/admin/screens/{screen_id}", headers=FR))
    assert "15 janv. 2026, 09:05 CET" in page
    # The user's clock says nothing here: a site-bound time stays on the site's.
    client.get("/admin/?lang=en")
    with app.app_context():
        db.session.scalar(select(User).where(User.email == "ada@example.com")).timezone = "Asia/Tokyo"
        db.session.commit()
    assert "Jan 15, 2026, 9:05 AM CET" in text(client.get(f"/admin/screens/{screen_id}"))


def _post_alert(client, start: str, end: str = ""):  # type: ignore[no-untyped-def]
    token = csrf(client, "/admin/alerts")
    return client.post(
        "/admin/alerts",
        data={
            "csrf_token": token,
            "title": "Soldes",
            "content": "Tout à -50 %",
            "target": "ALL",
            "display_mode": "BANNER",
            "background_color": "#b91c1c",
            "text_color": "#ffffff",
            "start_at": start,
            "end_at": end,
            "activate": "y",
        },
        headers=FR,
    )


def test_a_paris_alert_at_nine_is_eight_utc_in_winter_and_seven_in_summer(app, client) -> None:
    make_user(app, "ada@example.com", "EDITOR")
    assert sign_in(client, "ada@example.com", FR).status_code == 302
    client.set_cookie("tz", "Europe/Paris")  # what the console's script tells the server
    form = client.get("/admin/alerts", headers=FR).get_data(as_text=True)
    assert 'type="datetime-local"' in form and "pour tous les écrans, dans Europe/Paris." in unescape(form)
    for day, utc_hour in (("2027-01-15", 8), ("2027-07-15", 7)):
        response = _post_alert(client, f"{day}T09:00", f"{day}T18:00")
        assert response.status_code == 302, text(response)
        with app.app_context():
            alert = db.session.scalar(select(Alert).order_by(Alert.id.desc()).limit(1))
            start, end = alert.start_at, alert.end_at
        shown = datetime.fromisoformat(f"{day}T{utc_hour:02d}:00:00+00:00")
        assert start == shown and end == shown + timedelta(hours=9)
        # It shows at 09:00 Paris time and hides at 18:00, whatever the season.
        assert state(True, start, end, shown - timedelta(minutes=1)) is AlertState.SCHEDULED
        assert state(True, start, end, shown) is AlertState.LIVE
        assert state(True, start, end, end) is AlertState.ENDED
        # Shown back on the same clock: in the picker and in the page.
        page = client.get(response.headers["Location"], headers=FR).get_data(as_text=True)
        assert f'value="{day}T09:00"' in page and f'value="{day}T18:00"' in page
    summer = text(client.get("/admin/alerts", headers=FR))
    assert "15 juil. 2027, 09:00 CEST" in summer and "15 janv. 2027, 09:00 CET" in summer


def test_an_alert_to_a_screen_is_on_its_sites_clock(app, client) -> None:
    make_user(app, "ada@example.com", "EDITOR")
    screen_id = make_screen(app, "Vitrine", "Boutique Montréal", timezone="America/Montreal")
    assert sign_in(client, "ada@example.com", FR).status_code == 302
    client.set_cookie("tz", "Europe/Paris")  # the user's clock is not the one that counts here
    token = csrf(client, "/admin/alerts")
    response = client.post(
        "/admin/alerts",
        data={"csrf_token": token, "title": "Fermeture", "content": "Fermé à 18 h",
              "target": f"SCREEN:{screen_id}", "display_mode": "BANNER", "background_color": "#b91c1c",
              "text_color": "#ffffff", "start_at": "2027-01-15T09:00", "end_at": ""},
        headers=FR,
    )  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Alert.start_at)) == datetime(2027, 1, 15, 14, 0, tzinfo=UTC)
    page = client.get(response.headers["Location"], headers=FR)
    assert 'value="2027-01-15T09:00"' in page.get_data(as_text=True)
    assert "Heure de America/Montreal" in text(page) and "15 janv. 2027, 09:00 EST" in text(page)
    assert "15 janv. 2027, 09:00 EST" in text(client.get("/admin/alerts", headers=FR))


def test_a_time_the_clocks_skip_is_refused_in_the_users_language(app, client) -> None:
    make_user(app, "ada@example.com", "EDITOR")
    assert sign_in(client, "ada@example.com", FR).status_code == 302
    client.set_cookie("tz", "Europe/Paris")
    refused = _post_alert(client, "2026-03-29T02:30")
    assert refused.status_code == 422
    assert "Cette heure n'existe pas en Europe/Paris" in text(refused)
    with app.app_context():
        assert db.session.scalar(select(Alert.id)) is None


def test_media_validity_is_typed_on_the_users_clock(app, client) -> None:
    make_user(app, "ada@example.com", "ADMIN")
    media_id = make_media(app, "Affiche")
    assert sign_in(client, "ada@example.com").status_code == 302
    with app.app_context():
        db.session.scalar(select(User).where(User.email == "ada@example.com")).timezone = "Europe/Paris"
        db.session.commit()
    url = f"/admin/media/{media_id}"
    page = client.get(url).get_data(as_text=True)
    assert 'name="valid_from" type="datetime-local"' in page and "(Europe/Paris)" in page
    saved = client.post(
        url,
        data={"csrf_token": csrf(client, url), "name": "Affiche", "tags": "", "duration": "",
              "valid_from": "2026-07-01T08:00", "valid_until": "2026-12-24T20:00"},
    )  # fmt: skip
    assert saved.status_code == 302
    with app.app_context():
        media = db.session.get(Media, media_id)
        assert media.valid_from == datetime(2026, 7, 1, 6, 0, tzinfo=UTC)
        assert media.valid_until == datetime(2026, 12, 24, 19, 0, tzinfo=UTC)
    page = client.get(url).get_data(as_text=True)
    assert 'value="2026-07-01T08:00"' in page and 'value="2026-12-24T20:00"' in page


def test_the_profile_sets_name_language_timezone(app, client) -> None:
    make_user(app, "vic@example.com", "VIEWER")
    assert sign_in(client, "vic@example.com").status_code == 302
    page = client.get("/admin/profile")
    assert page.status_code == 200 and 'for="locale"' in page.get_data(as_text=True)
    token = TOKEN.search(page.get_data(as_text=True)).group(1)
    saved = client.post(
        "/admin/profile",
        data={"csrf_token": token, "name": "Victor", "locale": "fr", "timezone": "America/Montreal"},
        follow_redirects=True,
    )
    assert "Votre profil est enregistré." in text(saved) and html_lang(saved) == "fr"
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "vic@example.com"))
        assert (user.name, user.locale, user.timezone) == ("Victor", "fr", "America/Montreal")
    bad = client.post(
        "/admin/profile", data={"csrf_token": token, "name": "V", "locale": "de", "timezone": "Mars/Base"}
    )
    assert bad.status_code == 422 and "N'est pas un choix valide." in text(bad)  # WTForms' French
    back = client.post(
        "/admin/profile", data={"csrf_token": token, "name": "Victor", "locale": "", "timezone": ""}
    )
    assert back.status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "vic@example.com"))
        assert (user.locale, user.timezone) == (None, None)  # the browser's again


def test_own_password_needs_the_current_one_and_keeps_this_session(app, client) -> None:
    make_user(app, "vic@example.com", "VIEWER")
    assert sign_in(client, "vic@example.com", FR).status_code == 302
    other = app.test_client()
    assert sign_in(other, "vic@example.com").status_code == 302
    token = csrf(client, "/admin/profile", FR)
    form = {"csrf_token": token, "password": "a-new-long-password", "confirm_password": "a-new-long-password"}
    wrong = client.post("/admin/profile/password", data={**form, "current_password": "guess"}, headers=FR)
    # The service's refusal, in the page's language.
    assert wrong.status_code == 422 and "Le mot de passe actuel n'est pas le bon." in text(wrong)
    differ = client.post(
        "/admin/profile/password",
        data={**form, "current_password": PASSWORD, "confirm_password": "something-else"},
        headers=FR,
    )
    assert differ.status_code == 422 and "Les deux nouveaux mots de passe sont différents." in text(differ)
    short = client.post(
        "/admin/profile/password",
        data={**form, "current_password": PASSWORD, "password": "short", "confirm_password": "short"},
        headers=FR,
    )
    assert short.status_code == 422 and "Au moins 8 caractères." in text(short)
    done = client.post("/admin/profile/password", data={**form, "current_password": PASSWORD}, headers=FR)
    assert done.status_code == 302
    assert client.get("/admin/profile").status_code == 200  # this session goes on
    assert other.get("/admin/profile").status_code == 302  # the other one ended
    assert sign_in(app.test_client(), "vic@example.com", password="a-new-long-password").status_code == 302


def test_a_new_site_speaks_the_configured_default_locale(app, client, monkeypatch) -> None:
    from dataclasses import replace

    from signage.fleet.sites import create_site

    monkeypatch.setitem(app.config, "SIGNAGE", replace(app.config["SIGNAGE"], default_locale="en"))
    with app.app_context():
        assert create_site(name="Office").locale == "en"
        assert create_site(name="Boutique", locale="fr").locale == "fr"
    make_user(app, "ada@example.com", "ADMIN")
    headers = {"X-CSRFToken": api_login(client, "ada@example.com")}
    assert (
        client.post("/api/admin/sites", json={"name": "Annex"}, headers=headers).get_json()["locale"] == "en"
    )


def test_domain_refusals_speak_french_with_their_values(app, client) -> None:
    """A service's sentence with values and plurals (signage.core.errors.Text) is translated
    after its values are set apart: the French has the same names and numbers."""
    make_user(app, "ada@example.com", "ADMIN")
    headers = {"X-CSRFToken": api_login(client, "ada@example.com")}
    site = client.post(
        "/api/admin/sites", json={"name": "Boutique", "timezone": "Europe/Paris"}, headers=headers
    )
    site_id = site.get_json()["id"]
    for name in ("Vitrine", "Caisse"):
        made = client.post("/api/admin/screens", json={"name": name, "siteId": site_id}, headers=headers)
        assert made.status_code == 201
    english = client.delete(f"/api/admin/sites/{site_id}", headers=headers).get_json()["error"]
    french = client.delete(f"/api/admin/sites/{site_id}", headers={**headers, **FR}).get_json()["error"]
    assert english["code"] == french["code"]
    assert english["message"] == (
        'The site "Boutique" still has 2 screens (Caisse, Vitrine): '
        "move them to another site or delete them first."
    )
    assert french["message"] == (
        "Le site « Boutique » a encore 2 écrans (Caisse, Vitrine) : "
        "déplacez-les sur un autre site ou supprimez-les d'abord."
    )
    too_long = client.post("/api/admin/sites", json={"name": "x" * 500}, headers={**headers, **FR})
    assert too_long.get_json()["error"]["fields"]["name"] == "Au plus 120 caractères."
    wrong_type = client.post("/api/admin/sites", json={"name": 5}, headers={**headers, **FR})
    assert wrong_type.get_json()["error"]["fields"]["name"] == "Doit être une chaîne de caractères."
    paging = client.get("/api/admin/sites?limit=0", headers=FR).get_json()["error"]
    assert paging["message"] == "Paramètres de pagination invalides."
    assert paging["fields"]["limit"] == "Doit être compris entre 1 et 500."
    missing = client.get("/api/admin/screens/999999", headers=FR).get_json()["error"]
    assert (missing["code"], missing["message"]) == ("not_found", "Aucun écran avec cet identifiant.")
