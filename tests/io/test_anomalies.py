"""Break flags pinned to the two known definition changes in the shipped data."""

from __future__ import annotations

from pathlib import Path

import polars as pl

import analytics.io.anomalies as anomalies
from analytics.io.anomalies import flag_breaks
from analytics.io.portal import PORTAL_DIR, read_portal_panel
from analytics.io.research import read_research_panel

RESEARCH = Path(__file__).resolve().parents[2] / "data" / "raw" / "research"


def _portal(table: str, name: str) -> pl.DataFrame:
    obs = read_portal_panel(PORTAL_DIR / "panels" / f"{table}_多年期_面板数据.csv")
    return obs.filter(pl.col("name") == name).rename({"name": "indicator"})


def test_tianjin_optical_cable_scope_change_2021() -> None:
    flags = flag_breaks(_portal("分省电信主要通行能力", "光缆线路长度"))
    tj = flags.filter((pl.col("region") == "120000") & (pl.col("period") == "2021"))
    assert tj.height == 1
    # 325,075.68 / 376,891.73 - 1 = -13.7 %: the drop the provenance note calls a scope change
    assert round(tj["value"].item() / tj["previous"].item() - 1, 3) == -0.137
    # median log-change of Tianjin 2017-2024 is 0.0760; |-0.1479 - 0.0760| = 0.2239; the MAD of
    # those departures is 0.0335 (×1.4826 = 0.0497), so the score is 0.2239 / 0.0497 = 4.49 > 3.5
    assert round(tj["score"].item(), 1) == 4.5
    assert tj["rule"].item() == "mad"


def test_research_x8_definition_change_tianjin() -> None:
    panel = read_research_panel(RESEARCH / "original_data.xlsx", kind="original")
    x8 = panel.filter(
        (pl.col("indicator") == "rp_telecom_revenue") & (pl.col("region") == "120000")
    ).filter(pl.col("value").is_not_null())
    # x8 holds 电信业务总量 in 2018-2020 (737.8, 1194.6, 1584.5) and revenue around them (~200)
    assert x8.filter(pl.col("period") == "2020")["value"].item() == 1584.54
    flagged = flag_breaks(x8)
    assert set(flagged["period"].to_list()) >= {"2018", "2021"}


def test_smooth_series_not_flagged() -> None:
    # Tianjin broadband users 2016-2024 grow steadily; no year may be flagged
    flags = flag_breaks(_portal("分省互联网主要指标", "互联网宽带接入用户"))
    assert flags.filter(pl.col("region") == "120000").height == 0
    # and the same rule on an exact 6 % a year series flags nothing
    steady = pl.DataFrame(
        {
            "indicator": "x",
            "region": "1",
            "period": [str(y) for y in range(2016, 2025)],
            "value": [100 * 1.06**i for i in range(9)],
        }
    )
    assert flag_breaks(steady).height == 0


def test_all() -> None:
    assert set(anomalies.__all__) == {
        "ANOMALY_SCHEMA",
        "flag_breaks",
        "flag_store",
        "read_anomalies",
    }


def test_store_keeps_flags_and_cli_lists_them(built_store: Path) -> None:
    from click.testing import CliRunner

    from analytics.cli.data import data
    from analytics.io.anomalies import read_anomalies

    x8 = read_anomalies("rp_telecom_revenue", data_dir=built_store)
    tj = x8.filter(pl.col("region") == "120000")
    assert tj["period"].to_list() == ["2018", "2021"]
    assert tj["value"].to_list() == [737.82, 207.71]  # original_data.xlsx x8, Tianjin
    res = CliRunner().invoke(data, ["check", "--anomalies", "--data-dir", str(built_store)])
    assert res.exit_code == 0, res.output
    assert "rp_telecom_revenue 120000 2021 (research_panel_2013_2022): 1584.54 -> 207.71" in (
        res.output
    )
