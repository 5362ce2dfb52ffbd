"""The chart builders against themselves at an earlier commit: channel objects or plain values.

Issue 23 (a run's CPU): ``encode`` turns a plain value — ``alt.condition``'s dict,
``alt.value(...)``, a shorthand string such as ``"value:Q"`` — into a channel object by matching
it against the Vega-Lite schema (``from_dict``: hundreds of schema hashes each, 1–7 ms). The
builders now pass the channel objects themselves (``alt.ColorValue``, ``alt.Y``, ``alt.Detail``…).

Both sides run in one process, interleaved: ``analytics/charts/builders.py`` as it was at
``--before`` (default ``cbfa4a8``, before the change; read with ``git show``) and as it is now.
Each builds every chart kind at a report's size (a 31-province ranking, a 24-month trend of two
series, a forecast fan, peer small multiples, a pillar profile, progress bars); the two sides'
specs are checked equal before anything is timed.

Run: ``.venv/bin/python benchmarks/bench_charts.py [--rounds 20] [--before REV]``; prints
milliseconds per chart kind for each side and the ratio.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import polars as pl

from analytics.charts import builders as now

ROOT = Path(__file__).resolve().parents[1]


def _at(rev: str) -> ModuleType:
    """``analytics.charts.builders`` as it was at ``rev``, imported under another name."""
    text = subprocess.run(
        ["git", "show", f"{rev}:analytics/charts/builders.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    path = Path(tempfile.mkdtemp()) / "builders_before.py"
    path.write_text(text, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("analytics.charts._builders_before", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _frames() -> dict[str, pl.DataFrame]:
    months = [f"{y}-{m:02d}-01" for y in (2018, 2019) for m in range(1, 13)]
    years = [f"{y}-01-01" for y in range(2015, 2025)]
    provinces = [f"省{i:02d}" for i in range(31)]
    return {
        "ranking": pl.DataFrame(
            {"label": provinces, "value": [float(i) for i in range(31)]}
        ).with_columns(highlight=pl.col("label") == "省11"),
        "trend": pl.DataFrame(
            {
                "date": months * 2,
                "value": [100.0 + i % 7 for i in range(48)],
                "series": ["天津"] * 24 + ["全国"] * 24,
            }
        ),
        "fan": pl.DataFrame(
            {
                "date": years,
                "value": [1.0 + i for i in range(7)] + [None] * 3,
                "forecast": [None] * 6 + [7.0, 8.0, 9.0, 10.0],
                **{
                    f"{side}_{level}": [None] * 6 + [7.0, 8.0 + d, 9.0 + d, 10.0 + d]
                    for side, d in (("lower", -1.0), ("upper", 1.0))
                    for level in (80, 95)
                },
            }
        ),
        "multiples": pl.DataFrame(
            {
                "date": years * 6,
                "value": [float(i) for i in range(60)],
                "series": [
                    s for s in ("天津", "北京", "上海", "重庆", "广东", "浙江") for _ in years
                ],
            }
        ).with_columns(highlight=pl.col("series") == "天津"),
        "pillars": pl.DataFrame(
            {
                "pillar": [p for p in ("基础", "产业", "治理", "服务") for _ in range(6)],
                "series": ["天津", "北京", "上海", "重庆", "广东", "浙江"] * 4,
                "value": [float(i) for i in range(24)],
            }
        ),
        "progress": pl.DataFrame(
            {"label": ["5G", "宽带", "光缆"], "progress_pct": [108.1, 90.0, 75.0]}
        ).with_columns(elapsed_pct=pl.lit(65.0)),
    }


def _kinds(b: ModuleType) -> dict[str, Callable[[], dict[str, Any]]]:
    """Each chart kind built by the builders module ``b`` and converted (as a run does)."""
    f = _frames()
    common: dict[str, Any] = {"title": "t", "unit": "亿元", "source": "s", "lang": "zh"}
    trend_colors = {"天津": "#0072B2", "全国": "#000000"}
    return {
        "ranking": lambda: b.build_ranking_bars(f["ranking"], **common).to_dict(),
        "trend": lambda: b.build_trend_with_target(
            f["trend"], series="series", colors=trend_colors, target=110.0, **common
        ).to_dict(),
        "fan": lambda: b.build_fan_chart(f["fan"], **common).to_dict(),
        "multiples": lambda: b.build_peer_small_multiples(f["multiples"], **common).to_dict(),
        "pillars": lambda: b.build_pillar_profile(f["pillars"], **common).to_dict(),
        "progress": lambda: b.build_progress_bars(f["progress"], **common).to_dict(),
    }


def main() -> None:
    """Time both sides, interleaved, after checking that they draw the same charts."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--before", default="cbfa4a8")
    args = ap.parse_args()
    sides = {"before": _kinds(_at(args.before)), "now": _kinds(now)}
    for kind, build in sides["now"].items():
        assert build() == sides["before"][kind](), f"the two sides draw different {kind} charts"
    spent = {side: dict.fromkeys(sides["now"], 0.0) for side in sides}
    for _ in range(args.rounds):
        for side, kinds in sides.items():
            for kind, build in kinds.items():
                t = time.perf_counter()
                build()
                spent[side][kind] += time.perf_counter() - t
    print(f"{'chart':<10} {'before':>9} {'now':>9}  ratio   (ms a chart, {args.rounds} rounds)")
    for kind in sides["now"]:
        b, n = spent["before"][kind], spent["now"][kind]
        print(f"{kind:<10} {b / args.rounds * 1e3:9.1f} {n / args.rounds * 1e3:9.1f}  {n / b:5.2f}")
    total_b, total_n = (sum(spent[s].values()) for s in ("before", "now"))
    print(
        f"{'all':<10} {total_b / args.rounds * 1e3:9.1f} {total_n / args.rounds * 1e3:9.1f}  "
        f"{total_n / total_b:5.2f}"
    )


if __name__ == "__main__":
    main()
