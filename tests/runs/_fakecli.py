"""The ``analytics`` CLI with tiny fake reports, for fault tests that need a real process tree.

Usage: ``python _fakecli.py EXECUTE ARG...`` with ``ANALYTICS_HOME`` set to a project made by
``_schedhelp.make_project``: the reports ``fiveg`` and ``industry`` are served by that project's
tiny notebooks and by ``EXECUTE`` (e.g. ``_schedhelp:paced_execute``) instead of a kernel.
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

if __name__ == "__main__":
    from _schedhelp import Spec

    from analytics.cli import main
    from analytics.runs import scheduler

    root = Path(os.environ["ANALYTICS_HOME"])
    specs = {
        name: Spec(name, root / "notebooks" / f"{name}.ipynb", ("data/a.csv",))
        for name in ("fiveg", "industry")
    }
    scheduler.run_due = functools.partial(  # type: ignore[assignment]
        scheduler.run_due, reports=specs, execute=sys.argv[1]
    )
    sys.exit(main(sys.argv[2:]))
