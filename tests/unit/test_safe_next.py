import pytest

from signage.config import load_settings
from signage.factory import create_app
from signage.web.console.session_views import safe_next


@pytest.fixture(scope="module")
def app():
    return create_app(load_settings({"SIGNAGE_ENV": "testing", "DATABASE_URL": "sqlite://"}))


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
        "javascript:alert(1)",
        "",
        None,
        "admin/users",
    ],
)
def test_never_redirects_off_site(app, target) -> None:
    with app.test_request_context():
        assert safe_next(target) == "/admin/"


def test_keeps_local_paths(app) -> None:
    with app.test_request_context():
        assert safe_next("/admin/users?x=1") == "/admin/users?x=1"
