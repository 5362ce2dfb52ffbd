"""A report never prints nan or inf: the last check before publishing refuses one that would."""

from __future__ import annotations

import pytest

from analytics.runs.render import check_html, reader_text

NAN = "a number printed as 'nan' or 'inf'"


@pytest.mark.parametrize(
    "visible",
    [
        "区位熵 nan",  # the industry report's location quotient before the fix
        "全国增长效应nan亿元",  # shift-share, glued to Chinese text
        "增速 inf %",  # a growth card over a zero base
        "rank NaN of 31",
        "-inf",
        "Infinity",
        "&#110;an",  # an entity does not hide it: the reader sees 'nan'
    ],
)
def test_a_visible_nan_or_inf_is_refused(visible: str) -> None:
    problems = check_html(f"<html><body><p>{visible}</p></body></html>")
    assert len(problems) == 1 and problems[0].startswith(NAN)


@pytest.mark.parametrize(
    "page",
    [
        "<p>Hainan, Yunnan and Henan</p>",  # provinces whose names end in 'nan'
        "<p>information, infrastructure, infinite care</p>",
        "<script>var x = NaN, y = Infinity;</script><p>ok</p>",  # the Vega bundle has both
        "<style>.nan { color: red }</style><p>ok</p>",
        '<div data-x="nan">ok</div>',  # an attribute is not read
    ],
)
def test_words_and_code_are_not_mistaken_for_nan(page: str) -> None:
    assert check_html(page) == []


def test_reader_text_drops_scripts_styles_and_tags() -> None:
    page = "<style>p {}</style><h1>标题</h1><script>\nvar a = '<p>';\n</script><p>x &lt; y</p>"
    assert reader_text(page).split() == ["标题", "x", "<", "y"]
