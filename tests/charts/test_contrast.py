"""Colours that carry words meet WCAG 2.x AA contrast for text (4.5:1) on the white page.

The contrast ratio is computed from the WCAG 2.x definition of relative luminance
(https://www.w3.org/TR/WCAG21/#dfn-relative-luminance) and checked against two values the
definition fixes: black on white is 21:1, and #767676 is the lightest grey at 4.5:1 (4.54).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import analytics.runs
from analytics.charts._theme import GREY, TARGET
from analytics.reports.components import STATUS_COLOURS

CSS = Path(analytics.runs.__file__).parent / "templates" / "analytics" / "report.css"
AA_TEXT = 4.5


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """Relative luminance of ``#rrggbb`` (WCAG 2.x)."""
    h = colour.lstrip("#")
    r, g, b = (_channel(int(h[i : i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: str, bg: str = "#ffffff") -> float:
    """(L1 + 0.05) / (L2 + 0.05), the lighter colour's luminance on top."""
    hi, lo = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_formula_gives_the_values_wcag_fixes() -> None:
    assert contrast("#000000") == pytest.approx(21.0)
    assert round(contrast("#767676"), 2) == 4.54
    assert round(contrast("#777777"), 2) == 4.48  # one step lighter fails AA


@pytest.mark.parametrize("status", sorted(STATUS_COLOURS))
def test_every_status_colour_is_aa_on_white(status: str) -> None:
    assert contrast(STATUS_COLOURS[status]) >= AA_TEXT, (status, STATUS_COLOURS[status])


def test_the_target_colour_and_grey_are_aa_on_white() -> None:
    # target labels ("目标 2025") are drawn in TARGET; notes and axes in GREY
    assert contrast(TARGET) >= AA_TEXT
    assert contrast(GREY) >= AA_TEXT


def test_the_stylesheet_text_colours_are_aa_and_match_the_cards() -> None:
    css = CSS.read_text(encoding="utf-8")
    colours = re.findall(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})", css)
    assert colours, "no text colours found in report.css"
    weak = {c: round(contrast(c), 2) for c in colours if contrast(c) < AA_TEXT}
    assert not weak, weak
    # a status reads in the same colour in a card and in a table
    for status in ("achieved", "at_risk", "off_track"):
        rule = re.search(rf"\.an-status-{status}\b[^{{]*\{{\s*color:\s*(#[0-9a-fA-F]{{6}})", css)
        assert rule is not None, status
        assert rule.group(1).lower() == STATUS_COLOURS[status].lower()
