"""Forecasts for all 32 regions of one annual indicator (~15 points each); goal < 10 s.

Fits ``analytics.stats.forecast_regions`` with 1,000 simulated paths per region, serially and in
two worker processes, for the default ETS model, ETS with the damped trend chosen by AICc, and
ARIMA with the order chosen by AICc (6 candidate orders per region). Prints wall times.

    .venv/bin/python benchmarks/bench_forecast.py [--methods ets,ets_damped_auto,arima]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import polars as pl

from analytics.stats import ForecastModel, forecast_regions

MODELS = {
    "ets": ForecastModel(method="ets"),
    "ets_damped_auto": ForecastModel(method="ets", damped="auto"),
    "arima": ForecastModel(method="arima"),
}


def synthetic_indicator(regions: int = 32, years: int = 15, seed: int = 7) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    growth = rng.normal(0.06, 0.01, (regions, 1)) + rng.normal(0, 0.025, (regions, years))
    level = rng.uniform(1000, 50000, (regions, 1)) * np.exp(np.cumsum(growth, axis=1))
    return pl.DataFrame(
        {
            "indicator": "gdp",
            "region": np.repeat([f"{11 + r}0000" for r in range(regions)], years),
            "period": np.tile([str(2010 + y) for y in range(years)], regions),
            "value": level.ravel(),
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--methods", default=",".join(MODELS))
    parser.add_argument("--jobs", default="1,2")
    args = parser.parse_args()
    df = synthetic_indicator()
    print(
        f"{df['region'].n_unique()} regions × {df.height // df['region'].n_unique()} years, "
        "1,000 simulated paths each, horizon 6"
    )
    for name in args.methods.split(","):
        for jobs in map(int, args.jobs.split(",")):
            t0 = time.perf_counter()
            fc = forecast_regions(df, model=MODELS[name], horizon=6, n_jobs=jobs)
            wall = time.perf_counter() - t0
            p = fc.probabilities(60000.0, 2030)["probability"].mean()
            print(
                f"{name:<16} n_jobs={jobs}: {wall:6.2f} s  ({len(fc.results)} fitted, "
                f"mean P(reach 60000 by 2030)={p:.3f})  goal < 10 s"
            )


if __name__ == "__main__":
    main()
