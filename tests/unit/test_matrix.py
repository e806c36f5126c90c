from signage.access.matrix import MATRIX, Permission, Role, can, permissions_of

# The spec's table (CONTRACT §3), row by row, independently of how the code spells it.
EXPECTED = {
    "sites:read": "AEV",
    "sites:write": "A",
    "screens:read": "AEV",
    "screens:write": "A",
    "screens:revoke": "A",
    "screens:command": "A",
    "media:read": "AEV",
    "media:write": "AE",
    "templates:read": "AEV",
    "templates:write": "AE",
    "playlists:read": "AEV",
    "playlists:write": "AE",
    "schedules:read": "AEV",
    "schedules:write": "AE",
    "alerts:read": "AEV",
    "alerts:write": "AE",
    "datasources:read": "AEV",
    "datasources:write": "AE",
    "reports:read": "AEV",
    "users:manage": "A",
    "audit:read": "A",  # our addition (issue 15): the audit log
    "console": "AEV",
}
LETTER = {"A": Role.ADMIN, "E": Role.EDITOR, "V": Role.VIEWER}


def test_every_permission_has_a_row() -> None:
    assert set(MATRIX) == set(Permission)
    assert {p.value for p in Permission} == set(EXPECTED)


def test_matrix_matches_the_spec() -> None:
    for permission, letters in EXPECTED.items():
        allowed = {LETTER[c] for c in letters}
        for role in Role:
            assert can(role, permission) is (role in allowed), (role, permission)


def test_unknown_roles_and_permissions_hold_nothing() -> None:
    assert not can(None, Permission.CONSOLE)
    assert not can("ROOT", Permission.CONSOLE)
    assert not can("admin", Permission.USERS_MANAGE)  # roles are case-sensitive values
    assert not can(Role.ADMIN, "everything")


def test_permissions_of_viewer_are_read_only() -> None:
    viewer = permissions_of(Role.VIEWER)
    assert all(p.value.endswith(":read") or p is Permission.CONSOLE for p in viewer)
    assert permissions_of(Role.ADMIN) == frozenset(Permission)
