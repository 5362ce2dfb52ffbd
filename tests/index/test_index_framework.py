from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from analytics.exceptions import DataValidationError
from analytics.index import Framework, load_framework
from tests.index.index_helpers import ROOT


def spec(**over: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id": "t",
        "nodes": [{"id": "idx"}, {"id": "p1", "parent": "idx"}, {"id": "p2", "parent": "idx"}],
        "indicators": [
            {"id": "fiveg_base_stations", "parent": "p1"},
            {"id": "gdp", "parent": "p2"},
        ],
    }
    base.update(over)
    return base


def test_unknown_indicator_with_hint() -> None:
    with pytest.raises(DataValidationError) as err:
        Framework.from_dict(spec(), known_indicators=["fiveg_base_station", "gdp"])
    assert "unknown indicator `fiveg_base_stations` — did you mean `fiveg_base_station`?" in str(
        err.value
    )


def test_weights_not_summing() -> None:
    s = spec(
        nodes=[
            {"id": "idx"},
            {"id": "p1", "parent": "idx", "weight": 0.7},
            {"id": "p2", "parent": "idx", "weight": 0.7},
        ]
    )
    with pytest.raises(DataValidationError, match=r"children of `idx` sum to 1.4"):
        Framework.from_dict(s)
    s = spec(
        nodes=[
            {"id": "idx"},
            {"id": "p1", "parent": "idx", "weight": 1.0},
            {"id": "p2", "parent": "idx"},
        ]
    )
    with pytest.raises(DataValidationError, match="missing for"):
        Framework.from_dict(s)


def test_cycle() -> None:
    s = spec(nodes=[{"id": "idx"}, {"id": "p1", "parent": "p2"}, {"id": "p2", "parent": "p1"}])
    with pytest.raises(DataValidationError, match="own ancestor"):
        Framework.from_dict(s)


def test_unknown_parent_and_two_roots() -> None:
    s = spec(
        indicators=[
            {"id": "a", "parent": "p11"},
            {"id": "b", "parent": "p1"},
            {"id": "c", "parent": "p2"},
        ],
        nodes=[
            {"id": "idx"},
            {"id": "p1", "parent": "idx"},
            {"id": "p2", "parent": "idx"},
            {"id": "other"},
        ],
    )
    with pytest.raises(DataValidationError) as err:
        Framework.from_dict(s)
    text = str(err.value)
    assert "parent `p11` of `a` is not an aggregate node — did you mean `p1`?" in text
    assert "expected one root" in text


def test_yaml_file_errors_name_the_file(tmp_path: Path) -> None:
    p = tmp_path / "fw.yaml"
    p.write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"fw\.yaml"):
        load_framework(p)


def test_handbook_framework_follows_indicator_system(handbook: Framework) -> None:
    """3 pillars, 7 sub-pillars, 22 indicators as in indicator_system.xlsx (read here)."""
    sheet = pl.read_excel(
        ROOT / "data" / "raw" / "research" / "indicator_system.xlsx", has_header=False
    ).slice(1)
    # by position: polars names header-less columns column_0… or column_1… depending on version
    first = sheet.to_series(0).forward_fill().to_list()
    second = sheet.to_series(1).forward_fill().to_list()
    assert len(first) == 22
    lv = handbook.levels()
    pillars = handbook.children("dedi")
    assert len(pillars) == 3
    subs = [s for p in pillars for s in handbook.children(p)]
    assert len(subs) == 7 and all(lv[s] == 2 for s in subs)
    names_en = {n.id: n.name_en.lower() for n in handbook.nodes}
    for k, ind in enumerate(handbook.indicators):
        sub = handbook.node(ind).parent
        assert sub is not None
        pillar = handbook.node(sub).parent
        assert names_en[pillar] == first[k].strip().lower().replace(
            "digital industry development", "digital industry development"
        )
        assert names_en[sub].replace("isation", "ization") == second[k].strip().lower()
    assert sum(handbook.effective_weights().values()) == pytest.approx(1.0)
