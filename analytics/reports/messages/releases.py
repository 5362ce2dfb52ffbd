"""Words of the release calendar and of revisions.

The calendar: a report's next update, the index's coming releases; revisions: a shown value
beside its other vintages.
"""

from __future__ import annotations

from collections.abc import Mapping

from analytics._typing import Lang

__all__ = ["MESSAGES"]

MESSAGES: Mapping[str, Mapping[Lang, str]] = {
    "release.heading": {"zh": "下次更新", "en": "Next update"},
    "release.next": {
        "zh": "本报告预计下次变化：约{when}，{name}{covers}发布时。",
        "en": "This report will next change about {when}, when {name}{covers} is released.",
    },
    "release.none_known": {
        "zh": "本报告的数据来源都没有可依据的下次发布时间。",
        "en": "None of this report's sources has a next release date the project can support.",
    },
    "release.covers": {"zh": "（{covers}数据）", "en": " ({covers} figures)"},
    "release.expected": {"zh": "预计约{when}", "en": "expected about {when}"},
    "release.unknown": {"zh": "下次发布时间未知", "en": "next release unknown"},
    "release.basis": {"zh": "依据：{basis}", "en": "basis: {basis}"},
    "release.past": {
        "zh": "截至{as_of}已过预期月份，数据库尚未收录",
        "en": "past its expected month as of {as_of}; not yet in the store",
    },
    "release.arrived": {
        "zh": "数据库已收录{date}发布的数据，日程有待更新",
        "en": "the store already holds figures published on {date}; the calendar needs updating",
    },
    "release.as_of": {
        "zh": "发布日程截至{as_of}，依据项目记录的发布日期，不作推测。",
        "en": "Release calendar as of {as_of}, from the publication dates the project records; "
        "nothing is guessed.",
    },
    "revision.shown": {
        "zh": "{name}{what}（{when}）：本报告采用{value}（{vintage}）；{others}。",
        "en": "{name} {what}, {when}: this report shows {value} ({vintage}); {others}.",
    },
    "revision.other": {"zh": "{vintage}{date}为{value}", "en": "{vintage}{date}: {value}"},
    "revision.other_date": {"zh": "（{date}发布）", "en": " ({date})"},
    "revision.first": {"zh": "首次公布", "en": "first published"},
    "revision.later": {"zh": "另一版本", "en": "another vintage"},
    "revision.sep": {"zh": "；", "en": "; "},
    "revision.growth": {"zh": "实际增速", "en": "real growth"},
}
