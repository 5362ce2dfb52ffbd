"""Qualified names: ``城镇居民人均可支配收入`` is not ``居民人均可支配收入``.

NBS names a narrower statistic by adding a word to the broader one's name (城镇, 农村, 私营,
规模以上, 中位数, 其中, …, before, after or inside it). A close match on names would take the one
for the other; :func:`qualifier` says when two names differ by such a word, so ``data add`` never
maps, and ``data check`` never suggests, the one for the other.
"""

from __future__ import annotations

__all__ = ["QUALIFIERS", "qualifier"]

QUALIFIERS: tuple[str, ...] = (
    "城镇",
    "城市",
    "农村",
    "乡村",
    "私营",
    "非私营",
    "规模以上",
    "限额以上",
    "中位数",
    "其中",
    "平均",
    "人均",
    "国有",
    "集体",
    "外商",
    "港澳台",
    "第一",
    "第二",
    "第三",
    "指数",
    "增长",
    "比重",
    "累计",
    "长途",
    "本地",
    "移动",
    "固定",
)
"""Words that make a name another statistic than the name without them (``城镇居民…``)."""


def qualifier(name: str, other: str) -> str | None:
    """The qualifier that makes ``name`` another statistic than ``other``, else ``None``.

    A word of :data:`QUALIFIERS` in one name and not the other, or two characters or more
    before or after the other name (``居民人均可支配收入中位数``).

    Examples
    --------
    >>> qualifier("城镇居民人均可支配收入", "居民人均可支配收入")
    '城镇'
    >>> qualifier("城镇私营单位就业人员", "城镇单位就业人员")
    '私营'
    >>> qualifier("互联网宽带接入用户数", "互联网宽带接入用户") is None
    True
    """
    for word in QUALIFIERS:
        if (word in name) != (word in other):
            return word
    for longer, shorter in ((name, other), (other, name)):
        if shorter in longer and len(extra := longer.replace(shorter, "", 1)) >= 2:
            return extra
    return None
