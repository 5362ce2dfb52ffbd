"""Helpers for the scheduling tests: tiny report specs and fast fake executors.

The fake executors follow run_report's signature and are imported by name in the run processes
(this folder is on ``sys.path`` there too), so the tests exercise the real process machinery
without paying for a Jupyter kernel.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

NOTEBOOKS = Path(__file__).resolve().parents[1] / "data" / "notebooks"


@dataclass(frozen=True)
class Spec:
    name: str
    notebook: Path
    inputs: tuple[str, ...] = ()
    title_zh: str = "测试"
    title_en: str = "Test"


def make_project(root: Path, names: dict[str, tuple[str, ...]]) -> dict[str, Spec]:
    """A project folder with one tiny notebook per spec and data/a.csv, data/b.csv."""
    (root / "data").mkdir(parents=True, exist_ok=True)
    (root / "data" / "a.csv").write_text("x\n1\n")
    (root / "data" / "b.csv").write_text("x\n2\n")
    (root / "notebooks").mkdir(exist_ok=True)
    specs = {}
    for name, inputs in names.items():
        nb = root / "notebooks" / f"{name}.ipynb"
        shutil.copy(NOTEBOOKS / "ok.ipynb", nb)
        specs[name] = Spec(name, nb, inputs)
    return specs


def _write(out_dir: Path, report: str, parameters: dict[str, Any], body: str) -> None:
    (out_dir / "report.ipynb").write_text(json.dumps({"report": report, **parameters}))
    (out_dir / "report.html").write_text(body)


def fake_execute(
    report: str,
    parameters: dict[str, Any],
    *,
    out_dir: Path,
    kernel_name: str,
    cell_timeout: float | None,
) -> Any:
    """Writes a report whose body names the report, parameters and a fresh token.

    Fails when ``<project>/FAIL`` exists (the project is four levels above ``out/``).
    """
    root = out_dir.parents[5]
    if (root / "FAIL").exists():
        raise ValueError(f"no data for {parameters['region']} (FAIL flag)")
    _write(out_dir, report, parameters, f"<html>{report} {parameters} {time.time_ns()}</html>")
    return None


def slow_execute(
    report: str,
    parameters: dict[str, Any],
    *,
    out_dir: Path,
    kernel_name: str,
    cell_timeout: float | None,
) -> Any:
    """Writes half a report, then hangs (to be killed)."""
    (out_dir / "report.html").write_text("<html><body>half")
    time.sleep(120)
    return None


def flaky_execute(
    report: str,
    parameters: dict[str, Any],
    *,
    out_dir: Path,
    kernel_name: str,
    cell_timeout: float | None,
) -> Any:
    """Fails on the first attempt of a run (work folder ``…-1``), succeeds on the next."""
    if out_dir.name.endswith("-1"):
        raise RuntimeError("transient failure")
    _write(out_dir, report, parameters, f"<html>{report} attempt {out_dir.name}</html>")
    return None


def sleepy_execute(
    report: str,
    parameters: dict[str, Any],
    *,
    out_dir: Path,
    kernel_name: str,
    cell_timeout: float | None,
) -> Any:
    """Like fake_execute, but takes half a second (so two schedulers overlap)."""
    time.sleep(0.5)
    return fake_execute(
        report, parameters, out_dir=out_dir, kernel_name=kernel_name, cell_timeout=cell_timeout
    )


def _mark_started(out_dir: Path, report: str, parameters: dict[str, Any]) -> None:
    started = out_dir.parents[5] / "started"  # <home>/reports/started/<report>-<lang>
    started.mkdir(exist_ok=True)
    (started / f"{report}-{parameters['lang']}").write_text(str(os.getpid()))


def paced_execute(
    report: str,
    parameters: dict[str, Any],
    *,
    out_dir: Path,
    kernel_name: str,
    cell_timeout: float | None,
) -> Any:
    """Like fake_execute, but says it started (``reports/started/``) and takes two seconds."""
    _mark_started(out_dir, report, parameters)
    time.sleep(2)
    _write(out_dir, report, parameters, f"<html>{report} {parameters} {time.time_ns()}</html>")
    return None


def hanging_execute(
    report: str,
    parameters: dict[str, Any],
    *,
    out_dir: Path,
    kernel_name: str,
    cell_timeout: float | None,
) -> Any:
    """Says it started, writes half a report, then hangs (to be stopped)."""
    _mark_started(out_dir, report, parameters)
    (out_dir / "report.html").write_text("<html><body>half")
    time.sleep(120)
    return None


def filling_execute(
    report: str,
    parameters: dict[str, Any],
    *,
    out_dir: Path,
    kernel_name: str,
    cell_timeout: float | None,
) -> Any:
    """The first run writes its report; the second fills the disk first (``reports/filler``)."""
    reports = out_dir.parents[5]
    started = reports / "started"
    if started.is_dir() and any(started.iterdir()):
        with (reports / "filler").open("ab") as filler:
            try:
                while True:
                    filler.write(b"\0" * 65536)
                    filler.flush()
            except OSError:
                pass
    _mark_started(out_dir, report, parameters)
    _write(out_dir, report, parameters, f"<html>{report} {parameters} {time.time_ns()}</html>")
    return None


def refused_execute(
    report: str,
    parameters: dict[str, Any],
    *,
    out_dir: Path,
    kernel_name: str,
    cell_timeout: float | None,
) -> Any:
    """Fails as the HTML check does when it refuses a report: a permanent failure."""
    from analytics.runs._failures import PermanentReportError

    raise PermanentReportError(f"{report}: the HTML has a <script> tag")


class _CatalogErrorInKernel(Exception):
    """What papermill raises when a report's kernel raised CatalogError (its ``ename``)."""

    ename = "CatalogError"
    evalue = "unknown region `990000`"
    exec_count = 2


def bad_parameters_execute(
    report: str,
    parameters: dict[str, Any],
    *,
    out_dir: Path,
    kernel_name: str,
    cell_timeout: float | None,
) -> Any:
    """Fails as a report does when its kernel refuses the parameters (CatalogError)."""
    raise _CatalogErrorInKernel("CatalogError: unknown region `990000`")


def quota_execute(
    report: str,
    parameters: dict[str, Any],
    *,
    out_dir: Path,
    kernel_name: str,
    cell_timeout: float | None,
) -> Any:
    """Fails with a report error whose words read like a full disk, but are about the data."""
    from analytics.exceptions import ReportError

    raise ReportError(f"{report}: 5G base stations quota exceeded the plan (70,000 planned)")


def full_disk_execute(
    report: str,
    parameters: dict[str, Any],
    *,
    out_dir: Path,
    kernel_name: str,
    cell_timeout: float | None,
) -> Any:
    """Fails as a write to a full disk does: OSError ENOSPC (its message in Chinese, say)."""
    import errno

    raise OSError(errno.ENOSPC, "设备上没有空间", str(out_dir / "report.html"))
