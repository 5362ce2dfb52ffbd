"""`make gallery`: every chart of every report on one offline page."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics.reports.gallery import GALLERY_REPORTS, write_gallery
from tests.reports.page_helpers import build

pytestmark = pytest.mark.slow


def test_gallery_holds_every_chart_offline(tmp_path: Path) -> None:
    out = write_gallery(tmp_path / "g.html", regions=["540000"])
    page = out.read_text(encoding="utf-8")
    expected = sum(
        sum(s.chart is not None for s in build(report, region="540000", lang=lang).sections)
        for report in GALLERY_REPORTS
        for lang in ("zh", "en")
    )
    assert expected > 6
    assert page.count('class="an-vega"') == expected
    assert "cdn.jsdelivr" not in page and "<script src" not in page
    assert "西藏" in page and "Tibet" in page
