"""Run one report: papermill executes the notebook, the house template renders it.

Everything is written INTO ``out_dir`` (a scratch folder given by the caller); publishing is
the caller's business (:mod:`analytics.runs.publish`).
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analytics.exceptions import ReportError

__all__ = ["KERNEL_QUIET", "RunOutputs", "run_report"]

KERNEL_QUIET: tuple[str, ...] = ("--IPKernelApp.log_level=ERROR",)
"""Kernel arguments that keep its start-up chatter ("running over TCP without encryption", a
loopback-only kernel) out of the operator's terminal and logs; errors still show."""


@dataclass
class RunOutputs:
    """Files a run wrote into its ``out_dir``."""

    html: Path
    notebook: Path
    chart_data: list[Path]
    manifest: Path


def _kernel(name: str) -> str:
    from jupyter_client.kernelspec import KernelSpecManager

    return name if name in KernelSpecManager().find_kernel_specs() else "python3"


def _cause(err: BaseException) -> str:
    ename = getattr(err, "ename", None)
    if ename:
        evalue = str(getattr(err, "evalue", "")).splitlines()
        cell = getattr(err, "exec_count", None)
        return f"{ename}: {evalue[0] if evalue else ''}" + (f" (cell {cell})" if cell else "")
    first = str(err).strip().splitlines()
    return f"{type(err).__name__}: {first[-1] if first else ''}"


def _has_headline(report: str, params: Mapping[str, Any]) -> bool:
    from analytics.runs.schedule import has_headline_data

    dd = params.get("data_dir")
    return has_headline_data(
        report, str(params.get("region", "")), str(params.get("period", "latest")),
        data_dir=Path(str(dd)) if dd else None,
    )  # fmt: skip


def run_report(
    report: str,
    parameters: Mapping[str, Any],
    *,
    out_dir: Path,
    kernel_name: str = "analytics",
    cell_timeout: float | None = None,
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

    Raises
    ------
    ReportError
        With a one-line cause; the executed (failed) notebook stays in ``out_dir``.
    """
    import nbformat
    import papermill

    from analytics.reports.content._base import input_hashes, package_version, sha256
    from analytics.runs.registry import get_report
    from analytics.runs.render import chart_data, check_html, render_html

    spec = get_report(report)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    executed = out_dir / "report.ipynb"
    params = dict(parameters)
    if isinstance(params.get("data_dir"), Path):
        params["data_dir"] = str(params["data_dir"])
    t0 = time.monotonic()
    try:
        papermill.execute_notebook(
            str(spec.notebook), str(executed), parameters=params,
            kernel_name=_kernel(kernel_name), execution_timeout=cell_timeout,
            progress_bar=False, log_output=False, cwd=str(out_dir),
            extra_arguments=list(KERNEL_QUIET),
        )  # fmt: skip
    except Exception as err:
        raise ReportError(f"{report} {params.get('region', '')}: {_cause(err)}") from err
    t1 = time.monotonic()
    nb = nbformat.read(executed, as_version=4)
    lang = str(params.get("lang", "zh"))
    title = spec.title_zh if lang == "zh" else spec.title_en
    try:
        text = render_html(nb, title=title, lang=lang)
    except Exception as err:
        raise ReportError(f"{report}: rendering failed: {_cause(err)}") from err
    problems = check_html(text)
    if problems:
        raise ReportError(f"{report}: the HTML has {', '.join(problems)}")
    html = out_dir / "report.html"
    html.write_text(text, encoding="utf-8")
    csvs = []
    data = out_dir / "data"
    for name, csv in chart_data(nb):
        data.mkdir(exist_ok=True)
        path = data / f"{name}.csv"
        path.write_text(csv, encoding="utf-8")
        csvs.append(path)
    t2 = time.monotonic()
    dd = params.get("data_dir")
    manifest = out_dir / "manifest.json"
    manifest.write_text(json.dumps({
        "report": report,
        "parameters": params,
        "notebook": str(spec.notebook),
        "notebook_sha256": sha256(spec.notebook),
        "inputs": input_hashes(Path(dd) if dd else None),
        "package_version": package_version(),
        "timings": {"execute_s": round(t1 - t0, 3), "render_s": round(t2 - t1, 3)},
        "html_bytes": html.stat().st_size,
        "charts": [p.name for p in csvs],
        "headline_data": _has_headline(report, params),
    }, ensure_ascii=False, indent=2), encoding="utf-8")  # fmt: skip
    return RunOutputs(html=html, notebook=executed, chart_data=csvs, manifest=manifest)
