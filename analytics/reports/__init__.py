"""What a report shows (``ReportContext``, sections, cards, notes, words) and how runs are made.

A report is a module of section functions over one :class:`ReportContext`
(:mod:`analytics.reports.fiveg`: ``fiveg.cards(ctx)``, ``fiveg.density(ctx)`` …); each returns an
object that renders itself in JupyterLab and in the exported HTML.

The public names are imported on first use (papermill, nbconvert and the runner are heavy), so
``import analytics.reports`` stays cheap in a notebook kernel.

Examples
--------
>>> from analytics.reports import get_report
>>> get_report("fiveg").title_zh
'5G网络建设报告'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs
    from analytics.reports._due import DueOutcome, run_due, serve
    from analytics.reports.components import Card, DataNote
    from analytics.reports.content._base import ReportContent
    from analytics.reports.context import ReportContext
    from analytics.reports.execute import RunOutputs, run_report
    from analytics.reports.history import RunHistory, RunRecord, RunStatus, job_lock
    from analytics.reports.incremental import Decision, decide, fingerprint, input_hashes
    from analytics.reports.index_page import IndexEntry, write_index
    from analytics.reports.messages import t
    from analytics.reports.publish import mark_stale, read_stale, target_dir, work_dir
    from analytics.reports.registry import REPORTS, ReportSpec, get_report
    from analytics.reports.render import check_html, render_html
    from analytics.reports.runner import (
        BatchSummary,
        RunPolicy,
        RunRequest,
        RunResult,
        execute_notebook,
        run_batch,
    )
    from analytics.reports.schedule import Job, Schedule, load_schedule, resolve_latest
    from analytics.reports.section import Cards, Footer, Header, Notes, Section

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
    "DueOutcome": "_due",
    "run_due": "_due",
    "serve": "_due",
    "ReportContext": "context",
    "ReportContent": "content._base",
    "Section": "section",
    "Cards": "section",
    "Header": "section",
    "Notes": "section",
    "Footer": "section",
    "Card": "components",
    "DataNote": "components",
    "t": "messages",
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
__all__ += [  # what a report shows (kernel side)
    "Card",
    "Cards",
    "DataNote",
    "Footer",
    "Header",
    "Notes",
    "ReportContent",
    "ReportContext",
    "Section",
    "t",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'analytics.reports' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"analytics.reports.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
