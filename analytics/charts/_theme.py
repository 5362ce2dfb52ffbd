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
TARGET = "#B34700"
"""Targets: Okabe–Ito vermillion darkened to 5.5:1 on white (WCAG AA for its labels)."""
#: One colour per region, the same in every chart and both languages (GB/T 2260 codes).
REGION_COLORS: dict[str, str] = {
    "120000": PALETTE[0],  # Tianjin, the home region: blue
    "110000": PALETTE[1],  # Beijing
    "310000": PALETTE[2],  # Shanghai
    "500000": PALETTE[4],  # Chongqing (vermillion is kept for targets)
    "000000": "#000000",  # China
    "440000": PALETTE[5],  # Guangdong
}
#: Colours for regions not listed above, given in code order.
OTHER_REGIONS: tuple[str, ...] = ("#56B4E9", "#8c8c8c", "#7f3c8d", "#b5a642", "#3969ac")
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


def region_colors(names: dict[str, str]) -> dict[str, str]:
    """Map region display names to their fixed colours, given ``{code: name}``.

    Parameters
    ----------
    names
        GB/T 2260 region code → the name the chart shows (in the report's language).

    Returns
    -------
    dict of str to str
        Name → hex colour, in the order of ``names``: the fixed colour of
        :data:`REGION_COLORS` where the code has one; other codes take the colours of
        ``OTHER_REGIONS`` not already in the chart, in code order, cycling after them. Pass
        it as a builder's ``colors``.

    Examples
    --------
    >>> region_colors({"120000": "天津", "110000": "北京"})
    {'天津': '#0072B2', '北京': '#E69F00'}
    >>> region_colors({"540000": "Tibet", "120000": "Tianjin"})
    {'Tibet': '#56B4E9', 'Tianjin': '#0072B2'}
    >>> region_colors({"440000": "广东", "330000": "浙江"})  # sky blue is Guangdong's
    {'广东': '#56B4E9', '浙江': '#8c8c8c'}
    """
    # a fixed colour in the chart is not given to another region too (Guangdong and its peer
    # Zhejiang were both sky blue)
    taken = {REGION_COLORS[c] for c in names if c in REGION_COLORS}
    pool = [c for c in OTHER_REGIONS if c not in taken] or list(OTHER_REGIONS)
    others = iter(sorted(c for c in names if c not in REGION_COLORS))
    extra = {c: pool[i % len(pool)] for i, c in enumerate(others)}
    return {name: REGION_COLORS.get(code) or extra[code] for code, name in names.items()}
