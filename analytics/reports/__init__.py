"""What a report shows (kernel side): report content, components, narrative and sources.

How runs are made (execution, rendering, publishing, schedules) lives in :mod:`analytics.runs`.
The content modules are imported on use, so ``import analytics.reports`` stays cheap in a
notebook kernel.

Examples
--------
>>> import analytics.reports
>>> analytics.reports.__all__
[]
"""

from __future__ import annotations

__all__: list[str] = []
