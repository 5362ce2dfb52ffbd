"""What crosses between the runner and an attempt's process: the attempt, and how it ended.

An :class:`Attempt` goes to the attempt's process (pickled by the forkserver, or as
``attempt.json`` for Dask's subprocess); the process writes its result as ``result.json``:
:class:`Done` with the files it wrote, or :class:`Failure` with a :data:`FailureKind` and a
one-line message for people. The runner decides by the kind — retry, stop the batch, record the run
interrupted — and never by reading the message.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, get_args

__all__ = ["Attempt", "AttemptResult", "Done", "Failure", "FailureKind", "load_result"]

FailureKind = Literal["error", "permanent", "timeout", "stopped", "disk_full"]
"""Why an attempt failed: ``error`` (the report failed; retried by policy), ``permanent`` (the HTML
check or the parameters: retrying cannot help), ``timeout`` (a cell or the whole job ran too long;
retried), ``stopped`` (a stop signal or request cut it short: interrupted, not failed) and
``disk_full`` (the machine, not the run: the batch stops)."""


@dataclass(frozen=True)
class Attempt:
    """One attempt of a run, as handed to its process.

    Parameters
    ----------
    report
        The report's registry name.
    notebook
        The notebook to execute.
    parameters
        The notebook parameters (``region``, ``period``, ``lang``, … as given by the request).
    out_dir
        The attempt's own folder (executed notebook, HTML, chart data, ``result.json``).
    execute
        ``module:function`` that runs the report (None: the plain notebook executor).
    kernel
        The Jupyter kernel name, for the kernel engine.
    cell_timeout, job_timeout
        Seconds a cell, and the whole attempt, may take (None: no limit).
    inputs
        The input hashes the runner took for the fingerprint (recorded in the manifest).
    runner_pid
        The runner's process id (an attempt whose runner died stops).
    engine
        How the cells run: ``kernel``, ``inprocess`` or ``auto``.
    env
        The runner's environment, for a process forked from a long-lived forkserver.

    Examples
    --------
    >>> a = Attempt("fiveg", "f.ipynb", {"lang": "zh"}, "/tmp/w", None, "python3")
    >>> Attempt.from_json(a.to_json()) == a
    True
    """

    report: str
    notebook: str
    parameters: dict[str, Any]
    out_dir: str
    execute: str | None
    """``module:function`` that runs the report (None: the plain notebook executor)."""
    kernel: str
    cell_timeout: float | None = None
    job_timeout: float | None = None
    inputs: dict[str, str] = field(default_factory=dict)
    """The input hashes the runner took (recorded in the manifest, not hashed again)."""
    runner_pid: int = 0
    engine: str = "kernel"
    """How ``run_report`` runs the cells (``analytics.runs.execute.Engine``)."""
    env: dict[str, str] | None = None
    """The runner's environment, for a process forked from a long-lived forkserver."""

    def to_json(self) -> str:
        """The attempt as JSON (for ``python -m analytics.runs.process FILE``)."""
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Attempt:
        """The attempt :meth:`to_json` wrote."""
        return cls(**json.loads(text))


@dataclass(frozen=True)
class Done:
    """An attempt that wrote its report: the HTML and the executed notebook.

    Parameters
    ----------
    html
        The report's HTML file.
    notebook
        The executed notebook ("" when none was kept).
    duration
        Seconds the attempt took.

    Examples
    --------
    >>> load_result(Done("r.html", duration=1.5).to_json())
    Done(html='r.html', notebook='', duration=1.5)
    """

    html: str
    notebook: str = ""
    duration: float = 0.0

    def to_json(self) -> str:
        """``{"kind": "done", ...}``, as ``result.json`` holds it."""
        return json.dumps({"kind": "done", **asdict(self)}, ensure_ascii=False)


@dataclass(frozen=True)
class Failure:
    """An attempt that failed: its kind (what the runner does next) and a one-line message.

    Parameters
    ----------
    kind
        ``error`` (retried), ``permanent`` (not retried), ``timeout``, ``stopped`` (interrupted,
        not failed) or ``disk_full`` (the batch stops).
    message
        What went wrong, in one line.
    duration
        Seconds the attempt took.

    Examples
    --------
    >>> load_result(Failure("timeout", "cell 4 ran over 600 s").to_json()).kind
    'timeout'
    """

    kind: FailureKind
    message: str
    duration: float = 0.0

    def to_json(self) -> str:
        """``{"kind": KIND, "message": ...}``, as ``result.json`` holds it."""
        return json.dumps(asdict(self), ensure_ascii=False)


AttemptResult = Done | Failure


def load_result(text: str) -> AttemptResult:
    """The result an attempt's process wrote (``Done.to_json`` or ``Failure.to_json``).

    Parameters
    ----------
    text
        The JSON text of ``result.json``.

    Returns
    -------
    Done | Failure
        The result; a kind outside :data:`FailureKind` and ``done`` raises ``ValueError``.

    Examples
    --------
    >>> load_result(Failure("disk_full", "OSError: [Errno 28] ...").to_json()).kind
    'disk_full'
    >>> load_result(Done("/w/report.html").to_json())
    Done(html='/w/report.html', notebook='', duration=0.0)
    """
    data = json.loads(text)
    kind = data.pop("kind", None)
    if kind == "done":
        return Done(**data)
    if kind not in get_args(FailureKind):
        known = ", ".join(get_args(FailureKind))
        raise ValueError(f"result.json: kind {kind!r} is not `done` or one of {known}")
    return Failure(kind, **data)
