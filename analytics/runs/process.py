"""One run attempt in a process of its own: the child's body, the timeout, the kill.

Locally, attempts are forked from a warm *zygote* in run mode when the attempt names one
(``Attempt.zygote``; it has imported the report code and rendered a page, see
:mod:`analytics.runs._zygote`), else from a ``forkserver`` that has already imported papermill,
nbconvert and the Jupyter client (a script that calls the runner needs the usual ``if __name__ ==
"__main__":`` guard). On Dask, each task starts ``python -m analytics.runs.process`` instead,
because worker processes are daemons and must not have multiprocessing children.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import psutil

from analytics.runs._failures import describe_timeout, find_timeout, is_permanent
from analytics.runs.execute import describe_error, execute_notebook

__all__ = ["Attempt", "AttemptResult", "run_attempt", "run_child", "start_forkserver"]

Mode = Literal["fork", "subprocess"]
_RUN_REPORT = "analytics.runs.execute:run_report"


@dataclass(frozen=True)
class Attempt:
    """One attempt of a run, as handed to its process (pickled, or as JSON for Dask)."""

    report: str
    notebook: str
    parameters: dict[str, Any]
    out_dir: str
    execute: str | None
    """``module:function`` that runs the report (None: the plain notebook executor)."""
    kernel: str
    jupyter_path: str | None = None
    """Put first on JUPYTER_PATH in the attempt (warm kernels' kernelspec)."""
    cell_timeout: float | None = None
    job_timeout: float | None = None
    inputs: dict[str, str] = field(default_factory=dict)
    """The input hashes the runner took (recorded in the manifest, not hashed again)."""
    runner_pid: int = 0
    engine: str = "kernel"
    """How ``run_report`` runs the cells (``analytics.runs.execute.Engine``)."""
    zygote: str | None = None
    """The socket of a run-mode zygote to fork the attempt from (None: the forkserver)."""

    def to_json(self) -> str:
        """The attempt as JSON (for ``python -m analytics.runs.process FILE``).

        Examples
        --------
        >>> a = Attempt("fiveg", "f.ipynb", {"lang": "zh"}, "/tmp/w", None, "python3")
        >>> Attempt.from_json(a.to_json()) == a
        True
        """
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Attempt:
        """The attempt :meth:`to_json` wrote."""
        return cls(**json.loads(text))


@dataclass(frozen=True)
class AttemptResult:
    """What an attempt's process reports back: the files it wrote, or a one-line cause."""

    ok: bool
    html: str = ""
    notebook: str = ""
    error: str = ""
    duration: float = 0.0
    interrupted: bool = False
    """Stopped by a signal or a stop request, not by the report: retryable at the next run."""
    permanent: bool = False
    """Retrying cannot help (the HTML check refused the report, bad parameters)."""

    def to_json(self) -> str:
        """The result as JSON (``result.json`` in the attempt's work folder)."""
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> AttemptResult:
        """The result :meth:`to_json` wrote.

        Examples
        --------
        >>> AttemptResult.from_json(AttemptResult(False, error="kernel died").to_json()).error
        'kernel died'
        """
        return cls(**json.loads(text))


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


def _watch_parent(pid: int) -> None:
    """In the child: exit (with the kernel) as soon as the runner that started us is gone."""
    while True:
        time.sleep(0.5)
        if not psutil.pid_exists(pid):
            for child in psutil.Process().children(recursive=True):
                with contextlib.suppress(psutil.NoSuchProcess):
                    child.kill()
            os._exit(3)


_STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT, signal.SIGHUP}


class _Interrupted(BaseException):
    """SIGTERM, SIGINT or SIGHUP reached the attempt's process."""


def _interrupt(signum: int, frame: object) -> None:
    raise _Interrupted(signal.Signals(signum).name)


@contextlib.contextmanager
def _stop_signals_blocked() -> Iterator[None]:
    """Start helpers (the forkserver) with stop signals blocked, so they outlive a group SIGTERM.

    The attempts they fork unblock them again (see ``run_child``).
    """
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def run_child(attempt: Attempt) -> None:
    """Body of an attempt's process: execute, then write ``result.json`` into the work folder."""
    with contextlib.suppress(OSError):
        os.setsid()
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    for sig in _STOP_SIGNALS:
        signal.signal(sig, _interrupt)
    out_dir = Path(attempt.out_dir)
    log = os.open(out_dir / "run.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(log, 1)
    os.dup2(log, 2)
    threading.Thread(target=_watch_parent, args=(attempt.runner_pid,), daemon=True).start()
    # the runner set PYTHONSAFEPATH so that this process did not import from its start folder;
    # the kernel starts in the run's own work folder, which it may keep first on its path
    os.environ.pop("PYTHONSAFEPATH", None)
    if attempt.jupyter_path:  # warm kernels (see _zygote)
        rest = os.environ.get("JUPYTER_PATH")
        os.environ["JUPYTER_PATH"] = os.pathsep.join(p for p in (attempt.jupyter_path, rest) if p)
    result: AttemptResult
    try:
        run: dict[str, Any] = {
            "out_dir": out_dir, "kernel_name": attempt.kernel, "cell_timeout": attempt.cell_timeout
        }  # fmt: skip
        if attempt.execute:
            if attempt.execute == _RUN_REPORT and attempt.inputs:
                run["inputs"] = attempt.inputs
            if attempt.execute == _RUN_REPORT and attempt.engine != "kernel":
                run["engine"] = attempt.engine
            outputs = _resolve(attempt.execute)(attempt.report, attempt.parameters, **run)
        else:
            outputs = execute_notebook(Path(attempt.notebook), attempt.parameters, **run)
        html = getattr(outputs, "html", out_dir / "report.html")
        result = AttemptResult(True, str(html), str(getattr(outputs, "notebook", "")))
    except _Interrupted as sig:
        result = AttemptResult(False, error=f"interrupted by {sig}", interrupted=True)
    except BaseException as err:
        cause = describe_error(err)
        if find_timeout(err) is not None:
            cause = describe_timeout(err, out_dir / "report.ipynb", attempt.cell_timeout)
        result = AttemptResult(False, error=cause, permanent=is_permanent(err))
    finally:
        for proc in psutil.Process().children(recursive=True):
            with contextlib.suppress(psutil.NoSuchProcess):
                proc.kill()
    tmp = out_dir / "result.json.tmp"
    tmp.write_text(result.to_json(), encoding="utf-8")
    os.replace(tmp, out_dir / "result.json")


_CONTEXT: Any = None


def _fork_context() -> Any:
    global _CONTEXT
    if _CONTEXT is None:
        ctx = multiprocessing.get_context("forkserver")
        # imports only (no work at import time): each forked attempt starts with papermill,
        # nbconvert and the Jupyter client loaded; the report code is the kernel's business
        ctx.set_forkserver_preload(
            [
                "analytics.runs.process",
                "analytics.runs.execute",
                "analytics.runs.render",
                "jupyter_client.manager",
                "nbclient",
                "nbconvert",
                "papermill",
            ]
        )
        _CONTEXT = ctx
    return _CONTEXT


def start_forkserver() -> None:
    """Start the forkserver now (it imports the report code), e.g. while other things start."""
    from multiprocessing import forkserver, resource_tracker

    _fork_context()
    resource_tracker.ensure_running()  # first: starting it unblocks SIGINT/SIGTERM again
    with _stop_signals_blocked():
        forkserver.ensure_running()


def _wait(proc: Any, timeout: float | None, cancel: threading.Event | None) -> str:
    """Wait for an attempt's process: ``done``, ``timeout`` or ``cancelled`` (then killed)."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        left = None if deadline is None else deadline - time.monotonic()
        if left is not None and left <= 0:
            outcome = "timeout"
            break
        if cancel is not None and cancel.is_set():
            outcome = "cancelled"
            break
        step = 0.2 if cancel is not None else left  # None: until it ends
        if step is not None and left is not None:
            step = min(step, left)
        if proc.poll_wait(step):
            return "done"
    _kill_tree(proc.pid)
    proc.poll_wait(None)
    return outcome


class _Forked:
    def __init__(self, proc: Any) -> None:
        self.proc, self.pid = proc, proc.pid

    def poll_wait(self, timeout: float | None) -> bool:
        self.proc.join(timeout)
        return not self.proc.is_alive()

    @property
    def code(self) -> int | None:
        code: int | None = self.proc.exitcode
        return code


class _Spawned:
    def __init__(self, proc: subprocess.Popen[bytes]) -> None:
        self.proc, self.pid = proc, proc.pid

    def poll_wait(self, timeout: float | None) -> bool:
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return False
        return True

    @property
    def code(self) -> int | None:
        return self.proc.returncode


def _from_zygote(attempt: Attempt, timeout: float | None) -> tuple[int | None, bool] | None:
    """Run the attempt in a fork of its zygote: (exit code, timed out).

    None when the zygote is gone (the caller falls back to the forkserver).
    """
    from analytics.runs._zygote import fork_run

    try:
        pid, code = fork_run(Path(str(attempt.zygote)), attempt.to_json(), timeout)
    except OSError:
        return None
    if code is None:
        _kill_tree(pid)
    return code, code is None


def run_attempt(
    attempt: Attempt, mode: Mode, cancel: threading.Event | None = None
) -> AttemptResult:
    """Run one attempt in its own process; wait at most the job timeout; return the result.

    ``cancel`` (set by a stop request) kills the attempt's process tree and returns an
    ``interrupted`` result.
    """
    out_dir = Path(attempt.out_dir)
    timeout = attempt.job_timeout
    start = time.monotonic()
    attempt = replace(attempt, runner_pid=os.getpid())
    waiter: _Forked | _Spawned | None = None
    forked = _from_zygote(attempt, timeout) if mode == "fork" and attempt.zygote else None
    if forked is not None:
        code, timed_out = forked
    elif mode == "fork":
        start_forkserver()  # with stop signals blocked (idempotent; restarts a dead one)
        proc = _fork_context().Process(target=run_child, args=(attempt,), daemon=False)
        proc.start()
        waiter = _Forked(proc)
    else:
        (out_dir / "attempt.json").write_text(attempt.to_json(), encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        cmd = [sys.executable, "-m", "analytics.runs.process", str(out_dir / "attempt.json")]
        popen = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL)
        waiter = _Spawned(popen)
    outcome = "timeout" if forked is not None and timed_out else "done"
    if waiter is not None:  # the zygote's fork_run waited itself (the job timeout only)
        outcome = _wait(waiter, timeout, cancel)
        code, timed_out = waiter.code, outcome == "timeout"
    if outcome == "cancelled":
        why = "stopped mid-run: the stop request's grace ran out"
        return AttemptResult(False, error=why, duration=time.monotonic() - start, interrupted=True)
    duration = time.monotonic() - start
    result_file = out_dir / "result.json"
    if timed_out:
        return AttemptResult(False, error=f"job timeout: still running after {timeout:g} s, killed")
    if result_file.exists():
        done = AttemptResult.from_json(result_file.read_text(encoding="utf-8"))
        return replace(done, duration=duration)
    if code is not None and code < 0:
        sig = signal.Signals(-code)
        cause = f"runner process killed by {sig.name}"
        if sig in _STOP_SIGNALS:
            return AttemptResult(False, error=cause, duration=duration, interrupted=True)
    else:
        cause = f"runner process exited with code {code} before finishing"
    return AttemptResult(False, error=cause, duration=duration)


if __name__ == "__main__":  # the Dask executor's per-attempt subprocess
    run_child(Attempt.from_json(Path(sys.argv[1]).read_text(encoding="utf-8")))
