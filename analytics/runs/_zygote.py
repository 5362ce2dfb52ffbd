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
"""

from __future__ import annotations

import contextlib
import json
import os
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


def serve(sock_path: str, parent_pid: int, modules: Sequence[str]) -> None:
    """The zygote's main loop."""
    for name in modules:
        with contextlib.suppress(Exception):
            __import__(name)
    import ipykernel.ipkernel
    import ipykernel.kernelapp  # noqa: F401

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


# --- the runner's side -------------------------------------------------------------------------


class Zygote:
    """Start a zygote and write the ``analytics-warm`` kernelspec into ``workdir/kernels``.

    Put ``workdir`` first on ``JUPYTER_PATH`` in the processes that start kernels.
    """

    def __init__(self, workdir: Path, *, modules: Sequence[str] = DEFAULT_MODULES) -> None:
        self.workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        self.sock = workdir / "zygote.sock"
        with contextlib.suppress(FileNotFoundError):
            self.sock.unlink()
        cmd = [sys.executable, "-m", "analytics.runs._zygote", "serve", str(self.sock),
               str(os.getpid()), ",".join(modules)]  # fmt: skip
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
        serve(sys.argv[2], int(sys.argv[3]), [m for m in sys.argv[4].split(",") if m])
    elif sys.argv[1] == "shim":
        sys.exit(shim(sys.argv[2], sys.argv[3]))
