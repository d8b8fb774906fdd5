"""Lines that hold several: a web corpus flattens a page into one line (the headline, then
``原标题：`` and the headline again, then the dateline and the body), and a review site runs
the shop's reply and the guest's follow-up into the review. Each part becomes a line of its
own, with the same source line number, so the scorer can weigh it alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

from pipeline.chinese import HAN_RANGES
from pipeline.normalize.layout import Line

ORIGINAL_TITLE = re.compile(r"(?<=\S)(?=原标题[:：])")
# Where a news body starts after its headline: 中国甘肃网7月20日讯, 央广网台湾7月20日消息, 新华社北京3月5日电
DATELINE = re.compile(rf"[{HAN_RANGES}A-Za-z]{{1,4}}(?:网|社|报|台|新闻|日报|晚报|电视台|客户端)[{HAN_RANGES}]{{0,6}}?"
                      r"\d{1,2}月\d{1,2}日(?:电|讯|消息|报道)")
# A reply or follow-up run into a review: 宾馆反馈2008年8月14日：, 补充点评2008年8月11日：, 商家回复：
REPLY = re.compile(rf"(?:[{HAN_RANGES}]{{2}}(?:反馈|回复|回应)|补充点评|追加评论|追评)\d{{4}}年\d{{1,2}}月\d{{1,2}}日[:：]")


def part_lines(lines: Iterable[Line]) -> Iterator[Line]:
    """Each line, or its parts when it holds several.

    >>> [l.text for l in part_lines([Line(1, "", "公交线暂不经过靖远路站原标题：三条公交线暂不经过靖远路站中国甘肃网7月20日讯日前，记者获悉。")])]
    ['公交线暂不经过靖远路站', '原标题：三条公交线暂不经过靖远路站', '中国甘肃网7月20日讯日前，记者获悉。']
    >>> [l.text for l in part_lines([Line(1, "", "早餐很好。宾馆反馈2008年8月14日：感谢您！补充点评2008年8月11日：拖鞋太小。")])]
    ['早餐很好。', '宾馆反馈2008年8月14日：感谢您！', '补充点评2008年8月11日：拖鞋太小。']
    """
    for line in lines:
        pieces = _parts(line.text)
        if len(pieces) <= 1:  # an empty line has no parts, and stays itself
            yield line
            continue
        for index, piece in enumerate(pieces):
            yield replace(line, text=piece, original=piece, changes=line.changes if index == 0 else ())


def _parts(text: str) -> list[str]:
    head, sep, rest = text.partition("原标题")
    if sep and head and ORIGINAL_TITLE.search(text) and len(head) <= 80:
        rest = sep + rest
        cut = _end_of_original_title(head, rest)
        return [head, rest[:cut], *_replies(rest[cut:])] if cut < len(rest) else [head, rest]
    return _replies(text)


def _end_of_original_title(head: str, rest: str) -> int:
    """Where the repeated headline after ``原标题：`` ends: after the longest ending of the
    headline before it that it repeats (a headline is reworded at its start more than at
    its end), else at the dateline that opens the body."""
    start = rest.find("：") + 1 if "：" in rest[:5] else rest.find(":") + 1
    window = rest[start:start + 2 * len(head) + 20]
    for k in range(len(head), 3, -1):
        found = window.find(head[-k:])
        if found >= 0:
            return start + found + k
    dateline = DATELINE.search(rest, start, start + 120)
    return dateline.start() if dateline else len(rest)


def _replies(text: str) -> list[str]:
    starts = [m.start() for m in REPLY.finditer(text) if m.start() > 0]
    return [text[a:b] for a, b in zip([0, *starts], [*starts, len(text)]) if text[a:b]]
