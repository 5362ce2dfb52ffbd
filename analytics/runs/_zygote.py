"""Warm kernels: Jupyter kernels forked from a process that has already imported the report code.

A report run spends most of its time starting a kernel and importing polars, altair, statsmodels
and the package inside it. The *zygote* imports them once; each kernel is then a ``fork`` of it.

Pieces:

* the zygote (``python -m analytics.runs._zygote serve SOCKET PARENT_PID MODULES``) imports the
  modules and ipykernel, then forks a kernel for every request on a Unix socket;
* a kernelspec ``analytics-warm`` whose command is a tiny *shim*
  (``python -m analytics.runs._zygote shim SOCKET {connection_file}``): jupyter_client starts
  and signals the shim as if it were the kernel; the shim sends its environment, working folder
  and stdout/stderr to the zygote, forwards SIGINT/SIGTERM to the forked kernel and exits with the
  kernel's exit status. The kernel exits when the shim disappears (killed with its run), and
  the zygote exits when the runner that started it does.

The zygote is used only while it is single-threaded apart from threads that hold no Python
state (a polars or jemalloc helper thread), and it reseeds ``random`` and numpy in every kernel.
It imports, and renders an empty page, but never runs a polars query: polars' thread pool, once
started, does not survive a fork.

*Run mode* (``Zygote(..., runs=True)``, the batch's default for registry reports): the zygote
imports the report code, ipykernel's in-process kernel, papermill and nbconvert and renders an
empty page (:func:`analytics.runs.render.warm_up`); each *attempt* is then a fork of it that runs
the whole attempt — cells in the in-process kernel (:mod:`analytics.runs.inprocess`), HTML,
chart data, manifest — and exits (:func:`fork_run`). A fresh fork per run: nothing one run
does to module state reaches the next.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import pkgutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

KERNEL_NAME = "analytics-warm"
DEFAULT_MODULES = ("analytics.reports.content", "analytics.reports.components")
RUN_MODULES = (
    "analytics.runs.process",
    "analytics.runs.execute",
    "analytics.runs.inprocess",
    "analytics.runs.schedule",
    "ipykernel.inprocess.ipkernel",
    "ipykernel.inprocess.manager",
    "ipykernel.inprocess.blocking",
    "ipykernel.debugger",  # a kernel's start imports debugpy (≈ 0.1 s)
    "IPython.core.completerlib",
    "narwhals._polars.namespace",  # altair reads polars frames through narwhals
    *(f"analytics.{p}.*" for p in ("catalog", "io", "stats", "index", "charts", "reports")),
)
"""What run mode imports: ``name.*`` is a package with all its modules (the report code reaches
most of analytics.stats lazily, and a lazy import in each forked run would cost each run). Found
by diffing ``sys.modules`` before and after a run in a fork (see docs/performance.md)."""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _watch(pid: int) -> None:
    """Exit this process as soon as ``pid`` is gone."""

    def loop() -> None:
        while _alive(pid):
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=loop, daemon=True).start()


def _recv_line(conn: socket.socket) -> bytes:
    buf = b""
    while not buf.endswith(b"\n"):
        chunk = conn.recv(65536)
        if not chunk:
            break
        buf += chunk
    return buf


# --- the zygote --------------------------------------------------------------------------------


_START_CWD = os.getcwd()


def _kernel(
    srv: socket.socket, conn: socket.socket, request: dict[str, Any], fds: list[int]
) -> None:
    """In the forked child: become the kernel described by ``request``."""
    srv.close()
    os.setsid()
    os.dup2(fds[0], 1)
    os.dup2(fds[1], 2)
    for fd in fds:
        os.close(fd)
    conn.close()
    os.chdir(request["cwd"])
    if sys.path and sys.path[0] == _START_CWD:  # as if started in the kernel's folder
        sys.path[0] = request["cwd"]
    elif not request["env"].get("PYTHONSAFEPATH"):  # the zygote started with a safe path
        sys.path.insert(0, request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    import random

    random.seed()
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed()
    _watch(int(request["shim_pid"]))
    from ipykernel.kernelapp import IPKernelApp

    sys.argv = ["ipykernel_launcher", "-f", request["connection_file"]]
    code = 0
    try:
        app = IPKernelApp.instance()
        from analytics.runs.execute import KERNEL_QUIET

        argv = ["-f", request["connection_file"], *KERNEL_QUIET]
        if os.environ.get("JPY_PARENT_PID"):  # read at import time in the zygote: pass it on
            argv.append(f"--IPKernelApp.parent_handle={os.environ['JPY_PARENT_PID']}")
        app.initialize(argv)
        app.start()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 0
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _attempt(srv: socket.socket, conn: socket.socket, request: dict[str, Any]) -> None:
    """In the forked child: run the attempt described by ``request`` (run mode), then exit."""
    srv.close()
    conn.close()
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    import random

    random.seed()
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed()
    code = 0
    try:
        from analytics.runs.process import Attempt, run_child

        _fresh_catalog()
        run_child(Attempt.from_json(request["attempt"]))
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _serve_one(srv: socket.socket, conn: socket.socket) -> None:
    msg, fds, _, _ = socket.recv_fds(conn, 1 << 20, 2)
    while not msg.endswith(b"\n"):
        more = conn.recv(1 << 20)
        if not more:
            return
        msg += more
    request = json.loads(msg)
    pid = os.fork()
    if pid == 0:
        if "attempt" in request:
            _attempt(srv, conn, request)
        _kernel(srv, conn, request, list(fds))
    for fd in fds:
        os.close(fd)
    conn.sendall(f"pid {pid}\n".encode())

    def reap() -> None:
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        with contextlib.suppress(OSError):
            conn.sendall(f"exit {code}\n".encode())
        conn.close()

    threading.Thread(target=reap, daemon=True).start()


def _import(name: str) -> None:
    """Import ``name``, or with ``name.*`` a package and all its modules (failures ignored)."""
    package = name.removesuffix(".*")
    with contextlib.suppress(Exception):
        module = importlib.import_module(package)
        if name.endswith(".*"):
            for info in pkgutil.walk_packages(module.__path__, f"{package}."):
                with contextlib.suppress(Exception):
                    importlib.import_module(info.name)


def _catalog_stamp() -> tuple[tuple[str, int, int], ...]:
    """Name, mtime and size of the indicator catalog's files (what ``indicators()`` reads)."""
    from analytics.config import catalog_dir

    files = sorted(catalog_dir().glob("indicators*.yaml"))
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)


_WARM_CATALOG: tuple[tuple[str, int, int], ...] = ()


def _warm_runs() -> None:
    """Do once what every run does first: render an empty page; parse the indicator catalog.

    nbconvert compiles its templates and CSS selectors on first use (≈ 0.6 s); the catalog's
    YAML takes ≈ 0.2 s. No polars query: polars' thread pool must not start in a process that
    forks.
    """
    global _WARM_CATALOG
    from analytics.catalog import indicators
    from analytics.runs.render import warm_up

    warm_up()
    with contextlib.suppress(Exception):  # a broken catalog fails in the run, with its message
        _WARM_CATALOG = _catalog_stamp()
        indicators()


def _fresh_catalog() -> None:
    """In a forked run: forget the warmed catalog if its files changed since (or moved)."""
    if _WARM_CATALOG and _catalog_stamp() != _WARM_CATALOG:
        from analytics.catalog import _indicators

        _indicators._load.cache_clear()


def serve(sock_path: str, parent_pid: int, modules: Sequence[str], *, runs: bool = False) -> None:
    """The zygote's main loop."""
    # ipykernel.debugger imports debugpy, which warns about frozen modules on stderr
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    for name in modules:
        _import(name)
    import ipykernel.ipkernel
    import ipykernel.kernelapp  # noqa: F401

    if runs:
        _warm_runs()

    _watch(parent_pid)
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(sock_path)
    srv.listen(64)
    print("ready", flush=True)
    while True:
        conn, _ = srv.accept()
        try:
            _serve_one(srv, conn)
        except Exception as err:  # a bad request must not end the zygote
            print(f"zygote: {err!r}", file=sys.stderr, flush=True)
            conn.close()


# --- the shim (what jupyter_client thinks is the kernel) ---------------------------------------


def shim(sock_path: str, connection_file: str) -> int:
    """Ask the zygote for a kernel, relay signals to it, exit with its status."""
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.connect(sock_path)
    request = {
        "connection_file": os.path.abspath(connection_file),
        "cwd": os.getcwd(),
        "env": dict(os.environ),
        "shim_pid": os.getpid(),
    }
    socket.send_fds(conn, [json.dumps(request).encode() + b"\n"], [1, 2])
    reply = _recv_line(conn).decode().split()
    if len(reply) != 2 or reply[0] != "pid":
        return 1
    kernel = int(reply[1])

    def relay(signum: int, frame: object) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(kernel, signum)

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(sig, relay)
    reply = _recv_line(conn).decode().split()
    return int(reply[1]) if len(reply) == 2 and reply[0] == "exit" else 1


def fork_run(sock: Path, attempt: str, timeout: float | None) -> tuple[int, int | None]:
    """Have the run-mode zygote at ``sock`` fork a process that runs ``attempt``.

    ``attempt`` is the JSON of a ``process.Attempt``. Returns the process's pid and exit
    status, or None for the status when it still runs after ``timeout`` seconds (the caller
    kills it). Raises OSError when the zygote is gone.
    """
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    with conn:
        conn.connect(str(sock))
        request = {"attempt": attempt, "cwd": os.getcwd(), "env": dict(os.environ)}
        conn.sendall(json.dumps(request).encode() + b"\n")
        reply = _recv_line(conn).decode().split()
        if len(reply) != 2 or reply[0] != "pid":
            raise ConnectionError(f"the zygote did not fork a run ({reply!r})")
        pid = int(reply[1])
        conn.settimeout(timeout)
        try:
            done = _recv_line(conn).decode().split()
        except TimeoutError:
            return pid, None
    return pid, int(done[1]) if len(done) == 2 and done[0] == "exit" else 1


# --- the runner's side -------------------------------------------------------------------------


class Zygote:
    """Start a zygote and write the ``analytics-warm`` kernelspec into ``workdir/kernels``.

    Put ``workdir`` first on ``JUPYTER_PATH`` in the processes that start kernels.
    """

    def __init__(
        self, workdir: Path, *, modules: Sequence[str] = DEFAULT_MODULES, runs: bool = False
    ) -> None:
        self.workdir = workdir
        self.runs = runs
        workdir.mkdir(parents=True, exist_ok=True)
        self.sock = workdir / "zygote.sock"
        with contextlib.suppress(FileNotFoundError):
            self.sock.unlink()
        cmd = [sys.executable, "-m", "analytics.runs._zygote", "serve", str(self.sock),
               str(os.getpid()), ",".join(modules), "runs" if runs else "kernels"]  # fmt: skip
        self.proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True, start_new_session=True
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()
        self.proc.stdout.close()
        if line != "ready":
            self.close()
            raise RuntimeError(f"the kernel zygote did not start ({line!r})")
        spec = workdir / "kernels" / KERNEL_NAME
        spec.mkdir(parents=True, exist_ok=True)
        # the shim runs this file as a script, isolated and without site: it starts in ~20 ms
        argv = [sys.executable, "-I", "-S", str(Path(__file__).resolve()), "shim", str(self.sock),
                "{connection_file}"]  # fmt: skip
        kernel = {"argv": argv, "display_name": "Python (analytics, warm)", "language": "python",
                  "metadata": {"debugger": False}}  # fmt: skip
        (spec / "kernel.json").write_text(json.dumps(kernel, indent=1), encoding="utf-8")

    def close(self) -> None:
        """Stop the zygote (kernels it forked end with their runs)."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        modules = [m for m in sys.argv[4].split(",") if m]
        serve(sys.argv[2], int(sys.argv[3]), modules, runs=sys.argv[5:6] == ["runs"])
    elif sys.argv[1] == "shim":
        sys.exit(shim(sys.argv[2], sys.argv[3]))
