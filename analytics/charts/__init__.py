"""The house chart theme and chart builders (``build_*`` return Altair charts; never display).

Importing this package registers and enables the ``analytics`` Altair theme: a CJK font stack, the
Okabe–Ito colour-blind-safe palette and sizes that read on a phone and on A4.

Examples
--------
>>> import altair as alt
>>> import analytics.charts
>>> alt.theme.active
'analytics'
"""

from __future__ import annotations

from analytics.charts._theme import (
    FONT,
    PALETTE,
    REGION_COLORS,
    THEME_NAME,
    house_theme,
    region_colors,
)
from analytics.charts.builders import (
    Lang,
    build_fan_chart,
    build_peer_small_multiples,
    build_pillar_profile,
    build_progress_bars,
    build_ranking_bars,
    build_trend_with_target,
    chart_title,
)
from analytics.charts.trajectory import build_trajectory

__all__ = [
    "FONT",
    "PALETTE",
    "REGION_COLORS",
    "THEME_NAME",
    "Lang",
    "build_fan_chart",
    "build_peer_small_multiples",
    "build_pillar_profile",
    "build_progress_bars",
    "build_ranking_bars",
    "build_trajectory",
    "build_trend_with_target",
    "chart_title",
    "house_theme",
    "region_colors",
]
