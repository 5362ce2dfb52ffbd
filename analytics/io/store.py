"""The indicator store: ``data/raw`` + ``data/reference`` → Parquet under ``data/processed``.

``build_store`` imports every shipped source, checks them against the catalog, keeps identical
figures once, refuses conflicting ones, and writes ``observations.parquet``, ``sources.parquet``
and ``build.json`` atomically (into a temporary folder, then renamed), so a failed build never
leaves a half-written store. Queries pick one vintage and say which.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from analytics._typing import Frequency
from analytics.catalog import get_indicator
from analytics.config import data_dir as default_data_dir
from analytics.exceptions import AnalyticsError, DataValidationError, Problem
from analytics.io._add_figures import added_figures
from analytics.io._paths import StoreNotBuiltError, store_path
from analytics.io._pause import pause_point
from analytics.io._schema import KEY, SOURCE_SCHEMA, VINTAGE_RANK, conform
from analytics.io._signals import held
from analytics.io.anomalies import flag_store
from analytics.io.figures import FiguresImport, parse_figures
from analytics.io.inputs import check_inputs
from analytics.io.nbs import nbs_file_rules, parse_nbs_export
from analytics.io.nbs_monthly import monthly_observations
from analytics.io.portal import portal_observations
from analytics.io.rd import rd_observations

__all__ = [
    "BuildSummary",
    "StoreNotBuiltError",
    "build_store",
    "latest_period",
    "read_series",
    "read_sources",
    "scan_store",
    "store_path",
]


@dataclass
class BuildSummary:
    """What ``build_store`` did: counts by source kind, figures not imported, timing.

    Parameters
    ----------
    observations
        Rows written to ``observations.parquet`` (identical figures from two sources counted
        once).
    sources
        Rows written to ``sources.parquet``.
    by_kind
        Observations by the ``kind`` of their source (``nbs_export``, ``figure``, …).
    not_imported
        Published figures kept in the sources table only, counted by the reason they are not
        observations.
    skipped_files
        Raw files not imported, by path (under ``data/raw/nbs``, or ``nbs_monthly/…``) → the
        reason their ``skip:`` rule gives.
    seconds
        Wall-clock time of the build.
    path
        The store folder written (``<data_dir>/processed``).
    notes
        Remarks for the reader of the summary; :func:`build_store` leaves it empty (default).
    """

    observations: int
    sources: int
    by_kind: dict[str, int]
    not_imported: dict[str, int]
    skipped_files: dict[str, str]
    seconds: float
    path: Path
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(self.by_kind.items()))
        skipped = sum(self.not_imported.values())
        return (
            f"store built in {self.seconds:.2f} s: {self.observations} observations ({kinds}) "
            f"from {self.sources} sources → {self.path}\n"
            f"published figures kept in the sources table only: {skipped} "
            f"({', '.join(f'{k}: {v}' for k, v in sorted(self.not_imported.items()))})"
        )


def _research(data: Path) -> tuple[pl.DataFrame, list[dict[str, str]]]:
    panel = data / "raw" / "research" / "panel_data.xlsx"
    if not panel.exists():
        return pl.DataFrame(), []
    from analytics.io.research import read_research_panel

    obs = read_research_panel(panel)
    src = {
        "id": "research_panel",
        "kind": "research_panel",
        "title": "Research panel of 22 digital-economy indicators, 31 provinces, 2013–2022 "
        "(Airui Meng, china-digital-economy-disparities)",
        "where": "data/raw/research/panel_data.xlsx",
        "quote": "Compiled from China Statistical Yearbooks, PKU Digital Inclusive Finance Index "
        "and others; some cells linearly interpolated (see data/raw/research/PROVENANCE.md).",
        "publisher": "research compilation (not official statistics)",
        "sha256": "",
    }
    return obs, [src]


def _plan_sources(path: Path) -> list[dict[str, str]]:
    import csv

    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        start = reader.line_num + 1
        for row in reader:
            out.append(
                {
                    "id": f"reference/{path.name}:{start}",
                    "kind": "plan_target",
                    "title": "天津市智慧城市建设“十四五”规划 (津政办发〔2021〕52号) — target as "
                    "reported in a 2022-01 interview (secondary source)",
                    "where": row[6][:500],
                    "quote": row[5],
                    "publisher": "",
                    "sha256": "",
                }
            )
            start = reader.line_num + 1
    return out


def _changed(path: Path, entry: dict[str, str], sha256: str) -> list[Problem]:
    """A raw file whose bytes differ from those recorded when ``analytics data add`` added it."""
    if not entry.get("sha256") or not sha256 or entry["sha256"] == sha256:
        return []
    return [
        Problem(
            path,
            0,
            0,
            f"sha256 {sha256[:16]}… is not the {entry['sha256'][:16]}… recorded when the file "
            f"was added on {entry.get('added', '?')}",
            "raw files are never edited: restore the file, or add the new one with "
            "`analytics data add`",
        )
    ]


def build_store(*, data_dir: Path | None = None) -> BuildSummary:
    """Import everything shipped in ``data/`` and write the store atomically.

    Raises :class:`~analytics.exceptions.DataValidationError` with every problem found; the
    previous store is then left untouched.

    Parameters
    ----------
    data_dir
        The project's data folder (``raw``, ``reference``, ``processed`` under it); default
        :func:`analytics.config.data_dir`.

    Returns
    -------
    BuildSummary
        What was written, and where.
    """
    t0 = time.perf_counter()
    data = data_dir or default_data_dir()
    problems: list[Problem] = check_inputs(data)
    if problems:
        raise DataValidationError(problems)
    skipped: dict[str, str] = {}
    frames, sources = _nbs_exports(data, problems, skipped)
    figures, added = _figures(data)
    problems += figures.problems + added.problems
    frames += [figures.observations, added.observations]
    more, more_src = _other_observations(data)
    frames += more
    sources += more_src
    obs = pl.concat(frames, how="vertical")
    problems += _clashes(obs)
    if problems:
        raise DataValidationError(problems)
    obs = (
        obs.sort(pl.col("value").is_null())  # a known value wins over a blank cell
        .unique(subset=KEY, keep="first", maintain_order=True)
        .sort(["indicator", "region", "measure", "vintage", "period"])
    )
    src = pl.DataFrame(
        sources + figures.sources.to_dicts() + added.sources.to_dicts(), schema=SOURCE_SCHEMA
    )
    by_kind: dict[str, int] = dict(
        obs.join(src.select("id", "kind"), left_on="source", right_on="id", how="left")
        .group_by("kind")
        .len()
        .iter_rows()
    )
    summary = {
        "observations": obs.height,
        "sources": src.height,
        "by_kind": by_kind,
        "not_imported": figures.unmapped,
        "skipped_files": skipped,
    }
    out = _write(data, obs, src, summary)
    return BuildSummary(
        obs.height,
        src.height,
        by_kind,
        figures.unmapped,
        skipped,
        time.perf_counter() - t0,
        out,
    )


def _nbs_exports(
    data: Path, problems: list[Problem], skipped: dict[str, str]
) -> tuple[list[pl.DataFrame], list[dict[str, str]]]:
    """Every NBS export (annual and monthly) read by its rule; problems and skips recorded."""
    raw_nbs = data / "raw" / "nbs"
    frames: list[pl.DataFrame] = []
    sources: list[dict[str, str]] = []
    rules = nbs_file_rules()
    for path in sorted(raw_nbs.rglob("*.csv")):
        rel = path.relative_to(raw_nbs).as_posix()
        rule = rules["files"].get(rel)
        if rule is None:
            msg, hint = (
                "file not described in nbs_files.yaml",
                "add an entry (or `skip:` with a reason)",
            )
            problems.append(Problem(path, 0, 0, msg, hint))
            continue
        if "skip" in rule:
            skipped[rel] = rule["skip"]
            continue
        parsed = parse_nbs_export(path, rule=rule, relpath=rel)
        problems += parsed.problems + _changed(path, rule, parsed.source["sha256"])
        frames.append(parsed.observations)
        sources.append(parsed.source)
    monthly, monthly_src, monthly_problems, monthly_skipped = monthly_observations(data)
    frames.append(monthly)
    sources += monthly_src
    problems += monthly_problems
    skipped.update({f"nbs_monthly/{k}": v for k, v in monthly_skipped.items()})
    return frames, sources


def _figures(data: Path) -> tuple[FiguresImport, FiguresImport]:
    """The reference figures (both searches, as one import) and the tables ``data add`` added.

    The second import's counts of figures not imported are added to the first's.
    """
    figures = parse_figures(data / "reference" / "figures.csv")
    later = parse_figures(data / "reference" / "figures_2026-12.csv")  # the 2026-12 search
    figures.observations = pl.concat([figures.observations, later.observations])
    figures.sources = pl.concat([figures.sources, later.sources])
    figures.problems += later.problems
    added = added_figures(data)  # tables added with `analytics data add`
    for reason, n in [*later.unmapped.items(), *added.unmapped.items()]:
        figures.unmapped[reason] = figures.unmapped.get(reason, 0) + n
    return figures, added


def _other_observations(data: Path) -> tuple[list[pl.DataFrame], list[dict[str, str]]]:
    """The research panel, the plan targets' sources, the portal panels and the R&D tables."""
    frames: list[pl.DataFrame] = []
    research, sources = _research(data)
    if research.height:
        frames.append(conform(research))
    else:
        sources = []
    sources += _plan_sources(data / "reference" / "plan_targets.csv")
    for obs, src in (
        portal_observations(data / "raw" / "nbs_portal"),
        rd_observations(data / "raw" / "rd_techme"),
    ):
        if obs.height:
            frames.append(conform(obs))
            sources += src
    return frames, sources


def _clashes(obs: pl.DataFrame) -> list[Problem]:
    """Keys whose values differ between sources (identical values from two exports are fine)."""
    clash = (
        obs.group_by(KEY)
        .agg(pl.col("value").drop_nulls().n_unique().alias("n"), pl.col("source").unique())
        .filter(pl.col("n") > 1)
    )
    return [
        Problem(
            row["source"][0],
            0,
            0,
            f"`{row['indicator']}` {row['region']} {row['period']} ({row['vintage']}) differs "
            f"between sources {row['source']}",
            "label the vintages apart",
        )
        for row in clash.iter_rows(named=True)
    ]


def _write(data: Path, obs: pl.DataFrame, src: pl.DataFrame, summary: dict[str, Any]) -> Path:
    """Write the store into a fresh folder beside ``processed/``, then swap it in."""
    out = store_path(data)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".processed-", dir=out.parent))
    try:
        obs.write_parquet(tmp / "observations.parquet")
        src.write_parquet(tmp / "sources.parquet")
        flag_store(obs).write_parquet(tmp / "anomalies.parquet")
        (tmp / "build.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2), "utf-8")
        pause_point("store-written")
        _swap(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def _swap(new: Path, target: Path) -> None:
    """Replace ``target`` by ``new`` with renames only (the old store stays until the swap)."""
    old = target.with_name(f".{target.name}-old-{os.getpid()}")
    try:
        with held("data build"):  # a stop between the two renames would leave no store at all
            if target.exists():
                os.replace(target, old)
            os.replace(new, target)
    finally:
        shutil.rmtree(old, ignore_errors=True)


def scan_store(*, data_dir: Path | None = None) -> pl.LazyFrame:
    """All observations as a lazy frame.

    Parameters
    ----------
    data_dir
        The project's data folder (``raw``, ``reference``, ``processed`` under it); default
        :func:`analytics.config.data_dir`.

    Returns
    -------
    polars.LazyFrame
        ``observations.parquet``: every indicator, measure and vintage.

    Raises
    ------
    StoreNotBuiltError
        When the store has not been built (``analytics data build``).

    Examples
    --------
    >>> lf = scan_store()
    >>> sorted(lf.collect_schema().names())[:3]
    ['indicator', 'measure', 'period']
    """
    return _read(store_path(data_dir) / "observations.parquet").lazy()


def read_sources(*, data_dir: Path | None = None) -> pl.DataFrame:
    """The sources table: id, kind, title, where, quote, publisher, sha256.

    Parameters
    ----------
    data_dir
        The project's data folder (``raw``, ``reference``, ``processed`` under it); default
        :func:`analytics.config.data_dir`.

    Returns
    -------
    polars.DataFrame
        One row per source; an observation's ``source`` is an ``id`` here.

    Raises
    ------
    StoreNotBuiltError
        When the store has not been built.

    Examples
    --------
    >>> read_sources().columns
    ['id', 'kind', 'title', 'where', 'quote', 'publisher', 'sha256']
    """
    return _read(store_path(data_dir) / "sources.parquet").clone()


def _read(path: Path) -> pl.DataFrame:
    """A store file, read once per version of it (a rebuilt or changed file is read again)."""
    try:
        version = file_version(path)
    except FileNotFoundError:
        raise StoreNotBuiltError(
            f"no store at {path.parent} — run `analytics data build` first"
        ) from None
    return _read_version(str(path), version)


def file_version(path: Path) -> tuple[int, int, int]:
    """A file's inode, modification time (ns) and size: what a cache of its contents is keyed by.

    A rebuilt store (a new folder renamed over the old) has new inodes; a file rewritten in place
    has a new modification time.
    """
    st = path.stat()
    return st.st_ino, st.st_mtime_ns, st.st_size


@functools.lru_cache(maxsize=8)
def _read_version(path: str, version: tuple[int, int, int]) -> pl.DataFrame:
    """The file at ``path`` as it was at ``version`` (inode, mtime, size): the cache's key."""
    return pl.read_parquet(path)


def read_series(
    indicator: str,
    *,
    regions: str | Sequence[str] | None = None,
    measure: str = "level",
    vintage: str | None = None,
    with_missing: bool = False,
    data_dir: Path | None = None,
) -> pl.DataFrame:
    """One indicator in one measure and ONE vintage, sorted by region and period.

    Vintages are never mixed: without ``vintage`` the most authoritative revision present is
    taken (``nbs_revised_5th_census`` before ``published``…) and named in the ``vintage`` column.
    Cells without a value (blank, …, —) are left out unless ``with_missing``.

    Parameters
    ----------
    indicator
        A catalog id (``gdp``).
    regions
        One GB/T 2260 code or several; default every region in the store.
    measure
        One of the indicator's ``measures``; default ``level``.
    vintage
        The vintage to take (``published``, ``nbs_revised_5th_census``, …); default the most
        authoritative present (:data:`~analytics.io._schema.VINTAGE_RANK`) among the rows
        selected.
    with_missing
        Keep rows whose value is null (a blank or ``…`` cell); default False.
    data_dir
        The project's data folder (``raw``, ``reference``, ``processed`` under it); default
        :func:`analytics.config.data_dir`.

    Returns
    -------
    polars.DataFrame
        Rows of the observation model, one vintage; empty when the regions have no value.

    Raises
    ------
    AnalyticsError
        When the indicator has no such measure, or no such vintage among the rows selected.
    CatalogError
        When ``indicator`` is not in the catalog.

    Examples
    --------
    >>> s = read_series("gdp", regions="120000")
    >>> s.filter(pl.col("period") == "2022").select("value", "vintage").row(0)
    (16588.5, 'nbs_revised_5th_census')
    >>> p = read_series("gdp", regions="120000", vintage="published")
    >>> p.filter(pl.col("period") == "2022")["value"].item()
    16311.34
    """
    ind = get_indicator(indicator)
    if measure not in ind.measures:
        raise AnalyticsError(f"`{indicator}` has no measure `{measure}` — it has {ind.measures}")
    lf = scan_store(data_dir=data_dir).filter(
        (pl.col("indicator") == indicator) & (pl.col("measure") == measure)
    )
    if regions is not None:
        wanted = [regions] if isinstance(regions, str) else list(regions)
        lf = lf.filter(pl.col("region").is_in(wanted))
    if not with_missing:
        lf = lf.filter(pl.col("value").is_not_null())
    frame = lf.collect(engine="in-memory")  # the store is in memory, small (see _read)
    present = frame["vintage"].unique().to_list()
    if vintage is None:
        ranked = [v for v in VINTAGE_RANK if v in present] + sorted(
            set(present) - set(VINTAGE_RANK)
        )
        if not ranked:
            return frame.sort(["region", "period"])  # nothing for these regions
        vintage = ranked[0]
    elif vintage not in present and present:
        raise AnalyticsError(
            f"`{indicator}` ({measure}) has no vintage `{vintage}` — it has {sorted(present)}"
        )
    return frame.filter(pl.col("vintage") == vintage).sort(["region", "period"])


def latest_period(
    indicator: str,
    *,
    region: str,
    measure: str = "level",
    freq: Frequency | None = None,
    data_dir: Path | None = None,
) -> str | None:
    """The latest period with a value for ``indicator`` in ``region`` (default vintage).

    ``freq`` (``A``, ``Q``, ``M``) asks for the latest period of that frequency in which a value
    ends (:func:`analytics.stats.periods.latest_period`, the package's one "latest" rule).

    Parameters
    ----------
    indicator
        A catalog id.
    region
        A GB/T 2260 code.
    measure
        One of the indicator's ``measures``; default ``level``.
    freq
        ``A``, ``Q`` or ``M``; default None: the latest period of any frequency.
    data_dir
        The project's data folder (``raw``, ``reference``, ``processed`` under it); default
        :func:`analytics.config.data_dir`.

    Returns
    -------
    str or None
        The period (``2024``, ``2024Q4``, ``2024-12``); None when the region has no value.

    Examples
    --------
    >>> latest_period("gdp", region="120000")
    '2024'
    >>> latest_period("cpi_monthly", region="120000", measure="index_prev_year_100", freq="M")
    '2020-02'
    """
    from analytics.stats.periods import latest_period as latest

    s = read_series(indicator, regions=region, measure=measure, data_dir=data_dir)
    return latest(s["period"], freq=freq)  # as dates: "2025" is later than "2025-11"
