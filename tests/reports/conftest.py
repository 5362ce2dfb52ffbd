from __future__ import annotations

from pathlib import Path

import pytest

from analytics.runs.execute import RunOutputs, run_report

REPORT_NAMES = ("plan", "industry", "fiveg", "digital_economy")


@pytest.fixture(scope="session")
def tianjin_reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, RunOutputs]:
    """The three reports for Tianjin in Chinese, run once per session (per xdist worker)."""
    root = tmp_path_factory.mktemp("tianjin")
    return {
        name: run_report(
            name, {"region": "120000", "period": "latest", "lang": "zh"}, out_dir=Path(root) / name
        )
        for name in REPORT_NAMES
    }
