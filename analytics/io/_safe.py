"""Read only what is asked, quote only a little of it, and print nothing that drives a terminal.

Every reader of an input file calls :func:`check_input` (or reads through :func:`read_input`)
before it opens the file: a symlink (to anything), a named pipe, a device, a socket or a folder is
refused as one located :class:`~analytics.exceptions.Problem` without being opened, so a link to
``/etc/passwd`` named ``x.csv`` is never read and a FIFO never blocks. Errors quote file contents
through :func:`analytics._terminal.excerpt` (short, control characters escaped), and the CLI
prints every problem through :func:`analytics._terminal.printable`.

Examples
--------
>>> import os, tempfile
>>> folder = tempfile.mkdtemp()
>>> link = os.path.join(folder, "x.csv"); os.symlink("/etc/passwd", link)
>>> print(check_input(link))  # doctest: +ELLIPSIS
/...x.csv:0:0: is a symlink (to /etc/passwd), not a regular file (copy the file itself ...)
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from analytics._terminal import excerpt
from analytics.exceptions import DataValidationError, Problem

__all__ = ["check_input", "read_input", "require_input"]

_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
_HINT = "copy the file itself into place: links, pipes and devices are not read"


def _special(mode: int) -> str:
    return (
        "a named pipe (FIFO)"
        if stat.S_ISFIFO(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "a folder"
        if stat.S_ISDIR(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a special file"
    )


def check_input(path: Path | str) -> Problem | None:
    """Refuse, without opening it, a path that is not a regular file (nor a link to one).

    The path itself is examined (``lstat``), so a symlink is refused whatever it points to and
    its target is named, never read.

    Examples
    --------
    >>> import os, tempfile
    >>> fifo = os.path.join(tempfile.mkdtemp(), "x.csv"); os.mkfifo(fifo)
    >>> print(check_input(fifo))  # doctest: +ELLIPSIS
    /...x.csv:0:0: a named pipe (FIFO), not a regular file (copy the file itself ...)
    """
    path = Path(path)
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return Problem(path, 0, 0, "no such file", "check the path")
    except OSError as err:
        return Problem(path, 0, 0, f"cannot read: {err.strerror}", "check the path and rights")
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        try:
            target = excerpt(os.readlink(path), limit=240)
        except OSError:
            target = "?"
        return Problem(path, 0, 0, f"is a symlink (to {target}), not a regular file", _HINT)
    return Problem(path, 0, 0, f"{_special(mode)}, not a regular file", _HINT)


def require_input(path: Path | str) -> None:
    """:func:`check_input`, raising :class:`~analytics.exceptions.DataValidationError`.

    For readers that hand the path to a library (polars, calamine) right after.

    Examples
    --------
    >>> require_input("no/such.csv")
    Traceback (most recent call last):
    ...
    analytics.exceptions.DataValidationError: no/such.csv:0:0: no such file (check the path)
    """
    problem = check_input(path)
    if problem is not None:
        raise DataValidationError([problem])


def read_input(path: Path | str) -> bytes | Problem:
    r"""The bytes of a regular file, or the :class:`Problem` that refused it before opening.

    The open itself refuses to follow a link or wait on a pipe (``O_NOFOLLOW | O_NONBLOCK``), so a
    file swapped for a link between the check and the read is refused too.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.csv"; _ = p.write_bytes(b"x,y\n")
    >>> read_input(p)
    b'x,y\n'
    """
    problem = check_input(path)
    if problem is not None:
        return problem
    try:
        fd = os.open(path, _FLAGS)
    except OSError as err:  # ELOOP: it became a link since the check
        return Problem(Path(path), 0, 0, f"cannot read: {err.strerror}", _HINT)
    with os.fdopen(fd, "rb") as fh:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            return Problem(Path(path), 0, 0, f"{_special(mode)}, not a regular file", _HINT)
        return fh.read()
