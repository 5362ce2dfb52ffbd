"""A catalog id that nbs_files.yaml names but indicators.yaml lacks is located in both files."""

from __future__ import annotations

from pathlib import Path

import pytest

import analytics.io.nbs as nbs
from analytics.io.nbs import parse_nbs_export

ROOT = Path(__file__).resolve().parents[2]


def test_unknown_indicator_names_file_and_yaml_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (ROOT / "data" / "catalog" / "nbs_files.yaml").read_text(encoding="utf-8")
    old = "按照年份的GDP.csv: {indicator: gdp}"
    assert old in text
    yaml_line = text[: text.index(old)].count("\n") + 1
    (tmp_path / "nbs_files.yaml").write_text(
        text.replace(old, "按照年份的GDP.csv: {indicator: wholesale_sales}"), encoding="utf-8"
    )
    monkeypatch.setattr(nbs, "catalog_dir", lambda: tmp_path)
    export = ROOT / "data" / "raw" / "nbs" / "按照年份的GDP.csv"
    nbs.nbs_file_rules.cache_clear()  # the rules are cached per process
    try:
        parsed = parse_nbs_export(export, relpath="按照年份的GDP.csv")
    finally:
        nbs.nbs_file_rules.cache_clear()
    messages = [str(p) for p in parsed.problems]
    assert messages[0].startswith(f"{export}:3:1: unknown indicator `wholesale_sales`")
    assert f"referenced by {tmp_path / 'nbs_files.yaml'}:{yaml_line}" in messages[0]
