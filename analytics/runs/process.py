"""One run attempt in a process of its own: the child's body, the timeout, the kill.

Locally, attempts are forked from a ``forkserver`` that has already imported papermill, nbconvert
and the Jupyter client (a script that calls the runner needs the usual ``if __name__ ==
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
from pathlib import Path
from typing import Any, Literal

import psutil

from analytics.runs.execute import describe_error, execute_notebook

Mode = Literal["fork", "subprocess"]
_RUN_REPORT = "analytics.runs.execute:run_report"


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


def _child(payload: dict[str, Any]) -> None:
    """Body of an attempt's process: execute, then write ``result.json`` into the work folder."""
    with contextlib.suppress(OSError):
        os.setsid()
    out_dir = Path(payload["out_dir"])
    log = os.open(out_dir / "run.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(log, 1)
    os.dup2(log, 2)
    threading.Thread(target=_watch_parent, args=(payload["runner_pid"],), daemon=True).start()
    if payload.get("jupyter_path"):  # warm kernels (see _zygote)
        rest = os.environ.get("JUPYTER_PATH")
        os.environ["JUPYTER_PATH"] = os.pathsep.join(
            p for p in (payload["jupyter_path"], rest) if p
        )
    result: dict[str, Any]
    try:
        params = payload["parameters"]
        if payload["execute"]:
            extra = {}
            if payload["execute"] == _RUN_REPORT and payload.get("inputs"):
                extra["inputs"] = payload["inputs"]
            outputs = _resolve(payload["execute"])(
                payload["report"],
                params,
                out_dir=out_dir,
                kernel_name=payload["kernel"],
                cell_timeout=payload["cell_timeout"],
                **extra,
            )
        else:
            outputs = execute_notebook(
                Path(payload["notebook"]),
                params,
                out_dir=out_dir,
                kernel_name=payload["kernel"],
                cell_timeout=payload["cell_timeout"],
            )
        html = getattr(outputs, "html", out_dir / "report.html")
        result = {"ok": True, "html": str(html), "notebook": str(getattr(outputs, "notebook", ""))}
    except BaseException as err:
        result = {"ok": False, "error": describe_error(err)}
    finally:
        for proc in psutil.Process().children(recursive=True):
            with contextlib.suppress(psutil.NoSuchProcess):
                proc.kill()
    tmp = out_dir / "result.json.tmp"
    tmp.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
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


def run_attempt(payload: dict[str, Any], mode: Mode) -> dict[str, Any]:
    """Run one attempt in its own process; wait at most the job timeout; return the result."""
    out_dir = Path(payload["out_dir"])
    timeout = payload["job_timeout"]
    start = time.monotonic()
    payload = {**payload, "runner_pid": os.getpid()}
    if mode == "fork":
        proc = _fork_context().Process(target=_child, args=(payload,), daemon=False)
        proc.start()
        proc.join(timeout)
        timed_out = proc.is_alive()
        if timed_out:
            _kill_tree(proc.pid)
            proc.join()
        code = proc.exitcode
    else:
        (out_dir / "payload.json").write_text(json.dumps(payload), encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        cmd = [sys.executable, "-m", "analytics.runs.process", str(out_dir / "payload.json")]
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
        return {"ok": False, "error": f"job timeout: still running after {timeout:g} s, killed"}
    if result_file.exists():
        result: dict[str, Any] = json.loads(result_file.read_text(encoding="utf-8"))
        return {**result, "duration": duration}
    if code is not None and code < 0:
        cause = f"runner process killed by {signal.Signals(-code).name}"
    else:
        cause = f"runner process exited with code {code} before finishing"
    return {"ok": False, "error": cause, "duration": duration}


if __name__ == "__main__":  # the Dask executor's per-attempt subprocess
    _child(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")))
