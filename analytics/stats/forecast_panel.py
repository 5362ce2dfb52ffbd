"""Forecasts for every region of one indicator, serially or over a few processes."""

from __future__ import annotations

import html
import multiprocessing
import os
import warnings
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field

import polars as pl

from analytics.exceptions import AnalyticsError, AnalyticsWarning
from analytics.stats._frames import SERIES_COLUMNS
from analytics.stats.forecast import Direction, ForecastModel, ForecastResults

__all__ = ["RegionForecasts", "forecast_regions"]

_Outcome = tuple[str, ForecastResults | None, str | None, list[str]]


def _fit_one(
    model: ForecastModel, region: str, frame: pl.DataFrame, horizon: int, until: str | None
) -> _Outcome:
    """Fit one region; return its results or error, and the AnalyticsWarnings it raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", AnalyticsWarning)
        try:
            res: ForecastResults | None = model.fit(frame, horizon=horizon, until=until)
            error = None
        except AnalyticsError as exc:
            res, error = None, str(exc)
    messages = [str(w.message) for w in caught if issubclass(w.category, AnalyticsWarning)]
    return region, res, error, messages


@contextmanager
def _single_threaded_blas() -> Iterator[None]:
    """Workers inherit one BLAS thread each: tiny fits in parallel otherwise oversubscribe."""
    names = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
    saved = {n: os.environ.get(n) for n in names}
    for n in names:
        os.environ.setdefault(n, "1")
    try:
        yield
    finally:
        for n, v in saved.items():
            if v is None:
                os.environ.pop(n, None)
            else:
                os.environ[n] = v


def _fit_many(
    model: ForecastModel,
    items: list[tuple[str, pl.DataFrame]],
    horizon: int,
    until: str | None,
) -> list[_Outcome]:
    return [_fit_one(model, region, frame, horizon, until) for region, frame in items]


@dataclass
class RegionForecasts:
    """Forecasts of one indicator for many regions.

    ``results`` maps a region code to its :class:`ForecastResults`; ``failures`` maps a region
    that could not be forecast (e.g. one observation) to the reason.

    Made by :func:`forecast_regions`.

    Parameters
    ----------
    indicator
        The indicator id forecast; None when the frame had no ``indicator`` column (or no
        rows).
    results
        Region code → its :class:`ForecastResults`, in the order the regions first appear in
        the data.
    failures
        Region code → why it could not be forecast (the error message); empty by default.
        :meth:`probabilities` lists these regions with a null probability.

    Examples
    --------
    >>> df = pl.DataFrame({"indicator": "x", "region": ["a"] * 4 + ["c"],
    ...                    "period": ["2021", "2022", "2023", "2024", "2024"],
    ...                    "value": [1.0, 2.0, 3.0, 4.0, 1.0]})
    >>> fc = forecast_regions(df, model=ForecastModel(method="trend"), horizon=1)
    >>> fc.probabilities(5.0, 2025).rows()
    [('x', 'a', 0.846, 'log-linear trend'), ('x', 'c', None, 'none')]
    """

    indicator: str | None
    results: dict[str, ForecastResults]
    failures: dict[str, str] = field(default_factory=dict)

    def to_frame(self, *, levels: tuple[float, ...] = (0.8, 0.95)) -> pl.DataFrame:
        """All regions' observed values and forecasts with intervals, stacked."""
        frames = [r.to_frame(levels=levels) for r in self.results.values()]
        return pl.concat(frames, how="diagonal_relaxed") if frames else pl.DataFrame()

    def probabilities(
        self,
        target: float | dict[str, float],
        period: str | int,
        *,
        direction: Direction = "higher",
    ) -> pl.DataFrame:
        """Probability per region of reaching ``target`` (one, or one per region) in ``period``.

        The frame (``indicator``, ``region``, ``probability``, ``probability_method``) plugs into
        :func:`analytics.stats.target_table` as ``probabilities=``.
        """
        rows = []
        for region, res in self.results.items():
            goal = target.get(region) if isinstance(target, dict) else target
            p = None if goal is None else res.probability(goal, period, direction=direction)
            rows.append((self.indicator, region, p, res.model))
        for region in self.failures:
            rows.append((self.indicator, region, None, "none"))
        schema = {
            "indicator": pl.Utf8,
            "region": pl.Utf8,
            "probability": pl.Float64,
            "probability_method": pl.Utf8,
        }
        return pl.DataFrame(rows, schema=schema, orient="row").sort("region")

    def summary(self) -> str:
        """One line per region: model, last observation, last forecast, notes count."""
        lines = [f"Forecasts of {self.indicator} for {len(self.results)} regions"]
        for region, res in self.results.items():
            lines.append(
                f"{region}: {res.model}, {len(res.values)} obs to {res.periods[-1]}, "
                f"{res.periods_ahead[-1]} → {float(res.mean[-1]):.4g}"
                + (f" ({len(res.notes)} notes)" if res.notes else "")
            )
        lines += [f"{region}: not forecast — {why}" for region, why in self.failures.items()]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        body = "".join(
            f"<tr><td>{html.escape(r)}</td><td>{html.escape(res.model)}</td>"
            f"<td>{len(res.values)}</td><td>{float(res.mean[-1]):.4g}</td></tr>"
            for r, res in self.results.items()
        )
        return (
            f"<div><strong>{html.escape(str(self.indicator))}</strong>: "
            f"{len(self.results)} regions</div><table><thead><tr><th>region</th><th>model</th>"
            f"<th>observations</th><th>last forecast</th></tr></thead><tbody>{body}</tbody></table>"
        )


def forecast_regions(
    df: pl.DataFrame,
    *,
    model: ForecastModel | None = None,
    horizon: int = 5,
    until: str | int | None = None,
    regions: Sequence[str] | None = None,
    n_jobs: int = 1,
) -> RegionForecasts:
    """Fit ``model`` to every region of one indicator (one measure, one vintage).

    Regions that cannot be forecast are listed in ``failures``, not raised; the warnings of each
    fit (fallback to a trend, a gap) are re-issued here as :class:`AnalyticsWarning`.

    Parameters
    ----------
    df
        Observations of one indicator for many regions.
    model
        The model to fit (default ``ForecastModel()``).
    horizon
        Periods to forecast after each region's last observation.
    until
        Forecast every region up to this period (a target year) instead of ``horizon``
        periods, so that regions whose data end in different years share the target period.
    regions
        Restrict to these region codes.
    n_jobs
        Worker processes; ``1`` fits in this process. Starting a worker costs one to two
        seconds, so it pays only for slow models (ARIMA's order search); workers are spawned,
        so a script calling this needs the usual ``if __name__ == "__main__":`` guard.

    Returns
    -------
    RegionForecasts

    Examples
    --------
    >>> years = ["2021", "2022", "2023", "2024"]
    >>> df = pl.DataFrame({"indicator": "x", "region": ["a"] * 4 + ["b"] * 4 + ["c"] * 3,
    ...                    "period": years * 2 + years[1:],
    ...                    "value": [1.0, 2.0, 3.0, 4.0, 2.0, 4.0, 8.0, 16.0, 1.0, 2.0, 3.0]})
    >>> fc = forecast_regions(df, model=ForecastModel(method="trend"), horizon=1)
    >>> sorted(fc.results), [round(float(r.mean[0]), 3) for r in fc.results.values()]
    (['a', 'b'], [6.928, 32.0])
    >>> list(fc.failures)  # three points would keep one residual degree of freedom
    ['c']
    """
    model = model or ForecastModel()
    for c in ("indicator", *SERIES_COLUMNS):
        if c in df.columns and df[c].n_unique() > 1:
            raise AnalyticsError(
                f"forecast_regions takes one {c}; got {sorted(map(str, df[c].unique()))} "
                f"(hint: filter one {c} first)"
            )
    indicator = df["indicator"][0] if "indicator" in df.columns and df.height else None
    if regions is not None:
        df = df.filter(pl.col("region").is_in(list(regions)))
    items = [(str(k[0]), g) for k, g in df.group_by("region", maintain_order=True)]
    end = None if until is None else str(until)
    if n_jobs > 1 and len(items) > 1:
        chunks = [items[i::n_jobs] for i in range(n_jobs)]
        ctx = multiprocessing.get_context("spawn")
        with _single_threaded_blas(), ProcessPoolExecutor(n_jobs, mp_context=ctx) as pool:
            futures = [pool.submit(_fit_many, model, chunk, horizon, end) for chunk in chunks]
            outcomes = [o for f in futures for o in f.result()]
    else:
        outcomes = _fit_many(model, items, horizon, end)
    order = {region: i for i, (region, _) in enumerate(items)}
    outcomes.sort(key=lambda o: order[o[0]])
    results: dict[str, ForecastResults] = {}
    failures: dict[str, str] = {}
    for region, res, error, messages in outcomes:
        for msg in messages:
            warnings.warn(msg, AnalyticsWarning, stacklevel=2)
        if res is not None:
            results[region] = res
        else:
            failures[region] = error or "unknown error"
    return RegionForecasts(indicator, results, failures)
