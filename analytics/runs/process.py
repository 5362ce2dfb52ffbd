"""One run attempt in a process of its own: the child's body, the timeouts, the stop, the kill.

Locally, every attempt is a fork of a ``forkserver`` that has imported the report code, papermill,
nbconvert and ipykernel's in-process kernel and rendered an empty page
(:mod:`analytics.runs._preload`): an attempt starts warm, and a fresh fork per attempt keeps one
run's module state from the next. A forkserver whose package source has changed is restarted. A
script that calls the runner needs the usual ``if __name__ == "__main__":`` guard. On Dask, each
task starts ``python -m analytics.runs.process`` instead, because worker processes are daemons and
must not have multiprocessing children. Either way the runner waits for the process with the job
timeout and a stop request (``cancel``), and kills its whole tree when one of them comes first.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal, Protocol

import psutil

from analytics.runs._failures import Interrupted, failure_of
from analytics.runs.model import Attempt, AttemptResult, Done, Failure, FailureKind, load_result

__all__ = ["DaskFlag", "Mode", "run_attempt", "run_child", "start_forkserver"]

Mode = Literal["fork", "subprocess"]
_RUN_REPORT = "analytics.runs.execute:run_report"
_STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT, signal.SIGHUP}


class _Flag(Protocol):
    def is_set(self) -> bool: ...


@dataclass(frozen=True)
class DaskFlag:
    """A stop flag for attempts on Dask: the cluster-wide ``distributed.Event`` named ``name``.

    Parameters
    ----------
    name : str
        The event's name; the runner makes one per Dask batch from its pid and the time.
    """

    name: str

    def is_set(self) -> bool:
        """Whether the runner has set it (polled by the task on its worker)."""
        from distributed import Event

        return bool(Event(self.name).is_set())

    def set(self, client: Any) -> None:
        """Set it, from the runner's ``client``: the attempts polling it are killed."""
        from distributed import Event

        Event(self.name, client=client).set()


def _resolve(path: str) -> Callable[..., Any]:
    module, _, attr = path.partition(":")
    obj: Any = importlib.import_module(module)
    for part in attr.split("."):
        obj = getattr(obj, part)
    fn: Callable[..., Any] = obj
    return fn


def _kill_tree(pid: int) -> None:
    try:
        root = psutil.Process(pid)
        procs = [*root.children(recursive=True), root]
    except psutil.NoSuchProcess:
        return
    for p in procs:
        with contextlib.suppress(psutil.NoSuchProcess):
            p.kill()
    psutil.wait_procs(procs, timeout=5)


def _kill_children() -> None:
    for child in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess):
            child.kill()


def _watch_parent(pid: int) -> None:
    """In the child: exit (with the kernel) as soon as the runner that started us is gone."""
    while True:
        time.sleep(0.5)
        if not psutil.pid_exists(pid):
            _kill_children()
            os._exit(3)


def _interrupt(signum: int, frame: object) -> None:
    raise Interrupted(signal.Signals(signum).name)


@contextlib.contextmanager
def _stop_signals_blocked() -> Iterator[None]:
    """Start the forkserver with stop signals blocked, so that it outlives a group SIGTERM.

    The attempts it forks unblock them again (see ``run_child``).
    """
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _enter(attempt: Attempt) -> None:
    """In the child: own session and stop handlers, log to ``run.log``, the runner's env."""
    with contextlib.suppress(OSError):
        os.setsid()
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    for sig in _STOP_SIGNALS:
        signal.signal(sig, _interrupt)
    log = os.open(Path(attempt.out_dir) / "run.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(log, 1)
    os.dup2(log, 2)
    threading.Thread(target=_watch_parent, args=(attempt.runner_pid,), daemon=True).start()
    if attempt.env is not None:  # forked from a forkserver started earlier: the runner's env now
        os.environ.clear()
        os.environ.update(attempt.env)
    if "numpy" in sys.modules:  # `random` reseeds itself in a fork; numpy's global state does not
        sys.modules["numpy"].random.seed()
    preloaded = sys.modules.get("analytics.runs._preload")
    if preloaded is not None:  # forked from the forkserver, which parsed the catalog earlier
        preloaded.fresh_catalog()
    # the runner set PYTHONSAFEPATH so that this process did not import from its start folder;
    # a kernel starts in the run's own work folder, which it may keep first on its path
    os.environ.pop("PYTHONSAFEPATH", None)


def _execute(attempt: Attempt) -> Done:
    out_dir = Path(attempt.out_dir)
    run: dict[str, Any] = {
        "out_dir": out_dir,
        "kernel_name": attempt.kernel,
        "cell_timeout": attempt.cell_timeout,
    }
    if attempt.execute == _RUN_REPORT:
        run.update(engine=attempt.engine, **({"inputs": attempt.inputs} if attempt.inputs else {}))
    if attempt.execute:
        outputs = _resolve(attempt.execute)(attempt.report, attempt.parameters, **run)
    else:
        from analytics.runs.execute import execute_notebook

        outputs = execute_notebook(Path(attempt.notebook), attempt.parameters, **run)
    html = getattr(outputs, "html", out_dir / "report.html")
    return Done(str(html), str(getattr(outputs, "notebook", "")))


def run_child(attempt: Attempt) -> None:
    """Body of an attempt's process: execute, then write ``result.json`` into the work folder.

    Parameters
    ----------
    attempt
        What to run, and where (``attempt.out_dir``, which exists).
    """
    _enter(attempt)
    out_dir = Path(attempt.out_dir)
    result: AttemptResult
    try:
        result = _execute(attempt)
    except BaseException as err:
        result = failure_of(err, out_dir / "report.ipynb", attempt.cell_timeout)
    finally:
        _kill_children()
    tmp = out_dir / "result.json.tmp"
    tmp.write_text(result.to_json(), encoding="utf-8")
    os.replace(tmp, out_dir / "result.json")


_CONTEXT: Any = None
_SOURCE: str | None = None


def _fork_context() -> Any:
    global _CONTEXT
    if _CONTEXT is None:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["analytics.runs._preload"])
        _CONTEXT = ctx
    return _CONTEXT


def start_forkserver(source: str | None = None) -> None:
    """Start the forkserver now, as it preloads the report code (≈ 2 s; idempotent).

    Parameters
    ----------
    source
        The package's source hash (``incremental.source_hash()``): a forkserver started under
        another one preloaded code that has changed since, and is restarted. A dead one is
        restarted too.
    """
    global _SOURCE
    from multiprocessing import forkserver, resource_tracker

    _fork_context()
    if source is not None and _SOURCE is not None and source != _SOURCE:
        forkserver._forkserver._stop()  # type: ignore[attr-defined]
    _SOURCE = source or _SOURCE
    resource_tracker.ensure_running()  # first: starting it unblocks SIGINT/SIGTERM again
    with _stop_signals_blocked():
        forkserver.ensure_running()


class _Proc:
    """An attempt's process: a fork of the forkserver, or a ``python -m`` subprocess."""

    def __init__(self, attempt: Attempt, mode: Mode) -> None:
        self.popen: subprocess.Popen[bytes] | None = None
        if mode == "fork":
            start_forkserver()
            self.proc = _fork_context().Process(target=run_child, args=(attempt,), daemon=False)
            self.proc.start()
            self.pid: int = self.proc.pid
            return
        out_dir = Path(attempt.out_dir)
        (out_dir / "attempt.json").write_text(attempt.to_json(), encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        cmd = [sys.executable, "-m", "analytics.runs.process", str(out_dir / "attempt.json")]
        self.popen = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL)
        self.pid = self.popen.pid

    def ended(self, timeout: float | None) -> bool:
        """Wait up to ``timeout`` seconds (None: until it ends); whether it has ended."""
        if self.popen is None:
            self.proc.join(timeout)
            return not self.proc.is_alive()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout)
        return self.popen.returncode is not None

    @property
    def code(self) -> int | None:
        """The exit code (negative: the signal that killed it)."""
        code: int | None = self.proc.exitcode if self.popen is None else self.popen.returncode
        return code

    def wait(self, timeout: float | None, cancel: _Flag | None) -> str:
        """Wait: ``done``, or ``timeout`` or ``cancelled`` (then its tree is killed)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                outcome = "timeout"
                break
            if cancel is not None and cancel.is_set():
                outcome = "cancelled"
                break
            step = left if cancel is None else 0.2 if left is None else min(0.2, left)
            if self.ended(step):
                return "done"
        _kill_tree(self.pid)
        self.ended(None)
        return outcome


def run_attempt(attempt: Attempt, mode: Mode, cancel: _Flag | None = None) -> AttemptResult:
    """Run one attempt in its own process; wait at most the job timeout; return the result.

    Parameters
    ----------
    attempt
        What to run.
    mode
        ``fork`` (from the forkserver; local) or ``subprocess`` (``python -m``; on Dask).
    cancel
        A flag (``threading.Event``, a Dask ``Event``) set when a stop request's grace has run
        out: the attempt's process tree is killed and the result is a ``stopped`` failure.

    Returns
    -------
    Done | Failure
        What the process wrote, or a failure for a timeout, a stop, a crash or a kill.
    """
    start = time.monotonic()
    env = dict(os.environ) if mode == "fork" else None
    attempt = replace(attempt, runner_pid=os.getpid(), env=env)
    proc = _Proc(attempt, mode)
    outcome = proc.wait(attempt.job_timeout, cancel)
    duration = time.monotonic() - start
    if outcome == "cancelled":
        return Failure("stopped", "stopped mid-run: the stop request's grace ran out", duration)
    if outcome == "timeout":
        why = f"job timeout: still running after {attempt.job_timeout:g} s, killed"
        return Failure("timeout", why, duration)
    result_file = Path(attempt.out_dir) / "result.json"
    if result_file.exists():
        return replace(load_result(result_file.read_text(encoding="utf-8")), duration=duration)
    code = proc.code
    if code is not None and code < 0:
        sig = signal.Signals(-code)
        kind: FailureKind = "stopped" if sig in _STOP_SIGNALS else "error"
        return Failure(kind, f"runner process killed by {sig.name}", duration)
    return Failure("error", f"runner process exited with code {code} before finishing", duration)


if __name__ == "__main__":  # the Dask executor's per-attempt subprocess
    run_child(Attempt.from_json(Path(sys.argv[1]).read_text(encoding="utf-8")))
