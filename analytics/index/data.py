"""The engine's long frame and its dense cube.

Every stage takes and returns a long polars frame with the columns ``region`` (Utf8), ``year``
(Int64), ``indicator`` (Utf8) and ``value`` (Float64, null when missing), plus whatever flag
columns earlier stages added (``imputed``, ``treatment``). :func:`as_panel` makes one from the
observation model (``period`` → ``year``); :func:`to_cube` and :func:`from_cube` move between the
long frame and a ``years × regions × indicators`` numpy array for the batch computations.

Examples
--------
>>> import polars as pl
>>> obs = pl.DataFrame({"indicator": ["a", "a"], "region": ["1", "2"], "period": ["2020"] * 2,
...                     "value": [1.0, None]})
>>> cube = to_cube(as_panel(obs))
>>> cube.values.shape, cube.regions
((1, 2, 1), ('1', '2'))
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from analytics.exceptions import DataValidationError, Problem

__all__ = ["PANEL_SCHEMA", "Cube", "as_panel", "from_cube", "to_cube"]

PANEL_SCHEMA: dict[str, pl.DataType] = {
    "region": pl.Utf8(),
    "year": pl.Int64(),
    "indicator": pl.Utf8(),
    "value": pl.Float64(),
}


def as_panel(frame: pl.DataFrame) -> pl.DataFrame:
    """The engine's long frame from an observation-model frame (or an engine frame).

    ``period`` must be a year (``'2020'``); ``unit``/``region`` and ``year``/``period`` are
    accepted as names. Duplicate (region, year, indicator) keys are an error.

    Parameters
    ----------
    frame
        Observations with ``region`` (or ``unit``), ``period`` (a four-digit year) or
        ``year``, ``indicator`` and ``value``; one measure and one vintage per indicator. The
        flag columns ``imputed`` and ``treatment`` are kept; every other column is dropped.

    Returns
    -------
    pl.DataFrame
        ``region`` (Utf8), ``year`` (Int64), ``indicator`` (Utf8), ``value`` (Float64, NaN
        turned into null) and the kept flags, sorted by indicator, year and region.

    Raises
    ------
    DataValidationError
        When a ``period`` is not a year (quoting the first), a column is missing, or a
        (region, year, indicator) key repeats.

    Examples
    --------
    >>> obs = pl.DataFrame({"indicator": ["b", "a"], "region": "1", "period": "2020",
    ...                     "value": [3.0, float("nan")], "source": "x"})
    >>> as_panel(obs).rows()
    [('1', 2020, 'a', None), ('1', 2020, 'b', 3.0)]
    >>> as_panel(obs.with_columns(period=pl.lit("2020Q1")))
    Traceback (most recent call last):
    analytics.exceptions.DataValidationError: <frame>:0:period: period `2020Q1` is not a year (the index engine works on annual panels)
    """  # noqa: E501
    cols = set(frame.columns)
    f = frame
    if "region" not in cols and "unit" in cols:
        f = f.rename({"unit": "region"})
    if "year" not in cols and "period" in cols:
        bad = f.filter(~pl.col("period").cast(pl.Utf8).str.contains(r"^\d{4}$"))
        if bad.height:
            raise DataValidationError(
                [
                    Problem(
                        "<frame>",
                        0,
                        "period",
                        f"period `{bad['period'][0]}` is not a year",
                        "the index engine works on annual panels",
                    )
                ]
            )
        f = f.with_columns(pl.col("period").cast(pl.Int64).alias("year"))
    missing = [c for c in PANEL_SCHEMA if c not in f.columns]
    if missing:
        raise DataValidationError(
            [
                Problem(
                    "<frame>",
                    0,
                    c,
                    f"column `{c}` is missing",
                    "pass region, year (or period), indicator, value",
                )
                for c in missing
            ]
        )
    extra = [c for c in ("imputed", "treatment") if c in f.columns]
    selection: list[pl.Expr | str] = [pl.col(c).cast(t) for c, t in PANEL_SCHEMA.items()]
    out = f.select([*selection, *extra])
    out = out.with_columns(pl.col("value").fill_nan(None))
    dup = out.filter(pl.struct("region", "year", "indicator").is_duplicated())
    if dup.height:
        r = dup.row(0, named=True)
        raise DataValidationError(
            [
                Problem(
                    "<frame>",
                    0,
                    "indicator",
                    f"{dup.height} duplicated rows, e.g. {r['indicator']} "
                    f"{r['region']} {r['year']}",
                    "keep one vintage and one measure per indicator",
                )
            ]
        )
    return out.sort("indicator", "year", "region")


@dataclass(frozen=True)
class Cube:
    """A dense ``years × regions × indicators`` array with its labels (NaN = missing).

    Made by :func:`to_cube`; :func:`from_cube` turns it back into a long frame.

    Parameters
    ----------
    values
        Float array of shape (len(``years``), len(``regions``), len(``indicators``)); NaN
        where a value is missing.
    years
        The years of the first axis, ascending.
    regions
        The region codes of the second axis, sorted.
    indicators
        The indicator ids of the third axis.
    """

    values: np.ndarray
    years: tuple[int, ...]
    regions: tuple[str, ...]
    indicators: tuple[str, ...]


def to_cube(panel: pl.DataFrame, *, indicators: tuple[str, ...] | None = None) -> Cube:
    """Pivot the long frame into a :class:`Cube` (absent cells become NaN).

    Parameters
    ----------
    panel
        The engine's long frame (:func:`as_panel`), one row per region, year and indicator.
    indicators
        The indicators of the third axis, in this order; rows of other indicators are left
        out, and an indicator absent from ``panel`` gets NaN throughout. None (the default)
        takes every indicator of ``panel``, sorted.

    Returns
    -------
    Cube
        Years and regions are every year and region of ``panel`` (sorted), whichever
        indicators are kept; flag columns are not carried.

    Examples
    --------
    >>> panel = as_panel(pl.DataFrame({"indicator": ["a", "b"], "region": ["1", "2"],
    ...                                "period": "2020", "value": [1.0, 3.0]}))
    >>> to_cube(panel).values.tolist()
    [[[1.0, nan], [nan, 3.0]]]
    >>> cube = to_cube(panel, indicators=("b",))
    >>> cube.regions, cube.values.tolist()
    (('1', '2'), [[[nan], [3.0]]])
    """
    years = tuple(int(y) for y in panel["year"].unique().sort())
    regions = tuple(panel["region"].unique().sort())
    inds = indicators if indicators is not None else tuple(panel["indicator"].unique().sort())
    yi = {y: i for i, y in enumerate(years)}
    ri = {r: i for i, r in enumerate(regions)}
    ii = {k: i for i, k in enumerate(inds)}
    sub = panel.filter(pl.col("indicator").is_in(list(inds)))
    arr = np.full((len(years), len(regions), len(inds)), np.nan)
    y = sub["year"].replace_strict(yi, return_dtype=pl.Int64).to_numpy()
    r = sub["region"].replace_strict(ri, return_dtype=pl.Int64).to_numpy()
    k = sub["indicator"].replace_strict(ii, return_dtype=pl.Int64).to_numpy()
    arr[y, r, k] = sub["value"].fill_null(np.nan).to_numpy()
    return Cube(arr, years, regions, inds)


def from_cube(
    cube: Cube, values: np.ndarray | None = None, *, name: str = "indicator"
) -> pl.DataFrame:
    """The long frame of a cube (or of ``values`` shaped like it); NaN becomes null.

    Parameters
    ----------
    cube
        The cube whose labels name the rows.
    values
        An array of exactly ``cube.values``' shape to write out instead (e.g. normalised
        values computed on the cube); None (the default) writes ``cube.values``.
    name
        Name of the column holding the third axis' labels; default ``"indicator"``.

    Returns
    -------
    pl.DataFrame
        ``region``, ``year``, ``name`` and ``value``, one row per cell (missing ones null),
        ordered by year, region, then the third axis.

    Examples
    --------
    >>> cube = Cube(np.array([[[1.0, np.nan]]]), (2020,), ("1",), ("a", "b"))
    >>> from_cube(cube).rows()
    [('1', 2020, 'a', 1.0), ('1', 2020, 'b', None)]
    >>> from_cube(cube, cube.values * 2, name="pillar").columns
    ['region', 'year', 'pillar', 'value']
    """
    v = cube.values if values is None else values
    t, n, j = v.shape
    return pl.DataFrame(
        {
            "region": np.tile(np.repeat(np.array(cube.regions, dtype=object), j), t).tolist(),
            "year": np.repeat(np.array(cube.years, dtype=np.int64), n * j),
            name: np.tile(np.array(cube.indicators, dtype=object), t * n).tolist(),
            "value": v.reshape(-1),
        },
        schema_overrides={"region": pl.Utf8, name: pl.Utf8},
    ).with_columns(pl.col("value").fill_nan(None))
