"""Domain rules stay pure: they import only the standard library (DESIGN.md)."""

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PURE = [
    "signage/access/matrix.py",
    "signage/alerts/rules.py",
    "signage/auth/lockout.py",
    "signage/core/validation.py",
    "signage/fleet/identity_rules.py",
    "signage/fleet/rules.py",
    "signage/content/media_rules.py",
    "signage/datasources/addresses.py",
    "signage/datasources/parsers.py",
    "signage/datasources/rules.py",
    "signage/media/ffmpeg_args.py",
    "signage/media/keys.py",
    "signage/monitoring/play_rules.py",
    "signage/monitoring/report_rules.py",
    "signage/monitoring/charts.py",
    "signage/monitoring/incident_mail.py",
    "signage/monitoring/incident_rules.py",
    "signage/monitoring/player_versions.py",
    "signage/monitoring/status_rules.py",
    "signage/scheduling/field_rules.py",
    "signage/scheduling/resolution.py",
    "signage/scheduling/week.py",
    "signage/scheduling/windows.py",
]


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("module", PURE)
def test_pure_module_imports_only_the_standard_library(module: str) -> None:
    outside = {name for name in imported_roots(ROOT / module) if name not in sys.stdlib_module_names}
    assert not outside, f"{module} imports {outside}"
