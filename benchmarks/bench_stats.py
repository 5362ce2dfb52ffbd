"""Growth + target + status table for 32 regions × 100 indicators × 20 years.

Vectorised ``analytics.stats`` (yoy, CAGR and target_table, each one polars pass over the whole
panel) against a straightforward per-series pandas loop computing the same numbers, in one run.
Prints both wall times, the ratio (goal: ≥ 20×) and whether the two agree.

    .venv/bin/python benchmarks/bench_stats.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import math
import time

import numpy as np
import pandas as pd
import polars as pl
from scipy import stats as sps

from analytics.stats import cagr, target_table, yoy

REGIONS, INDICATORS, YEARS = 32, 100, 20
FIRST = 2005


def synthetic_panel(seed: int = 20260101) -> tuple[pl.DataFrame, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    n = REGIONS * INDICATORS
    growth = rng.normal(0.06, 0.01, (n, 1)) + rng.normal(0, 0.03, (n, YEARS))
    level = rng.uniform(10, 1000, (n, 1)) * np.exp(np.cumsum(growth, axis=1))
    holes = rng.random((n, YEARS)) < 0.02  # 2% of values missing (gaps stay gaps)
    indicator = np.repeat([f"ind{i:03d}" for i in range(INDICATORS)], REGIONS)
    region = np.tile([f"{11 + r}0000" for r in range(REGIONS)], INDICATORS)
    panel = pl.DataFrame(
        {
            "indicator": np.repeat(indicator, YEARS),
            "region": np.repeat(region, YEARS),
            "period": np.tile([str(FIRST + y) for y in range(YEARS)], n),
            "value": np.where(holes, np.nan, level).ravel(),
        }
    ).with_columns(pl.col("value").fill_nan(None))
    panel = panel.filter(pl.col("value").is_not_null())  # a missing year is an absent row
    last = level[:, -1]
    targets = pl.DataFrame(
        {
            "indicator": [f"ind{i:03d}" for i in range(INDICATORS)],
            "target_value": rng.uniform(1.1, 1.5, INDICATORS) * float(np.median(last)),
            "target_year": 2027,
        }
    )
    return panel, targets


def vectorised(panel: pl.DataFrame, targets: pl.DataFrame) -> pl.DataFrame:
    growth = yoy(panel).filter(pl.col("period") == str(FIRST + YEARS - 1))
    table = target_table(panel, targets)
    rates = cagr(panel)
    return table.join(
        growth.select("indicator", "region", pl.col("value").alias("yoy_pct")),
        on=["indicator", "region"],
        how="left",
    ).join(
        rates.select("indicator", "region", pl.col("value").alias("cagr_pct")),
        on=["indicator", "region"],
        how="left",
    )


def pandas_loop(panel: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """What one writes without a vectorised library: one series at a time."""
    tgt = targets.set_index("indicator")
    last_year = str(FIRST + YEARS - 1)
    rows = []
    for (ind, reg), g in panel.groupby(["indicator", "region"], sort=False):
        g = g.assign(year=g["period"].astype(int)).sort_values("year")
        years, vals = g["year"].to_numpy(), g["value"].to_numpy()
        prev = dict(zip(years, vals, strict=True))
        y = {
            int(yr): (v / prev[yr - 1] - 1) * 100 if yr - 1 in prev else None
            for yr, v in zip(years, vals, strict=True)
        }
        span = years[-1] - years[0]
        rate = ((vals[-1] / vals[0]) ** (1 / span) - 1) * 100 if span > 0 else None
        growth = [
            math.log(vals[i] / vals[i - 1])
            for i in range(1, len(vals) - 1)
            if years[i] - years[i - 1] == 1
        ]
        target, target_year = tgt.loc[ind, "target_value"], tgt.loc[ind, "target_year"]
        h = target_year - years[-1]
        last = vals[-1]
        p = None
        if len(growth) >= 2 and h > 0:
            d, s, m = np.mean(growth), np.std(growth, ddof=1), len(growth)
            z = (math.log(last) + h * d - math.log(target)) / (s * math.sqrt(h + h * h / m))
            p = float(sps.t.cdf(z, df=m - 1))
        if last >= target:
            status = "achieved"
        elif h <= 0:
            status = "off_track"
        elif p is None:
            status = "unknown"
        else:
            status = "on_track" if p >= 0.8 else "at_risk" if p >= 0.2 else "off_track"
        required = ((target / last) ** (1 / h) - 1) * 100 if h > 0 else None
        rows.append(
            {
                "indicator": ind,
                "region": reg,
                "yoy_pct": y.get(int(last_year)),
                "cagr_pct": rate,
                "required_growth_pct": required,
                "probability": p,
                "status": status,
            }
        )
    return pd.DataFrame(rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    panel, targets = synthetic_panel()
    print(
        f"panel: {panel.height} rows, {REGIONS} regions × {INDICATORS} indicators × {YEARS} years"
    )
    vectorised(panel, targets)  # warm up
    best_pl = min(_timed(lambda: vectorised(panel, targets)) for _ in range(args.repeat))
    pdf, ptg = panel.to_pandas(), targets.to_pandas()
    t0 = time.perf_counter()
    baseline = pandas_loop(pdf, ptg)
    t_pd = time.perf_counter() - t0
    ours = vectorised(panel, targets).sort("indicator", "region")
    theirs = pl.from_pandas(baseline).sort("indicator", "region")
    same_status = (ours["status"] == theirs["status"]).all()
    diff_p = (ours["probability"] - theirs["probability"]).abs().max()
    diff_y = (ours["yoy_pct"] - theirs["yoy_pct"]).abs().max()
    print(f"vectorised analytics.stats (best of {args.repeat}): {best_pl:.3f} s")
    print(f"per-series pandas loop:                    {t_pd:.3f} s")
    print(f"ratio: {t_pd / best_pl:.1f}×  (goal ≥ 20×)")
    print(
        f"agreement: status identical={same_status}, max |Δprobability|={diff_p:.2e}, "
        f"max |Δyoy|={diff_y:.2e}"
    )
    print(ours["status"].value_counts().sort("status"))


def _timed(fn: object) -> float:
    t0 = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - t0


if __name__ == "__main__":
    main()
