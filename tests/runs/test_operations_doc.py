"""The README's operations table names, for every guarantee, tests that exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_test_the_operations_section_cites_exists() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Operations: what is guaranteed", 1)[1].split("\n## ", 1)[0]
    cited, last = [], ""
    for path, name in re.findall(r"`((?:[a-z_]+/)*test_[a-z_]+\.py|…)::([A-Za-z_0-9]+)", section):
        last = last if path == "…" else path
        cited.append((last, name))
    assert len(cited) >= 14
    for path, name in cited:
        source = (ROOT / "tests" / path).read_text(encoding="utf-8")
        assert f"def {name}(" in source, f"README cites tests/{path}::{name}, which does not exist"
    for fault in ("SIGKILL", "SIGTERM", "disk full", "damaged history", "read-only"):
        assert fault in section
    for figure in ("9 SIGKILLs", "14,082 concurrent reads", "28 failed", "25 killed"):
        assert figure in section
