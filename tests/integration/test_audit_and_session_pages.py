"""The console's audit log page and the sessions on a user's page (ADMIN)."""

from __future__ import annotations

import re

from tests.integration.test_admin_pages import csrf_from, sign_in
from tests.support import api_login, make_user


def test_an_admin_sees_and_ends_a_users_sessions_on_their_page(app, client) -> None:
    make_user(app, "root@example.com", "ADMIN")
    ada = make_user(app, "ada@example.com", "EDITOR")
    laptop, phone = app.test_client(), app.test_client()
    api_login(laptop, "ada@example.com")
    api_login(phone, "ada@example.com")
    sign_in(client, "root@example.com")
    page = client.get(f"/admin/users/{ada}").get_data(as_text=True)
    section = page.split('data-testid="user-sessions"')[1].split("</section>")[0]
    ids = re.findall(r'name="session" value="(\d+)"', section)
    assert len(ids) == 2
    token = csrf_from(page)
    one = client.post(f"/admin/users/{ada}/sessions/end", data={"csrf_token": token, "session": ids[0]})
    assert one.status_code == 302
    assert [laptop.get("/api/auth/me").status_code, phone.get("/api/auth/me").status_code].count(401) == 1
    everywhere = client.post(f"/admin/users/{ada}/sessions/end", data={"csrf_token": token})
    assert everywhere.status_code == 302
    assert laptop.get("/api/auth/me").status_code == 401 and phone.get("/api/auth/me").status_code == 401
    assert "Not signed in anywhere." in client.get(f"/admin/users/{ada}").get_data(as_text=True)
    assert client.get("/admin/").status_code == 200  # the ADMIN's own session goes on


def test_the_audit_page_lists_and_filters_changes(app, client) -> None:
    make_user(app, "root@example.com", "ADMIN")
    make_user(app, "ed@example.com", "EDITOR")
    api = app.test_client()
    csrf = {"X-CSRFToken": api_login(api, "root@example.com")}
    site = api.post("/api/admin/sites", json={"name": "Lyon"}, headers=csrf).get_json()
    api.put(f"/api/admin/sites/{site['id']}", json={"name": "Lyon Part-Dieu"}, headers=csrf)
    sign_in(client, "root@example.com")
    page = client.get("/admin/audit")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Lyon Part-Dieu" in html and "Lyon → Lyon Part-Dieu" in html
    only_sites = client.get("/admin/audit?objectType=Site&action=create").get_data(as_text=True)
    rows = only_sites.split('data-testid="audit-table"')[1].split("<tbody>")[1].split("</tbody>")[0]
    assert rows.count("<tr ") == 1 and "Created" in rows
    nothing = client.get("/admin/audit?from=2099-01-01").get_data(as_text=True)
    assert "Nothing to show" in nothing
    assert "Journal d&#39;audit" in client.get("/admin/audit?lang=fr").get_data(
        as_text=True
    ) or "Journal d'audit" in client.get("/admin/audit").get_data(as_text=True)
    client.get("/admin/?lang=en")
    editor = app.test_client()
    sign_in(editor, "ed@example.com")
    assert editor.get("/admin/audit").status_code == 403
    assert "Audit log" not in editor.get("/admin/").get_data(as_text=True)
