"""Import layers (docs/DESIGN.md): arrows point one way, checked on every module's syntax tree.

`runs` (host side) never imports `reports` (kernel side): it runs notebooks, which do.
`stats`, `index` and `charts` know nothing of files or runs: they never import `io` or `runs`.
Imports inside functions and under ``TYPE_CHECKING`` count too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import analytics

PACKAGE = Path(analytics.__file__).resolve().parent

RULES = {
    "runs": ("analytics.reports",),
    "stats": ("analytics.io", "analytics.runs"),
    "index": ("analytics.io", "analytics.runs"),
    "charts": ("analytics.io", "analytics.runs"),
}


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import in a file; ``from a import b`` yields ``a`` and ``a.b``."""
    out: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.lineno, node.module))
            out += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return out


def violations(subpackage: str, forbidden: tuple[str, ...]) -> list[str]:
    found = []
    for path in sorted((PACKAGE / subpackage).rglob("*.py")):
        for line, module in imported_modules(path):
            if any(module == f or module.startswith(f + ".") for f in forbidden):
                found.append(f"{path.relative_to(PACKAGE.parent)}:{line}: imports {module}")
    return found


def test_the_walker_sees_every_kind_of_import(tmp_path: Path) -> None:
    src = tmp_path / "m.py"
    src.write_text(
        "import analytics.reports.plan.data\n"
        "from analytics import reports\n"
        "def f():\n    from analytics.reports.components import chart_html\n"
        "if TYPE_CHECKING:\n    from analytics.io import read_series\n"
        "from . import sibling\n"
    )
    modules = {m for _, m in imported_modules(src)}
    assert {
        "analytics.reports.plan.data",
        "analytics.reports",
        "analytics.reports.components",
        "analytics.io",
    } <= modules
    assert not any(m.endswith("sibling") for m in modules)  # relative imports stay inside


@pytest.mark.parametrize(("subpackage", "forbidden"), sorted(RULES.items()))
def test_import_layers(subpackage: str, forbidden: tuple[str, ...]) -> None:
    assert (PACKAGE / subpackage).is_dir()
    assert violations(subpackage, forbidden) == []


def test_chart_metadata_key_is_the_same_on_both_sides() -> None:
    """The kernel writes chart CSVs under a metadata key the host reads without importing it."""
    from analytics.reports import components
    from analytics.runs import render

    assert render.METADATA_KEY == components.METADATA_KEY == "analytics_chart"


def test_the_host_side_of_a_run_stays_light() -> None:
    """`analytics report run` resolves `latest` and publishes without loading scipy,
    statsmodels or altair in the host process (the kernel loads them; seconds otherwise)."""
    import subprocess
    import sys

    modules = [
        "analytics.cli.report",
        "analytics.runs.schedule",
        "analytics.runs.execute",
        "analytics.runs.registry",
        "analytics.runs.publish",
        "analytics.stats.periods",
        "analytics.io",
    ]
    heavy = ("scipy", "statsmodels", "altair")
    code = f"import sys, {', '.join(modules)}; print([m for m in {heavy} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
