"""Outlier treatment as COINr's ``Treat`` does it: Winsorise, else log.

For each indicator: while ``|skew| ≥ skew_max`` **and** ``kurtosis ≥ kurt_max`` (COINr passes an
indicator when either is within bounds), replace the most extreme value on the side of the skew by
the next value in (Winsorisation), up to ``winmax`` points. If it still fails, undo that and apply
``log(x − min + 0.01·(max − min))`` (COINr's ``log_CT``; mirrored for negative skew) instead.

Skewness and (excess) kurtosis are COINr's: ``Σ(x − mean)³/(n·sd³)`` and
``Σ(x − mean)⁴/(n·sd⁴) − 3`` with the sample sd.

Examples
--------
>>> import polars as pl
>>> f = pl.DataFrame({"region": [str(i) for i in range(12)], "year": [2020] * 12,
...                   "indicator": ["x"] * 12, "value": [1.0] * 6 + [2.0] * 5 + [40.0]})
>>> out, report = treat_outliers(f)
>>> report.select("indicator", "treatment", "n_winsorised").row(0)
('x', 'winsorised', 1)
>>> out["value"].max()
2.0
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import polars as pl

__all__ = ["kurtosis", "skewness", "treat_outliers"]


def skewness(x: np.ndarray) -> float:
    """Skewness ``Σ(x − mean)³ / (n · sd³)``, sample sd (COINr; type 3). NaNs are ignored.

    Parameters
    ----------
    x
        One indicator's values, as a float array; NaN where missing.

    Returns
    -------
    float
        The skewness; 0.0 when fewer than two values are present or they are all equal.

    Examples
    --------
    >>> # mean 4, deviations −3, −2, −1, 6: (180 / 4) / (50/3)^1.5
    >>> round(skewness(np.array([1.0, 2.0, 3.0, 10.0, np.nan])), 4)
    0.6614
    """
    v = x[~np.isnan(x)]
    sd = v.std(ddof=1) if v.size > 1 else 0.0
    return float(np.mean((v - v.mean()) ** 3) / sd**3) if sd > 0 else 0.0


def kurtosis(x: np.ndarray) -> float:
    """Excess kurtosis ``Σ(x − mean)⁴ / (n · sd⁴) − 3``, sample sd (COINr). NaNs are ignored.

    Parameters
    ----------
    x
        One indicator's values, as a float array; NaN where missing.

    Returns
    -------
    float
        The excess kurtosis (0 for a normal distribution); 0.0 when fewer than two values are
        present or they are all equal.

    Examples
    --------
    >>> # deviations −3, −2, −1, 6: (1394 / 4) / (50/3)^2 − 3
    >>> round(kurtosis(np.array([1.0, 2.0, 3.0, 10.0, np.nan])), 4)
    -1.7454
    """
    v = x[~np.isnan(x)]
    sd = v.std(ddof=1) if v.size > 1 else 0.0
    return float(np.mean((v - v.mean()) ** 4) / sd**4 - 3) if sd > 0 else 0.0


def _fails(x: np.ndarray, skew_max: float, kurt_max: float) -> bool:
    return abs(skewness(x)) >= skew_max and kurtosis(x) >= kurt_max


def _treat(
    x: np.ndarray, winmax: int, skew_max: float, kurt_max: float
) -> tuple[np.ndarray, str, int]:
    if not _fails(x, skew_max, kurt_max):
        return x, "none", 0
    w = x.copy()
    ok = ~np.isnan(w)
    for k in range(1, winmax + 1):
        vals = w[ok]
        if skewness(w) > 0:
            top = vals.max()
            rest = vals[vals < top]
            if rest.size == 0:
                break
            w[ok & (w == top)] = rest.max()
        else:
            bottom = vals.min()
            rest = vals[vals > bottom]
            if rest.size == 0:
                break
            w[ok & (w == bottom)] = rest.min()
        if not _fails(w, skew_max, kurt_max):
            return w, "winsorised", k
    lo, hi = np.nanmin(x), np.nanmax(x)
    if skewness(x) > 0:
        return np.log(x - lo + 0.01 * (hi - lo)), "log", 0
    return -np.log(hi - x + 0.01 * (hi - lo)), "log", 0


def treat_outliers(
    panel: pl.DataFrame,
    *,
    winmax: int = 5,
    skew_max: float = 2.0,
    kurt_max: float = 3.5,
    scope: Literal["year", "global"] = "global",
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Treat outliers per indicator (pooled over the panel, or per year).

    The rule in the module docstring: Winsorise while ``|skew| ≥ skew_max`` and
    ``kurtosis ≥ kurt_max``, else fall back to COINr's log transform.

    Parameters
    ----------
    panel
        The engine's long frame (``region``, ``year``, ``indicator``, ``value``); missing
        values are ignored by the statistics and stay missing.
    winmax
        Most Winsorising steps per indicator before the log fallback; default 5. A step
        replaces every point equal to the extreme value (ties together) by the next value in.
    skew_max
        Least absolute skewness at which an indicator fails; default 2.0 (COINr).
    kurt_max
        Least excess kurtosis at which an indicator fails; default 3.5 (COINr). An indicator
        is treated only when it fails on both.
    scope
        ``global`` (the default): one treatment per indicator over every year pooled;
        ``year``: one per indicator and year.

    Returns
    -------
    (panel, report)
        The treated frame (with a ``treatment`` column: none, winsorised or log) and one row per
        indicator (and year when ``scope="year"``) with skew and kurtosis before and after, the
        treatment and the number of points Winsorised.
    """
    by = ["indicator", "year"] if scope == "year" else ["indicator"]
    parts: list[pl.DataFrame] = []
    rows: list[dict[str, object]] = []
    for key, g in panel.sort("indicator", "year", "region").group_by(by, maintain_order=True):
        x = g["value"].fill_null(np.nan).to_numpy().astype(float)
        new, how, n = _treat(x, winmax, skew_max, kurt_max)
        parts.append(
            g.with_columns(pl.Series("value", new).fill_nan(None), pl.lit(how).alias("treatment"))
        )
        row: dict[str, object] = dict(zip(by, key, strict=True))
        row.update(
            skew_before=skewness(x),
            kurt_before=kurtosis(x),
            treatment=how,
            n_winsorised=n,
            skew_after=skewness(new),
            kurt_after=kurtosis(new),
        )
        rows.append(row)
    return pl.concat(parts), pl.DataFrame(rows)
