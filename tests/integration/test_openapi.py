"""GET /api/openapi.json is generated from the routes and the same pydantic models that
validate the bodies; /api/docs renders it with Swagger UI from npm under the strict CSP."""

from __future__ import annotations

import re

from openapi_spec_validator import validate

from signage.web.api.users import UserCreate, UserUpdate
from tests.support import api_login, make_user


def _api_rules(app) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    found = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/") or rule.endpoint.startswith("api_docs."):
            continue
        path = re.sub(r"<(?:[a-z]+:)?(\w+)>", r"{\1}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            found.add((path, method.lower()))
    return found


def test_the_description_is_valid_openapi_31_and_names_every_api_route(app, client) -> None:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    spec = response.get_json()
    validate(spec)  # raises on anything outside OpenAPI 3.1
    assert spec["openapi"].startswith("3.1")
    documented = {(path, method) for path, item in spec["paths"].items() for method in item}
    assert documented == _api_rules(app)
    assert spec["info"]["version"] == "1"


def test_bodies_are_the_validating_models(client) -> None:
    spec = client.get("/api/openapi.json").get_json()
    schemas = spec["components"]["schemas"]
    create = spec["paths"]["/api/admin/users"]["post"]["requestBody"]["content"]["application/json"]
    assert create["schema"] == {"$ref": "#/components/schemas/UserCreate"}
    assert schemas["UserCreate"] == UserCreate.model_json_schema(by_alias=True)
    assert (
        schemas["UserUpdate"]["properties"].keys()
        == UserUpdate.model_json_schema(by_alias=True)["properties"].keys()
    )
    assert set(schemas["UserCreate"]["required"]) == {"email", "password", "role"}
    assert schemas["UserCreate"]["properties"]["role"]["enum"] == ["ADMIN", "EDITOR", "VIEWER"]
    # camelCase on the wire, as CONTRACT §1 says
    assert "screenshotIntervalMinutes" in schemas["GroupCreate"]["properties"]
    # every write that reads a JSON object names its model
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in {"post", "put"} and operation["operationId"].endswith(("create", "update_put")):
                assert "requestBody" in operation, (path, method)


def test_security_follows_the_guard(client) -> None:
    paths = client.get("/api/openapi.json").get_json()["paths"]
    users = paths["/api/admin/users"]["get"]
    assert users["security"] == [{"session": [], "csrf": []}, {"apiToken": []}]
    assert users["x-roles"] == ["ADMIN"]
    assert paths["/api/admin/sites"]["get"]["x-roles"] == ["ADMIN", "EDITOR", "VIEWER"]
    assert paths["/api/player/{screen_id}/heartbeat"]["post"]["security"] == [{"playerJwt": []}]
    assert paths["/api/player/activate"]["post"]["security"] == []
    assert paths["/api/auth/login"]["post"]["security"] == []
    listing = {p["name"] for p in paths["/api/admin/screens"]["get"]["parameters"]}
    assert {"limit", "offset", "q", "siteId"} <= listing


def test_a_422_names_each_bad_field_in_the_documented_shape(app, client) -> None:
    make_user(app, "root@example.com", "ADMIN")
    csrf = api_login(client, "root@example.com")
    response = client.post(
        "/api/admin/users",
        json={"email": "nope", "password": "", "role": "GOD", "name": 5, "extra": True},
        headers={"X-CSRFToken": csrf},
    )
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {
        "email": "Not a valid e-mail address.",
        "password": "This field cannot be empty.",
        "role": "Must be one of ADMIN, EDITOR, VIEWER.",
        "name": "Must be a string.",
        "extra": "Unknown field.",
    }


def test_the_docs_page_loads_swagger_ui_from_our_own_assets(client) -> None:
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts and all('src="/static/dist/console/api-docs.js"' in tag for tag in scripts)
    assert "http" not in "".join(re.findall(r'(?:src|href)="([^"]*)"', html))  # no CDN
    assert 'data-spec="/api/openapi.json"' in html
