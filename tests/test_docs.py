"""The documents the code cites are in the repository, and so are the licence and changelog."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CITED = re.compile(r"\b(docs/[A-Za-z_]+\.md|data/README\.md)\b")


def test_every_cited_document_exists() -> None:
    sources = [*ROOT.glob("analytics/**/*.py"), *ROOT.glob("tests/**/*.py"), ROOT / "README.md"]
    cited = {m for p in sources for m in CITED.findall(p.read_text(encoding="utf-8"))}
    assert {"docs/METHODS.md", "docs/DESIGN.md", "data/README.md"} <= cited
    assert sorted(c for c in cited if not (ROOT / c).is_file()) == []


def test_licence_and_changelog() -> None:
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert "## Unreleased" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
