"""The monthly bulletin, pinned to the cells of the NBS monthly exports in data/raw/nbs_monthly.

The reference values are read here from the raw files by hand (GBK, split on commas), or written
out: 月度数据.csv's 2019 出口总值当期值 row by row, 分省月度数据.csv's 2020年2月 column.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import polars as pl
import pytest

from analytics.reports import ReportContext, monthly
from analytics.reports.monthly.data import (
    bulletin_month,
    figures,
    get_item,
    items,
    ranking,
    window,
)
from analytics.runs.registry import get_report

RAW = Path(__file__).resolve().parents[2] / "data" / "raw" / "nbs_monthly"


def _rows(name: str) -> list[list[str]]:
    lines = (RAW / name).read_bytes().decode("gbk").splitlines()
    at = next(i for i, ln in enumerate(lines) if ln.startswith(("地区,", "时间,")))
    out = []
    for ln in lines[at:]:
        if ln.startswith(("注", '"注', "数据来源")):
            break
        out.append(ln.split(","))
    return out


def _ctx(region: str, built_store: Path, lang: str = "zh", period: str = "latest") -> ReportContext:
    return ReportContext(region=region, period=period, lang=lang, data_dir=built_store)  # type: ignore[arg-type]


def test_the_notebook_has_one_cell_per_section_in_the_yaml_order() -> None:
    nb = nbformat.read(get_report("monthly").notebook, as_version=4)
    calls = [c.source for c in nb.cells if c.cell_type == "code"][3:]
    wanted = ["monthly.header(ctx)", 'changes.since(ctx, previous, report="monthly")']
    for item in items():
        wanted += [f'monthly.indicator(ctx, "{item.id}")', f'monthly.provinces(ctx, "{item.id}")']
    assert calls == [*wanted, "monthly.notes(ctx)", "monthly.footer(ctx)"]
    assert [i.id for i in items() if i.card] == ["cpi_monthly", "cpi_food_tobacco_liquor_monthly"]


def test_china_latest_is_february_2020_with_24_months(built_store: Path) -> None:
    ctx = _ctx("000000", built_store)
    assert bulletin_month(ctx) == "2020-02"
    # 月度数据.csv, column 居民消费价格指数(上年同月=100), rows 2020年2月 back to 2018年3月
    rows = _rows("月度数据.csv")
    col = rows[0].index("居民消费价格指数(上年同月=100)")
    by_month = {}
    for r in rows[1:]:
        y, m = re.fullmatch(r"(\d{4})年(\d{1,2})月", r[0]).groups()  # type: ignore[union-attr]
        by_month[f"{y}-{int(m):02d}"] = float(r[col])
    w = window(ctx, get_item("cpi_monthly"))
    assert w.height == 24
    assert w["period"].to_list()[0] == "2018-03" and w["period"].to_list()[-1] == "2020-02"
    assert dict(w.select("period", "value").iter_rows()) == {
        p: v for p, v in by_month.items() if "2018-03" <= p <= "2020-02"
    }
    # year-on-year change of an index is index − 100: Feb 2020 105.2 → 5.2, Feb 2019 101.5 → 1.5
    change = dict(w.select("period", "change").iter_rows())
    assert (change["2020-02"], change["2019-02"]) == (5.2, 1.5)


def test_tianjin_card_and_rank_from_the_provincial_export(built_store: Path) -> None:
    ctx = _ctx("120000", built_store, lang="en")
    rows = _rows("分省月度数据.csv")
    feb = rows[0].index("2020年2月")
    values = {r[0]: float(r[feb]) for r in rows[1:]}
    assert values["天津市"] == 103.8 and len(values) == 31
    rank = 1 + sum(v > values["天津市"] for v in values.values())  # ties share the better rank
    assert rank == 24
    ranked = ranking(ctx, get_item("cpi_monthly"))
    assert ranked.height == 31 and "000000" not in ranked["region"].to_list()
    assert ranked.filter(pl.col("highlight"))["rank"].item() == rank
    assert ranked.row(0, named=True)["label"] == "Sichuan"  # 四川省 106.9: the highest rise
    card = monthly.cards(ctx).cards[0]
    assert (card.value, card.period, card.change) == ("103.8", "2020-02", "up 3.8% year on year")
    assert card.note == "rank 24 of 31 provinces by the rise"
    sentences = monthly.indicator(ctx, "cpi_monthly").sentences
    assert sentences[0].startswith("Tianjin, February 2020: Consumer price index 103.8")
    assert "cannot be summed" in sentences[1]  # an index is not summed over months


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_trend_legend_names_the_report_region_first_then_china(
    built_store: Path, lang: str
) -> None:
    ctx = _ctx("120000", built_store, lang=lang)
    first, then = ("天津", "全国") if lang == "zh" else ("Tianjin", "China")
    drawn = 0
    for item in items():
        for _ in range(3):  # the order was a bare unique()'s: it changed from one run to the next
            chart = monthly.indicator(ctx, item.id).chart
            if chart is None:  # a national series (exports): no trend of Tianjin beside China
                continue
            drawn += 1
            scale = chart.to_dict()["layer"][0]["encoding"]["color"]["scale"]
            assert scale["domain"] == [first, then], item.id
            assert scale["range"] == ["#0072B2", "#000000"]  # Tianjin's blue, China's black
    assert drawn == 3 * 9  # the 9 trend charts of Tianjin's bulletin


def test_exports_year_to_date_is_the_sum_of_the_months(built_store: Path) -> None:
    # 月度数据.csv, 出口总值当期值(千美元), 2019年1月 … 12月 (2020年1月 and 2月 are empty)
    months_2019 = [
        217566642,
        135200630,
        198655790,
        193481260,
        213845417,
        212835863,
        221553908,
        214786135,
        218123102,
        212916095,
        221337434,
        238267589,
    ]
    ctx = _ctx("000000", built_store)
    f = figures(ctx, get_item("exports_monthly"))
    assert f is not None
    assert f.month == "2019-12"  # its own latest month, older than the bulletin's 2020-02
    assert f.ytd == sum(months_2019) == 2_498_569_865
    assert f.ytd_from == "2019-01"
    # computed year on year: 238267589 / 221249124 (2018年12月) − 1 = 7.69 %
    assert f.change == pytest.approx((238267589 / 221249124 - 1) * 100)
    sec = monthly.indicator(ctx, "exports_monthly")
    assert "2019年12月" in sec.sentences[0] and "尚未发布" in sec.sentences[1]
    assert "2,498,569,865" in sec.sentences[2]
    assert window(ctx, get_item("exports_monthly"), end=f.month).height == 24
    assert monthly.provinces(ctx, "exports_monthly").sentences == [  # type: ignore[union-attr]
        "出口总值当期值没有分省月度数据，无法排名。"
    ]


def test_a_year_or_a_month_without_data_is_no_bulletin(built_store: Path) -> None:
    assert bulletin_month(_ctx("120000", built_store, period="2019")) is None
    assert bulletin_month(_ctx("120000", built_store, period="2019-12")) is None  # not in 分省
    assert bulletin_month(_ctx("120000", built_store, period="2020-01")) == "2020-01"
    ctx = _ctx("120000", built_store, period="2019-12")
    assert monthly.header(ctx).subtitle == "数据库中没有天津（2019-12）的月度数据"
    assert monthly.indicator(ctx, "cpi_monthly").chart is None


@pytest.mark.notebook
def test_report_run_monthly_for_china_publishes_february_2020(
    built_store: Path, tmp_path: Path
) -> None:
    argv = [
        sys.executable,
        "-m",
        "analytics",
        "report",
        "run",
        "monthly",
        "--region",
        "全国",
        "--period",
        "latest",
        "--data-dir",
        str(built_store),
        "--out",
        str(tmp_path),
    ]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    page = tmp_path / "monthly" / "000000" / "2020-02" / "zh"
    html = (page / "report.html").read_text(encoding="utf-8")
    assert "<h1>全国月度数据简报" in html and "数据截至2020年2月" in html
    csv = (page / "data" / "cpi_monthly_24_months.csv").read_text(encoding="utf-8-sig")
    data = [ln for ln in csv.splitlines() if ln and not ln.startswith("#")][1:]
    assert len(data) == 24 and data[-1].startswith("000000,全国,2020-02,105.2,5.2")
    manifest = json.loads((page / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"]["period"] == "2020-02"
