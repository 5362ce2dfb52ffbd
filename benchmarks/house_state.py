"""The measured state of the house (issue 17): lines per room, import circles, long functions,
``# fmt: skip`` lines.

Run: ``python benchmarks/house_state.py`` (from the project root). The same measures are asserted
by ``tests/test_house_rules.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.test_house_rules import (  # noqa: E402
    PACKAGE,
    circles,
    fmt_skip_lines,
    function_lengths,
    import_graph,
)


def room_lines(room: str) -> int:
    """Physical lines of the Python files of ``analytics/<room>``."""
    files = (PACKAGE / room).rglob("*.py")
    return sum(len(p.read_text(encoding="utf-8").splitlines()) for p in files)


def main() -> None:
    """Print the measures beside the issue's goals."""
    found = circles(import_graph())
    lengths = [n for _, _, n in function_lengths()]
    rows = [
        ("analytics/runs lines", room_lines("runs"), "≤ 4,500"),
        ("analytics/reports lines", room_lines("reports"), "≤ 4,000"),
        ("import circles (deferred imports counted)", len(found), "0"),
        ("functions over 100 lines", sum(n > 100 for n in lengths), "0"),
        ("functions over 60 lines", sum(n > 60 for n in lengths), "≤ 15"),
        ("`# fmt: skip` lines", fmt_skip_lines("analytics", "tests", "benchmarks"), "≤ 30"),
    ]
    for label, value, goal in rows:
        print(f"{label:<45} {value:>7,}   goal {goal}")
    for component in found:
        print("  circle:", " → ".join(component))


if __name__ == "__main__":
    main()
