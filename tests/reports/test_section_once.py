"""A chart section converts its chart to a spec once, and makes its download once per language,
however often it is shown: the page's HTML, the output metadata (CSV and data package) and the
JupyterLab spec (issue 23, item 1; the time saved is in benchmarks/bench_sections.py)."""

from __future__ import annotations

import altair as alt
import polars as pl
import pytest

from analytics.reports import components
from analytics.reports.section import Section


def _section() -> Section:
    data = pl.DataFrame({"region": ["120000"] * 2, "period": ["2023", "2024"], "value": [1.0, 2.0]})
    chart = alt.Chart(data.to_pandas()).mark_line().encode(x="period:O", y="value:Q")
    return Section("GDP", chart, "gdp", data, lang="en", region="120000")


def test_three_showings_convert_the_chart_once_and_download_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    s = _section()
    assert s.chart is not None
    calls = {"to_dict": 0, "download": 0}
    to_dict, download = type(s.chart).to_dict, components.chart_download

    def counted_to_dict(self: alt.Chart, *a: object, **k: object) -> dict:
        calls["to_dict"] += 1
        return to_dict(self, *a, **k)  # type: ignore[arg-type]

    def counted_download(*a: object, **k: object) -> components.ChartDownload:
        calls["download"] += 1
        return download(*a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(type(s.chart), "to_dict", counted_to_dict)
    monkeypatch.setattr("analytics.reports.section.chart_download", counted_download)
    html, meta, spec = s.html(), s.metadata(), s.spec()
    assert calls == {"to_dict": 1, "download": 1}
    # what each showing carries is the same spec and the same rows
    assert spec["mark"] == {"type": "line"} and spec["encoding"]["y"]["field"] == "value"
    csv = meta["analytics_chart"]["csv"]
    assert [ln.split(",")[:3] for ln in csv.splitlines()[1:]] == [
        ["120000", "2023", "1.0"],
        ["120000", "2024", "2.0"],
    ]
    assert 'data-chart="gdp"' in html
    # another language is another download (its words differ), the spec is still the one
    s.html(lang="zh")
    assert calls == {"to_dict": 1, "download": 2}
