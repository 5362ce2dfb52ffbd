"""Ranks and the median the industry, 5G and digital-economy reports print, against the raw files.

Each expected number is computed here from data/raw with the csv module and plain Python (a rank
is 1 + the number of provinces with a higher value), then written out, so a change in the
package's ranking, filtering or median shows as a difference from the NBS tables themselves:

- NBS 分省年度数据2024.csv: GDP (地区生产总值) and GDP per capita (人均地区生产总值), 31 provinces;
- NBS 分省年度数据指数2024.csv: the GDP index (上年=100) of the 31 provinces;
- NBS portal panels (data/raw/nbs_portal/panels): optical cable length, software business
  revenue, e-commerce sales, 2016 and 2024.

The editions are asked for 2024 by name, so the pins hold when "latest" moves to 2025.
"""

from __future__ import annotations

import csv
import statistics

import pytest

from analytics.config import project_root
from analytics.reports import ReportContext, digital_economy, fiveg, industry
from analytics.reports.industry.data import core

RAW = project_root() / "data" / "raw"
TIANJIN, TIANJIN_CODE = "天津市", "120000000000"


def _nbs(name: str, column: str) -> dict[str, float]:
    """Province → value of ``column`` in an NBS 分省年度数据 export (BOM, tab-plus-comma)."""
    lines = (RAW / "nbs" / name).read_text(encoding="utf-8-sig").splitlines()
    header = [c.strip() for c in lines[2].split(",")]
    col = next(i for i, c in enumerate(header) if c.startswith(column))
    out = {}
    for line in lines[3:]:
        cells = [c.strip() for c in line.split(",")]
        if cells[0].endswith(("省", "市", "自治区")) and len(cells) > col and cells[col]:
            out[cells[0]] = float(cells[col])
    return out


def _panel(table: str, column: str, year: str) -> dict[str, float]:
    """Province code → value of ``column`` in ``year`` from an NBS portal panel CSV."""
    path = RAW / "nbs_portal" / "panels" / f"{table}_多年期_面板数据.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return {
            r["省辖市代码"]: float(r[column])
            for r in csv.DictReader(fh)
            if r["年份"] == year and r[column]
        }


def _rank(values: dict[str, float], who: str) -> tuple[int, int]:
    return 1 + sum(v > values[who] for v in values.values()), len(values)


@pytest.fixture(scope="module")
def en() -> ReportContext:
    return ReportContext(region="120000", period="2024", lang="en")


def test_gdp_rank_24_of_31(en: ReportContext) -> None:
    assert _rank(_nbs("分省年度数据2024.csv", "地区生产总值"), TIANJIN) == (24, 31)
    c = core(en)
    assert c is not None and (c.rank, c.latest.height) == (24, 31)
    sec = industry.gdp_per_capita(en)
    assert sec is not None
    assert "In 2024, Tianjin ranked 24th of 31 provinces by Gross regional product" in " ".join(
        sec.sentences
    )


def test_gdp_per_capita_rank_6_of_31(en: ReportContext) -> None:
    assert _rank(_nbs("分省年度数据2024.csv", "人均地区生产总值"), TIANJIN) == (6, 31)
    sec = industry.gdp_per_capita(en)
    assert sec is not None
    assert sec.sentences[0] == "In 2024, Tianjin ranked 6th of 31 provinces by GDP per capita."


def test_median_province_growth_5_2(en: ReportContext) -> None:
    index = _nbs("分省年度数据指数2024.csv", "地区生产总值指数")
    assert len(index) == 31
    # the 16th of the 31 indices (上年=100) is 105.2: the median province grew 5.2 %
    assert statistics.median(index.values()) == 105.2
    c = core(en)
    assert c is not None and c.median_growth == pytest.approx(5.2, abs=1e-9)
    assert "below the median province (5.2%)" in " ".join(industry.gdp(en).sentences)


@pytest.mark.parametrize(
    ("table", "column", "ranks", "section"),
    [
        # optical cable length: 30th of 31 in 2024, 28th in 2016
        ("分省电信主要通行能力", "光缆线路长度 (公里)", ((30, 31), (28, 31)), fiveg.optical_cable),
        # software business revenue: 10th of the 30 provinces with 2024 data, 12th in 2016
        (
            "分省软件和信息技术服务业主要经济指标",
            "软件业务收入 (万元)",
            ((10, 30), (12, 30)),
            digital_economy.software,
        ),
        # e-commerce sales: 13th of 31 in 2024, 9th in 2016
        (
            "分省企业信息化及电子商务情况",
            "电子商务销售额 (亿元)",
            ((13, 31), (9, 31)),
            digital_economy.ecommerce,
        ),
    ],
)
def test_portal_ranks_now_and_in_2016(
    en: ReportContext, table: str, column: str, ranks: tuple[tuple[int, int], ...], section: object
) -> None:
    now = _panel(table, column, "2024")
    # the 2016 rank is among the provinces the 2024 ranking holds
    then = {k: v for k, v in _panel(table, column, "2016").items() if k in now}
    assert (_rank(now, TIANJIN_CODE), _rank(then, TIANJIN_CODE)) == ranks
    (rank, n), (rank16, _) = ranks
    text = section(en).sentences[0]  # type: ignore[operator]
    assert f"Of the {n} provinces with data it ranks {rank} by size ({rank16} in 2016)" in text
