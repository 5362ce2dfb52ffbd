"""A highlighted chart's colour made as altair's channel object, against ``alt.condition``.

Issue 23 (a run's CPU): ``alt.condition`` returns a plain dict, and ``encode`` turns it into a
channel object by matching it against the Vega-Lite schema (``from_dict``: thousands of schema
hashes). :func:`analytics.charts.builders._highlighted` builds ``alt.ColorValue`` directly. Both
sides build the same ranking chart of 31 provinces in one process, interleaved, and their specs
are checked equal before anything is timed.

Run: ``.venv/bin/python benchmarks/bench_charts.py [--rounds 30]``; prints milliseconds per
chart (build and ``to_dict``) for each side and the ratio.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from unittest import mock

import altair as alt
import polars as pl

from analytics.charts import builders
from analytics.charts._theme import HIGHLIGHT


def _condition(field: str, other: str) -> object:
    """The colour as before: altair's ``alt.condition`` (a dict ``encode`` converts)."""
    return alt.condition(f"datum.{field}", alt.value(HIGHLIGHT), alt.value(other))


def _frame() -> pl.DataFrame:
    """31 bars, one highlighted (the size of a provinces ranking)."""
    return pl.DataFrame(
        {
            "label": [f"省{i:02d}" for i in range(31)],
            "value": [float(i) for i in range(31)],
            "highlight": [i == 11 for i in range(31)],
        }
    )


def _build(colour: Callable[[str, str], object]) -> dict:
    with mock.patch.object(builders, "_highlighted", colour):
        chart = builders.build_ranking_bars(_frame(), title="t", unit="亿元", source="s")
        return chart.to_dict()


def main() -> None:
    """Time both sides, interleaved, after checking that they draw the same chart."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=30)
    rounds = ap.parse_args().rounds
    sides = {"alt.condition": _condition, "ColorValue": builders._highlighted}
    specs = [_build(c) for c in sides.values()]
    assert specs[0] == specs[1], "the two sides draw different charts"
    spent = dict.fromkeys(sides, 0.0)
    for _ in range(rounds):
        for name, colour in sides.items():
            t = time.perf_counter()
            _build(colour)
            spent[name] += time.perf_counter() - t
    for name, s in spent.items():
        print(f"{name:<14} {s / rounds * 1000:6.1f} ms a ranking chart")
    print(f"ratio ColorValue / alt.condition = {spent['ColorValue'] / spent['alt.condition']:.2f}")


if __name__ == "__main__":
    main()
