"""Domain rules stay pure: they import only the standard library (DESIGN.md), and other pure
modules of ours (signage.core's depth-limited JSON, say), which are pure by the same test.

Pure modules are found by convention, not listed by hand: everything in signage/core, every
`rules.py` / `*_rules.py`, and every module whose docstring calls itself pure.
"""

import ast
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "signage"
SAYS_PURE = re.compile(r"(?i)\bpure\b")


def is_pure_by_convention(path: Path) -> bool:
    if path.parent == PACKAGE / "core" or path.name == "rules.py" or path.name.endswith("_rules.py"):
        return True
    return bool(SAYS_PURE.search(ast.get_docstring(ast.parse(path.read_text())) or ""))


PURE = sorted(str(p.relative_to(ROOT)) for p in PACKAGE.rglob("*.py") if is_pure_by_convention(p))


def _is_pure_module(dotted: str) -> bool:
    base = ROOT / dotted.replace(".", "/")
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.exists():
            return str(candidate.relative_to(ROOT)) in PURE
    return False


def imported_roots(path: Path) -> set[str]:
    """The top-level packages a module imports, leaving out our own pure modules."""
    tree = ast.parse(path.read_text())
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(a.name.split(".")[0] for a in node.names if not _is_pure_module(a.name))
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [f"{node.module}.{a.name}" for a in node.names]
            if not (_is_pure_module(node.module) or all(_is_pure_module(n) for n in names)):
                roots.add(node.module.split(".")[0])
    return roots


def test_the_convention_finds_the_rules() -> None:
    # A rename that hides a pure module from this test should fail loudly, not shrink it.
    assert len(PURE) >= 25
    for expected in (
        "signage/core/validation.py",
        "signage/scheduling/resolution.py",
        "signage/access/matrix.py",
    ):
        assert expected in PURE


def test_only_pure_modules_of_ours_are_allowed() -> None:
    assert _is_pure_module("signage.core.jsonsafe") and _is_pure_module("signage.core")
    assert not _is_pure_module("signage.extensions") and not _is_pure_module("signage.models")


@pytest.mark.parametrize("module", PURE)
def test_pure_module_imports_only_the_standard_library(module: str) -> None:
    outside = {name for name in imported_roots(ROOT / module) if name not in sys.stdlib_module_names}
    assert not outside, f"{module} imports {outside}"
