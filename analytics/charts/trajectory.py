"""The trajectory of a plan target: the planned path (baseline → milestones → target) and actuals."""  # noqa: E501

from __future__ import annotations

import json

import altair as alt
import polars as pl

from analytics.charts._theme import GREY, HIGHLIGHT
from analytics.charts.builders import _WORDS, Lang, _name_tip, _titled, _value_tip

__all__ = ["build_trajectory"]

_KINDS = {
    "zh": {"baseline": "基期", "milestone": "阶段目标", "target": "目标"},
    "en": {"baseline": "Baseline", "milestone": "Milestone", "target": "Target"},
}


def build_trajectory(
    planned: pl.DataFrame,
    actual: pl.DataFrame,
    *,
    title: str,
    unit: str,
    source: str,
    lang: Lang = "zh",
    description: str | None = None,
) -> alt.LayerChart | alt.FacetChart:
    """A dashed planned path through ``planned`` points and the ``actual`` figures as dots.

    Both frames have ``year`` (int) and ``value``; ``planned`` also ``kind`` (baseline,
    milestone, target) and ``verdict`` (shown in the tooltip and as the point's label).

    Parameters
    ----------
    planned
        ``year``, ``value``, ``kind`` (baseline, milestone, target), ``verdict``: the plan.
    actual
        ``year`` and ``value`` of the figures published.
    title
        The chart's title.
    unit
        The unit, said in the subtitle.
    source
        The source line of the subtitle.
    lang
        ``zh`` or ``en``.
    description
        The chart's text alternative (its first sentence).

    Examples
    --------
    >>> p = pl.DataFrame({"year": [2020, 2025], "value": [33000.0, 70000.0],
    ...                   "kind": ["baseline", "target"], "verdict": ["", ""]})
    >>> a = pl.DataFrame({"year": [2023], "value": [73000.0]})
    >>> len(build_trajectory(p, a, title="t", unit="个", source="s").layer)
    4
    """
    # years on a number line, so 2020→2022 is twice as wide as 2022→2023 (an ordinal axis would
    # space the milestones evenly and bend the planned pace)
    x = alt.X(
        "year:Q",
        title=None,
        scale=alt.Scale(zero=False, nice=False),
        axis=alt.Axis(format="d", tickMinStep=1, labelAngle=0),
    )
    w = _WORDS[lang]
    year = alt.Tooltip("year:Q", format="d", title=w["year"])
    kinds = json.dumps(_KINDS[lang], ensure_ascii=False)
    path = (
        alt.Chart(planned)
        .transform_calculate(kind_shown=f"{kinds}[datum.kind] || datum.kind")
        .mark_line(color=GREY, strokeDash=[6, 4], point=True)
        .encode(
            x=x,
            y=alt.Y("value:Q", title=None),  # the unit is in the subtitle
            tooltip=[
                year,
                _name_tip("kind_shown", lang, "kind"),
                _value_tip("value", unit, lang, ","),
                _name_tip("verdict", lang, "verdict"),
            ],
        )
    )
    labels = (
        alt.Chart(planned).mark_text(dy=-10, color=GREY).encode(x=x, y="value:Q", text="verdict:N")
    )
    dots = (
        alt.Chart(actual)
        .mark_point(color=HIGHLIGHT, filled=True, size=90)
        .encode(x=x, y="value:Q", tooltip=[year, _value_tip("value", unit, lang, ",")])
    )
    text = (
        alt.Chart(actual)
        .mark_text(dx=8, align="left", color=HIGHLIGHT)
        .encode(x=x, y="value:Q", text=alt.Text("value:Q", format=",.0f"))
    )
    chart = alt.layer(path, labels, dots, text)
    return _titled(chart, title, unit, source, lang, description)
