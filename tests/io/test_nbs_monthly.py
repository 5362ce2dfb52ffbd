"""The NBS monthly importer on the shipped real exports, cell by cell, and on broken copies.

The reference reading here is independent of the importer: the bytes decoded as GBK, split on
commas by hand, the month labels turned into year-month by a regex written in the test.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import polars as pl
import pytest

from analytics.io.nbs_monthly import (
    is_nbs_monthly,
    month_period,
    parse_nbs_monthly,
    read_nbs_monthly,
)

RAW = Path(__file__).resolve().parents[2] / "data" / "raw" / "nbs_monthly"
PROVINCIAL = sorted(RAW.glob("分省月度数据*.csv"))
NATIONAL = RAW / "月度数据.csv"


def _ym(label: str) -> str:
    y, m = re.fullmatch(r"(\d{4})年(\d{1,2})月", label).groups()  # type: ignore[union-attr]
    return f"{y}-{int(m):02d}"


def _lines(path: Path) -> list[str]:
    return path.read_bytes().decode("gbk").splitlines()


def _cells_by_hand(path: Path) -> list[tuple[str, str, str]]:
    """(row label, column heading, cell) for every data cell, read without the importer."""
    lines = _lines(path)
    at = next(i for i, ln in enumerate(lines) if ln.startswith(("地区,", "时间,")))
    header = lines[at].split(",")
    out = []
    for ln in lines[at + 1 :]:
        if ln.startswith(("注", '"注', "数据来源")):
            break
        cells = ln.split(",")
        out += [(cells[0], header[j], cells[j]) for j in range(1, len(header))]
    return out


def test_the_samples_are_recognised_as_monthly_exports() -> None:
    texts = [p.read_bytes().decode("gbk") for p in [*PROVINCIAL, NATIONAL]]
    assert all(is_nbs_monthly(t) for t in texts)
    annual = (RAW.parent / "nbs" / "第一产业.csv").read_text(encoding="utf-8-sig")
    assert not is_nbs_monthly(annual)


@pytest.mark.parametrize("path", PROVINCIAL, ids=lambda p: p.name)
def test_every_provincial_cell_equals_the_store_value(path: Path, built_store: Path) -> None:
    from analytics.catalog import resolve_region

    store = pl.read_parquet(built_store / "processed" / "observations.parquet").filter(
        pl.col("source") == f"nbs_monthly/{path.name}"
    )
    cells = _cells_by_hand(path)
    assert len(cells) == 31 * 3 == store.height  # 31 provinces × 2020年3月, 2月, 1月
    for label, heading, cell in cells:
        row = store.filter(
            pl.col("region") == resolve_region(label), pl.col("period") == _ym(heading)
        )
        assert row.height == 1, (label, heading)
        value, status = row.select("value", "status").row(0)
        if cell == "":  # March 2020: not yet published — a null with status `unknown`
            assert (value, status) == (None, "unknown"), (label, heading)
        else:
            assert (value, status) == (float(cell), "ok"), (label, heading)
    assert set(store["measure"]) == {"index_prev_year_100"}
    assert set(store["unit"]) == {"上年同月=100"}


def test_every_national_cell_equals_the_store_value(built_store: Path) -> None:
    store = pl.read_parquet(built_store / "processed" / "observations.parquet").filter(
        pl.col("source") == "nbs_monthly/月度数据.csv"
    )
    ids = {
        "居民消费价格指数(上年同月=100)": ("cpi_monthly", "index_prev_year_100"),
        "食品烟酒类居民消费价格指数(上年同月=100)": (
            "cpi_food_tobacco_liquor_monthly",
            "index_prev_year_100",
        ),
        "出口总值当期值(千美元)": ("exports_monthly", "level"),
        "进口总值当期值(千美元)": ("imports_monthly", "level"),
    }
    cells = _cells_by_hand(NATIONAL)
    assert len(cells) == 50 * 11 == store.height  # 2016年1月 … 2020年2月 × 11 indicators
    checked = 0
    for label, heading, cell in cells:
        if heading not in ids:
            continue
        indicator, measure = ids[heading]
        row = store.filter(pl.col("indicator") == indicator, pl.col("period") == _ym(label))
        assert row.select("region", "measure").row(0) == ("000000", measure)
        expected = (None, "unknown") if cell == "" else (float(cell), "ok")
        assert row.select("value", "status").row(0) == expected, (label, heading)
        checked += 1
    assert checked == 50 * 4
    # the two empty trade months are kept as nulls, never as zeros
    trade = store.filter(pl.col("indicator") == "exports_monthly", pl.col("value").is_null())
    assert sorted(trade["period"]) == ["2020-01", "2020-02"]
    # 2019年12月 row: 出口总值当期值 238267589 千美元, CPI 104.5
    dec = store.filter(pl.col("period") == "2019-12")
    assert dec.filter(pl.col("indicator") == "exports_monthly")["value"].item() == 238267589
    assert dec.filter(pl.col("indicator") == "cpi_monthly")["value"].item() == 104.5


def test_month_labels_as_nbs_writes_them() -> None:
    assert month_period("2020年3月") == "2020-03"
    assert month_period("2019年12月") == "2019-12"
    assert month_period("2020年1-2月") == "2020-01/02"  # one combined release, its own period
    assert month_period("2020年1—2月") == "2020-01/02"
    assert month_period("2020年2-1月") is None
    assert month_period("2020年") is None


def _write(tmp_path: Path, text: str, name: str = "分省月度数据.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("gbk"))
    return path


_HEAD = "数据库：月度数据\n时间：2020-\n"
_TAIL = "数据来源：国家统计局\n"


def test_a_january_february_release_is_one_period_and_cumulative_values_are_ytd(
    tmp_path: Path,
) -> None:
    # the layout of an NBS 月度数据 export of exports (累计值 and 同比增长), values invented for
    # the layout only: the combined release is one period, January is not a zero
    text = (
        _HEAD + "时间,出口总值累计值(千美元),出口总值累计增长(%)\n"
        "2020年3月,,\n2020年1-2月,100,-17.2\n" + _TAIL
    )
    obs = parse_nbs_monthly(_write(tmp_path, text), today=dt.date(2020, 4, 15))
    assert obs.problems == []
    got = obs.observations.sort("period", "measure").select("period", "measure", "value").rows()
    assert got == [
        ("2020-01/02", "ytd", 100.0),
        ("2020-01/02", "ytd_yoy_pct", -17.2),
        ("2020-03", "ytd", None),
        ("2020-03", "ytd_yoy_pct", None),
    ]


@pytest.mark.parametrize(
    ("body", "where", "words"),
    [
        ("时间,居民消费价格指数(上年同月=100)\n2020年13月,105.2\n", ":4:1:", "is not a month"),
        ("时间,居民消费价格指数(上年同月=100)\n2020年2月,10５.2\n", ":4:2:", "full-width"),
        ("时间,居民消费价格指数(上年同月=100)\n2020年2月,abc\n", ":4:2:", "`abc` is not a number"),
        ("时间,居民消费价格指数(上月=100)\n2020年2月,100.8\n", ":3:2:", "unit `上月=100`"),
        ("时间,居民消费价格指标(上年同月=100)\n2020年2月,105\n", ":3:2:", "did you mean"),
        ("时间,居民消费价格指数(上年同月=100)\n2020年2月,105,1\n", ":4:3:", "row has 3 cells"),
        ("时间,居民消费价格指数(上年同月=100)\n2030年2月,105\n", ":3:2:", "in the future"),
    ],
)
def test_bad_cells_are_refused_with_their_place(
    tmp_path: Path, body: str, where: str, words: str
) -> None:
    parsed = parse_nbs_monthly(_write(tmp_path, _HEAD + body + _TAIL), today=dt.date(2026, 12, 1))
    text = [str(p) for p in parsed.problems]
    assert len(text) == 1, text
    assert where in text[0] and words in text[0], text[0]


def test_a_provincial_file_without_its_indicator_line_is_refused(tmp_path: Path) -> None:
    text = "数据库：分省月度数据\n时间：2020\n地区,2020年2月\n天津市,103.8\n" + _TAIL
    with pytest.raises(Exception, match=r":2:1: the indicator is not named"):
        read_nbs_monthly(_write(tmp_path, text))


def test_tianjin_cpi_is_in_the_store_for_january_and_february(built_store: Path) -> None:
    from analytics.io import read_series

    # 分省月度数据.csv, row 天津市: 2020年2月 103.8, 2020年1月 104.6 (March empty)
    s = read_series(
        "cpi_monthly", regions="120000", measure="index_prev_year_100", data_dir=built_store
    )
    assert s.select("period", "value").rows() == [("2020-01", 104.6), ("2020-02", 103.8)]


def test_data_check_reads_a_monthly_export_and_locates_a_bad_cell(tmp_path: Path) -> None:
    import subprocess
    import sys

    def check(path: Path) -> subprocess.CompletedProcess[str]:
        argv = [sys.executable, "-m", "analytics", "data", "check", str(path)]
        return subprocess.run(argv, capture_output=True, text=True, check=False, timeout=120)

    assert check(NATIONAL).returncode == 0
    bad = _write(
        tmp_path, _HEAD + "时间,居民消费价格指数(上年同月=100)\n2020年13月,105.2\n" + _TAIL
    )
    got = check(bad)
    assert got.returncode == 2
    assert f"{bad}:4:1: `2020年13月` is not a month" in got.stdout + got.stderr
    assert "Traceback" not in got.stderr
