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
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import psutil

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


def run_child(attempt: Attempt) -> None:
    """Body of an attempt's process: execute, then write ``result.json`` into the work folder."""
    with contextlib.suppress(OSError):
        os.setsid()
    out_dir = Path(attempt.out_dir)
    log = os.open(out_dir / "run.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(log, 1)
    os.dup2(log, 2)
    threading.Thread(target=_watch_parent, args=(attempt.runner_pid,), daemon=True).start()
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
    except BaseException as err:
        result = AttemptResult(False, error=describe_error(err))
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
    from multiprocessing import forkserver

    _fork_context()
    forkserver.ensure_running()


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


def run_attempt(attempt: Attempt, mode: Mode) -> AttemptResult:
    """Run one attempt in its own process; wait at most the job timeout; return the result."""
    out_dir = Path(attempt.out_dir)
    timeout = attempt.job_timeout
    start = time.monotonic()
    attempt = replace(attempt, runner_pid=os.getpid())
    forked = _from_zygote(attempt, timeout) if mode == "fork" and attempt.zygote else None
    if forked is not None:
        code, timed_out = forked
    elif mode == "fork":
        proc = _fork_context().Process(target=run_child, args=(attempt,), daemon=False)
        proc.start()
        proc.join(timeout)
        timed_out = proc.is_alive()
        if timed_out:
            _kill_tree(proc.pid)
            proc.join()
        code = proc.exitcode
    else:
        (out_dir / "attempt.json").write_text(attempt.to_json(), encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        cmd = [sys.executable, "-m", "analytics.runs.process", str(out_dir / "attempt.json")]
        popen = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL)
        try:
            code = popen.wait(timeout)
            timed_out = False
        except subprocess.TimeoutExpired:
            timed_out = True
            _kill_tree(popen.pid)
            code = popen.wait()
    duration = time.monotonic() - start
    result_file = out_dir / "result.json"
    if timed_out:
        return AttemptResult(False, error=f"job timeout: still running after {timeout:g} s, killed")
    if result_file.exists():
        done = AttemptResult.from_json(result_file.read_text(encoding="utf-8"))
        return replace(done, duration=duration)
    if code is not None and code < 0:
        cause = f"runner process killed by {signal.Signals(-code).name}"
    else:
        cause = f"runner process exited with code {code} before finishing"
    return AttemptResult(False, error=cause, duration=duration)


if __name__ == "__main__":  # the Dask executor's per-attempt subprocess
    run_child(Attempt.from_json(Path(sys.argv[1]).read_text(encoding="utf-8")))
