"""The one notebook executor: papermill runs a notebook, nbconvert renders it.

:func:`run_report` runs a registered report and renders the house template;
:func:`execute_notebook` runs any other notebook with the plain ``lab`` template. Both share one
papermill call and one error formatter (:func:`describe_error`). Everything is written INTO
``out_dir`` (a scratch folder given by the caller); publishing is the caller's business
(:mod:`analytics.runs.publish`).
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from analytics.exceptions import ReportError
from analytics.runs._failures import PermanentReportError, describe_error, failure_of

__all__ = [
    "KERNEL_QUIET",
    "Engine",
    "NotebookOutputs",
    "RunOutputs",
    "describe_error",
    "execute_notebook",
    "run_report",
]

KERNEL_QUIET: tuple[str, ...] = ("--IPKernelApp.log_level=ERROR",)
"""Kernel arguments that keep its start-up chatter ("running over TCP without encryption", a
loopback-only kernel) out of the operator's terminal and logs; errors still show."""


LAB_ENV = "ANALYTICS_LAB_CHARTS"
"""Set to ``0`` while :func:`run_report` executes: the report's charts leave their Vega compile for
JupyterLab pending (:data:`analytics.charts.embed.LAB_ENV`, the same name), for the runner to do
before it publishes the notebook; the HTML page draws them itself."""


Engine = Literal["auto", "inprocess", "kernel"]
"""How a report's cells run: in a Jupyter kernel process (``kernel``), in this process
(``inprocess``, :mod:`analytics.runs.inprocess`; same outputs, no kernel to start), or
``auto``: in this process when the report's kernel is this interpreter, else in a kernel."""


@dataclass
class RunOutputs:
    """Files a run wrote into its ``out_dir``.

    Parameters
    ----------
    html : Path
        The rendered report, ``report.html``.
    notebook : Path
        The executed notebook, ``report.ipynb``.
    chart_data : list of Path
        The charts' CSV files, ``data/<chart>.csv``.
    manifest : Path
        ``manifest.json``: parameters, input hashes, package version, timings.
    """

    html: Path
    notebook: Path
    chart_data: list[Path]
    manifest: Path


@dataclass
class NotebookOutputs:
    """Files written by :func:`execute_notebook`.

    Parameters
    ----------
    html : Path
        The notebook exported to HTML without code, ``report.html``.
    notebook : Path
        The executed notebook, ``report.ipynb``.
    """

    html: Path
    notebook: Path


@contextlib.contextmanager
def _run_environment(root: Path) -> Iterator[None]:
    """While a report's notebook runs: :data:`LAB_ENV` ``=0`` and ``ANALYTICS_HOME`` pinned.

    The notebook runs in its scratch folder, outside the project, so each lookup of the project
    root would walk up from there and fall back to the source tree (≈ 0.3 ms, hundreds of times a
    report); pinned to the root found here, it is the same folder at once. Both are set in this
    process (and the kernels it starts) and restored afterwards.
    """
    pinned = {LAB_ENV: "0", "ANALYTICS_HOME": os.environ.get("ANALYTICS_HOME") or str(root)}
    before = {k: os.environ.get(k) for k in pinned}
    os.environ.update(pinned)
    try:
        yield
    finally:
        for key, value in before.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _kernel(name: str) -> str:
    from jupyter_client.kernelspec import KernelSpecManager

    return name if name in KernelSpecManager().find_kernel_specs() else "python3"


def _papermill(
    notebook: Path,
    executed: Path,
    params: dict[str, Any],
    *,
    kernel_name: str,
    cell_timeout: float | None,
    engine: Engine = "kernel",
) -> Any:
    import math

    import papermill

    from analytics.runs import _confine

    confine = [_confine.kernel_argument(executed.parent)]  # the kernel records writes outside
    extra: dict[str, Any] = {"extra_arguments": [*KERNEL_QUIET, *confine]}
    if engine == "auto":
        from analytics.runs.inprocess import runs_here

        engine = "inprocess" if runs_here(kernel_name) else "kernel"
    if engine == "inprocess":
        from analytics.runs.inprocess import ENGINE

        # no save after every cell (≈ 0.4 s a report: each save validates and writes the whole
        # notebook); papermill still writes it at the end, and before raising a cell's error
        extra = {"engine_name": ENGINE, "request_save_on_cell_execute": False}
    # nbclient takes whole seconds (a float such as 10.5 is a TraitError): round up
    timeout = None if cell_timeout is None else max(1, math.ceil(cell_timeout))
    if engine == "inprocess":
        _confine.start(executed.parent)  # the cells run here: this process records them
    try:
        return papermill.execute_notebook(
            str(notebook),
            str(executed),
            parameters=params,
            kernel_name=kernel_name,
            execution_timeout=timeout,
            progress_bar=False,
            log_output=False,
            cwd=str(executed.parent),
            **extra,
        )
    finally:
        if engine == "inprocess":
            _confine.stop()


def _refuse_writes_outside(out_dir: Path, what: str) -> None:
    """A notebook that wrote outside its run folder is never published (nor retried)."""
    from analytics.runs import _confine

    outside = _confine.writes_outside(out_dir)
    (out_dir / _confine.RECORD).unlink(missing_ok=True)
    if outside:
        shown = ", ".join(str(p) for p in outside[:3]) + (" …" if len(outside) > 3 else "")
        raise PermanentReportError(
            f"{what}: the notebook wrote {len(outside)} file(s) outside its run folder ({shown})"
        )


def execute_notebook(
    notebook: Path,
    parameters: Mapping[str, Any],
    *,
    out_dir: Path,
    kernel_name: str = "python3",
    cell_timeout: float | None = None,
    engine: Engine = "kernel",
) -> NotebookOutputs:
    """Execute a notebook with papermill and export it to HTML without code (no publishing).

    The plain path the runner uses for notebooks outside the report registry; reports use
    :func:`run_report`, which renders the house template.

    Parameters
    ----------
    notebook : Path
        The notebook to run.
    parameters : Mapping
        Its parameters, injected by papermill.
    out_dir : Path
        Scratch folder (created when missing): ``report.ipynb`` and ``report.html``.
    kernel_name : str
        The Jupyter kernel to run it in.
    cell_timeout : float or None
        Seconds per cell, rounded up to whole seconds (None: no limit).
    engine : Engine
        ``kernel``, ``inprocess`` or ``auto`` (see :data:`Engine`).

    Raises
    ------
    PermanentReportError
        When the notebook wrote files outside ``out_dir``.
    """
    from analytics.runs.render import plain_exporter

    out_dir.mkdir(parents=True, exist_ok=True)
    executed = out_dir / "report.ipynb"
    _papermill(
        notebook,
        executed,
        dict(parameters),
        kernel_name=kernel_name,
        cell_timeout=cell_timeout,
        engine=engine,
    )
    _refuse_writes_outside(out_dir, notebook.name)
    body, _ = plain_exporter().from_filename(str(executed))
    (out_dir / "report.html").write_text(body, encoding="utf-8")
    return NotebookOutputs(html=out_dir / "report.html", notebook=executed)


def _has_headline(report: str, params: Mapping[str, Any]) -> bool:
    from analytics.runs._editions import has_headline_data

    dd = params.get("data_dir")
    return has_headline_data(
        report,
        str(params.get("region", "")),
        str(params.get("period", "latest")),
        data_dir=Path(str(dd)) if dd else None,
    )


def run_report(
    report: str,
    parameters: Mapping[str, Any],
    *,
    out_dir: Path,
    kernel_name: str = "analytics",
    cell_timeout: float | None = None,
    inputs: Mapping[str, str] | None = None,
    engine: Engine = "kernel",
) -> RunOutputs:
    """Execute ``report`` with ``parameters`` and write HTML, notebook, CSVs and a manifest.

    Parameters
    ----------
    report
        A name in :data:`analytics.runs.registry.REPORTS`.
    parameters
        Notebook parameters (``region``, ``period``, ``lang``, ``peers``, ``data_dir``).
    out_dir
        Scratch folder: ``report.html``, ``report.ipynb``, ``data/<chart>.csv``,
        ``manifest.json``.
    kernel_name
        Jupyter kernel (falls back to ``python3`` when not installed).
    cell_timeout
        Seconds per cell (None: no limit).
    inputs
        The input hashes the runner already took for the fingerprint (recorded in the
        manifest); hashed here only when not given (``analytics report run``).
    engine
        ``kernel`` (a Jupyter kernel process, papermill's usual way), ``inprocess`` or ``auto``
        (see :data:`Engine`); the report is the same either way (a test compares them).

    Raises
    ------
    ReportError
        With a one-line cause; the executed (failed) notebook stays in ``out_dir``.
    """
    from analytics.config import project_root
    from analytics.runs import incremental
    from analytics.runs.registry import get_report
    from analytics.runs.render import (
        chart_data,
        check_html,
        data_package,
        facts_data,
        render_html,
        vega_bundle,
    )

    spec = get_report(report)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    executed = out_dir / "report.ipynb"
    params = dict(parameters)
    if isinstance(params.get("data_dir"), Path):
        params["data_dir"] = str(params["data_dir"])
    t0 = time.monotonic()
    try:
        with _run_environment(project_root()):
            nb = _papermill(
                spec.notebook,
                executed,
                params,
                kernel_name=_kernel(kernel_name),
                cell_timeout=cell_timeout,
                engine=engine,
            )
    except Exception as err:
        failure = failure_of(err, executed, cell_timeout)
        kind = PermanentReportError if failure.kind == "permanent" else ReportError
        raise kind(f"{report} {params.get('region', '')}: {failure.message}") from err
    _refuse_writes_outside(out_dir, report)
    t1 = time.monotonic()
    lang = str(params.get("lang", "zh"))
    title = spec.title_zh if lang == "zh" else spec.title_en
    try:
        text = render_html(nb, title=title, lang=lang)
    except Exception as err:
        raise ReportError(f"{report}: rendering failed: {describe_error(err)}") from err
    problems = check_html(text, known=vega_bundle())
    if problems:  # the same notebook and data give the same HTML: never retried
        raise PermanentReportError(f"{report}: the HTML has {', '.join(problems)}")
    html = out_dir / "report.html"
    html.write_text(text, encoding="utf-8")
    csvs = []
    data = out_dir / "data"
    for name, csv in chart_data(nb):
        data.mkdir(exist_ok=True)
        path = data / f"{name}.csv"
        path.write_text(csv, encoding="utf-8")
        csvs.append(path)
    facts = facts_data(nb)  # what the next edition compares itself with
    if facts is not None:
        data.mkdir(exist_ok=True)
        (data / "facts.json").write_text(facts, encoding="utf-8")
    if csvs:  # the descriptor beside the CSVs (Frictionless; tests validate it)
        region, period = params.get("region", ""), params.get("period", "")
        package = data_package(nb, name=f"{report}-{region}-{period}-{lang}", title=title)
        (data / "datapackage.json").write_text(
            json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8"
        )
    t2 = time.monotonic()
    if inputs is None:
        dd = Path(str(params["data_dir"])) if params.get("data_dir") else None
        inputs = incremental.input_hashes(spec.inputs, root=project_root(), data_dir=dd)
    manifest = out_dir / "manifest.json"
    manifest.write_text(
        json.dumps(
            {
                "report": report,
                "parameters": params,
                "notebook": str(spec.notebook),
                "notebook_sha256": incremental.hash_file(spec.notebook),
                "inputs": {k: v for k, v in inputs.items() if not k.startswith("@")},
                "package_version": incremental.package_version(),
                "package_source_sha256": inputs.get("@source") or incremental.source_hash(),
                "timings": {"execute_s": round(t1 - t0, 3), "render_s": round(t2 - t1, 3)},
                "html_bytes": html.stat().st_size,
                "charts": [p.name for p in csvs],
                "headline_data": _has_headline(report, params),
            },
            ensure_ascii=False,
            indent=2,
        ),
        encoding="utf-8",
    )
    return RunOutputs(html=html, notebook=executed, chart_data=csvs, manifest=manifest)
