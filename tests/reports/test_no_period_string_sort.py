"""No report or statistics code orders periods as text (issue 18: periods sort as dates).

As text ``"2025-11" > "2025"``, so ``sort("period").row(-1)`` took China's November figure
(4,830,000) for its 2025 year-end (4,838,000). Periods are ordered with
:func:`analytics.stats.periods.sort_by_period` / ``period_order`` or ``key=Period.parse``
(``latest_period``). This scans the source of ``analytics/reports/`` and ``analytics/stats/``
with :mod:`ast` for

- ``.sort(…)`` / ``.sort_by(…)`` whose keys name a period (``"period"``, ``periods``, ``*_period``),
  or an argument-less ``.sort()`` of a period column (``s["period"].unique().sort()``);
- ``.max()`` / ``.min()`` / ``.arg_max()`` / ``.arg_min()`` of a period column
  (``frame["period"].max()``, ``pl.col("period").max()``);
- ``sorted(…)`` / ``max(…)`` / ``min(…)`` over periods without ``key=Period.parse``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import analytics

PACKAGE = Path(analytics.__file__).parent
ROOTS = (PACKAGE / "reports", PACKAGE / "stats")

#: (path relative to analytics/, the call's source) → why it is not a sort of period labels.
#: Empty: every period sort in these folders goes through the date-aware helpers.
EXCEPTIONS: dict[tuple[str, str], str] = {}

_NAME = re.compile(r"(^|_)periods?$")
_CHAIN = {"unique", "drop_nulls", "implode", "explode", "to_list", "filter"}


def _names_period(node: ast.AST) -> bool:
    """True when ``node`` mentions a period: the string "period" or a name like ``periods``."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.Constant) and sub.value == "period":
            return True
        if isinstance(sub, ast.Name) and _NAME.search(sub.id):
            return True
        if isinstance(sub, ast.Attribute) and _NAME.search(sub.attr):
            return True
    return False


def _is_period_column(node: ast.AST) -> bool:
    """``x["period"]`` or ``pl.col("period")``, possibly through ``.unique()`` and the like."""
    while (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in _CHAIN
    ):
        node = node.func.value
    if isinstance(node, ast.Subscript):
        return isinstance(node.slice, ast.Constant) and node.slice.value == "period"
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        first = node.args[0] if node.args else None
        return (
            node.func.attr == "col" and isinstance(first, ast.Constant) and first.value == "period"
        )
    return isinstance(node, ast.Name) and bool(_NAME.search(node.id))


def _over_periods(arg: ast.AST) -> bool:
    """An argument of ``sorted``/``max``/``min`` that holds period labels."""
    if isinstance(arg, (ast.GeneratorExp, ast.ListComp, ast.SetComp)):
        return _names_period(arg.elt)
    return _is_period_column(arg) or (
        isinstance(arg, ast.Attribute) and _is_period_column(ast.Name(arg.attr))
    )


def _has_period_key(call: ast.Call) -> bool:
    return any(k.arg == "key" and "Period" in ast.unparse(k.value) for k in call.keywords)


def offences(source: str) -> Iterator[tuple[int, str]]:
    """``(line, call source)`` of every call in ``source`` that orders periods as text."""
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        f, bad = node.func, False
        if isinstance(f, ast.Attribute) and f.attr in {"sort", "sort_by"}:
            keys = [*node.args, *(k.value for k in node.keywords if k.arg in {"by", "more_by"})]
            bad = any(_names_period(k) for k in keys) if keys else _is_period_column(f.value)
        elif isinstance(f, ast.Attribute) and f.attr in {"max", "min", "arg_max", "arg_min"}:
            bad = not node.args and _is_period_column(f.value)
        elif isinstance(f, ast.Name) and f.id in {"sorted", "max", "min"}:
            bad = any(_over_periods(a) for a in node.args) and not _has_period_key(node)
        if bad:
            yield node.lineno, ast.unparse(node)


@pytest.mark.parametrize(
    "code",
    [
        'last = data.mine.sort("period").row(-1, named=True)',  # the fiveg card before issue 18
        'frame.sort("region", "period")',
        'frame.sort(["region", "period"], descending=True)',
        'frame.sort(by=["indicator", "period"])',
        'year = per100["period"].max()',
        'first = va.filter(pl.col("region") == r)["period"].min()',
        'frame.group_by("region").agg(pl.col("period").max())',
        'years = panel["period"].unique().sort().to_list()',
        "latest = sorted(periods)[-1]",
        "latest = max(base_period, other_period)",
        "latest = max(self.periods)",
        'first = min(r["period"] for r in rows)',
    ],
)
def test_the_scan_finds_a_string_sort_of_periods(code: str) -> None:
    assert list(offences(code)), code


@pytest.mark.parametrize(
    "code",
    [
        'sort_by_period(frame, "region")',
        "frame.sort(period_order())",
        'frame.sort("value", descending=True)',
        "sorted(periods, key=Period.parse)",
        'latest_period(frame["period"])',
        'frame["value"].max()',
        'frame.filter(pl.col("period") == year)["value"].max()',
        "sorted(set(globals()) | set(__all__))",
        "max((y for y in years if str(y) <= ctx.period[:4]), default=None)",
        "min(today, Period.parse(period).end)",
    ],
)
def test_the_scan_lets_date_sorts_and_other_sorts_pass(code: str) -> None:
    assert not list(offences(code)), code


def _scan() -> list[tuple[str, int, str]]:
    return [
        (str(path.relative_to(PACKAGE)), line, call)
        for root in ROOTS
        for path in sorted(root.rglob("*.py"))
        for line, call in offences(path.read_text(encoding="utf-8"))
    ]


def test_no_report_or_statistics_code_sorts_period_strings() -> None:
    found = _scan()
    unexplained = [
        f"{rel}:{line}: {call}" for rel, line, call in found if (rel, call) not in EXCEPTIONS
    ]
    assert not unexplained, (
        "periods ordered as text (use analytics.stats.periods.sort_by_period, period_order, "
        "latest_period or key=Period.parse):\n" + "\n".join(unexplained)
    )
    stale = set(EXCEPTIONS) - {(rel, call) for rel, _, call in found}
    assert not stale, f"exceptions that no longer match any code (remove them): {stale}"
