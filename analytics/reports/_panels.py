"""Province panels for the infrastructure and digital-industry sections: levels, ratios, ranks.

Every function works on all provinces at once (polars expressions, no loop over rows). The NBS
portal tables hold the 31 provinces and no national total; ratios use only real denominators
from the store (the same year's year-end population, mobile internet users).

Examples
--------
>>> frame = pl.DataFrame({"region": ["a", "b", "a", "b"],
...                       "period": ["2016", "2016", "2024", "2024"],
...                       "value": [100.0, 50.0, 200.0, 150.0]})
>>> s = standing(frame, "a", "2024", "2016")
>>> s["rank"], s["rank_base"], s["cagr_rank"], round(s["cagr"], 2)
(1, 1, 2, 9.05)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from analytics.reports import narrative as nv
from analytics.reports._common import period_date
from analytics.reports.context import ReportContext
from analytics.reports.section import Section
from analytics.stats.periods import latest_period, sort_by_period

__all__ = [
    "flag_sentences",
    "per_people",
    "province_panel",
    "ratio",
    "standing",
    "standing_sentences",
    "trend",
    "trend_section",
]

_PROVINCES = pl.col("region").str.ends_with("0000") & (pl.col("region") != "000000")


def province_panel(ctx: ReportContext, indicator: str, *, china: bool = False) -> pl.DataFrame:
    """``region, period, value`` of ``indicator`` for every province, up to the report's period."""
    from analytics.io import read_series
    from analytics.stats.periods import within

    def load() -> pl.DataFrame:
        measure = "share_pct" if indicator == "rd_intensity" else "level"
        found = read_series(indicator, measure=measure, data_dir=ctx.data_dir)
        keep = _PROVINCES | (pl.col("region") == "000000") if china else _PROVINCES
        return (
            found.filter(
                keep & pl.col("value").is_not_null() & pl.col("period").str.len_chars().eq(4)
            )
            .filter(within(ctx.period))
            .select("region", "period", "value")
            .pipe(sort_by_period, "region")
        )

    return ctx.cached(f"panel:{indicator}:{china}", load)


def ratio(top: pl.DataFrame, bottom: pl.DataFrame, *, scale: float = 1.0) -> pl.DataFrame:
    """``top / bottom × scale`` for the region-years both hold.

    Examples
    --------
    >>> t = pl.DataFrame({"region": ["a"], "period": ["2024"], "value": [704.0]})
    >>> b = pl.DataFrame({"region": ["a"], "period": ["2024"], "value": [1364.0]})
    >>> round(ratio(t, b, scale=100)["value"].item(), 2)
    51.61
    """
    den = bottom.select("region", "period", pl.col("value").alias("_den"))
    return (
        top.join(den, on=["region", "period"], how="inner")
        .with_columns((pl.col("value") / pl.col("_den") * scale).alias("value"))
        .select("region", "period", "value")
        .pipe(sort_by_period, "region")
    )


def per_people(ctx: ReportContext, frame: pl.DataFrame, *, scale: float) -> pl.DataFrame:
    """``frame / population × scale``, population in 万人 (year-end, same year).

    A count in 万户 × 100 is per 100 people; a length in km × 1 is km per 10,000 people.
    """
    return ratio(frame, province_panel(ctx, "population"), scale=scale)


def standing(frame: pl.DataFrame, region: str, year: str, base: str) -> dict[str, Any]:
    """``region``'s value in ``year`` and its ranks among the provinces with data that year.

    Also the change on the year before and the average growth since ``base``; ranks are 1 for the
    highest; {} when the region has no value in ``year``.
    """
    prev = str(int(year) - 1)
    wide = (
        frame.filter(pl.col("period").is_in([base, prev, year]))
        .pivot(on="period", index="region", values="value")
        .filter(pl.col(year).is_not_null())
    )
    for col in (base, prev):
        if col not in wide.columns:
            wide = wide.with_columns(pl.lit(None, dtype=pl.Float64).alias(col))
    span = int(year) - int(base)
    growth = ((pl.col(year) / pl.col(base)) ** (1 / span) - 1) * 100 if span > 0 else pl.lit(None)
    wide = wide.with_columns(
        ((pl.col(year) / pl.col(prev) - 1) * 100).alias("yoy"),
        growth.cast(pl.Float64).alias("cagr"),
        pl.col(year).rank("min", descending=True).cast(pl.Int64).alias("rank"),
        pl.col(base).rank("min", descending=True).cast(pl.Int64).alias("rank_base"),
    ).with_columns(pl.col("cagr").rank("min", descending=True).cast(pl.Int64).alias("cagr_rank"))
    mine = wide.filter(pl.col("region") == region)
    if mine.is_empty():
        return {}
    row = mine.row(0, named=True)
    return {**row, "value": row[year], "base_value": row[base], "n": wide.height}


def trend(ctx: ReportContext, frame: pl.DataFrame, regions: Sequence[str]) -> pl.DataFrame:
    """The rows of ``regions`` as a chart frame: ``series, region, date, period, value``."""
    names = {r: ctx.region_name(r) for r in regions}
    return (
        frame.filter(pl.col("region").is_in(list(regions)))
        .with_columns(period_date(), pl.col("region").replace_strict(names).alias("series"))
        .select("series", "region", "date", "period", "value")
    )


_SERIES = ["indicator", "region", "measure", "vintage"]


def _year_on_year(ctx: ReportContext, flags: pl.DataFrame) -> pl.DataFrame:
    """The flags whose previous observation is the year before (a gap is not a break)."""
    from analytics.io import scan_store

    before = (
        scan_store(data_dir=ctx.data_dir)
        .filter(
            pl.col("indicator").is_in(flags["indicator"].unique().implode())
            & pl.col("period").str.contains(r"^\d{4}$")
            & pl.col("value").is_not_null()
        )
        .select(
            *_SERIES,
            (pl.col("period").cast(pl.Int64) + 1).cast(pl.Utf8).alias("period"),
            pl.col("value").alias("year_before"),
        )
        .collect()
    )
    return flags.join(before, on=[*_SERIES, "period"], how="inner").filter(
        pl.col("year_before") == pl.col("previous")
    )


def flag_sentences(
    ctx: ReportContext,
    indicators: Sequence[str],
    regions: Sequence[str],
    *,
    measures: Sequence[str] = ("level", "share_pct"),
) -> list[str]:
    """One sentence per series a chart draws that the build flagged (``read_anomalies``).

    Only flags on levels and shares (a jump in a growth rate is not a break in a series), and only
    year-on-year ones (the change from an observation several years earlier in a sparse series is
    a gap, not a break).
    """
    from analytics.io.anomalies import read_anomalies
    from analytics.stats.periods import within

    flags = (
        read_anomalies(data_dir=ctx.data_dir)
        .filter(pl.col("indicator").is_in(list(indicators)) & pl.col("region").is_in(list(regions)))
        .filter(within(ctx.period) & pl.col("measure").is_in(list(measures)))
        .with_columns(((pl.col("value") / pl.col("previous") - 1) * 100).alias("pct"))
    )
    out = []
    for (region, indicator), rows in sort_by_period(_year_on_year(ctx, flags)).group_by(
        ["region", "indicator"], maintain_order=True
    ):
        changes = [
            ctx.t(
                "infra.flag_year",
                year=year,
                change=ctx.t("infra.up" if pct >= 0 else "infra.down", pct=nv.fmt(abs(pct))),
            )
            for year, pct in rows.select("period", "pct").rows()
        ]
        out.append(
            ctx.t(
                "infra.flag",
                name=ctx.region_name(str(region)),
                what=ctx.indicator_name(str(indicator)),
                changes=ctx.t("list.sep").join(changes),
            )
        )
    return out


def _change(ctx: ReportContext, pct: float | None) -> str:
    if pct is None:
        return "–"
    key = "infra.flat" if round(pct, 1) == 0 else "infra.up" if pct > 0 else "infra.down"
    return ctx.t(key, pct=nv.fmt(abs(pct)))


def standing_sentences(
    ctx: ReportContext, frame: pl.DataFrame, what: str, unit: str, *, base: str, digits: int = 1
) -> list[str]:
    """The region's level, change, growth since ``base`` and ranks in its latest year."""
    year = latest_period(frame.filter(pl.col("region") == ctx.region)["period"])
    s = standing(frame, ctx.region, year, base) if year is not None else {}
    if not s:
        return [ctx.t("infra.not_in_data", name=ctx.name, what=what)]
    return [
        ctx.t(
            "infra.standing",
            year=year,
            name=ctx.name,
            what=what,
            amount=nv.amount(s["value"], unit, lang=ctx.lang, digits=digits),
            change=_change(ctx, s["yoy"]),
            base=base,
            cagr=nv.fmt(s["cagr"]),
            n=s["n"],
            rank=s["rank"],
            rank_base=s["rank_base"] or "–",
            cagr_rank=s["cagr_rank"] or "–",
        )
    ]


def trend_section(
    ctx: ReportContext,
    report_title: str,
    heading: str,
    frame: pl.DataFrame,
    what: str,
    unit: str,
    name: str,
    sentences: Sequence[str],
    flags: Sequence[str],
    *,
    regions: Sequence[str],
    source: str,
) -> Section:
    """A section with the ``regions``' trend lines (house colours), sentences and flag notes."""
    from analytics import charts

    data = trend(ctx, frame, regions)
    chart = charts.build_trend_with_target(
        data,
        series="series",
        title=what,
        unit=unit,
        source=source,
        lang=ctx.lang,
        description=sentences[0],
        colors=charts.region_colors({c: ctx.region_name(c) for c in regions}),
    )
    sec = ctx.section(report_title, heading, chart, name, data, sentences)
    sec.flags = list(flags)
    return sec
