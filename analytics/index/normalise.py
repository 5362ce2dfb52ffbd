"""Normalisation: bring indicators to a common scale, direction first.

Every method works per indicator, either per year (``scope="year"``: each year's cross-section on
its own) or over the whole panel (``scope="global"``: one min/max, mean/sd, or ranking for all
years, so scores compare over time). Lower-is-better indicators are multiplied by −1 before
normalising (as COINr does), so higher normalised values are always better; targets, goalposts
and references are flipped with them.

Methods (x is the directed value; min/max/mean/sd over the scope; sd is the sample sd):

- ``minmax``: ``lo + (x − min)/(max − min) · (hi − lo)`` with ``range=(lo, hi)``.
- ``zscore``: ``m + s · (x − mean)/sd`` with ``mean_sd=(m, s)`` (default (0, 1)).
- ``rank``: rank with ties averaged, 1 = lowest.
- ``percentile_rank``: share of values ≤ x (the empirical CDF), in (0, 1].
- ``distance_to_max``: ``1 − (max − x)/(max − min)``.
- ``distance_to_reference``: ``1 − (x_ref − x)/(max − min)`` where x_ref is the ``reference``
  region's value in the same scope group; capped at ``cap`` (default 1) when ``cap`` is not None.
- ``distance_to_target``: ``(x − min)/(target − min)``, capped at ``cap`` (default 1).
- ``goalposts``: ``(x − lower)/(upper − lower)`` clipped to [0, 1], times ``scale`` (default 1).

Examples
--------
>>> import polars as pl
>>> f = pl.DataFrame({"region": ["a", "b", "c"], "year": [2020] * 3, "indicator": ["x"] * 3,
...                   "value": [1.0, 2.0, 5.0]})
>>> normalise(f, method="minmax", range=(0, 100))["value"].to_list()
[0.0, 25.0, 100.0]
>>> normalise(f, method="minmax", directions={"x": -1})["value"].to_list()
[1.0, 0.75, 0.0]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, get_args

import polars as pl

from analytics.exceptions import AnalyticsError

__all__ = ["NORMALISATIONS", "Normalisation", "Scope", "apply_direction", "normalise"]

Normalisation = Literal[
    "minmax",
    "zscore",
    "rank",
    "percentile_rank",
    "distance_to_max",
    "distance_to_reference",
    "distance_to_target",
    "goalposts",
]
NORMALISATIONS: tuple[str, ...] = get_args(Normalisation)
Scope = Literal["year", "global"]


def apply_direction(panel: pl.DataFrame, directions: Mapping[str, int] | None) -> pl.DataFrame:
    """Multiply lower-is-better indicators (direction −1) by −1; others are unchanged.

    Parameters
    ----------
    panel
        The engine's long frame (``indicator``, ``value``, …).
    directions
        Indicator id → +1 (higher is better) or −1 (lower is better), as
        :meth:`Framework.directions` gives; indicators not in it count as +1. None or empty:
        ``panel`` is returned as it is.

    Returns
    -------
    pl.DataFrame
        ``panel`` with ``value`` multiplied by its indicator's direction.

    Examples
    --------
    >>> f = pl.DataFrame({"indicator": ["x", "y"], "value": [2.0, 3.0]})
    >>> apply_direction(f, {"y": -1})["value"].to_list()
    [2.0, -3.0]
    """
    if not directions:
        return panel
    sign = pl.col("indicator").replace_strict(dict(directions), default=1, return_dtype=pl.Float64)
    return panel.with_columns(pl.col("value") * sign)


def normalise(
    panel: pl.DataFrame,
    *,
    method: Normalisation = "minmax",
    scope: Scope = "global",
    directions: Mapping[str, int] | None = None,
    range: tuple[float, float] = (0.0, 1.0),
    mean_sd: tuple[float, float] = (0.0, 1.0),
    reference: str | None = None,
    targets: Mapping[str, float] | None = None,
    goalposts: Mapping[str, tuple[float, float]] | None = None,
    cap: float | None = 1.0,
    scale: float = 1.0,
) -> pl.DataFrame:
    """Normalise every indicator of a long frame; returns the frame with ``value`` replaced.

    See the module docstring for the formulas. Missing values stay missing. A constant indicator
    (max = min) normalises to the middle of the range for min–max, to 0.5 for distance to the
    maximum and to ``m`` for z-scores.

    Parameters
    ----------
    panel
        The engine's long frame (``region``, ``year``, ``indicator``, ``value``, any flags,
        which are kept).
    method
        One of :data:`NORMALISATIONS` (formulas in the module docstring); default ``minmax``.
    scope
        ``global`` (the default): one min/max, mean/sd or ranking per indicator over every
        year, so scores compare over time; ``year``: each year's cross-section on its own.
    directions
        Indicator id → +1 or −1; lower-is-better indicators (−1) are flipped first, with their
        targets and goalposts, so that higher normalised values are better. None (the
        default): every indicator is higher-is-better.
    range
        ``(lo, hi)`` of ``minmax``; default (0, 1).
    mean_sd
        ``(m, s)``, the mean and sd of ``zscore``'s output; default (0, 1).
    reference
        Region code whose value is the reference of ``distance_to_reference`` (required
        then). Where it has no value in a scope group, that group's results are null.
    targets
        Indicator id → target, in the indicator's unit, for ``distance_to_target`` (required
        then). An indicator without a target normalises to null (never to the cap).
    goalposts
        Indicator id → ``(lower, upper)`` in the indicator's unit, for ``goalposts``
        (required then); indicators without goalposts normalise to null.
    cap
        Upper bound of ``distance_to_reference`` and ``distance_to_target`` (a region beyond
        the reference or the target scores ``cap``); default 1, None for no cap.
    scale
        Factor applied to ``goalposts`` scores (100 for a 0–100 scale); default 1.

    Returns
    -------
    pl.DataFrame
        ``panel`` with ``value`` replaced by the normalised value (null where the value was
        missing or the result undefined).

    Raises
    ------
    AnalyticsError
        Unknown method or scope, or a method's parameter missing (reference, targets, goalposts).

    Examples
    --------
    >>> f = pl.DataFrame({"region": ["a", "b", "c"], "year": 2020, "indicator": "x",
    ...                   "value": [1.0, 2.0, 5.0]})
    >>> normalise(f, method="distance_to_target", targets={"x": 3.0})["value"].to_list()
    [0.0, 0.5, 1.0]
    >>> normalise(f, method="goalposts", goalposts={"x": (0.0, 4.0)}, scale=100)["value"].to_list()
    [25.0, 50.0, 100.0]
    >>> normalise(f, method="rank")["value"].to_list()
    [1.0, 2.0, 3.0]
    >>> # x has no target here: undefined, null (a cap never stands in for a missing result)
    >>> normalise(f, method="distance_to_target", targets={"y": 3.0})["value"].to_list()
    [None, None, None]
    """
    if method not in NORMALISATIONS:
        raise AnalyticsError(f"unknown normalisation `{method}`; expected one of {NORMALISATIONS}")
    if scope not in ("year", "global"):
        raise AnalyticsError(f"unknown scope `{scope}`; expected 'year' or 'global'")
    by = ["indicator", "year"] if scope == "year" else ["indicator"]
    sign = {k: float(v) for k, v in (directions or {}).items()}
    f = apply_direction(panel, directions)
    x = pl.col("value")
    lo_, hi_ = x.min().over(by), x.max().over(by)
    spread = hi_ - lo_
    if method == "minmax":
        lo, hi = range
        expr = (
            pl.when(spread > 0).then(lo + (x - lo_) / spread * (hi - lo)).otherwise((lo + hi) / 2)
        )
    elif method == "distance_to_max":
        expr = pl.when(spread > 0).then(1 - (hi_ - x) / spread).otherwise(0.5)
    elif method == "zscore":
        m, s = mean_sd
        sd = x.std(ddof=1).over(by)
        expr = pl.when(sd > 0).then(m + s * (x - x.mean().over(by)) / sd).otherwise(m)
    elif method == "rank":
        expr = x.rank("average").over(by).cast(pl.Float64)
    elif method == "percentile_rank":
        expr = x.rank("max").over(by).cast(pl.Float64) / x.count().over(by)
    elif method == "distance_to_reference":
        if reference is None:
            raise AnalyticsError("distance_to_reference needs `reference=` (a region code)")
        ref = x.filter(pl.col("region") == reference).first().over(by)
        expr = 1 - (ref - x) / spread
        if cap is not None:
            expr = expr.clip(upper_bound=cap)  # a null (no target, no reference) stays null
    elif method == "distance_to_target":
        if not targets:
            raise AnalyticsError("distance_to_target needs `targets=` {indicator: target}")
        t = pl.col("indicator").replace_strict(
            {k: v * sign.get(k, 1.0) for k, v in targets.items()},
            default=None,
            return_dtype=pl.Float64,
        )
        expr = (x - lo_) / (t - lo_)
        if cap is not None:
            expr = expr.clip(upper_bound=cap)  # a null (no target, no reference) stays null
    else:  # goalposts
        if not goalposts:
            raise AnalyticsError("goalposts needs `goalposts=` {indicator: (lower, upper)}")
        gl, gu = {}, {}
        for k, (a, b) in goalposts.items():
            s_ = sign.get(k, 1.0)
            gl[k], gu[k] = (a * s_, b * s_) if s_ > 0 else (b * s_, a * s_)
        low = pl.col("indicator").replace_strict(gl, default=None, return_dtype=pl.Float64)
        up = pl.col("indicator").replace_strict(gu, default=None, return_dtype=pl.Float64)
        expr = ((x - low) / (up - low)).clip(0.0, 1.0) * scale
    out = f.with_columns(pl.when(x.is_null()).then(None).otherwise(expr).alias("value"))
    return out.with_columns(pl.col("value").fill_nan(None))
