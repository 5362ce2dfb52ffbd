"""The report registry: which notebooks are reports, their titles and the inputs they read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from analytics._typing import Frequency
from analytics.config import project_root
from analytics.exceptions import CatalogError, did_you_mean
from analytics.io.inputs import report_inputs

__all__ = ["REPORTS", "ReportSpec", "get_report"]


@dataclass(frozen=True)
class ReportSpec:
    """A report: its notebook, titles and the input files (globs from the project root).

    The notebook is found under the project root when asked for, never when the registry is
    imported: a process that imports it with one ``ANALYTICS_HOME`` and runs with another (a test
    home, then the project) finds the notebook of the project it runs in.

    Parameters
    ----------
    name : str
        The report's name, also its notebook's (``notebooks/reports/<name>.ipynb``).
    title_zh, title_en : str
        The report's Chinese and English titles.
    inputs : tuple of str
        Glob patterns, from the project root, of the files the report reads (its fingerprint).
    headline : tuple of str
        The indicators whose values make a period an edition (empty: any indicator).
    frequency : Frequency
        The periods the report is made for: ``A``, ``Q`` or ``M``.
    """

    name: str
    title_zh: str
    title_en: str
    inputs: tuple[str, ...]
    headline: tuple[str, ...] = ()
    """The indicators (any measure, any vintage) whose values make a period an edition: `latest`
    is the latest period in which one of them has a value (empty: any indicator of the region;
    see :mod:`analytics.runs._editions`)."""
    frequency: Frequency = "A"
    """The periods the report is made for: ``A`` (years, ``2023``), ``Q`` or ``M``."""

    @property
    def notebook(self) -> Path:
        """``notebooks/reports/<name>.ipynb`` under the project root (as it is now)."""
        return project_root() / "notebooks" / "reports" / f"{self.name}.ipynb"


def _spec(
    name: str, zh: str, en: str, *, headline: tuple[str, ...] = (), frequency: Frequency = "A"
) -> ReportSpec:
    """A report whose inputs are :func:`~analytics.io.inputs.report_inputs` (footer's too)."""
    return ReportSpec(name, zh, en, report_inputs(name), headline, frequency)


REPORTS: dict[str, ReportSpec] = {
    # first: the plan scorecard answers the question every reader has
    "plan": _spec("plan", "智慧城市规划目标评估", "Smart-city plan scorecard"),
    # GDP in any of its measures (level, index, real growth) or per capita: a year with growth
    # and per-capita GDP but no level yet is a (partial) edition
    "industry": _spec(
        "industry", "产业经济报告", "Industry and growth", headline=("gdp", "gdp_per_capita")
    ),
    # the 5G and digital-infrastructure report keeps its name `fiveg`; its editions follow the
    # stations and the NBS broadband panel (Tianjin's last station count measures end-2023, the
    # broadband users 2024: the 2024 edition shows both, the older count with its date)
    "fiveg": _spec(
        "fiveg",
        "5G与数字基础设施报告",
        "5G and digital infrastructure",
        headline=("fiveg_base_stations", "nbs_broadband_users"),
    ),
    "digital_economy": _spec(
        "digital_economy", "数字经济报告", "Digital economy", headline=("de_core_va_share",)
    ),
    "monthly": _spec(
        "monthly", "月度数据简报", "Monthly bulletin", headline=("cpi_monthly",), frequency="M"
    ),
}


def get_report(name: str) -> ReportSpec:
    """The spec of report ``name``.

    Parameters
    ----------
    name : str
        A report name of :data:`REPORTS`.

    Raises
    ------
    CatalogError
        For an unknown name, with a close match when there is one (a ``KeyError`` too).

    Examples
    --------
    >>> get_report("fiveg").notebook.name
    'fiveg.ipynb'
    >>> try:
    ...     get_report("five")
    ... except KeyError as err:
    ...     print(err)
    unknown report `five` — did you mean `fiveg`? (known: digital_economy, fiveg, industry, monthly, plan)
    """  # noqa: E501
    if name in REPORTS:
        return REPORTS[name]
    hint = did_you_mean(name, REPORTS)
    raise CatalogError(f"unknown report `{name}`{hint} (known: {', '.join(sorted(REPORTS))})")
