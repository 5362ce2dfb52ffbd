"""Chart builders: trend with target, fan chart, ranking bars, peer small multiples, pillar profile.

Every builder takes a polars frame with named columns and returns an Altair chart with a title, a
subtitle naming the unit and the source, and an accessible ``description``. Builders never display
or save: the report layer decides how charts are rendered. Lines break at missing periods and at
``null`` values (:func:`analytics.charts._gaps.line_segments`); every observation is a point.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal, TypeVar

import altair as alt
import polars as pl

from analytics.charts._gaps import SEGMENT, line_segments
from analytics.charts._theme import GREY, HEIGHT, HIGHLIGHT, PALETTE, TARGET, WIDTH

__all__ = [
    "Lang",
    "build_fan_chart",
    "build_peer_small_multiples",
    "build_pillar_profile",
    "build_progress_bars",
    "build_ranking_bars",
    "build_trend_with_target",
    "chart_title",
]

Lang = Literal["zh", "en"]

_WORDS = {
    "zh": {
        "unit": "单位",
        "source": "来源",
        "target": "目标",
        "forecast": "预测",
        "observed": "实际",
        "band80": "80% 区间",
        "band95": "95% 区间",
        "value": "数值",
        "period": "时期",
        "series": "名称",
        "pillar": "维度",
        "progress": "完成进度",
        "year": "年份",
        "kind": "类别",
        "verdict": "判断",
    },
    "en": {
        "unit": "Unit",
        "source": "Source",
        "target": "Target",
        "forecast": "Forecast",
        "observed": "Observed",
        "band80": "80% interval",
        "band95": "95% interval",
        "value": "Value",
        "period": "Period",
        "series": "Name",
        "pillar": "Pillar",
        "progress": "Progress",
        "year": "Year",
        "kind": "Kind",
        "verdict": "Verdict",
    },
}


PHONE_LINE = 40
"""Display columns that fit a chart's width on a 390 px phone (a CJK character takes two)."""


def wrap_line(text: str, width: int = PHONE_LINE) -> list[str]:
    """``text`` in lines of at most ``width`` display columns (CJK characters count two).

    English breaks at spaces; Chinese between characters. A chart title too long for a phone
    was cut at the chart's edge ("e digital-economy industries, share of GDP (NBS").

    Examples
    --------
    >>> wrap_line("Core digital-economy industries, share of GDP (NBS and local releases)")
    ['Core digital-economy industries, share', 'of GDP (NBS and local releases)']
    >>> wrap_line("天津5G基站数")
    ['天津5G基站数']
    >>> wrap_line("2020年2月各省份食品烟酒类居民消费价格指数同比涨跌幅")
    ['2020年2月各省份食品烟酒类居民消费价格指', '数同比涨跌幅']
    """
    lines: list[str] = []
    line, used = "", 0
    # a CJK character is a token of its own, even after digits ("2020年2月各省份…")
    for token in re.findall(r"[\u2e80-\uffff]|[^\s\u2e80-\uffff]+\s*|\s+", text):
        cost = sum(2 if ord(c) >= 0x2E80 else 1 for c in token.rstrip())
        if line and used + cost > width:
            lines.append(line.rstrip())
            line, used = "", 0
        line += token
        used += sum(2 if ord(c) >= 0x2E80 else 1 for c in token)
    return [*lines, line.rstrip()] if line.strip() else lines or [text]


def _lines(text: str) -> str | list[str]:
    lines = wrap_line(text)
    return lines[0] if len(lines) == 1 else lines


def chart_title(title: str, *, unit: str, source: str, lang: Lang = "zh") -> alt.Title:
    """A title whose subtitle names the unit and the source.

    Parameters
    ----------
    title
        The chart's title, wrapped to lines that fit a phone's width.
    unit
        The values' unit (e.g. ``"亿元"``, ``"%"``), named in the subtitle.
    source
        The data's source, named in the subtitle (wrapped like the title).
    lang
        ``"zh"`` (the default) or ``"en"``: the language of the subtitle's words ("单位",
        "Source", …).

    Returns
    -------
    alt.Title
        The title (one string, or a list of lines when it is too long for a phone) with the
        subtitle lines ``单位：<unit>`` / ``Unit: <unit>`` and the source line(s).

    Raises
    ------
    KeyError
        For a ``lang`` other than ``"zh"`` and ``"en"``.

    Examples
    --------
    >>> t = chart_title("GDP", unit="亿元", source="NBS", lang="en")
    >>> t.subtitle
    ['Unit: 亿元', 'Source: NBS']
    """
    w = _WORDS[lang]
    sep = "：" if lang == "zh" else ": "
    subtitle = [f"{w['unit']}{sep}{unit}", *wrap_line(f"{w['source']}{sep}{source}")]
    return alt.Title(_lines(title), subtitle=subtitle)


def _describe(description: str | None, title: str) -> str:
    return description or title


_C = TypeVar("_C", alt.LayerChart | alt.FacetChart, alt.FacetChart)


def _titled(
    chart: _C, title: str, unit: str, source: str, lang: Lang, description: str | None, **size: int
) -> _C:
    """``chart`` with the title, the unit/source subtitle, the description and any size.

    The title, unit and source also travel unwrapped in the spec's ``usermeta`` (which Vega
    ignores): the chart's download names them whole, not cut at a phone's line.
    """
    return chart.properties(
        title=chart_title(title, unit=unit, source=source, lang=lang),
        description=_describe(description, title),
        usermeta={"title": title, "unit": unit, "source": source},
        **size,
    )


def _target_rule(tdf: pl.DataFrame, unit: str = "", lang: Lang = "zh") -> alt.Chart:
    """The dashed horizontal target line over a one-row frame with ``target`` and ``label``."""
    tip = [_name_tip("label", lang), _value_tip("target", unit, lang, ",", "target")]
    return (
        alt.Chart(tdf)
        .mark_rule(color=TARGET, strokeDash=[6, 4], strokeWidth=2)
        .encode(y=alt.Y("target:Q"), tooltip=tip)
    )


def _series_color(series: str, colors: Mapping[str, str] | None = None) -> alt.Color:
    """Colour by ``series``; with ``colors`` (label → colour) each label keeps its own colour."""
    if colors:
        scale = alt.Scale(domain=list(colors), range=list(colors.values()))
    else:
        scale = alt.Scale(range=list(PALETTE))
    return alt.Color(f"{series}:N", title=None, scale=scale, legend=alt.Legend(labelLimit=0))


def _x(col: str) -> alt.X:
    """A time axis with one tick per year, labelled with the year, at 1 January.

    Periods are drawn at their start (:func:`analytics.stats.periods.period_start`), so an annual
    value sits on its own year's tick.
    """
    axis = alt.Axis(format="%Y", tickCount={"interval": "year", "step": 1}, labelOverlap=True)
    return alt.X(f"{col}:T", title=None, axis=axis)


def _highlighted(field: str, other: str) -> alt.ColorValue:
    """:data:`HIGHLIGHT` where the row's boolean ``field`` is true, ``other`` elsewhere.

    The spec ``alt.condition`` writes, made as the channel object itself: ``encode`` would turn
    ``alt.condition``'s plain dict into one by matching it against the whole schema (≈ 6 ms a
    chart, the largest single cost of a ranking chart; ``benchmarks/bench_charts.py``).

    Examples
    --------
    >>> _highlighted("highlight", "#b8b8b8").to_dict()
    {'condition': {'test': 'datum.highlight', 'value': '#0072B2'}, 'value': '#b8b8b8'}
    """
    return alt.ColorValue(other, condition={"test": f"datum.{field}", "value": HIGHLIGHT})


def _when(data: pl.DataFrame, x: str, label: str, lang: Lang = "zh") -> alt.Tooltip:
    """The tooltip naming a point's period: its label when the frame has one, else the month."""
    title = _WORDS[lang]["period"]
    if label in data.columns:
        return alt.Tooltip(f"{label}:N", title=title)
    return alt.Tooltip(f"{x}:T", format="%Y-%m", title=title)


def _with_unit(word: str, unit: str, lang: Lang) -> str:
    """``数值（亿元）`` / ``Value (100 million yuan)``; the word alone without a unit."""
    if not unit:
        return word
    return f"{word}（{unit}）" if lang == "zh" else f"{word} ({unit})"


def _value_tip(field: str, unit: str, lang: Lang, fmt: str, word: str = "value") -> alt.Tooltip:
    """The tooltip of a value: titled in the page's language, with its unit."""
    return alt.Tooltip(f"{field}:Q", format=fmt, title=_with_unit(_WORDS[lang][word], unit, lang))


def _name_tip(field: str, lang: Lang, word: str = "series") -> alt.Tooltip:
    """The tooltip of a name (a region, a sector, a pillar), titled in the page's language."""
    return alt.Tooltip(f"{field}:N", title=_WORDS[lang][word])


def build_trend_with_target(
    data: pl.DataFrame,
    *,
    title: str,
    unit: str,
    source: str,
    lang: Lang = "zh",
    x: str = "date",
    y: str = "value",
    series: str | None = None,
    target: float | None = None,
    target_date: str | None = None,
    target_label: str | None = None,
    description: str | None = None,
    label: str = "period",
    value_format: str = ",",
    colors: Mapping[str, str] | None = None,
) -> alt.LayerChart | alt.FacetChart:
    """Lines (one per ``series``) over time with an optional dashed target line and point.

    Parameters
    ----------
    data
        Columns ``x`` (ISO dates, e.g. ``2023-12-31``), ``y`` and ``series``. A line breaks at a
        null and at a missing period (a year with no row in an annual series).
    title, unit, source, lang
        Title and the subtitle lines, as :func:`chart_title` takes them; ``lang`` (``"zh"`` by
        default) also picks the default target label.
    x
        The date column; default ``"date"``. Draw a period at its start
        (:func:`analytics.stats.periods.period_start`) so a year sits on its own tick.
    y
        The value column; default ``"value"``.
    series
        Column naming each line (e.g. the region's name), coloured and in the tooltip; None
        (the default) draws one line in the highlight blue.
    target, target_date, target_label
        The target's value, the date it is due and its label.
    description
        Accessible description (default: the title).
    label
        Column naming each point's period in the tooltip (the month of ``x`` when absent).
    value_format
        d3 format of values in tooltips (``","``: as many digits as the value has, no float
        noise such as 6.900000000000006).
    colors
        Series label → colour, so a region keeps its colour in every chart and language.

    Returns
    -------
    alt.LayerChart
        The lines and points, then the target's rule, diamond and label when given; 520 × 260
        px, not displayed or saved.

    Examples
    --------
    >>> df = pl.DataFrame({"date": ["2021-12-31", "2022-12-31"], "value": [1.0, 2.0]})
    >>> c = build_trend_with_target(df, title="t", unit="u", source="s", target=3.0)
    >>> c.to_dict()["description"], len(c.layer)
    ('t', 3)
    """
    color = _series_color(series, colors) if series else alt.ColorValue(HIGHLIGHT)
    tooltip = [_when(data, x, label, lang), _value_tip(y, unit, lang, value_format)]
    if series:
        tooltip.insert(0, _name_tip(series, lang))
    # the unit is in the subtitle: a rotated CJK axis title (个, 亿元) reads badly
    drawn = line_segments(data, x=x, y=y, by=[series] if series else [], period=label)
    base = alt.Chart(drawn).encode(x=_x(x), y=alt.Y(f"{y}:Q", title=None), color=color)
    line = base.mark_line().encode(detail=alt.Detail(f"{SEGMENT}:N"))
    layers: list[alt.Chart] = [line, base.mark_point().encode(tooltip=tooltip)]
    if target is not None:
        label = target_label or _WORDS[lang]["target"]
        tdf = pl.DataFrame({"target": [target], "label": [label]})
        layers.append(_target_rule(tdf, unit, lang))
        if target_date is not None:
            pdf = tdf.with_columns(pl.lit(target_date).alias("date"))
            point = alt.Chart(pdf).mark_point(shape="diamond", size=120, color=TARGET, filled=True)
            # the label on the side of the line the data is not on (73,000 over a 70,000 target)
            values = data.get_column(y).drop_nulls()
            above = values.len() > 0 and float(values[-1]) >= target
            lines = wrap_line(label)  # Vega lays out the lines downwards from the first
            baseline: Literal["top", "bottom"] = "top" if above else "bottom"
            dy = 6 if above else -6 - 14 * (len(lines) - 1)
            text = alt.Chart(pdf.with_columns(pl.lit("\n".join(lines)).alias("label")))
            text = text.mark_text(
                align="right", baseline=baseline, dx=-8, dy=dy, color=TARGET, lineBreak="\n"
            )
            layers.append(point.encode(x=_x("date"), y=alt.Y("target:Q")))
            layers.append(text.encode(x=_x("date"), y=alt.Y("target:Q"), text=alt.Text("label:N")))
    return _titled(
        alt.layer(*layers), title, unit, source, lang, description, width=WIDTH, height=HEIGHT
    )


def build_fan_chart(
    data: pl.DataFrame,
    *,
    title: str,
    unit: str,
    source: str,
    lang: Lang = "zh",
    x: str = "date",
    target: float | None = None,
    target_label: str | None = None,
    description: str | None = None,
    label: str = "period",
    value_format: str = ",",
) -> alt.LayerChart | alt.FacetChart:
    """Observed values, the forecast and its 80% and 95% intervals as nested bands.

    Parameters
    ----------
    data
        Columns ``x`` (ISO dates), ``value`` (observed, null ahead), ``forecast``, ``lower_80``,
        ``upper_80``, ``lower_95``, ``upper_95`` (null where observed), as
        :meth:`analytics.stats.ForecastResults.to_frame` returns them with a date column added.
        The observed and the forecast lines break at missing periods.
    title
        The chart's title, wrapped to lines that fit a phone's width.
    unit
        The values' unit (e.g. ``"亿元"``, ``"%"``), named in the subtitle.
    source
        The data's source, named in the subtitle (wrapped like the title).
    lang
        ``"zh"`` (the default) or ``"en"``: the language of the subtitle's words ("单位",
        "Source", …), of the interval tooltips and of the default target label.
    x
        The date column; default ``"date"``.
    target
        A target value drawn as a dashed rule, in the data's unit; None (the default) draws
        none.
    target_label
        The target's tooltip label; None (the default) says "目标" / "Target".
    description
        The chart's accessible description (what a screen reader says); None (the default)
        uses the title.
    label
        Column naming each point's period in the tooltip; default ``"period"`` (the month of
        ``x`` when the frame has no such column).
    value_format
        d3 format of observed values in tooltips; default ``","`` (as many digits as the value
        has). The interval bounds are shown with ``",.0f"``.

    Returns
    -------
    alt.LayerChart
        The chart, sized 520 × 260 px: the 95% band, the 80% band, the dashed forecast,
        the observed line and the target rule (or an invisible point layer); not displayed or
        saved.

    Examples
    --------
    >>> df = pl.DataFrame({"date": ["2023-12-31", "2024-12-31"], "value": [1.0, None],
    ...     "forecast": [None, 1.2], "lower_80": [None, 1.1], "upper_80": [None, 1.3],
    ...     "lower_95": [None, 1.0], "upper_95": [None, 1.4]})
    >>> len(build_fan_chart(df, title="t", unit="u", source="s").layer)
    5
    """
    w = _WORDS[lang]
    seg = {c: f"{SEGMENT}_{c}" for c in ("value", "forecast")}
    for c, name in seg.items():
        data = line_segments(data, x=x, y=c, period=label, name=name)
    base = alt.Chart(data).encode(x=_x(x))
    band95 = base.mark_area(opacity=0.18, color=HIGHLIGHT).encode(
        y=alt.Y("lower_95:Q", title=None),
        y2=alt.Y2("upper_95:Q"),
        tooltip=[
            _when(data, x, label, lang),
            _value_tip("lower_95", unit, lang, ",.0f", "band95"),
            _value_tip("upper_95", unit, lang, ",.0f", "band95"),
        ],
    )
    band80 = base.mark_area(opacity=0.35, color=HIGHLIGHT).encode(
        y=alt.Y("lower_80:Q"), y2=alt.Y2("upper_80:Q")
    )
    fc = base.mark_line(strokeDash=[5, 3], color=HIGHLIGHT).encode(
        y=alt.Y("forecast:Q"), detail=alt.Detail(f"{seg['forecast']}:N")
    )
    obs = base.mark_line(point=True, color="#000000").encode(
        y=alt.Y("value:Q"),
        detail=alt.Detail(f"{seg['value']}:N"),
        tooltip=[_when(data, x, label, lang), _value_tip("value", unit, lang, value_format)],
    )
    layers: list[alt.Chart] = [band95, band80, fc, obs]
    if target is not None:
        tdf = pl.DataFrame({"target": [target], "label": [target_label or w["target"]]})
        layers.append(_target_rule(tdf, unit, lang))
    else:
        layers.append(base.mark_point(opacity=0).encode(y=alt.Y("forecast:Q")))
    return _titled(
        alt.layer(*layers), title, unit, source, lang, description, width=WIDTH, height=HEIGHT
    )


def build_ranking_bars(
    data: pl.DataFrame,
    *,
    title: str,
    unit: str,
    source: str,
    lang: Lang = "zh",
    label: str = "label",
    value: str = "value",
    highlight: str = "highlight",
    value_format: str = ",.1f",
    description: str | None = None,
) -> alt.LayerChart | alt.FacetChart:
    """Horizontal bars sorted from highest to lowest; rows with ``highlight`` true in blue.

    Each bar's value is written at its end; bars not highlighted are grey.

    Parameters
    ----------
    data
        One row per bar: columns ``label``, ``value`` and ``highlight`` (Boolean).
    title
        The chart's title, wrapped to lines that fit a phone's width.
    unit
        The values' unit (e.g. ``"亿元"``, ``"%"``), named in the subtitle and on the value axis.
    source
        The data's source, named in the subtitle (wrapped like the title).
    lang
        ``"zh"`` (the default) or ``"en"``: the language of the subtitle's words ("单位",
        "Source", …).
    label
        The column of bar names (e.g. province names); default ``"label"``.
    value
        The column of bar lengths; default ``"value"``.
    highlight
        The Boolean column marking the bars drawn in blue (e.g. the home region); default
        ``"highlight"``.
    value_format
        d3 format of the values written beside the bars and in tooltips; default ``",.1f"``.
    description
        The chart's accessible description (what a screen reader says); None (the default)
        uses the title.

    Returns
    -------
    alt.LayerChart
        The chart, sized 440 px wide and 22 px a bar (at least 60); not displayed or saved.

    Examples
    --------
    >>> df = pl.DataFrame({"label": ["a", "b"], "value": [2.0, 1.0], "highlight": [False, True]})
    >>> build_ranking_bars(df, title="t", unit="u", source="s").to_dict()["height"]
    60
    """
    n = max(data.height, 1)
    y = alt.Y(f"{label}:N", sort="-x", title=None)
    color = _highlighted(highlight, "#b8b8b8")
    base = alt.Chart(data).encode(y=y, x=alt.X(f"{value}:Q", title=unit))
    tip = [_name_tip(label, lang), _value_tip(value, unit, lang, value_format)]
    bars = base.mark_bar().encode(color=color, tooltip=tip)
    text = base.mark_text(align="left", dx=3, color=GREY).encode(
        text=alt.Text(f"{value}:Q", format=value_format)
    )
    # 22 px a bar: 31 provinces fit an A4 page with their heading (682 px)
    chart, height = alt.layer(bars, text), max(22 * n, 60)
    # room right of the plot for the longest bar's value (a phone cut "22.3" at its edge)
    chart = chart.properties(padding={"left": 5, "top": 5, "bottom": 5, "right": 40})
    return _titled(chart, title, unit, source, lang, description, width=WIDTH - 80, height=height)


def build_peer_small_multiples(
    data: pl.DataFrame,
    *,
    title: str,
    unit: str,
    source: str,
    lang: Lang = "zh",
    x: str = "date",
    value: str = "value",
    series: str = "series",
    highlight: str = "highlight",
    columns: int = 3,
    description: str | None = None,
    label: str = "period",
) -> alt.FacetChart:
    """One small panel per peer on a shared scale; the highlighted region drawn in blue.

    Panels are ordered with the highlighted series first; lines break at missing periods.

    Parameters
    ----------
    data
        Long frame: columns ``x`` (ISO dates), ``value``, ``series`` and ``highlight``.
    title
        The chart's title, wrapped to lines that fit a phone's width.
    unit
        The values' unit (e.g. ``"亿元"``, ``"%"``), named in the subtitle.
    source
        The data's source, named in the subtitle (wrapped like the title).
    lang
        ``"zh"`` (the default) or ``"en"``: the language of the subtitle's words ("单位",
        "Source", …).
    x
        The date column; default ``"date"``.
    value
        The value column; default ``"value"``.
    series
        The column naming each panel's series (a region's name); default ``"series"``.
    highlight
        The Boolean column marking the series drawn in blue; default ``"highlight"``.
    columns
        Most panels per row; default 3 (fewer when there are fewer series).
    description
        The chart's accessible description (what a screen reader says); None (the default)
        uses the title.
    label
        Column naming each point's period in the tooltip; default ``"period"`` (the month of
        ``x`` when the frame has no such column).

    Returns
    -------
    alt.FacetChart
        The chart, sized 150 × 110 px a panel; not displayed or saved.

    Examples
    --------
    >>> df = pl.DataFrame({"date": ["2021-12-31"] * 2, "value": [1.0, 2.0],
    ...                    "series": ["a", "b"], "highlight": [True, False]})
    >>> build_peer_small_multiples(df, title="t", unit="u", source="s").to_dict()["columns"]
    2
    """
    color = _highlighted(highlight, GREY)
    # the layers carry no data of their own: the facet's data is split by panel (a layer with
    # its own copy would draw every region in every panel)
    base = alt.Chart().encode(
        x=_x(x), y=alt.Y(f"{value}:Q", title=None), color=color, detail=alt.Detail(f"{series}:N")
    )
    tooltip = [
        _name_tip(series, lang),
        _when(data, x, label, lang),
        _value_tip(value, unit, lang, ","),
    ]
    line = base.mark_line().encode(detail=[alt.Detail(f"{series}:N"), alt.Detail(f"{SEGMENT}:N")])
    drawn = line_segments(data, x=x, y=value, by=[series], period=label)
    panel = alt.layer(
        line, base.mark_point(size=25).encode(tooltip=tooltip), data=drawn
    ).properties(width=150, height=110)
    n_panels = max(data[series].n_unique(), 1)
    facet = panel.facet(
        facet=alt.Facet(f"{series}:N", title=None, sort=alt.SortField(highlight, "descending")),
        columns=min(columns, n_panels),
    )
    return _titled(facet, title, unit, source, lang, description)


def build_pillar_profile(
    data: pl.DataFrame,
    *,
    title: str,
    unit: str,
    source: str,
    lang: Lang = "zh",
    pillar: str = "pillar",
    value: str = "value",
    series: str = "series",
    description: str | None = None,
    colors: Mapping[str, str] | None = None,
) -> alt.LayerChart | alt.FacetChart:
    """A dot plot: one row per pillar, one coloured dot per region, joined by a grey range.

    Parameters
    ----------
    data
        Long frame: one row per pillar and region, columns ``pillar``, ``series`` and ``value``.
    title
        The chart's title, wrapped to lines that fit a phone's width.
    unit
        The values' unit (e.g. ``"亿元"``, ``"%"``), named in the subtitle and on the value axis.
    source
        The data's source, named in the subtitle (wrapped like the title).
    lang
        ``"zh"`` (the default) or ``"en"``: the language of the subtitle's words ("单位",
        "Source", …).
    pillar
        The column naming each row (the pillar); default ``"pillar"``.
    value
        The column of scores; default ``"value"``.
    series
        The column naming each dot's region, its colour and shape; default ``"series"``.
    description
        The chart's accessible description (what a screen reader says); None (the default)
        uses the title.
    colors
        Series label → colour (:func:`region_colors`), so a region keeps its colour in every
        chart; None (the default) takes the house palette in order.

    Returns
    -------
    alt.LayerChart
        The chart, sized 440 px wide and 40 px a pillar (at least 80); not displayed or saved.

    Examples
    --------
    >>> df = pl.DataFrame({"pillar": ["p", "p"], "series": ["a", "b"], "value": [1.0, 2.0]})
    >>> len(build_pillar_profile(df, title="t", unit="u", source="s").layer)
    2
    """
    y = alt.Y(f"{pillar}:N", title=None)
    rng = (
        alt.Chart(data)
        .mark_rule(color="#cccccc", strokeWidth=3)
        .encode(y=y, x=alt.X(f"min({value}):Q", title=unit), x2=alt.X2(f"max({value}):Q"))
    )
    dots = (
        alt.Chart(data)
        .mark_point(size=110, filled=True, opacity=0.9)
        .encode(
            y=y,
            x=alt.X(f"{value}:Q"),
            color=_series_color(series, colors),
            # the shape legend as the colour's (same order, same settings): one legend, not two
            shape=alt.Shape(
                f"{series}:N",
                title=None,
                scale=alt.Scale(domain=list(colors)) if colors else alt.Undefined,
                legend=alt.Legend(labelLimit=0),
            ),
            tooltip=[
                _name_tip(series, lang),
                _name_tip(pillar, lang, "pillar"),
                _value_tip(value, unit, lang, ".1f"),
            ],
        )
    )
    chart, height = alt.layer(rng, dots), max(40 * data[pillar].n_unique(), 80)
    return _titled(chart, title, unit, source, lang, description, width=WIDTH - 80, height=height)


def build_progress_bars(
    data: pl.DataFrame,
    *,
    title: str,
    unit: str,
    source: str,
    lang: Lang = "zh",
    label: str = "label",
    value: str = "progress_pct",
    elapsed: str = "elapsed_pct",
    description: str | None = None,
) -> alt.LayerChart | alt.FacetChart:
    """Progress from baseline (0 %) to target (100 %), one bar per target.

    A grey tick marks the share of the plan's time that had passed when the figure was dated: a
    bar ending right of its tick is ahead of pace.

    Parameters
    ----------
    data
        One row per target, in the order to draw: columns ``label``, ``value`` and
        ``elapsed`` (both in percent), as the plan scorecard's ``progress_pct`` and
        ``elapsed_pct``.
    title
        The chart's title, wrapped to lines that fit a phone's width.
    unit
        The values' unit (e.g. ``"亿元"``, ``"%"``), named in the subtitle and on the value axis.
    source
        The data's source, named in the subtitle (wrapped like the title).
    lang
        ``"zh"`` (the default) or ``"en"``: the language of the subtitle's words ("单位",
        "Source", …).
    label
        The column of target names; default ``"label"``.
    value
        The column of progress from baseline (0) to target (100), in percent; default
        ``"progress_pct"``. Values above 100 (beyond the target) draw past the dashed line.
    elapsed
        The column of the plan time elapsed when the figure was dated, in percent; default
        ``"elapsed_pct"``.
    description
        The chart's accessible description (what a screen reader says); None (the default)
        uses the title.

    Returns
    -------
    alt.LayerChart
        The chart, sized 440 px wide and 36 px a target (at least 60); not displayed or saved.

    Examples
    --------
    >>> df = pl.DataFrame({"label": ["5G"], "progress_pct": [108.1], "elapsed_pct": [65.0]})
    >>> len(build_progress_bars(df, title="t", unit="%", source="s").layer)
    4
    """
    y = alt.Y(f"{label}:N", title=None, sort=None, axis=alt.Axis(labelLimit=0))
    base = alt.Chart(data).encode(y=y)
    bars = base.mark_bar(color=HIGHLIGHT, height=18).encode(
        x=alt.X(f"{value}:Q", title=unit, scale=alt.Scale(domainMin=0)),
        tooltip=[_name_tip(label, lang), _value_tip(value, unit, lang, ".0f", "progress")],
    )
    text = base.mark_text(align="left", dx=4, color=GREY).encode(
        x=alt.X(f"{value}:Q"), text=alt.Text(f"{value}:Q", format=".0f")
    )
    pace = base.mark_tick(color=GREY, thickness=2, size=22).encode(x=alt.X(f"{elapsed}:Q"))
    goal = alt.Chart(pl.DataFrame({"x": [100.0]})).mark_rule(color=TARGET, strokeDash=[6, 4])
    chart = alt.layer(bars, text, pace, goal.encode(x=alt.X("x:Q")))
    height = max(36 * data.height, 60)
    return _titled(chart, title, unit, source, lang, description, width=WIDTH - 80, height=height)
