from __future__ import annotations

import polars as pl
import pytest

from analytics.index import Framework, load_framework
from tests.index.index_helpers import ROOT, flat_framework, long_frame, two_pillar_framework  # noqa: F401


@pytest.fixture(scope="session")
def research_obs() -> pl.DataFrame:
    from analytics.io.research import read_research_panel

    return read_research_panel(ROOT / "data" / "raw" / "research" / "panel_data.xlsx")


@pytest.fixture(scope="session")
def handbook() -> Framework:
    return load_framework(ROOT / "data" / "catalog" / "frameworks" / "dedi_handbook.yaml")
