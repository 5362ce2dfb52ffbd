"""Chart downloads a reader can open in Excel: BOM, header, unit, source, numbers as published."""

from __future__ import annotations

import csv
import io
import re

from analytics.reports.components import chart_csv
from tests.reports.page_helpers import build


def _rows(text: str) -> tuple[list[str], list[dict[str, str]]]:
    assert text.startswith("\ufeff"), "UTF-8 with BOM, so Excel reads the Chinese"
    lines = text[1:].splitlines()
    header = [x for x in lines if x.startswith("# ")]
    return header, list(csv.DictReader(io.StringIO("\n".join(lines[len(header) :]))))


def test_density_csv_names_report_region_period_unit_and_source() -> None:
    rc = build("fiveg", region="120000", period="latest", lang="zh")
    sec = next(s for s in rc.sections if s.name == "density")
    assert sec.chart is not None and sec.data is not None
    text = chart_csv(sec.data, spec=sec.chart.to_dict(), header=sec.csv_header, lang="zh")
    header, rows = _rows(text)
    assert header[:2] == [f"# 报告: {rc.title}", "# 地区: 天津"]
    tj = next(r for r in rows if r["region"] == "120000")
    # 73,000 (end-2023, inferred) / 1,364万 residents (end-2024, the only year in the store)
    assert (tj["value"], tj["period"], tj["unit"]) == ("53.5", "2023", "个/万人")
    assert tj["source"]
    cq = next(r for r in rows if r["region"] == "500000")
    assert cq["value"] == "19.04"  # as published, not 19.0 nor 19.040000000000003


def test_no_float_noise_in_any_industry_csv() -> None:
    rc = build("industry", region="120000", period="latest", lang="en")
    for sec in rc.sections:
        if sec.chart is None or sec.data is None:
            continue
        text = chart_csv(sec.data, spec=sec.chart.to_dict(), header=sec.csv_header, lang="en")
        assert not re.search(r"\d\.\d*0000000\d", text), sec.name
        assert not re.search(r"\d\.\d*9999999\d", text), sec.name
        _, rows = _rows(text)
        assert rows and {"unit", "source"} <= set(rows[0]), sec.name
