"""A staged ``data add``: the project's data with the plan applied, built, in a folder of its own.

The dry run and ``--yes`` both call :func:`staged`: it mirrors ``data/raw``, ``data/reference``
and ``data/catalog`` into a stage (hard links, else copies), writes the offered files and their
provenance entries there, and runs the real store build on it — every check the build makes
(duplicate keys, values that differ between sources, bounds, regions) runs on exactly the tree
``--yes`` would leave. Problems are reported against the offered files and the project's own
paths, never the stage's. The dry run stages into the system's temporary folder and removes it;
``--yes`` stages inside ``data/`` (same file system, so the commit is renames only).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from analytics.config import catalog_dir, reference_dir
from analytics.exceptions import DataValidationError, Problem
from analytics.io._add_catalog import catalog_edits
from analytics.io._add_tree import as_home, mirror, write_new
from analytics.io.store import BuildSummary, build_store

if TYPE_CHECKING:
    from analytics.io.add import AddPlan

__all__ = ["STAGE_PREFIX", "Stage", "staged"]

STAGE_PREFIX = ".add-stage-"
"""Name prefix of a stage folder inside ``data/`` (a leftover one is removed on the next start)."""


@dataclass
class Stage:
    """A staged add: its folder, the renames that commit it, and the build it passed."""

    root: Path
    moves: list[tuple[Path, Path]]
    """``(staged file, destination)`` of every new raw file and rewritten provenance file."""
    store: tuple[Path, Path]
    """``(staged store, data/processed)``."""
    summary: BuildSummary | None
    """The staged build (``None`` when nothing was staged)."""


def _relocate(problems: list[Problem], places: dict[str, str]) -> list[Problem]:
    """Problems named by the project's and the offered files' paths instead of the stage's."""
    out = []
    for p in problems:
        path, message = str(p.path), p.message
        for staged_at, real in sorted(places.items(), key=lambda kv: -len(kv[0])):
            if path == staged_at or path.startswith(staged_at + os.sep):
                path = real + path[len(staged_at) :]
            message = message.replace(staged_at, real)
        out.append(dataclasses.replace(p, path=Path(path), message=message))
    return out


@contextlib.contextmanager
def staged(plan: AddPlan, *, where: Path | None = None) -> Iterator[Stage]:
    """Stage ``plan`` under ``where``, build the store there, yield the :class:`Stage`.

    ``where`` defaults to the system's temporary folder; the stage is removed on exit.

    Raises :class:`~analytics.exceptions.DataValidationError` with the build's problems, located
    in the offered files and the project's own files, when the staged tree does not build.

    Examples
    --------
    >>> from analytics.config import raw_dir
    >>> from analytics.io.add import plan_add
    >>> plan = plan_add([raw_dir() / "nbs" / "第一产业.csv"])  # already there: nothing staged
    >>> with staged(plan) as stage:
    ...     stage.moves
    []
    """
    data = plan.data
    root = Path(tempfile.mkdtemp(prefix=STAGE_PREFIX, dir=where))
    try:
        sdata = root / "data"
        mirror(data / "raw", sdata / "raw")
        mirror(reference_dir(), sdata / "reference")
        mirror(catalog_dir(), sdata / "catalog")
        places = {
            str(sdata / "raw"): str(data / "raw"),
            str(sdata / "reference"): str(reference_dir()),
            str(sdata / "catalog"): str(catalog_dir()),
            str(sdata): str(data),
        }
        moves: list[tuple[Path, Path]] = []
        for f in plan.files:
            for src, dest in [(f.path, f.dest), *([f.capture] if f.capture else [])]:
                at = sdata / dest.relative_to(data)
                write_new(at, src.read_bytes())
                moves.append((at, dest))
                places[str(at)] = str(src)
        for path, content in catalog_edits(plan.files, data).items():
            at = sdata / "catalog" / path.name
            write_new(at, content)
            moves.append((at, path))
        summary = None
        if plan.files:
            with as_home(root):
                try:
                    summary = build_store(data_dir=sdata)
                except DataValidationError as err:
                    raise DataValidationError(_relocate(err.problems, places)) from None
            summary = dataclasses.replace(summary, path=data / "processed")
        yield Stage(root, moves, (sdata / "processed", data / "processed"), summary)
    finally:
        shutil.rmtree(root, ignore_errors=True)
