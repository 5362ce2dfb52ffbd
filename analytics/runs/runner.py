"""The batch runner: many report runs in parallel local processes or on a Dask cluster.

Every attempt of every run executes in a process of its own (papermill is not thread-safe), which
the runner kills — with its kernel — when the per-job timeout passes. A kernel that dies, a cell
that raises or times out, and a process that is killed all end as a *failed* run with a one-line
cause; failed attempts are retried with exponential backoff, their executed notebooks are kept and
linked from the history, and the last good report stays published (see
:mod:`analytics.runs.publish`). Runs whose inputs did not change are skipped
(:mod:`analytics.runs.incremental`).

There is one local run path: each attempt is a fork of a ``forkserver`` that has imported the
report code, papermill and nbconvert (:mod:`analytics.runs.process`; a script calling
:func:`run_batch` needs the usual ``if __name__ == "__main__":`` guard), and runs a registry
report's cells in its own process (:mod:`analytics.runs.inprocess`) unless the report's kernel is
another interpreter. On Dask, each task starts a fresh ``python -m analytics.runs.process`` on its
worker (worker processes are daemons and must not fork multiprocessing children); workers must see
the project folder at the same path. A stop reaches every attempt either way: when its grace runs
out, the attempt's process tree is killed and the run recorded ``interrupted``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from analytics.config import project_root, reports_dir
from analytics.exceptions import AnalyticsError, StorageError
from analytics.runs import _stop, incremental, publish
from analytics.runs._failures import describe_error, kind_of
from analytics.runs._history_db import storage_error
from analytics.runs._locks import lock_path, target_lock
from analytics.runs._progress import Progress
from analytics.runs._recover import stamp_manifest
from analytics.runs._requests import check_executor, check_requests, connect_dask
from analytics.runs.execute import Engine, NotebookOutputs, execute_notebook
from analytics.runs.history import RunHistory, default_history_path
from analytics.runs.model import Attempt, AttemptResult, Done, Failure
from analytics.runs.process import DaskFlag, run_attempt, start_forkserver

__all__ = [
    "BatchSummary",
    "Executor",
    "NotebookOutputs",
    "ReportLike",
    "RunOutcome",
    "RunPolicy",
    "RunRequest",
    "RunResult",
    "execute_notebook",
    "run_batch",
]

Executor = Literal["local", "dask"]
RunOutcome = Literal["ok", "failed", "skipped", "interrupted"]
_RUN_REPORT = "analytics.runs.execute:run_report"


class ReportLike(Protocol):
    """What the runner needs of a report (``analytics.runs.registry.ReportSpec`` fits)."""

    @property
    def name(self) -> str: ...  # noqa: D102
    @property
    def notebook(self) -> Path: ...  # noqa: D102
    @property
    def inputs(self) -> tuple[str, ...]: ...  # noqa: D102


@dataclass(frozen=True)
class RunPolicy:
    """Retries and timeouts of a run.

    Parameters
    ----------
    retries : int
        How many times a failed attempt is retried (a permanent failure, a full disk or a stop
        is not).
    backoff : float
        Seconds to wait before the first retry; doubled before each next one (:meth:`delay`).
    cell_timeout : float or None
        Seconds a cell may run (None: no limit).
    job_timeout : float or None
        Seconds an attempt may run before its process tree is killed (None: no limit).

    Examples
    --------
    >>> [RunPolicy(retries=3, backoff=10).delay(n) for n in (1, 2, 3)]
    [10.0, 20.0, 40.0]
    """

    retries: int = 0
    backoff: float = 30.0
    cell_timeout: float | None = 600.0
    job_timeout: float | None = 1800.0

    def delay(self, attempt: int) -> float:
        """Seconds to wait after failed attempt ``attempt`` (1-based): backoff × 2^(attempt−1)."""
        return float(self.backoff * 2 ** (attempt - 1))


@dataclass(frozen=True)
class RunRequest:
    """One run to make: a report and its parameters, with the job (and slot) that asked for it.

    Parameters
    ----------
    report : str
        The report's name.
    region : str
        The region's GB/T 2260 code.
    period : str
        The period label (``2023``, ``2023Q4``, ``2023-12``, ``2023-01/02``).
    lang : str
        ``zh`` or ``en``.
    job : str
        The job that asks for the run (recorded in the history).
    slot : str or None
        The schedule slot it runs for (None outside the schedule).
    policy : RunPolicy
        Its retries and timeouts.
    extra : tuple of (str, value) pairs
        Further notebook parameters, kept hashable (tuples reach the notebook as lists).

    Examples
    --------
    >>> r = RunRequest("fiveg", "440000", "2023", "zh")
    >>> r.label, r.parameters["peers"]  # Guangdong: its group's (peers.yaml), then China
    ('fiveg 440000 2023 zh', ['330000', '350000', '460000', '000000'])
    """

    report: str
    region: str
    period: str
    lang: str
    job: str = "batch"
    slot: str | None = None
    policy: RunPolicy = field(default_factory=RunPolicy)
    extra: tuple[tuple[str, Any], ...] = ()

    @property
    def parameters(self) -> dict[str, Any]:
        """The notebook parameters (``extra``'s tuples, kept hashable, as lists).

        Without ``peers`` in ``extra``, the region's from ``data/catalog/peers.yaml``: the
        notebooks' own default is one list (Tianjin's) for every region.
        """
        from analytics.catalog import peers_of

        extra = {k: list(v) if isinstance(v, tuple) else v for k, v in self.extra}
        if "peers" not in extra and self.region.isdigit():
            extra = {"peers": list(peers_of(self.region)), **extra}
        return {"region": self.region, "period": self.period, "lang": self.lang, **extra}

    @property
    def label(self) -> str:
        """``report region period lang``, for displays."""
        return f"{self.report} {self.region} {self.period} {self.lang}"


@dataclass
class RunResult:
    """How a run ended. ``reason`` is the skip reason or the failure's one-line cause.

    Parameters
    ----------
    request : RunRequest
        The run asked for.
    status : RunOutcome
        ``ok``, ``failed``, ``skipped`` or ``interrupted``.
    reason : str
        Why it ran, was skipped, failed or was cut short.
    run_id : int or None
        Its row in the run history (None when none was written).
    attempts : int
        How many attempts it made.
    duration : float
        Seconds from the decision to run to the run's end (0 when it did not run).
    html : Path or None
        The published ``report.html`` (for ``ok`` runs and runs skipped as unchanged).
    notebook : Path or None
        The published executed notebook, or a failed run's executed notebook.
    """

    request: RunRequest
    status: RunOutcome
    reason: str = ""
    run_id: int | None = None
    attempts: int = 0
    duration: float = 0.0
    html: Path | None = None
    notebook: Path | None = None


@dataclass
class BatchSummary:
    """The results of a batch, with counts and a printable summary.

    Parameters
    ----------
    results : list of RunResult
        Every run's result, one per distinct request, in the order asked.
    wall : float
        The batch's wall time in seconds.
    history : Path
        The run history's file.
    out_root : Path
        Where the reports are published.
    stopped : str or None
        Why the batch stopped early: a stop signal, or the disk (then the CLI exits 1).
    signal : int or None
        The stop signal's number, if one came (:attr:`exit_code` is then 128 + it).
    """

    results: list[RunResult]
    wall: float
    history: Path
    out_root: Path
    stopped: str | None = None
    """Why the batch stopped early: a stop signal, or the disk (then the CLI exits 1)."""
    signal: int | None = None

    def count(self, status: RunOutcome) -> int:
        """How many runs ended with ``status``."""
        return sum(r.status == status for r in self.results)

    @property
    def failed(self) -> list[RunResult]:
        """The failed runs."""
        return [r for r in self.results if r.status == "failed"]

    @property
    def exit_code(self) -> int:
        """0 when all went well; 128 + signal when a stop cut runs short; else 1."""
        if self.signal and self.count("interrupted"):
            return 128 + self.signal
        return 1 if self.failed or self.stopped else 0

    def lines(self) -> list[str]:
        """The run summary: counts, failures with causes, and where to look."""
        n = len(self.results)
        out = [
            f"batch: {n} run{'s' * (n != 1)} in {self.wall:.1f} s — {self.count('ok')} ok, "
            f"{self.count('skipped')} skipped (unchanged), {self.count('failed')} failed"
            + (f", {self.count('interrupted')} interrupted" if self.count("interrupted") else "")
        ]
        if self.stopped:
            out.append(f"  STOPPED: {self.stopped}")
        for r in self.results:
            if r.status == "interrupted":
                out.append(f"  INTERRUPTED {r.request.label}: {r.reason}")
        for r in self.failed:
            out.append(f"  FAILED {r.request.label} (run {r.run_id}, {r.attempts} attempts): ")
            out[-1] += r.reason
            if r.notebook is not None:
                out.append(f"         executed notebook: {r.notebook}")
        out.append(f"reports: {self.out_root}")
        out.append(f"history: {self.history}  (`analytics runs` lists it)")
        if self.failed:
            out.append(
                "a failed run leaves the last good report published, marked stale in the index"
            )
        return out


# --- the batch --------------------------------------------------------------------------------


def _registry() -> Mapping[str, ReportLike]:
    try:
        from analytics.runs.registry import REPORTS
    except ImportError as err:  # pragma: no cover - until the registry exists
        raise AnalyticsError("the report registry (analytics.runs.registry) is missing") from err
    return REPORTS


def _execute_path(execute: Callable[..., Any] | str | None) -> str | None:
    if execute is None or isinstance(execute, str):
        return execute
    return f"{execute.__module__}:{execute.__qualname__}"


@dataclass(frozen=True)
class _Run:
    """A run being made: its request, history row, target folder and fingerprint."""

    req: RunRequest
    id: int
    target: Path
    fingerprint: str
    inputs: dict[str, str]
    reason: str
    started: float = field(default_factory=time.monotonic)
    previous: str | None = None
    """The published edition's folder, the run's ``previous`` parameter (not in the fingerprint:
    it changes with every publish, the report's inputs do not)."""


@dataclass
class _Batch:
    reports: Mapping[str, ReportLike]
    root: Path
    out_root: Path
    history: RunHistory
    attempt: Callable[[Attempt], AttemptResult]
    force: bool
    execute: str | None
    kernel: str
    progress: Progress
    engine: str = "kernel"
    """How registry reports run their cells (``execute.Engine``)."""
    stop: _stop.Stop = field(default_factory=_stop.Stop)
    halted: str | None = None  # the disk or the history failed: start nothing more
    lock_dir: Path | None = None

    def run(self, req: RunRequest) -> RunResult:
        if self.halted or self.stop.requested.is_set():
            why = f"not started: {(self.halted or self.stop.reason).split(' — ')[0]}"
            self.progress.update(req.label, "interrupted", why)
            return RunResult(req, "interrupted", why)
        try:
            return self._started(req)
        except StorageError as err:  # disk full, read-only: stop the batch, say it once
            self.halted = self.halted or str(err)
            self.progress.update(req.label, "interrupted", str(err))
            return RunResult(req, "interrupted", f"stopped: {str(err).split(' — ')[0]}")

    def _record(self, req: RunRequest, **row: Any) -> int:
        """Insert the run's history row (``fingerprint``, ``inputs``, ``status``, ``note``)."""
        row = {"fingerprint": "", "inputs": {}, **row}
        key = incremental.run_key(req.report, req.parameters)
        return self.history.start_run(
            job=req.job,
            slot=req.slot,
            report=req.report,
            parameters=req.parameters,
            run_key=key,
            **row,
        )

    def _started(self, req: RunRequest) -> RunResult:
        lock_dir = self.lock_dir or reports_dir(self.root) / ".locks" / "runs"
        lock = lock_path(lock_dir, req.report, req.region, req.period, req.lang)
        p = req.policy
        wait = (p.job_timeout or 1800.0) * (p.retries + 1) + p.delay(p.retries + 1) + 60.0
        with target_lock(lock, wait=wait) as held:  # shared with other batches and schedulers
            if held:
                return self._guarded(req)
        why = f"another process was making it; still locked after {wait:g} s"
        run_id = self._record(req, status="skipped", note=why)
        self.progress.update(req.label, "skipped", why)
        return RunResult(req, "skipped", why, run_id)

    def _guarded(self, req: RunRequest) -> RunResult:
        try:
            return self._run(req)
        except StorageError:
            raise
        except Exception as err:  # a run that cannot even start is a failed run, not a crash
            if kind_of(err) == "disk_full":  # not the run's fault: stop the batch (see `run`)
                raise storage_error(err, self.out_root, "the reports in") from err
            cause = f"cannot start: {describe_error(err)}"
            if isinstance(err, OSError) and err.filename:
                cause = f"cannot start: {err.strerror}: {err.filename}"
            run_id = self._record(req, note="could not prepare the run")
            self.history.finish_run(run_id, status="failed", error=cause)
            self.progress.update(req.label, "failed", cause)
            return RunResult(req, "failed", cause, run_id)

    def _run(self, req: RunRequest) -> RunResult:
        spec = self.reports[req.report]
        target = publish.target_dir(self.out_root, req.report, req.region, req.period, req.lang)
        if not Path(spec.notebook).is_file():
            raise FileNotFoundError(2, "notebook not found", str(spec.notebook))
        dd = req.parameters.get("data_dir")  # the store the run reads, as its footer hashes it
        inputs = incremental.input_hashes(spec.inputs, root=self.root, data_dir=dd and Path(dd))
        fp, parts = incremental.fingerprint(
            notebook=spec.notebook,
            parameters=req.parameters,
            inputs=inputs,
            version=incremental.package_version(),
            source=incremental.source_hash(),
        )
        decision = incremental.decide(
            self.history,
            key=incremental.run_key(req.report, req.parameters),
            fp=fp,
            parts=parts,
            published=target / "report.html",
            force=self.force,
        )
        if not decision.run and publish.read_stale(target) is not None:
            # unchanged, but the last run failed (a timeout, a dead kernel): run again, so that
            # a success clears the stale flag instead of leaving it up for good
            decision = incremental.Decision(True, "the last run failed")
        if not decision.run:
            run_id = self._record(
                req, fingerprint=fp, inputs=parts, status="skipped", note=decision.reason
            )
            self.progress.update(req.label, "skipped", decision.reason)
            return RunResult(req, "skipped", decision.reason, run_id, html=target / "report.html")
        run_id = self._record(req, fingerprint=fp, inputs=parts, note=decision.reason)
        previous = _previous(spec, target) if self.execute == _RUN_REPORT else None
        run = _Run(req, run_id, target, fp, dict(parts), decision.reason, previous=previous)
        result, n, work = self._attempts(run, Path(spec.notebook))
        return self._finish(run, result, n, work)

    def _attempts(self, run: _Run, notebook: Path) -> tuple[AttemptResult, int, Path]:
        """Attempt the run until it is done, stopped, or out of retries: (result, number, work)."""
        policy, label = run.req.policy, run.req.label
        result: AttemptResult = Failure("error", "no attempt")
        work, n = run.target, 1
        for n in range(1, policy.retries + 2):
            if self.stop.requested.is_set():
                what = "not retried" if n > 1 else "not started"
                return Failure("stopped", f"{what}: {self.stop.reason}"), n, work
            self.history.set_attempts(run.id, n)
            self.progress.update(label, "running", f"attempt {n}")
            work = publish.work_dir(run.target, f"{run.id}-{n}")
            result = self._attempt(run, notebook, work)
            if isinstance(result, Done) or result.kind in ("disk_full", "permanent"):
                return result, n, work
            if result.kind == "stopped" or self.stop.requested.is_set():
                # cut short by a stop, not the report's fault: it runs again at the next run-due
                why = f"{result.message} — {self.stop.reason}" if self.stop.signal else ""
                return Failure("stopped", why or result.message, result.duration), n, work
            if n <= policy.retries:
                delay = policy.delay(n)
                self.progress.update(label, "retrying", f"in {delay:g} s: {result.message}")
                self.stop.requested.wait(delay)
        return result, n, work

    def _attempt(self, run: _Run, notebook: Path, work: Path) -> AttemptResult:
        p = run.req.policy
        params = dict(run.req.parameters)
        if run.previous is not None:  # relative to the run folder (the notebook's cwd): no
            # absolute path reaches the published notebook
            params["previous"] = os.path.relpath(run.previous, work)
        todo = Attempt(
            report=run.req.report,
            notebook=str(notebook),
            parameters=params,
            out_dir=str(work),
            execute=self.execute,
            kernel=self.kernel,
            engine=self.engine,
            cell_timeout=p.cell_timeout,
            job_timeout=p.job_timeout,
            inputs=run.inputs,
        )
        try:
            result = self.attempt(todo)
        except Exception as err:  # e.g. a Dask worker lost: this attempt failed
            return Failure("error", f"executor: {describe_error(err)}")
        if isinstance(result, Done):
            html = Path(result.html)
            if not html.is_file() or html.parent != work:
                return Failure("error", f"the run wrote no report.html into {work}")
        return result

    def _finish(self, run: _Run, result: AttemptResult, n: int, work: Path) -> RunResult:
        req, took = run.req, time.monotonic() - run.started
        if isinstance(result, Done):
            result = _lab_charts(result, work)
        if isinstance(result, Done):
            return self._publish(run, Path(result.html), result.notebook, n, work)
        error = result.message
        if result.kind == "disk_full":  # the run is not at fault: record it cut short, stop
            with contextlib.suppress(StorageError):
                self.history.finish_run(run.id, status="interrupted", error=error)
            raise storage_error(OSError(errno.ENOSPC, error), self.out_root, "the reports in")
        if result.kind == "stopped":
            self.history.finish_run(run.id, status="interrupted", error=error, output_dir=work)
            self.progress.update(req.label, "interrupted", error)
            return RunResult(req, "interrupted", error, run.id, n, took)
        failed_nb = next(iter(sorted(work.glob("*.ipynb"))), None)
        self.history.finish_run(
            run.id, status="failed", error=error, output_dir=work, notebook=failed_nb
        )
        if (run.target / "report.html").exists():
            publish.mark_stale(run.target, error, run_id=run.id)
        self.progress.update(req.label, "failed", error)
        return RunResult(req, "failed", error, run.id, n, took, None, failed_nb)

    def _publish(self, run: _Run, html: Path, notebook: str, n: int, work: Path) -> RunResult:
        req, target = run.req, run.target
        stamp_manifest(
            work,
            {
                "job": req.job,
                "slot": req.slot,
                "run_id": run.id,
                "run_key": incremental.run_key(req.report, req.parameters),
                "fingerprint": run.fingerprint,
                "inputs": run.inputs,
                "parameters": req.parameters,
                "finished": time.time(),
            },
        )
        publish.scrub(work, self.root)
        publish.publish(work, target)
        publish.prune(target)
        nb = target / Path(notebook or "report.ipynb").name
        edition = target.resolve()  # the run folder, now an edition beside the target
        self.history.finish_run(
            run.id, status="ok", output_dir=edition, html=target / html.name, notebook=nb
        )
        took = time.monotonic() - run.started
        self.progress.update(req.label, "ok", f"{took:.1f} s")
        return RunResult(req, "ok", run.reason, run.id, n, took, target / html.name, nb)


def _lab_charts(result: Done, work: Path) -> AttemptResult:
    """The run's notebook with its charts compiled for JupyterLab, here, before it is published.

    The attempt left them pending (:data:`analytics.charts.embed.LAB_ENV`): compiling them in
    this long-lived process starts vl-convert once a batch instead of once an attempt (≈ 0.4 s).
    A chart that does not compile fails the run, as it did when the attempt compiled it.
    """
    from analytics.charts.embed import compile_pending

    if not result.notebook:
        return result
    try:
        compile_pending(work / Path(result.notebook).name)
    except Exception as err:
        return Failure("error", f"compiling the charts for JupyterLab: {describe_error(err)}")
    return result


def _previous(spec: ReportLike, target: Path) -> str | None:
    """The published edition's folder, if the report's notebook takes ``previous`` (else None).

    An edition published before editions were kept is made one first
    (:func:`~analytics.runs.publish.current_edition`; the caller holds the target's lock).
    """
    from analytics.runs._parameters import notebook_parameters

    if "previous" not in notebook_parameters(Path(spec.notebook)):
        return None
    folder = publish.current_edition(target)
    return None if folder is None else str(folder)


def _on_dask(scheduler: str, stop: Callable[[], _stop.Stop]) -> tuple[Any, Callable[..., Any]]:
    """A Dask client and the attempt function that runs an attempt on its cluster.

    A stop whose grace has run out sets a cluster-wide flag the task polls: the worker kills the
    attempt's process tree and returns its ``stopped`` result.
    """
    client = connect_dask(scheduler)  # a clear error within seconds when unreachable
    flag = DaskFlag(f"analytics-stop-{os.getpid()}-{time.time_ns()}")

    def attempt(todo: Attempt) -> AttemptResult:
        fut = client.submit(run_attempt, todo, "subprocess", flag, pure=False)
        while not stop().now.is_set():
            with contextlib.suppress(TimeoutError):
                result: AttemptResult = fut.result(timeout=0.5)
                return result
        flag.set(client)
        with contextlib.suppress(Exception):  # the worker's own word on the killed attempt
            result = fut.result(timeout=10)
            return result
        fut.cancel()
        return Failure("stopped", "stopped mid-run on Dask")

    return client, attempt


def run_batch(
    requests: Iterable[RunRequest],
    *,
    reports: Mapping[str, ReportLike] | None = None,
    root: Path | None = None,
    out_root: Path | None = None,
    history: RunHistory | Path | None = None,
    executor: Executor = "local",
    scheduler: str | None = None,
    workers: int | None = None,
    force: bool = False,
    execute: Callable[..., Any] | str | None = None,
    kernel_name: str = "analytics",
    progress: bool = False,
    engine: Engine = "auto",
) -> BatchSummary:
    """Run a batch of report runs and return its summary (see :class:`BatchSummary`).

    Parameters
    ----------
    requests
        The runs; build them from a schedule job with ``Job.requests()``.
    reports
        Report name → spec (notebook, inputs); default: the report registry.
    root
        Project root, against which the reports' ``inputs`` globs are resolved.
    out_root
        Where reports are published; default ``reports/out``.
    history
        The run history (or its file); default ``reports/runs.sqlite``.
    executor
        ``local`` (each attempt a fork of the forkserver, ``workers`` at once; default one per
        core) or ``dask``.
    scheduler
        The Dask scheduler address (``tcp://host:8786``) for ``executor="dask"``.
    workers
        Local attempts at once.
    force
        Run even when nothing changed.
    execute
        ``fn(report, parameters, *, out_dir, kernel_name, cell_timeout)`` or its
        ``"module:function"`` path; default ``run_report`` for registry reports and
        :func:`execute_notebook` for others. Must be importable in a fresh process.
    kernel_name
        The Jupyter kernel.
    progress
        Show live per-run status (a table on a terminal, one line per event otherwise).
    engine
        How registry reports run their cells with the default ``execute``: ``auto`` (the
        default) runs them in the attempt's own process (``inprocess``, no kernel to start; the
        same report, see ``tests/runs/test_inprocess.py``) when the kernel is this interpreter;
        ``kernel`` starts a Jupyter kernel per run. Other notebooks always run in a kernel.

    Returns
    -------
    BatchSummary
        Every run's result, the wall time and why the batch stopped early, if it did.
    """
    started = time.monotonic()
    # the processes a batch starts (forkserver, kernels, Dask's `python -m`) import the
    # installed package, never an `analytics/` folder in the current one
    os.environ["PYTHONSAFEPATH"] = "1"
    root = root or project_root()
    out_root = out_root or reports_dir(root) / "out"
    if not isinstance(history, RunHistory):
        history = RunHistory(history or default_history_path(root), out_root=out_root)
    uses_registry = reports is None
    specs = _registry() if reports is None else reports
    unique: dict[str, RunRequest] = {}
    for request in requests:  # one run per target, even when asked twice
        unique.setdefault(request.label, request)
    todo = list(unique.values())
    unknown = sorted({r.report for r in todo} - set(specs))
    if unknown:
        raise AnalyticsError(f"unknown report `{unknown[0]}` (known: {', '.join(sorted(specs))})")
    check_executor(executor, scheduler)
    if executor == "local":  # first: it preloads the report code while the runs are checked
        start_forkserver(incremental.source_hash())
    check_requests(todo, specs=specs, registry=uses_registry)  # names, periods, store: no run yet
    history.reap_orphans()
    client: Any = None
    if executor == "dask":
        client, attempt = _on_dask(str(scheduler), lambda: batch.stop)
        n_threads = max(1, min(len(todo), 64))
    else:

        def attempt(todo: Attempt) -> AttemptResult:
            return run_attempt(todo, "fork", batch.stop.now)

        n_threads = max(1, min(len(todo), workers or os.cpu_count() or 1))
    bar = Progress([r.label for r in todo], enabled=progress)
    if engine == "kernel" or execute is not None or not uses_registry:
        engine = "kernel"
    elif engine == "auto" and executor == "local" and len(todo) >= 3:  # else each attempt decides
        from analytics.runs.inprocess import runs_here  # (which imports papermill: not here)

        engine = "inprocess" if runs_here(kernel_name) else "kernel"
    path = _execute_path(execute) or (_RUN_REPORT if uses_registry else None)
    batch = _Batch(specs, root, out_root, history, attempt, force, path, kernel_name, bar, engine)
    try:
        with _stop.handling() as batch.stop, bar, ThreadPoolExecutor(n_threads) as pool:
            futures = [pool.submit(batch.run, r) for r in todo]
            while wait(futures, timeout=0.2).not_done:  # wake up: signals run in this thread
                pass
            results = [f.result() for f in futures]
    finally:
        if client is not None:
            client.close()
    stopped = batch.halted or (batch.stop.reason if batch.stop.requested.is_set() else None)
    return BatchSummary(
        results, time.monotonic() - started, history.path, out_root, stopped, batch.stop.signal
    )
