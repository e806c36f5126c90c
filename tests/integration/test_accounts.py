"""Getting back into an account (issue 13): "forgot password" with a signed, single-use,
expiring link, throttled and answering the same for unknown e-mails; an ADMIN's unlock
(audited) and reset e-mail; e-mails in the user's language, through a real SMTP server."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from html import unescape

import pytest
from sqlalchemy import select

from signage.auth import password_reset, reset_rules
from signage.extensions import db
from signage.models import AuditEntry, LoginFailure, User
from tests.integration.test_admin_pages import csrf_from, sign_in
from tests.mail_support import Inbox, smtp_server
from tests.support import PASSWORD, api_login, free_port, make_user

BASE_URL = "https://signage.example.com"
FR = {"Accept-Language": "fr-FR,fr;q=0.9"}
SAME_ANSWER = "If an account uses this address, an e-mail with a link to choose a new password is on its way."


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    port = free_port()
    with smtp_server(port) as received:
        received.port = port  # type: ignore[attr-defined]
        yield received


@pytest.fixture
def mail_app(app, clean_db, inbox, monkeypatch):  # type: ignore[no-untyped-def]
    settings = replace(
        app.config["SIGNAGE"],
        mail_server="127.0.0.1",
        mail_port=inbox.port,
        mail_sender="signage@example.com",
        public_base_url=BASE_URL,
    )
    monkeypatch.setitem(app.config, "SIGNAGE", settings)
    return app


def forgot(client, email: str, headers=None):  # type: ignore[no-untyped-def]
    token = csrf_from(client.get("/admin/forgot-password", headers=headers).get_data(as_text=True))
    return client.post(
        "/admin/forgot-password",
        data={"csrf_token": token, "email": email},
        headers=headers,
        follow_redirects=True,
    )


def link_in(message) -> str:  # type: ignore[no-untyped-def]
    found = re.search(r"https://signage\.example\.com(/admin/reset-password/\S+)", message.get_content())
    assert found, message.get_content()
    return found.group(1)


def choose(client, path: str, password: str, confirm: str | None = None):  # type: ignore[no-untyped-def]
    page = client.get(path)
    token = csrf_from(page.get_data(as_text=True))
    data = {"csrf_token": token, "password": password, "confirm_password": confirm or password}
    return client.post(path, data=data)


def test_forgot_password_sends_a_link_that_works_once(mail_app, client, inbox) -> None:
    make_user(mail_app, "ada@example.com", "EDITOR", name="Ada")
    answer = forgot(client, "ADA@example.com ")
    assert answer.status_code == 200 and SAME_ANSWER in unescape(answer.get_data(as_text=True))
    assert inbox.wait(1)
    [(recipients, message)] = inbox.take()
    assert recipients == ["ada@example.com"] and message["Subject"] == "Reset your Signage password"
    assert message.get_content().startswith("Hello Ada,")
    path = link_in(message)

    differ = choose(client, path, "a-brand-new-password", "something-else")
    assert differ.status_code == 422 and "The two new passwords differ." in differ.get_data(as_text=True)
    weak = choose(client, path, "short")
    assert weak.status_code == 422 and "At least 8 characters." in weak.get_data(as_text=True)
    done = choose(client, path, "a-brand-new-password")
    assert done.status_code == 302 and done.headers["Location"].endswith("/admin/login")
    assert sign_in(client, "ada@example.com", "a-brand-new-password").status_code == 302
    client.post("/admin/logout", data={"csrf_token": csrf_from(client.get("/admin/").get_data(as_text=True))})

    again = client.get(path)  # the password it was bound to is gone: so is the link
    assert again.status_code == 404
    assert "This password reset link is not valid or was already used" in unescape(
        again.get_data(as_text=True)
    )
    assert client.get("/admin/reset-password/not-a-token").status_code == 404
    with mail_app.app_context():
        assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.action == "password_reset"))


def test_an_unknown_email_gets_the_same_answer_and_no_mail(mail_app, client, inbox) -> None:
    make_user(mail_app, "ada@example.com", "EDITOR")
    known = forgot(client, "ada@example.com")
    unknown = forgot(client, "nobody@example.com")
    assert known.status_code == unknown.status_code == 200
    assert SAME_ANSWER in unescape(unknown.get_data(as_text=True))
    assert inbox.wait(1)
    assert not inbox.wait(2, timeout=1)
    assert [recipients for recipients, _ in inbox.take()] == [["ada@example.com"]]


def test_requests_are_throttled_per_email_and_per_address(mail_app, client, inbox) -> None:
    make_user(mail_app, "ada@example.com", "EDITOR")
    for _ in range(reset_rules.PER_EMAIL + 2):
        assert forgot(client, "ada@example.com").status_code == 200  # the same answer throughout
    assert inbox.wait(reset_rules.PER_EMAIL)
    assert not inbox.wait(reset_rules.PER_EMAIL + 1, timeout=1)
    inbox.take()
    # This address already asked PER_EMAIL + 2 times; others, for unknown e-mails, count too.
    for n in range(reset_rules.PER_ADDRESS):
        forgot(client, f"nobody{n}@example.com")
    make_user(mail_app, "bob@example.com", "EDITOR")
    forgot(client, "bob@example.com")
    assert not inbox.wait(1, timeout=1)
    # Another address may still ask for bob.
    other = mail_app.test_client()
    token = csrf_from(other.get("/admin/forgot-password").get_data(as_text=True))
    other.post(
        "/admin/forgot-password",
        data={"csrf_token": token, "email": "bob@example.com"},
        environ_base={"REMOTE_ADDR": "192.0.2.9"},
    )
    assert inbox.wait(1)


def test_an_expired_link_says_so(mail_app, client, inbox, monkeypatch) -> None:
    make_user(mail_app, "ada@example.com", "EDITOR")
    forgot(client, "ada@example.com")
    assert inbox.wait(1)
    path = link_in(inbox.take()[0][1])
    monkeypatch.setattr(reset_rules, "LINK_MAX_AGE", reset_rules.LINK_MAX_AGE * -1)
    expired = client.get(path)
    assert expired.status_code == 410 and "has expired" in expired.get_data(as_text=True)


def test_the_mail_speaks_the_users_language(mail_app, client, inbox) -> None:
    make_user(mail_app, "chloe@example.com", "EDITOR", name="Chloé")
    with mail_app.app_context():
        db.session.scalar(select(User)).locale = "fr"
        db.session.commit()
    answer = forgot(client, "chloe@example.com")  # asked from an English page
    assert SAME_ANSWER in unescape(answer.get_data(as_text=True))
    assert inbox.wait(1)
    message = inbox.take()[0][1]
    assert message["Subject"] == "Réinitialisez votre mot de passe Signage"
    assert message.get_content().startswith("Bonjour Chloé,")
    page = client.get(link_in(message), headers=FR)
    assert "Choisissez un nouveau mot de passe" in unescape(page.get_data(as_text=True))


def test_a_forged_host_never_gets_a_link_without_public_base_url(
    app, clean_db, client, inbox, monkeypatch
) -> None:
    settings = replace(
        app.config["SIGNAGE"], mail_server="127.0.0.1", mail_port=inbox.port, public_base_url=None
    )
    monkeypatch.setitem(app.config, "SIGNAGE", settings)
    make_user(app, "ada@example.com", "EDITOR")
    evil = {"Host": "evil.example.net"}
    token = csrf_from(client.get("/admin/forgot-password", headers=evil).get_data(as_text=True))
    answer = client.post(
        "/admin/forgot-password", data={"csrf_token": token, "email": "ada@example.com"}, headers=evil
    )
    assert answer.status_code == 302  # the same answer, and no e-mail
    assert not inbox.wait(1, timeout=1)


def test_an_admin_unlocks_an_email_and_the_audit_log_says_who(mail_app, client) -> None:
    make_user(mail_app, "root@example.com", "ADMIN")
    make_user(mail_app, "ada@example.com", "EDITOR")
    other = mail_app.test_client()
    for _ in range(5):
        sign_in(other, "ada@example.com", "wrong-password")
    assert sign_in(other, "ada@example.com").status_code == 429  # locked, even with the right one
    sign_in(client, "root@example.com")
    with mail_app.app_context():
        ada = db.session.scalar(select(User).where(User.email == "ada@example.com"))
        ada_id = ada.id
    page = client.get(f"/admin/users/{ada_id}").get_data(as_text=True)
    assert 'data-testid="locked-out"' in page
    unlocked = client.post(f"/admin/users/{ada_id}/unlock", data={"csrf_token": csrf_from(page)})
    assert unlocked.status_code == 302
    assert 'data-testid="locked-out"' not in client.get(f"/admin/users/{ada_id}").get_data(as_text=True)
    assert sign_in(other, "ada@example.com").status_code == 302
    with mail_app.app_context():
        assert db.session.scalar(select(LoginFailure.id)) is None
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "unlocked"))
        assert entry.user_email == "root@example.com"
        assert entry.changes == {"email": "ada@example.com", "failuresCleared": 5}


def test_an_admin_sends_a_reset_email_editors_may_not(mail_app, client, inbox) -> None:
    make_user(mail_app, "root@example.com", "ADMIN")
    make_user(mail_app, "ada@example.com", "EDITOR")
    with mail_app.app_context():
        ada_id = db.session.scalar(select(User.id).where(User.email == "ada@example.com"))
    editor = mail_app.test_client()
    sign_in(editor, "ada@example.com")
    token = csrf_from(editor.get("/admin/").get_data(as_text=True))
    assert editor.post(f"/admin/users/{ada_id}/send-reset", data={"csrf_token": token}).status_code == 403
    assert editor.post(f"/admin/users/{ada_id}/unlock", data={"csrf_token": token}).status_code == 403

    sign_in(client, "root@example.com")
    page = client.get(f"/admin/users/{ada_id}").get_data(as_text=True)
    sent = client.post(f"/admin/users/{ada_id}/send-reset", data={"csrf_token": csrf_from(page)})
    assert sent.status_code == 302
    assert inbox.wait(1)
    path = link_in(inbox.take()[0][1])
    assert choose(mail_app.test_client(), path, "chosen-by-ada").status_code == 302
    with mail_app.app_context():
        ada = db.session.get(User, ada_id)
        assert password_reset.user_by_email("ada@example.com") is ada
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "password_reset_sent"))
        assert entry.user_email == "root@example.com" and entry.changes == {"email": "ada@example.com"}
    assert sign_in(mail_app.test_client(), "ada@example.com", PASSWORD).status_code == 401


def test_the_api_asks_resets_and_unlocks(mail_app, client, inbox, monkeypatch) -> None:
    make_user(mail_app, "root@example.com", "ADMIN")
    make_user(mail_app, "ada@example.com", "EDITOR")
    with mail_app.app_context():
        ada_id = db.session.scalar(select(User.id).where(User.email == "ada@example.com"))
    anonymous = mail_app.test_client()
    for email in ("ada@example.com", "nobody@example.com"):
        asked = anonymous.post("/api/auth/forgot-password", json={"email": email})
        assert (asked.status_code, asked.get_json()) == (202, {"status": "ACCEPTED"})
    assert inbox.wait(1) and not inbox.wait(2, timeout=1)
    token = link_in(inbox.take()[0][1]).rsplit("/", 1)[1]
    weak = anonymous.post("/api/auth/reset-password", json={"token": token, "password": "short"}, headers=FR)
    assert weak.status_code == 422
    assert weak.get_json()["error"]["fields"] == {"password": "Au moins 8 caractères."}
    done = anonymous.post("/api/auth/reset-password", json={"token": token, "password": "chosen-by-ada"})
    assert done.status_code == 200
    used = anonymous.post("/api/auth/reset-password", json={"token": token, "password": "another-one-here"})
    assert (used.status_code, used.get_json()["error"]["code"]) == (404, "reset_link_invalid")

    for _ in range(5):
        sign_in(anonymous, "ada@example.com", "wrong-password")
    admin_headers = {"X-CSRFToken": api_login(client, "root@example.com")}
    unlocked = client.post(f"/api/admin/users/{ada_id}/unlock", headers=admin_headers)
    assert (unlocked.status_code, unlocked.get_json()) == (200, {"failuresCleared": 5})
    assert sign_in(anonymous, "ada@example.com", "chosen-by-ada").status_code == 302
    sent = client.post(f"/api/admin/users/{ada_id}/password-reset", headers=admin_headers)
    assert sent.status_code == 202 and inbox.wait(1)
    monkeypatch.setitem(mail_app.config, "SIGNAGE", replace(mail_app.config["SIGNAGE"], mail_server=None))
    off = client.post(f"/api/admin/users/{ada_id}/password-reset", headers=admin_headers)
    assert (off.status_code, off.get_json()["error"]["code"]) == (409, "mail_not_configured")
