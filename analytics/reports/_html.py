"""The Jinja environment every report's HTML comes from (autoescaped: text is never markup).

Examples
--------
>>> html = render("section.html.j2", heading="<b>", table=None, chart=None, sentences=["a & b"])
>>> html.splitlines()[0]
'<section class="an-section"><h2>&lt;b&gt;</h2>'
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

__all__ = ["Markup", "environment", "render"]


@cache
def environment() -> jinja2.Environment:
    """The environment over ``analytics/reports/templates/html`` with autoescape on."""
    folder = Path(__file__).resolve().parent / "templates" / "html"
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
    )


def render(template: str, **fields: Any) -> str:
    """Render ``template`` with ``fields``; wrap trusted HTML pieces in :class:`Markup`."""
    return environment().get_template(template).render(**fields)
