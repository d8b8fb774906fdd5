"""What a line is by where it stands among the others — rules no single line can decide:

- **hard wraps** (PDF and e-mail pastes): a line cut at the paste's width, without closing
  punctuation, is joined with the line that continues it (nothing in between when both
  sides are Chinese);
- **repeats**: a lead the scraper doubled, a running head repeated at every page break, a
  truncated preview (``…全线最高时速...展开全文``) before its full paragraph — the full copy
  is kept, once;
- **lists of other articles** after a ``往期推荐``/``相关阅读`` line (``related_marker``), up
  to the next paragraph (decided line by line in ``pipeline.normalize``).

Each pass takes and returns the kept lines; what it drops it returns with its kind.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from pipeline.chinese import CJK_PUNCT, HAN
from pipeline.document import Change, DroppedLine

CLOSING = "。！？!?…”’」』）)】》；;."  # a comma at the paste's width is where it wrapped
LIST_START = re.compile(r"^(?:[-*•·]|\d+[.、)）]|[（(]?[一二三四五六七八九十]+[、.)）])")
RELATED = re.compile(r"往期推荐|往期回顾|推荐阅读|相关阅读|延伸阅读|相关新闻|相关文章|热门推荐|热门文章|猜你喜欢|更多精彩|精彩推荐")
PREVIEW_END = re.compile(r"(?:\.{3,}|…+)\s*$")


@dataclass(frozen=True)
class Line:
    """A kept line as the layout passes see it: its first source line, the original text
    (for a dropped line's record), the normalized text, and the repairs made to it."""

    line: int
    original: str
    text: str
    changes: tuple[Change, ...] = ()


def join_hard_wraps(lines: list[Line], pasted: set[int] | None = None) -> list[Line]:
    """Join lines cut at a paste's width. A paste is wrapped when several lines share one
    width; a line of that width without closing punctuation continues on the next line,
    unless that one opens a list item or a Q&A turn. The title (first line) stays alone;
    only lines of a paste (``pasted``: their line numbers; None: all) are ever joined.

    >>> wrapped = ["标题", "这是一段很长的文字，被粘贴时在固定的宽度", "处断开了，下一行继续这一句话的内容。",
    ...            "第二段也是一样，被粘贴时在固定的宽度断", "开了。"]
    >>> [l.text for l in join_hard_wraps([Line(i, t, t) for i, t in enumerate(wrapped, 1)])]
    ['标题', '这是一段很长的文字，被粘贴时在固定的宽度处断开了，下一行继续这一句话的内容。', '第二段也是一样，被粘贴时在固定的宽度断开了。']
    """
    joinable = [line for line in lines[1:] if pasted is None or line.line in pasted]
    width = _wrap_width([line.text for line in joinable])
    if width is None:
        return lines
    out: list[Line] = []
    for item in lines:
        previous = out[-1] if len(out) > 1 else None  # never onto the title
        both_pasted = pasted is None or (item.line in pasted and previous is not None and previous.line in pasted)
        if previous is not None and both_pasted and _continues(previous.text, item.text, width):
            glue = "" if _chinese_edge(previous.text[-1]) and _chinese_edge(item.text[0]) else " "
            change = Change("wrap", item.line, 0, "\n", glue)
            out[-1] = replace(previous, text=previous.text + glue + item.text,
                              original=previous.original + "\n" + item.original,
                              changes=previous.changes + (change,) + item.changes)
        else:
            out.append(item)
    return out


def _wrap_width(texts: list[str]) -> int | None:
    """The width a paste was wrapped at: the longest length that at least three lines reach
    within two characters, when those lines are at least a third of the long ones."""
    lengths = [len(t) for t in texts if len(t) >= 12]
    if len(lengths) < 3:
        return None
    counts = Counter(lengths)
    for width in sorted(counts, reverse=True):
        near = sum(n for length, n in counts.items() if width - 2 <= length <= width)
        if near >= 3 and near * 3 >= len(lengths):
            return width
    return None


def _continues(previous: str, text: str, width: int) -> bool:
    if len(previous) < width - 2 or previous[-1] in CLOSING or not text:
        return False
    return not (LIST_START.match(text) or re.match(r"^[^\s：:，。]{1,10}[：:]", text))


def _chinese_edge(char: str) -> bool:
    return bool(HAN.match(char)) or char in CJK_PUNCT


def drop_repeats(lines: list[Line], chapters: set[int] = frozenset()) -> tuple[list[Line], list[DroppedLine]]:
    """A line that repeats an earlier one (a doubled lead, a running head), or that is a
    truncated preview of a line next to it, is dropped; the full copy is kept, once.

    A question put again and answered differently each time (a survey asking five
    investors the same five questions) is the article's structure, not a scraper's
    double: a repeated question or label followed by a different line is kept. In a book,
    a line may say again what another chapter said: a copy counts within its chapter only
    (``chapters``: the line numbers of the chapters' headings)."""
    kept: list[Line] = []
    dropped: list[DroppedLine] = []
    keys = [re.sub(r"\s+", "", line.text) for line in lines]
    occurrences = Counter(keys)
    answers: dict[str, set[str]] = {}
    for index, key in enumerate(keys[:-1]):
        answers.setdefault(key, set()).add(keys[index + 1])
    seen: set[str] = set()
    for index, item in enumerate(lines):
        key = keys[index]
        if item.line in chapters:
            seen = set()
        asked_again = key.endswith(("？", "?", "：", ":")) and len(answers.get(key, ())) == occurrences[key]
        if index > 0 and occurrences[key] >= 2 and _running_head(key) and not asked_again:
            dropped.append(DroppedLine(item.line, "running head", item.original))  # every copy: none is the text
            continue
        if len(key) >= 4 and key in seen and not asked_again:
            dropped.append(DroppedLine(item.line, "duplicate", item.original))
            continue
        if _is_preview(item.text, [line.text for line in lines[max(0, index - 3): index + 4]]):
            dropped.append(DroppedLine(item.line, "truncated preview", item.original))
            continue
        seen.add(key)
        kept.append(item)
    return kept, dropped


def _running_head(key: str) -> bool:
    """A short line without a sentence in it: a page's running head when it repeats."""
    return 4 <= len(key) <= 30 and not re.search("[。！？!?，,；;]", key)


def _is_preview(text: str, neighbours: list[str]) -> bool:
    """``…全线最高时速...`` when a line near it starts with ``…全线最高时速`` and goes on."""
    if not PREVIEW_END.search(text):
        return False
    prefix = PREVIEW_END.sub("", text).strip()
    return len(prefix) >= 8 and any(len(t) > len(prefix) and t.startswith(prefix) and t != text for t in neighbours)


def related_marker(text: str) -> bool:
    """``往期推荐``, ``相关阅读``…: a short line that opens a list of other articles."""
    return bool(RELATED.search(text)) and len(text) <= 20


def related_title(text: str) -> bool:
    """A line of such a list: short, and not a sentence that ends with a full stop."""
    return len(text) <= 40 and not text.endswith("。")
