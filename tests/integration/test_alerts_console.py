"""/admin/alerts: the emergency path in one form, the list, and who may do what."""

from __future__ import annotations

import re

from sqlalchemy import select

from signage.core.errors import InvalidData
from signage.extensions import db
from signage.models import Alert, AlertDisplayMode, AlertTarget, Screen, ScreenCommand, ScreenGroup
from signage.web.console.alert_forms import AlertForm, EmergencyForm
from signage.web.console.forms import show_errors
from signage.web.console.schedule_forms import ScheduleForm
from tests.support import PASSWORD, make_screen, make_user


def sign_in(client, email: str) -> str:  # type: ignore[no-untyped-def]
    page = client.get("/admin/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/admin/login", data={"email": email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    return token


def csrf(client, url: str) -> str:  # type: ignore[no-untyped-def]
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_an_emergency_alert_to_a_group_in_one_form(app, client) -> None:
    make_user(app, "ed@example.com", "EDITOR")
    a, b = make_screen(app, "A"), make_screen(app, "B")
    make_screen(app, "C")  # same site, not in the group: gets nothing
    with app.app_context():
        group = ScreenGroup(name="Floor 2", site_id=db.session.get(Screen, a).site_id)
        db.session.add(group)
        db.session.flush()
        for screen_id in (a, b):
            db.session.get(Screen, screen_id).group_id = group.id
        db.session.commit()
        group_id = group.id
    sign_in(client, "ed@example.com")
    page = client.get("/admin/alerts")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'data-testid="emergency-form"' in html
    assert f'value="GROUP:{group_id}"' in html and ">Alerts<" in html
    token = csrf(client, "/admin/alerts")
    response = client.post(
        "/admin/alerts/emergency",
        data={"csrf_token": token, "title": "Evacuate", "content": "<img src=x onerror=alert(1)>",
              "target": f"GROUP:{group_id}"},
    )  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        alert = db.session.scalar(select(Alert))
        assert alert.is_active and alert.display_mode == AlertDisplayMode.FULLSCREEN
        assert alert.target_type == AlertTarget.GROUP and alert.background_color == "#b91c1c"
        assert sorted(c.screen_id for c in db.session.scalars(select(ScreenCommand))) == [a, b]
        alert_id = alert.id
    detail = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "&lt;img src=x onerror=alert(1)&gt;" in detail and "<img src=x" not in detail
    assert detail.count('data-delivery-status="PENDING"') == 2
    # Deactivate from the page.
    token = csrf(client, f"/admin/alerts/{alert_id}")
    assert client.post(f"/admin/alerts/{alert_id}/deactivate", data={"csrf_token": token}).status_code == 302
    with app.app_context():
        assert not db.session.get(Alert, alert_id).is_active


def test_a_refused_emergency_form_says_why_and_sends_nothing(app, client) -> None:
    make_user(app, "ed@example.com", "EDITOR")
    sign_in(client, "ed@example.com")
    token = csrf(client, "/admin/alerts")
    response = client.post(
        "/admin/alerts/emergency", data={"csrf_token": token, "title": "", "content": "", "target": "ALL"}
    )
    assert response.status_code == 422 and "This field cannot be empty." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Alert)) is None


def test_viewers_see_the_list_without_the_forms(app, client) -> None:
    make_user(app, "vi@example.com", "VIEWER")
    token = sign_in(client, "vi@example.com")
    html = client.get("/admin/alerts").get_data(as_text=True)
    assert "emergency-form" not in html and "alert-create" not in html
    assert client.post("/admin/alerts/emergency", data={"csrf_token": token}).status_code == 403


def test_each_target_form_shows_a_refused_target_beside_its_target_select(app) -> None:
    # The services name the target by type and id; the forms choose it in one select.
    with app.test_request_context():
        for form_class in (AlertForm, EmergencyForm, ScheduleForm):
            form = form_class(meta={"csrf": False})
            show_errors(form, InvalidData({"target_id": "No screen with this id."}))
            assert form.target.errors == ["No screen with this id."], form_class
            assert not form.form_errors
