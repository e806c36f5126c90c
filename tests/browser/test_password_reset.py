"""A French user who forgot their password gets back in from the sign-in page: the e-mail (in
French, through a real SMTP server) carries a link that works once, in Debian's Chromium."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.mail_support import smtp_server
from tests.support import free_port, live_server, make_user


def test_forgot_password_in_french_end_to_end(app, browser, database_url: str, clean_db) -> None:  # type: ignore[no-untyped-def]
    make_user(app, "chloe@example.com", "EDITOR", name="Chloé")
    smtp_port, port = free_port(), free_port()
    base = f"http://127.0.0.1:{port}"
    with (
        smtp_server(smtp_port) as inbox,
        live_server(
            database_url, port, MAIL_SERVER="127.0.0.1", MAIL_PORT=str(smtp_port), PUBLIC_BASE_URL=base
        ) as url,
    ):
        context = browser.new_context(base_url=url, locale="fr-FR", timezone_id="Europe/Paris")
        page = context.new_page()
        page.set_default_timeout(10_000)
        try:
            page.goto("/admin/login")
            page.get_by_role("link", name="Mot de passe oublié ?").click()
            page.get_by_label("E-mail").fill("chloe@example.com")
            page.get_by_role("button", name="M'envoyer un lien").click()
            expect(page.get_by_text("Si un compte utilise cette adresse")).to_be_visible()
            assert inbox.wait(1)
            [(_, message)] = inbox.take()
            assert message["Subject"] == "Réinitialisez votre mot de passe Signage"
            link = re.search(r"http://\S+/admin/reset-password/\S+", message.get_content()).group(0)

            page.goto(link)
            page.get_by_label("Nouveau mot de passe", exact=True).fill("mon-nouveau-secret")
            page.get_by_label("Nouveau mot de passe, à nouveau").fill("mon-nouveau-secret")
            page.get_by_role("button", name="Enregistrer mon nouveau mot de passe").click()
            expect(page.get_by_text("Votre mot de passe est changé")).to_be_visible()
            page.get_by_label("E-mail").fill("chloe@example.com")
            page.get_by_label("Mot de passe").fill("mon-nouveau-secret")
            page.get_by_role("button", name="Se connecter").click()
            expect(page).to_have_url(f"{url}/admin/")

            page.goto(link)  # used: it says so, in French
            expect(page.get_by_role("alert")).to_contain_text("n'est pas valide ou a déjà servi")
        finally:
            context.close()
