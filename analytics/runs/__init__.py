"""How runs are made (host side): registry, schedule, scheduler, runner, execute, render, publish.

The public names are imported on first use (papermill, nbconvert and the runner are heavy), so
``import analytics.runs`` stays cheap.

Examples
--------
>>> from analytics.runs import get_report
>>> get_report("fiveg").title_zh
'5G与数字基础设施报告'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs
    from analytics.runs.execute import RunOutputs, run_report
    from analytics.runs.history import RunHistory, RunRecord, RunStatus, job_lock
    from analytics.runs.incremental import Decision, decide, fingerprint, input_hashes
    from analytics.runs.index_page import IndexEntry, write_index
    from analytics.runs.publish import mark_stale, read_stale, target_dir, work_dir
    from analytics.runs.registry import REPORTS, ReportSpec, get_report
    from analytics.runs.render import check_html, render_html
    from analytics.runs.runner import (
        BatchSummary,
        RunPolicy,
        RunRequest,
        RunResult,
        execute_notebook,
        run_batch,
    )
    from analytics.runs.schedule import Job, Schedule, load_schedule, resolve_latest
    from analytics.runs.scheduler import DueOutcome, run_due, serve

_WHERE: dict[str, str] = {
    "REPORTS": "registry",
    "ReportSpec": "registry",
    "get_report": "registry",
    "RunOutputs": "execute",
    "run_report": "execute",
    "check_html": "render",
    "render_html": "render",
    "RunHistory": "history",
    "RunRecord": "history",
    "RunStatus": "history",
    "job_lock": "history",
    "Decision": "incremental",
    "decide": "incremental",
    "fingerprint": "incremental",
    "input_hashes": "incremental",
    "target_dir": "publish",
    "work_dir": "publish",
    "mark_stale": "publish",
    "read_stale": "publish",
    "BatchSummary": "runner",
    "RunPolicy": "runner",
    "RunRequest": "runner",
    "RunResult": "runner",
    "execute_notebook": "runner",
    "run_batch": "runner",
    "Job": "schedule",
    "Schedule": "schedule",
    "load_schedule": "schedule",
    "resolve_latest": "schedule",
    "IndexEntry": "index_page",
    "write_index": "index_page",
    "DueOutcome": "scheduler",
    "run_due": "scheduler",
    "serve": "scheduler",
}

__all__ = [
    "REPORTS",
    "BatchSummary",
    "Decision",
    "DueOutcome",
    "IndexEntry",
    "Job",
    "ReportSpec",
    "RunHistory",
    "RunOutputs",
    "RunPolicy",
    "RunRecord",
    "RunRequest",
    "RunResult",
    "RunStatus",
    "Schedule",
    "check_html",
    "decide",
    "execute_notebook",
    "fingerprint",
    "get_report",
    "input_hashes",
    "job_lock",
    "load_schedule",
    "mark_stale",
    "read_stale",
    "render_html",
    "resolve_latest",
    "run_batch",
    "run_due",
    "run_report",
    "serve",
    "target_dir",
    "work_dir",
    "write_index",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'analytics.runs' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"analytics.runs.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
