from __future__ import annotations

from pathlib import Path

import pytest

from analytics.accounts import Concordance, read_concordance

DATA = Path(__file__).resolve().parents[1] / "data" / "accounts"


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def firms_20() -> Path:
    """20 firm-year rows written out by hand; the expected aggregates are in test_aggregate.py."""
    return DATA / "firms_20.csv"


@pytest.fixture
def partial_concordance() -> Concordance:
    """Test concordance with partial coefficients (6513 split 0.6/0.4, 5176 at 0.5, 63 at 0.8)."""
    return read_concordance(DATA / "concordance_partial.csv")
