"""Every public name a subpackage lists in ``__all__`` exists (altair's test_toplevel)."""

from __future__ import annotations

import importlib

import pytest

SUBPACKAGES = [
    "analytics",
    "analytics.catalog",
    "analytics.io",
    "analytics.stats",
    "analytics.accounts",
    "analytics.index",
    "analytics.charts",
    "analytics.reports",
    "analytics.runs",
    "analytics.exceptions",
    "analytics.config",
]


@pytest.mark.parametrize("name", SUBPACKAGES)
def test_all_is_honest(name: str) -> None:
    module = importlib.import_module(name)
    exported = getattr(module, "__all__", None)
    assert exported is not None, f"{name} has no __all__"
    assert len(exported) == len(set(exported)), f"{name}.__all__ lists a name twice"
    missing = [n for n in exported if not hasattr(module, n)]
    assert not missing, f"{name}.__all__ lists missing names {missing}"


def test_import_analytics_is_cheap() -> None:
    """``import analytics`` must not drag in the heavy subpackages (notebook start-up)."""
    import subprocess
    import sys

    heavy = "('altair', 'statsmodels', 'papermill')"
    code = f"import sys, analytics; print(','.join(m for m in {heavy} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
