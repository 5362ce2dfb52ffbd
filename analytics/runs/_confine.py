"""A report's cells write only into its run folder; a write anywhere else refuses the report.

The process that runs the cells (the kernel, or this process for the in-process engine) calls
:func:`start` with the run folder before the first cell and :func:`stop` after the last. A Python
audit hook (:pep:`578`) then records every file opened for writing, created, removed, renamed or
linked outside that folder into ``<run folder>/.writes-outside`` — through a descriptor opened
before the hook is active, so recording never records itself. :func:`writes_outside` reads it
after the run; :func:`~analytics.runs.execute.run_report` refuses a report with any.

Allowed besides the run folder: interpreter byte-code (``__pycache__``), IPython's and Jupyter's
own folders, the workbench cache (:func:`~analytics.runs.render.cache_dir`) and ``/dev``. Writes
done by compiled code below Python (a Rust or C library opening files itself) raise no audit
event; reports write through Python.

Examples
--------
>>> import tempfile, pathlib
>>> run, elsewhere = pathlib.Path(tempfile.mkdtemp()), pathlib.Path(tempfile.mkdtemp())
>>> start(run)
>>> _ = (run / "inside.txt").write_text("ok"); _ = (elsewhere / "leak.txt").write_text("x")
>>> stop()
>>> [p.name for p in writes_outside(run)]
['leak.txt']
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["RECORD", "kernel_argument", "start", "stop", "writes_outside"]

RECORD = ".writes-outside"
"""The file, in the run folder, listing each path written outside it (one a line)."""

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_PATH_EVENTS = {
    "os.remove": (0,),
    "os.rename": (0, 1),
    "os.mkdir": (0,),
    "os.rmdir": (0,),
    "os.symlink": (1,),
    "os.link": (1,),
    "os.truncate": (0,),
    "shutil.rmtree": (0,),
    "shutil.copyfile": (1,),
    "shutil.copytree": (1,),
    "shutil.move": (1,),
    "os.chmod": (0,),
    "os.utime": (0,),
}
_STATE: dict[str, Any] = {"root": None, "fd": None, "allowed": (), "installed": False}


def _allowed_roots() -> tuple[str, ...]:
    from analytics.runs.render import cache_dir

    home = Path.home()
    roots = [
        cache_dir(),
        Path(os.environ.get("IPYTHONDIR", home / ".ipython")),
        Path(os.environ.get("JUPYTER_RUNTIME_DIR", home / ".local" / "share" / "jupyter")),
        Path(os.environ.get("MPLCONFIGDIR", home / ".config" / "matplotlib")),
        home / ".cache" / "matplotlib",
        Path("/dev"),
    ]
    return tuple(os.path.realpath(r) + os.sep for r in roots)


def _outside(path: object) -> str | None:
    if isinstance(path, int) or path is None:
        return None  # a descriptor: its opening was judged
    try:
        full = os.path.realpath(os.fsdecode(path))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    root: str = _STATE["root"]
    if full == root[:-1] or full.startswith(root) or "__pycache__" in full:
        return None
    if full.startswith(_STATE["allowed"]):
        return None
    return full


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if _STATE["root"] is None:
        return
    if event == "open":
        path, mode, flags = (*args, None, None)[:3]
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and bool(flags & _WRITE_FLAGS)
        )
        paths = (path,) if writing else ()
    elif event in _PATH_EVENTS:
        paths = tuple(args[i] for i in _PATH_EVENTS[event] if i < len(args))
    else:
        return
    for p in paths:
        full = _outside(p)
        if full is not None:
            os.write(_STATE["fd"], (full.replace("\n", "\\n") + "\n").encode("utf-8", "replace"))


def start(root: Path | str) -> None:
    """Record, from now on in this process, every write outside ``root``."""
    real = os.path.realpath(root)
    tempfile.gettempdir()  # its first call probes the folder with a file: before we watch
    flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(os.path.join(real, RECORD), flags, 0o600)
    _STATE.update(root=real + os.sep, fd=fd, allowed=_allowed_roots())
    if not _STATE["installed"]:
        sys.addaudithook(_hook)  # permanent for the process; idle while no run is confined
        _STATE["installed"] = True


def stop() -> None:
    """Stop recording (the hook stays installed, idle)."""
    fd = _STATE["fd"]
    _STATE.update(root=None, fd=None)
    if fd is not None:
        os.close(fd)


def kernel_argument(root: Path | str) -> str:
    """The kernel command-line option that starts confinement before the first cell.

    Examples
    --------
    >>> kernel_argument("/r").startswith("--IPKernelApp.exec_lines=")
    True
    """
    code = f"__import__('analytics.runs._confine', fromlist=['start']).start({str(root)!r})"
    return f"--IPKernelApp.exec_lines={code}"


def writes_outside(root: Path | str) -> list[Path]:
    """The paths written outside ``root`` by the confined run (from its record), once each."""
    record = Path(root) / RECORD
    try:
        lines = record.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    return [Path(p) for p in dict.fromkeys(line for line in lines if line)]
