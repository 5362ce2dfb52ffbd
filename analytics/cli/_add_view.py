"""How ``analytics data add`` shows its plan: one rich table of columns and one of changes."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from analytics._terminal import printable
from analytics.io.add import AddPlan, FilePlan
from analytics.io.formats import format_named

__all__ = ["show_plan"]

_SHOWN = 12  # revised values listed per file; the rest are counted


def _safe(text: object) -> str:
    """Text from a file as rich shows it: no escape sequence, no markup (``[bold]`` stays text)."""
    return escape(printable(str(text)))


def _columns(plan: FilePlan) -> Table:
    table = Table(title="columns", title_justify="left", show_lines=False)
    for name in ("column", "line:col", "indicator", "unit", "how"):
        table.add_column(name)
    for c in plan.columns:
        table.add_row(
            _safe(c.label),
            f"{c.line}:{c.column}",
            _safe(c.indicator or "—"),
            _safe(c.unit or ""),
            _safe(c.how),
        )
    return table


def _changes(plan: FilePlan) -> Table:
    table = Table(title=f"changes (vintage {plan.vintage})", title_justify="left")
    for name in ("indicator", "new values", "new periods", "revised", "unchanged"):
        table.add_column(name, justify="left" if name in ("indicator", "new periods") else "right")
    for row in plan.changes.iter_rows(named=True):
        periods = row["new_periods"]
        shown = _safe(", ".join(periods) if len(periods) <= 4 else f"{periods[0]}…{periods[-1]}")
        new = " (new indicator)" if row["indicator"] in plan.new_indicators else ""
        table.add_row(
            _safe(row["indicator"] + new),
            str(row["new"]),
            shown,
            str(row["revised"]),
            str(row["unchanged"]),
        )
    return table


def _revised(plan: FilePlan) -> Table:
    table = Table(title="revised values (stored values are kept)", title_justify="left")
    for name in ("indicator", "region", "period", "stored", "vintage", "new"):
        table.add_column(name, justify="right" if name in ("stored", "new") else "left")
    for row in plan.revised.head(_SHOWN).iter_rows(named=True):
        key = map(_safe, (row["indicator"], row["region"], row["period"]))
        table.add_row(*key, f"{row['stored']:.10g}", _safe(row["was"]), f"{row['value']:.10g}")
    return table


def _entry(entry: dict[str, object]) -> str:
    """A new catalog entry as it will be written (an empty name or unit shown as such)."""
    shown = ", ".join(
        f"{k} {_safe(entry[k]) or '(empty)'}"
        for k in ("name_zh", "name_en", "unit", "frequency", "direction", "domain")
    )
    return f"  new catalog entry `{_safe(entry['id'])}` in data/catalog/indicators.yaml: {shown}"


def show_plan(plan: AddPlan, console: Console) -> None:
    """Print what adding the files would do."""
    for note in plan.notes:
        console.print(f"note: {_safe(note)}")
    for path, where in plan.present.items():
        console.print(
            f"[bold]{_safe(path.name)}[/bold]: already in data/ as {_safe(where)}: nothing to add"
        )
    for f in plan.files:
        title = format_named(f.format).title
        console.print(f"[bold]{_safe(f.path.name)}[/bold]: {title}, sha256 {f.sha256[:16]}…")
        console.print(f"  → {_safe(f.dest.relative_to(plan.data.parent))}")
        if f.capture is not None:
            where = _safe(f.capture[1].relative_to(plan.data.parent))
            console.print(f"  → {where} (raw JSON capture)")
        console.print(_columns(f))
        for e in f.catalog_entries:
            console.print(_entry(e))
        console.print(_changes(f))
        if f.revised.height:
            console.print(_revised(f))
            more = f.revised.height - _SHOWN
            console.print(
                (f"  … and {more} more revised values\n" if more > 0 else "")
                + f"  {f.revised.height} values differ from the store: the file becomes vintage "
                f"`{f.vintage}`; queries without `vintage=` keep returning the stored vintage"
            )
