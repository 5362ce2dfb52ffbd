"""Writing what :func:`~analytics.io.add.plan_add` planned: files, provenance, store.

The provenance files get one appended line per added file. Everything is staged in
``data/.add-stage-*`` and built there (:mod:`analytics.io._add_stage`), then committed with a
journal and renames (:mod:`analytics.io._add_journal`): ``data/`` holds the whole add or none of
it, whatever stops the process. One ``data add`` runs at a time (``flock``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from analytics.exceptions import AnalyticsError
from analytics.io._add_catalog import snapshot
from analytics.io._add_journal import commit, locked, recover
from analytics.io._add_stage import staged
from analytics.io._pause import pause_point

if TYPE_CHECKING:
    from analytics.io.add import AddPlan
    from analytics.io.store import BuildSummary

__all__ = ["apply_add"]


def apply_add(plan: AddPlan, *, say: list[str] | None = None) -> BuildSummary | None:
    """Stage the files, their provenance and the rebuilt store, then commit them together.

    Returns the build summary, or ``None`` when every file was in ``data/raw`` already. Lines
    for the user (a stale lock cleared, an interrupted add completed) are appended to ``say``.

    Parameters
    ----------
    plan
        What :func:`~analytics.io.add.plan_add` planned; refused when the provenance files or a
        destination changed since.
    say
        A list the lines for the user are appended to; default None: not collected.

    Returns
    -------
    BuildSummary or None
        The summary of the store rebuilt with the files, or None when there was nothing to add.

    Raises
    ------
    AnalyticsError
        When ``data/`` changed since the plan was made (another ``data add``?).
    """
    pending = plan.files
    if not pending:
        return None
    with locked(plan.data, say=say):
        said = recover(plan.data)
        if say is not None:
            say += said
        if snapshot() != plan.catalog or any(p.dest.exists() for p in pending):
            raise AnalyticsError(
                "data/ changed since the plan was made (another `data add`?) — run it again"
            )
        with staged(plan, where=plan.data) as stage:
            pause_point("built")
            commit(stage, plan.data)
        return stage.summary
