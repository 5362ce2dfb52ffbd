"""Read a rendered Vega SVG: marks and axis labels with their absolute positions.

Charts are tested by what they show: ``vl_convert`` renders the Vega-Lite spec to SVG, and these
helpers walk the SVG tree, summing ``translate`` transforms, so a test can ask where the point for
2019 is, where the tick labelled 2019 is, and which years a line joins.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

_NS = "{http://www.w3.org/2000/svg}"
_TRANSLATE = re.compile(r"translate\(([-\d.e]+),\s*([-\d.e]+)\)")


@dataclass(frozen=True)
class Item:
    """One drawn element: its role (``axis-label``, ``mark``…), label or text, position, cell."""

    role: str
    text: str
    x: float
    y: float
    cell: str  # the translate of the facet cell it is in ("" outside facets)


def _shift(el: ET.Element) -> tuple[float, float]:
    m = _TRANSLATE.search(el.get("transform", ""))
    return (float(m.group(1)), float(m.group(2))) if m else (0.0, 0.0)


def _walk(svg: str) -> list[tuple[ET.Element, float, float, str, str]]:
    """Every element of ``svg`` with its absolute offset, its role and its facet cell."""
    out: list[tuple[ET.Element, float, float, str, str]] = []

    def walk(el: ET.Element, x: float, y: float, role: str, cell: str) -> None:
        dx, dy = _shift(el)
        x, y = x + dx, y + dy
        cls = el.get("class", "")
        m = re.search(r"role-([\w-]+)", cls)
        if m:
            role = m.group(1)
        if role == "scope" and el.tag == f"{_NS}g" and "mark-group" not in cls:
            cell = f"{x:.1f},{y:.1f}"
        out.append((el, x, y, role, cell))
        for child in el:
            walk(child, x, y, role, cell)

    walk(ET.fromstring(svg), 0.0, 0.0, "", "")
    return out


def items(svg: str) -> list[Item]:
    """Every text and point of ``svg`` with absolute coordinates."""
    out: list[Item] = []
    for el, x, y, role, cell in _walk(svg):
        tag = el.tag.removeprefix(_NS)
        if tag == "text":
            out.append(Item(role, "".join(el.itertext()), x, y, cell))
        elif tag == "path" and el.get("aria-roledescription") == "point":
            out.append(Item(role, el.get("aria-label", ""), x, y, cell))
    return out


def lines(svg: str) -> list[list[tuple[float, float]]]:
    """The vertices of every drawn line, one list per subpath (``M`` starts one), absolute.

    Vega draws a line mark as ``M x,y L x,y … Z``; a line over one point is ``M x,y Z``.
    """
    out: list[list[tuple[float, float]]] = []
    for el, x, y, _role, _cell in _walk(svg):
        if el.get("aria-roledescription") != "line mark":
            continue
        for cmd, args in re.findall(r"([MLZ])([^MLZ]*)", el.get("d", "")):
            nums = [float(v) for v in re.findall(r"[-\d.e]+", args)]
            if cmd == "M":
                out.append([])
            out[-1].extend((x + a, y + b) for a, b in zip(nums[::2], nums[1::2], strict=True))
    return out


def x_ticks(svg: str) -> dict[str, float]:
    """The x-axis labels: text → x position (labels sharing the most common y)."""
    labels = [i for i in items(svg) if i.role == "axis-label"]
    ys = [round(i.y) for i in labels]
    row = max(set(ys), key=ys.count)
    return {i.text: i.x for i in labels if round(i.y) == row}


def points(svg: str) -> list[Item]:
    """The drawn points (their ``text`` is the aria-label Vega writes: ``field: value; …``)."""
    return [i for i in items(svg) if i.role == "mark"]


_TITLES = {"period": ("时期", "Period"), "value": ("数值", "Value"), "series": ("名称", "Name")}
"""A field's tooltip titles (the page's language; a value's with its unit, ``数值（亿元）``)."""


def field(item: Item, name: str) -> str:
    """The value of field ``name`` in a point's aria-label (by its name or its tooltip title)."""
    names = "|".join(re.escape(n) for n in (name, *_TITLES.get(name, ())))
    m = re.search(rf"(?:^|; )(?:{names})(?:\s?[（(][^;:]*[)）])?: ([^;]*)", item.text)
    return m.group(1) if m else ""
