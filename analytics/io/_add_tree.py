"""File-tree steps of a ``data add``: mirror a folder, write a new file, run as another home.

Examples
--------
>>> import tempfile
>>> src, dest = Path(tempfile.mkdtemp()), Path(tempfile.mkdtemp()) / "copy"
>>> _ = (src / "a.csv").write_text("x")
>>> mirror(src, dest)
>>> (dest / "a.csv").read_text()
'x'
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

from analytics.io.nbs import nbs_file_rules

__all__ = ["as_home", "mirror", "write_new"]


def mirror(src: Path, dest: Path) -> None:
    """Make ``dest`` hold what ``src`` holds; regular files hard-linked (else copied).

    Links and named pipes are re-created as such, so the staged build meets what the real one
    would meet (and refuses it the same way).
    """
    if not src.is_dir():
        return
    for folder, dirs, files in os.walk(src):
        here = Path(folder)
        out = dest / here.relative_to(src)
        out.mkdir(parents=True, exist_ok=True)
        for name in [*files, *(d for d in dirs if (here / d).is_symlink())]:
            path, target = here / name, out / name
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                target.symlink_to(os.path.join(here, os.readlink(path)))
            elif stat.S_ISFIFO(mode):
                os.mkfifo(target)
            elif stat.S_ISREG(mode):
                try:
                    os.link(path, target)
                except OSError:
                    shutil.copy2(path, target)


def write_new(dest: Path, content: bytes) -> None:
    """Write ``dest`` as a new file (never through a hard link to the project's copy)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.unlink(missing_ok=True)
    with dest.open("xb") as fh:
        fh.write(content)
        fh.flush()
        os.fsync(fh.fileno())
    dest.chmod(0o644)


@contextlib.contextmanager
def as_home(root: Path) -> Iterator[None]:
    """The stage as the project (``ANALYTICS_HOME``) while the staged build runs."""
    was = os.environ.get("ANALYTICS_HOME")
    os.environ["ANALYTICS_HOME"] = str(root)
    nbs_file_rules.cache_clear()
    try:
        yield
    finally:
        if was is None:
            del os.environ["ANALYTICS_HOME"]
        else:
            os.environ["ANALYTICS_HOME"] = was
        nbs_file_rules.cache_clear()
