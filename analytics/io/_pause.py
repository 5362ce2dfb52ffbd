"""Named pause points for fault tests: ``ANALYTICS_ADD_PAUSE=<point>`` sleeps there.

The kill tests of ``data add`` and ``data build`` start the command with the variable set, wait
for ``paused at <point>`` on stderr, and send their signal at that exact moment; ``<point>#2``
pauses at its second passage (``data add --yes`` builds twice: the plan's check, then the stage
it commits). Unset (always, outside tests), a pause point costs one dictionary lookup.
"""

from __future__ import annotations

import os
import sys
import time

__all__ = ["pause_point"]

_PASSED: dict[str, int] = {}


def pause_point(point: str) -> None:
    """Sleep at ``point`` when ``ANALYTICS_ADD_PAUSE`` names it (``…_SECONDS``, default 30).

    Examples
    --------
    >>> pause_point("nowhere")  # not the named point: returns at once
    """
    wanted = os.environ.get("ANALYTICS_ADD_PAUSE")
    if wanted is None or wanted.split("#")[0] != point:
        return
    _PASSED[point] = _PASSED.get(point, 0) + 1
    if wanted == point or wanted == f"{point}#{_PASSED[point]}":
        print(f"paused at {wanted}", file=sys.stderr, flush=True)
        time.sleep(float(os.environ.get("ANALYTICS_ADD_PAUSE_SECONDS", "30")))
