"""The house theme: one CJK font stack, the Okabe–Ito palette, sizes for phone and A4."""

from __future__ import annotations

import altair as alt

FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
#: Okabe–Ito, the colour-blind-safe palette (Okabe & Ito 2008), blue first.
PALETTE: tuple[str, ...] = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#F0E442",
    "#000000",
)
GREY = "#767676"
HIGHLIGHT = PALETTE[0]
TARGET = PALETTE[3]
WIDTH = 520
HEIGHT = 260
THEME_NAME = "analytics"


@alt.theme.register(THEME_NAME, enable=True)
def house_theme() -> alt.theme.ThemeConfig:
    """The house theme (registered and enabled when :mod:`analytics.charts` is imported)."""
    return {
        "config": {
            "font": FONT,
            "view": {"continuousWidth": WIDTH, "continuousHeight": HEIGHT, "stroke": None},
            "range": {"category": list(PALETTE)},
            "title": {
                "font": FONT,
                "fontSize": 16,
                "subtitleFont": FONT,
                "subtitleFontSize": 11,
                "subtitleColor": GREY,
                "anchor": "start",
                "offset": 8,
            },
            "axis": {
                "labelFont": FONT,
                "titleFont": FONT,
                "labelFontSize": 12,
                "titleFontSize": 12,
                "gridColor": "#e6e6e6",
            },
            "legend": {
                "labelFont": FONT,
                "titleFont": FONT,
                "labelFontSize": 12,
                "titleFontSize": 12,
                "orient": "bottom",
            },
            "header": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 12},
            "text": {"font": FONT, "fontSize": 12},
            "line": {"strokeWidth": 2.5},
            "point": {"size": 50, "filled": True},
        }
    }
