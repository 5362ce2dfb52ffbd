"""Every chart of every report for a few regions, zh and en, on one offline page (review by eye).

``make gallery`` (``python -m analytics.reports.gallery``) writes ``reports/gallery.html``: for
Tianjin, Guangdong and Tibet (a rich, a large and a sparse record) each report's charts in both
languages, each with the sentences it is drawn for, so a reviewer sees at a glance whether a
chart says what its numbers say.
"""

from __future__ import annotations

import argparse
import html
from collections.abc import Sequence
from pathlib import Path

from analytics.config import DEFAULT_REGION, reports_dir

__all__ = ["GALLERY_REGIONS", "GALLERY_REPORTS", "write_gallery"]

GALLERY_REGIONS: tuple[str, ...] = (DEFAULT_REGION, "440000", "540000")


GALLERY_REPORTS: tuple[str, ...] = ("industry", "fiveg", "digital_economy")


def _panel(region: str, lang: str) -> list[str]:
    from analytics.reports.components import chart_html
    from analytics.reports.pages import page, sections
    from analytics.reports.section import Header

    parts = []
    for name in GALLERY_REPORTS:
        shown = page(name, region=region, lang=lang)
        title = next(p.title for p in shown if isinstance(p, Header))
        parts.append(f"<h2>{html.escape(title)} <small>({name}, {lang})</small></h2>")
        for sec in sections(shown):
            if sec.chart is None:
                continue
            parts.append(f"<h3>{html.escape(sec.heading)}</h3>")
            parts.append(
                chart_html(sec.chart, name=sec.name, data=sec.data, lang=lang, region=region)
            )
            parts.append("".join(f"<p>{html.escape(s)}</p>" for s in sec.sentences))
    return parts


def write_gallery(out: Path | None = None, *, regions: Sequence[str] = GALLERY_REGIONS) -> Path:
    """Write the gallery page and return its path (offline: the Vega bundle is inlined).

    Parameters
    ----------
    out : Path or None
        Where to write the page (its folders are created); None (the default):
        ``reports/gallery.html`` of :func:`~analytics.config.reports_dir`.
    regions : Sequence of str
        The region codes shown, in order, each in Chinese then English; default
        :data:`GALLERY_REGIONS`.

    Returns
    -------
    Path
        ``out``, once written.
    """
    from analytics.runs.render import templates_dir, vega_bundle

    out = out or reports_dir() / "gallery.html"
    css = (templates_dir() / "analytics" / "report.css").read_text(encoding="utf-8")
    body = [p for r in regions for lang in ("zh", "en") for p in _panel(r, lang)]
    page = (
        '<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Chart gallery</title><style>{css}</style>"
        f'<script type="text/javascript">{vega_bundle()}</script></head>'
        f"<body><main><h1>图表总览 · Chart gallery</h1>{''.join(body)}</main></body></html>"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(out)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m analytics.reports.gallery [--out PATH]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    print(f"Gallery: file://{write_gallery(args.out).resolve()}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
