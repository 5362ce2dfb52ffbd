from __future__ import annotations

import polars as pl
import pytest

from analytics.catalog import CHINA, get_indicator, indicators, region_name, regions, resolve_region
from analytics.exceptions import CatalogError


def test_regions_are_31_provinces_and_china() -> None:
    r = regions()
    assert r.height == 32
    assert r["code"].str.len_chars().unique().to_list() == [6]
    assert CHINA in r["code"].to_list()
    assert r["code"].is_unique().all()


@pytest.mark.parametrize("name", ["天津", "天津市", "Tianjin", "tianjin", "120000"])
def test_name_variants(name: str) -> None:
    assert resolve_region(name) == "120000"


def test_unknown_region_hint() -> None:
    with pytest.raises(CatalogError, match="did you mean `天津市`"):
        resolve_region("天京市")


def test_region_names() -> None:
    assert region_name("540000", "en") == "Tibet"
    assert region_name("150000", "zh", short=False) == "内蒙古自治区"


def test_indicator_metadata_complete() -> None:
    for ind in indicators().values():
        assert ind.name_zh and ind.name_en and ind.unit and ind.description
        assert ind.direction in ("higher_is_better", "lower_is_better", "neutral")
        for t in ind.targets:
            assert t.source.startswith("reference/"), t
            assert (t.value is None) == (t.qualitative is not None)


def test_plan_targets() -> None:
    t = get_indicator("fiveg_base_stations").target_for("120000")
    assert t is not None and (t.value, t.year) == (70000, 2025)
    q = get_indicator("de_core_va_share").target_for("120000")
    assert q is not None and q.qualitative == "steady_increase"


def test_unknown_indicator_is_keyerror_with_hint() -> None:
    with pytest.raises(KeyError, match="did you mean `gdp_per_capita`"):
        get_indicator("gdp_per_capit")


def test_regions_frame_is_polars() -> None:
    assert isinstance(regions(), pl.DataFrame)
