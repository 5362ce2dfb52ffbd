"""``analytics data add`` for an NBS monthly export: where it goes and what it adds.

The export is read by :func:`analytics.io.nbs_monthly.parse_nbs_monthly` (refused at its cell),
then planned like every other format: copied byte for byte into ``data/raw/nbs_monthly``,
recorded under ``files:`` in ``data/catalog/nbs_monthly.yaml`` with the date added and its sha256.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from analytics.exceptions import DataValidationError
from analytics.io._add_map import ColumnMap
from analytics.io._add_plan import FilePlan, destination
from analytics.io.nbs_monthly import parse_nbs_monthly

__all__ = ["plan_monthly"]


def plan_monthly(path: Path, data: Path, taken: set[str], today: dt.date) -> FilePlan:
    """The plan for adding one monthly export (nothing written).

    Parameters
    ----------
    path
        The export as downloaded.
    data
        The data folder it goes into.
    taken
        Destinations other files of the same command take.
    today
        The date added (and the "period in the future" check).

    Returns
    -------
    FilePlan
        Its destination, its indicators and observations, and its ``nbs_monthly.yaml`` entry.
    """
    folder = data / "raw" / "nbs_monthly"
    dest = destination(folder, path.name, taken, today)
    rel = dest.relative_to(folder).as_posix()
    parsed = parse_nbs_monthly(path, rule={}, relpath=rel, today=today)
    if parsed.problems:
        raise DataValidationError(parsed.problems)
    obs = parsed.observations
    seen = obs.select("indicator", "measure", "unit").unique(maintain_order=True)
    columns = [
        ColumnMap(
            r["indicator"],
            0,
            0,
            r["indicator"],
            r["measure"],
            r["unit"],
            "named in data/catalog/nbs_monthly.yaml",
        )
        for r in seen.iter_rows(named=True)
    ]
    sha = parsed.source["sha256"]
    entry = {"added": today.isoformat(), "sha256": sha, "source": parsed.source["title"]}
    return FilePlan(path, "nbs_monthly", sha, dest, columns, obs, "nbs_portal", "nbs_portal", entry)
