"""``analytics data add``: bring new raw files into ``data/raw`` with their provenance.

:func:`plan_add` reads the offered files without writing anything: it recognises each format,
maps every column to the catalog, parses the values as the store build will, and compares them
with the store — new indicators, new periods, revised values. A value that differs from the
stored one makes the whole file a new vintage (``<vintage>@<date added>``); nothing stored is
ever overwritten. Anything that cannot be mapped or parsed is refused with ``file:line:column``.

:func:`plan_add` also stages the plan in a temporary folder and runs the real store build on it,
so the dry run refuses whatever ``--yes`` would refuse, with the same message.
:func:`apply_add` stages the files byte for byte, their provenance entries (``nbs_files.yaml``,
``portal_files.yaml`` or ``figures_files.yaml``) and the rebuilt store inside ``data/``, then
commits them together (a journal and renames): all of it lands, or none.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from analytics.config import data_dir as default_data_dir
from analytics.config import reference_dir
from analytics.exceptions import AnalyticsError, DataValidationError, Problem
from analytics.io._add_catalog import snapshot
from analytics.io._add_figures import map_figures
from analytics.io._add_journal import leftovers, locked, recover
from analytics.io._add_map import ColumnMap, Format, detect_format, map_nbs, map_portal
from analytics.io._add_monthly import plan_monthly
from analytics.io._add_new import NewAnswers, catalog_with, new_entry, refusal
from analytics.io._add_plan import FilePlan, destination
from analytics.io._add_returns import plan_return
from analytics.io._add_stage import staged
from analytics.io._add_write import apply_add
from analytics.io._schema import VINTAGE_RANK
from analytics.io._text import Decoded, decode
from analytics.io.figures import parse_figures, too_large
from analytics.io.nbs import nbs_file_rules, parse_nbs_export
from analytics.io.portal import _table_for, read_portal_panel
from analytics.io.store import store_path

__all__ = ["AddPlan", "Choices", "FilePlan", "apply_add", "plan_add"]

_CHANGE = ("indicator", "region", "period", "measure")


@dataclass(frozen=True)
class Choices:
    """What the command line says about the columns: ``--indicator``, ``--map``, ``--new``.

    Parameters
    ----------
    indicator
        ``--indicator``: the catalog id of a file that names no indicator.
    maps
        ``--map``: column label (or name) → catalog id, taking a proposal.
    new
        ``--new``: column label → new id (``""``: the file names no indicator).
    answers
        ``--name-zh``, ``--name-en``, ``--domain``, ``--direction``, ``--unit``.
    """

    indicator: str | None = None
    maps: dict[str, str] = field(default_factory=dict)
    new: dict[str, str] = field(default_factory=dict)
    answers: NewAnswers = field(default_factory=NewAnswers)


@dataclass
class AddPlan:
    """The plan for every offered file, and the data folder it applies to.

    Parameters
    ----------
    files
        One :class:`FilePlan` per file to add (files already in ``data/`` are not among them).
    data
        The data folder the plan applies to.
    today
        The date of the add: recorded as ``added``, and the date of dated vintages and folders.
    notes
        Lines for the user: an interrupted add finished or undone, no store built yet; default
        none.
    catalog
        The provenance files' bytes when planned (``None``: absent); default empty.
    present
        Offered files already in ``data/`` byte for byte → their path under it
        (``raw/nbs/第一产业.csv``); default empty.
    """

    files: list[FilePlan]
    """The files to add."""
    data: Path
    today: dt.date
    notes: list[str] = field(default_factory=list)
    catalog: dict[Path, bytes | None] = field(default_factory=dict)
    """The provenance files as they were when planned (applying checks they still are)."""
    present: dict[Path, str] = field(default_factory=dict)
    """Offered files already in ``data/`` byte for byte, and where: skipped."""


def _sha(path: Path) -> str:
    if path.suffix.lower() == ".xlsx":  # a return workbook: the bytes as they came
        return hashlib.sha256(path.read_bytes()).hexdigest()
    decoded = decode(path)
    if isinstance(decoded, Problem):
        raise DataValidationError([decoded])
    assert isinstance(decoded, Decoded)
    return decoded.sha256


def _existing(data: Path) -> dict[str, str]:
    """sha256 → path under ``data/`` of every raw CSV."""
    return {_sha(p): p.relative_to(data).as_posix() for p in sorted((data / "raw").rglob("*.csv"))}


def _store(data: Path) -> pl.DataFrame | None:
    path = store_path(data) / "observations.parquet"
    if not path.exists():
        return None
    try:
        return pl.read_parquet(path).filter(pl.col("value").is_not_null())
    except (pl.exceptions.PolarsError, OSError) as err:
        raise AnalyticsError(
            f"{path}: the store cannot be read ({str(err).splitlines()[0][:120]}) — rebuild it "
            "with `analytics data build`, then add the files again"
        ) from None


def _diff(plan: FilePlan, store: pl.DataFrame | None, today: dt.date) -> None:
    """New indicators and periods, and revised values; a revision makes a new, dated vintage.

    A value is compared with the stored one of its own vintage, else of the most
    authoritative stored vintage of the same publisher (``nbs_*``): a published figure quoted
    in the press (``published``) is another source, not an earlier release.
    """
    obs = plan.observations.filter(pl.col("value").is_not_null())
    if store is None:
        store = obs.clear()
    known = set(store["indicator"].unique())
    plan.new_indicators = sorted(set(obs["indicator"].unique()) - known)
    rank = {v: i + 1 for i, v in enumerate(VINTAGE_RANK)}
    # the publisher: `nbs` for nbs_portal, nbs_revised_5th_census and nbs_portal@2026-11-28
    family = pl.col("vintage").str.split("@").list.first().str.split("_").list.first()
    mine = obs.select(*_CHANGE, "value", "vintage", family.alias("family"))
    stored = (
        store.select(
            *_CHANGE,
            pl.col("value").alias("stored"),
            pl.col("vintage").alias("was"),
            family.alias("family"),
        )
        .join(
            mine.select(*_CHANGE, "family", pl.col("vintage").alias("mine")).unique(),
            on=[*_CHANGE, "family"],
            how="inner",
        )
        .with_columns(
            pl.when(pl.col("was") == pl.col("mine"))
            .then(0)
            .otherwise(pl.col("was").replace_strict(rank, default=len(rank) + 1))
            .alias("_rank")
        )
        .sort("_rank", "was")
        .unique(subset=[*_CHANGE, "mine"], keep="first")
        .drop("_rank", "family")
    )
    joined = mine.join(
        stored, left_on=[*_CHANGE, "vintage"], right_on=[*_CHANGE, "mine"], how="left"
    )
    tolerance = 1e-9 * pl.max_horizontal(pl.col("stored").abs(), pl.lit(1.0))
    status = (
        pl.when(pl.col("stored").is_null())
        .then(pl.lit("new"))
        .when((pl.col("value") - pl.col("stored")).abs() > tolerance)
        .then(pl.lit("revised"))
        .otherwise(pl.lit("unchanged"))
    )
    joined = joined.with_columns(status.alias("change"))
    plan.revised = joined.filter(pl.col("change") == "revised").sort(_CHANGE)
    plan.changes = (
        joined.group_by("indicator")
        .agg(
            (pl.col("change") == "new").sum().alias("new"),
            pl.col("period").filter(pl.col("change") == "new").unique().sort().alias("new_periods"),
            (pl.col("change") == "revised").sum().alias("revised"),
            (pl.col("change") == "unchanged").sum().alias("unchanged"),
        )
        .sort("indicator")
    )
    if plan.revised.height:
        _relabel(plan, set(store["vintage"].unique()), today)


def _relabel(plan: FilePlan, stored: set[str], today: dt.date) -> None:
    """Give the whole file a dated vintage no stored value has (``nbs_portal@2026-11-28``)."""
    mine = set(plan.observations["vintage"].unique())
    suffix, n = f"@{today.isoformat()}", 1
    while any(v + suffix in stored for v in mine):
        n += 1
        suffix = f"@{today.isoformat()}.{n}"
    plan.vintage = ", ".join(sorted(v + suffix for v in mine))
    if plan.format == "figures":
        plan.entry["vintage_suffix"] = suffix
    else:
        plan.entry["vintage"] = plan.base_vintage + suffix


def _new_entries(
    path: Path, columns: list[ColumnMap], choices: Choices, source: str, today: dt.date
) -> list[dict[str, Any]]:
    """The catalog entries of the ``--new`` columns; refused, naming the flags, when unanswered."""
    entries, problems = [], []
    fresh = [c for c in columns if c.new]
    if len(fresh) > 1 and choices.answers.name_en:
        what = "--name-en names one new indicator, and the file has " + str(len(fresh))
        problems.append(refusal(path, fresh[1].line, fresh[1].column, what + ": add them apart"))
    for c in fresh:
        assert c.indicator is not None
        named = choices.new.get("") != c.indicator  # a header cell, not a bare `--new ID`
        name_zh = _name_of(c.label) if named else choices.answers.name_zh
        missing = choices.answers.missing(named=named)
        if missing:
            what = f"the new indicator `{c.indicator}` needs {' and '.join(missing)}"
            problems.append(refusal(path, c.line, c.column, what))
            continue
        assert name_zh is not None
        entry = new_entry(
            c.indicator,
            name_zh=name_zh,
            unit=c.unit,
            answers=choices.answers,
            source=source,
            today=today,
            measure=c.measure,
        )
        if isinstance(entry, str):
            problems.append(refusal(path, c.line, c.column, entry))
        else:
            entries.append(entry)
    if problems:
        raise DataValidationError(problems)
    return entries


def _name_of(label: str) -> str:
    from analytics.io._add_map import _name_unit

    return _name_unit(label)[0]


def _plan_nbs(
    path: Path, data: Path, choices: Choices, taken: set[str], today: dt.date
) -> FilePlan:
    columns, rule, problems = map_nbs(
        path, indicator=choices.indicator, maps=choices.maps, new=choices.new
    )
    if problems:
        raise DataValidationError(problems)
    folder = data / "raw" / "nbs"
    known = {str(folder / rel) for rel in nbs_file_rules()["files"]}
    dest = destination(folder, path.name, taken | known, today)
    rel = dest.relative_to(folder).as_posix()
    entries = _new_entries(path, columns, choices, f"nbs/{rel}", today)
    with catalog_with(entries):
        parsed = parse_nbs_export(path, rule=rule, relpath=rel, today=today)
    if parsed.problems:
        raise DataValidationError(parsed.problems)
    sha = parsed.source["sha256"]
    said = parsed.source["quote"]
    said = said[said.find("数据来源：") :] if "数据来源：" in said else ""
    entry = {
        **rule,
        "added": today.isoformat(),
        "sha256": sha,
        "source": f"{parsed.source['title'].split('导出')[0].strip()}; {said}".strip("; "),
    }
    vintage = str(parsed.observations["vintage"][0]) if parsed.observations.height else ""
    columns = [_with_unit(c, entries) for c in columns]
    return FilePlan(
        path,
        "nbs_export",
        sha,
        dest,
        columns,
        parsed.observations,
        vintage,
        vintage,
        entry,
        catalog_entries=entries,
    )


def _with_unit(column: ColumnMap, entries: list[dict[str, Any]]) -> ColumnMap:
    """A ``--new`` column shown with the unit its entry records."""
    unit = next((e["unit"] for e in entries if e["id"] == column.indicator), column.unit)
    return dataclasses.replace(column, unit=unit) if column.new else column


def _plan_figures(path: Path, data: Path, taken: set[str], today: dt.date) -> FilePlan:
    big = too_large(path)
    if big is not None:
        raise DataValidationError([big])
    columns, problems = map_figures(path)
    if problems:
        raise DataValidationError(problems)
    folder = data / "raw" / "figures"
    dest = destination(folder, path.name, taken, today)
    rel = dest.relative_to(folder).as_posix()
    mapping = reference_dir() / "figures_map.csv"
    parsed = parse_figures(path, mapping=mapping, today=today, rel=f"raw/figures/{rel}")
    if parsed.problems:
        raise DataValidationError(parsed.problems)
    sha = _sha(path)
    entry: dict[str, Any] = {"file": rel, "added": today.isoformat(), "sha256": sha}
    vintages = ", ".join(sorted(set(parsed.observations["vintage"])))
    return FilePlan(
        path, "figures", sha, dest, columns, parsed.observations, vintages, vintages, entry
    )


def _plan_portal(
    path: Path,
    capture: Path | None,
    data: Path,
    taken: set[str],
    today: dt.date,
    maps: dict[str, str],
) -> FilePlan:
    table = _table_for(path)
    columns, problems = map_portal(path, maps=maps)
    if capture is None:
        name = path.name.replace("面板数据", "原始抓取")
        problems.append(
            Problem(
                path,
                0,
                0,
                "no raw JSON capture offered with the panel",
                f"add its capture `{name}` to the same command",
            )
        )
    if problems:
        raise DataValidationError(problems)
    assert capture is not None
    obs = read_portal_panel(path, capture)
    folder = data / "raw" / "nbs_portal"
    dest = destination(folder / "panels", path.name, taken, today)
    cap_dest = folder / "raw_json_captures" / dest.parent.relative_to(folder / "panels")
    cap_dest = cap_dest / capture.name
    if cap_dest.exists():
        raise AnalyticsError(f"{cap_dest} exists already — rename the capture")
    mapping = {c.label: c.indicator for c in columns if c.indicator}
    header = pl.concat_str(pl.col("name"), pl.lit(" ("), pl.col("unit"), pl.lit(")"))
    mapped = obs.with_columns(
        header.replace_strict(mapping, default=None).alias("indicator"),
        pl.lit("level").alias("measure"),
    ).filter(pl.col("indicator").is_not_null())
    sha = _sha(path)
    extra = {c.label: c.indicator for c in columns if c.indicator and "portal column" not in c.how}
    entry: dict[str, Any] = {
        "panel": dest.relative_to(folder).as_posix(),
        "capture": cap_dest.relative_to(folder).as_posix(),
        "table": table.title,
        "cid": table.cid,
        "added": today.isoformat(),
        "sha256": sha,
        "capture_sha256": _sha(capture),
    }
    if extra:
        entry["columns"] = extra
    return FilePlan(
        path,
        "portal_panel",
        sha,
        dest,
        columns,
        mapped,
        "nbs_portal",
        "nbs_portal",
        entry,
        capture=(capture, cap_dest),
    )


def _unused(choices: Choices, plans: list[FilePlan], offered: list[Path]) -> list[Problem]:
    """``--map``/``--new`` values that name no column of the offered files: refused."""
    if not plans or not offered:
        return []
    taken = {c.label.strip() for p in plans for c in p.columns if c.new or c.how == "--map"}
    taken |= {_name_of(t) for t in taken}
    out = []
    bare = choices.new.get("")
    if bare and not any(c.new and c.indicator == bare for p in plans for c in p.columns):
        what = f"--new {bare} (without COLUMN=) is for a file that names no indicator"
        out.append(Problem(offered[0], 3, 1, what, "give the column: --new 'COLUMN=ID'"))
    for flag, table in (("--map", choices.maps), ("--new", choices.new)):
        for column, ind in table.items():
            if column and column not in taken:
                what = f"{flag} '{column}={ind}' names no column of the offered files"
                hint = "give the column as the file writes it (header cell, with its unit)"
                out.append(Problem(offered[0], 3, 1, what, hint))
    return out


def plan_add(
    paths: list[Path],
    *,
    indicator: str | None = None,
    choices: Choices | None = None,
    today: dt.date | None = None,
    data_dir: Path | None = None,
) -> AddPlan:
    """Plan adding ``paths`` to ``data/raw``; write nothing to ``data/``.

    Raises :class:`~analytics.exceptions.DataValidationError` with every problem located as
    ``file:line:column`` when any file cannot be recognised, mapped or parsed, or when the store
    would not build with the files added: the plan is staged in a temporary folder and built
    there with every check of ``analytics data build``, so a plan that passes here is one that
    :func:`apply_add` applies. A ``data add`` that died is first finished or undone.

    Parameters
    ----------
    paths
        The offered files, in any mix of formats (a portal capture with its panel).
    indicator
        ``--indicator``: the catalog id of a file that names no indicator; used only when
        ``choices`` is None.
    choices
        The command line's ``--indicator``, ``--map`` and ``--new``; default
        ``Choices(indicator=indicator)``.
    today
        The date of the add; default today.
    data_dir
        The project's data folder; default :func:`analytics.config.data_dir`.

    Returns
    -------
    AddPlan
        What :func:`apply_add` would write; nothing has been written to ``data/``.

    Examples
    --------
    >>> from analytics.config import raw_dir
    >>> plan = plan_add([raw_dir() / "nbs" / "第一产业.csv"])
    >>> plan.files, list(plan.present.values())
    ([], ['raw/nbs/第一产业.csv'])
    """
    data = data_dir or default_data_dir()
    today = today or dt.date.today()
    choices = choices or Choices(indicator=indicator)
    said: list[str] = []
    if leftovers(data):  # a `data add` that died: finish or undo it before planning anew
        with locked(data, say=said):
            said += recover(data)
    kinds: dict[Path, Format] = {}
    problems: list[Problem] = []
    for path in map(Path, paths):
        kind = detect_format(path)
        if isinstance(kind, Problem):
            problems.append(kind)
        else:
            kinds[path] = kind
    existing = _existing(data)
    present = {p: existing[sha] for p in kinds if (sha := _sha(p)) in existing}
    described = {f"raw/nbs/{rel}" for rel in nbs_file_rules()["files"]}
    for path, where in present.items():
        if where.startswith("raw/nbs/") and where not in described:  # put there by hand
            problems.append(
                Problem(
                    path,
                    0,
                    0,
                    f"the same file is data/{where}, which nbs_files.yaml does not describe",
                    "remove that copy and add the file again with `analytics data add`",
                )
            )
    captures = {p.name: p for p, k in kinds.items() if k == "portal_capture"}
    store = _store(data)
    plans: list[FilePlan] = []
    taken: set[str] = set()
    for path, kind in kinds.items():
        if path in present:
            continue
        if kind == "portal_capture":
            panel = path.name.replace("原始抓取", "面板数据")
            if not any(p.name == panel for p in kinds):
                problems.append(
                    Problem(
                        path,
                        0,
                        0,
                        "a capture without its panel",
                        f"add `{panel}` in the same command",
                    )
                )
            continue
        try:
            if kind == "nbs_export":
                plan = _plan_nbs(path, data, choices, taken, today)
            elif kind == "figures":
                plan = _plan_figures(path, data, taken, today)
            elif kind == "nbs_monthly":
                plan = plan_monthly(path, data, taken, today)
            elif kind == "plan_return":
                plan = plan_return(path, data, taken, today)
            else:
                capture = captures.get(path.name.replace("面板数据", "原始抓取"))
                plan = _plan_portal(path, capture, data, taken, today, choices.maps)
        except DataValidationError as err:
            problems += err.problems
            continue
        taken.add(str(plan.dest))
        _diff(plan, store, today)
        plans.append(plan)
    problems += _unused(choices, plans, [p for p in kinds if p not in present])
    if problems:
        raise DataValidationError(problems)
    notes = said + ([] if store is not None else ["no store built yet: every value counts as new"])
    whole = AddPlan(plans, data, today, notes, snapshot(), present)
    with staged(whole):  # the build's own checks on the tree `--yes` would leave
        pass
    return whole
