"""What is known about a line of a scraped article, as numbers: the evidence the scorer
(``pipeline.normalize.scorer``) weighs to decide whether the line is article text.

Three kinds of evidence, each general rather than one site's wording:

- **the line itself**: its length, whether it ends as a sentence ends, the share of
  function words (的 了 是 在 …: prose is full of them, widgets have none) against the share
  of widget words (关注 点赞 分享 …), digits, dates, links, @ and # marks, Latin letters;
- **its place**: the head (before the first paragraph of prose) and the tail (after the
  last one) of the article, a run of short lines, the line after a 往期推荐 marker;
- **its kinship with the article**: how many of its two-character words the other lines
  use too (residue shares little with the text it sits in), a repeat of another line, a
  truncated copy of one, the title again.

Today's boilerplate patterns (``pipeline.normalize.boilerplate``) are features too: the
kind they name becomes the dropped line's label. Every feature is in [0, 1].
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.chinese import HAN
from pipeline.normalize.boilerplate import UI_WORDS, classify_boilerplate
from pipeline.normalize.layout import RELATED, related_marker

SENTENCE_END = "。！？!?…；;”」』）)"
FUNCTION_CHARS = set("的了是在和也就都而但与及把被对从向为以之其所着过又还才很更最这那有不没会能要可将已该因如则并或即于由让使到给跟比")
# Words of a page's widgets and of calls to the reader (follow, share, subscribe, download,
# scan, tap): the lines they make are furniture, the sentences that merely mention them are
# long and full of function words, which the scorer weighs against them.
WIDGET_WORDS = tuple(sorted(set(UI_WORDS) | set(
    "关注 点击 长按 扫码 扫描 二维码 识别 订阅 下载 客户端 公众号 微信号 视频号 频道 星标 置顶 转载 投稿 "
    "点亮 分享给 再看 三连 一键 蓝字 小程序 粉丝 直播间 官方账号 账号 戳 阅读时间 阅读量 难度 生词 级别 "
    "热线 咨询 报名 招生 加群 入群 社群 福利 领取 优惠 限时 点我 加入我们 欢迎 合作 商务".split()), key=len, reverse=True))
WIDGET = re.compile("|".join(map(re.escape, WIDGET_WORDS)), re.I)
DATE_TIME = re.compile(r"\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?|\d{1,2}:\d{2}|\d{1,2}月\d{1,2}日|\d+\s*(?:分钟|小时|天)前")
LINK_MARK = re.compile(r"https?://|www\.|\.com\b|\.cn\b|@\S|#[^#\s]{1,30}#|[\w.-]+@[\w-]+\.|\d{3,4}-\d{7,8}|\d{11}")
LATIN_LETTER = re.compile(r"[A-Za-z]")
DIGIT = re.compile(r"\d")
LABEL_LINE = re.compile(r"^[^，。！？\s]{1,6}[：:|｜]\s*\S{0,16}$")  # 来源：新华社, 记者：黄恒, 编辑 | 某某
NUMBERED = re.compile(r"^(?:\d{1,2}[、.)）]|[（(]\d{1,2}[)）]|[一二三四五六七八九十]+、)")
PROSE = 24  # a line this long that ends as a sentence ends is prose: it fixes the article's head and tail

NAMES = (
    "bias", "short", "medium", "length", "sentence_end", "function_share", "widget_share", "digit_share",
    "latin_share", "date_time", "link_mark", "label_line", "numbered", "pattern", "pattern_credit",
    "pattern_caption", "head", "tail", "short_run", "after_related", "kinship", "repeat", "title_copy",
    "heading", "first", "record", "quote", "table_row", "after_closing",
)
CLOSING_KINDS = ("credit", "disclaimer", "placeholder", "page control", "metadata")
MARKER = re.compile(r"推荐|更多|往期|相关|精彩|延伸|热门|猜你")


@dataclass(frozen=True)
class LineFacts:
    """A line's features (named as in ``NAMES``) and the kind its pattern names, if any."""

    values: tuple[float, ...]
    pattern_kind: str | None


def line_features(texts: Sequence[str], origins: Sequence[str] = ()) -> list[LineFacts]:
    """The features of every line of an article, each seen among the others.

    >>> facts = line_features(["标题", "这是文章的第一段，讲的是一件很长的事情，我们在这里写下了它的经过。", "点击关注我们"])
    >>> [round(f.values[NAMES.index("widget_share")], 2) for f in facts]
    [0.0, 0.0, 0.67]
    """
    origins = tuple(origins) or ("line",) * len(texts)
    prose = [i for i, t in enumerate(texts) if _is_prose(t)]
    first_prose, last_prose = (prose[0], prose[-1]) if prose else (len(texts), -1)
    bigrams = Counter(b for t in texts for b in set(_bigrams(t)))
    keys = [re.sub(r"\s+", "", t) for t in texts]
    seen = Counter(keys)
    title = keys[0] if keys else ""
    related_from = next((i for i, t in enumerate(texts) if i > first_prose and (related_marker(t) or len(t) <= 8 and MARKER.search(t))), len(texts))
    kinds = [classify_boilerplate(t) for t in texts]
    closing_from = next((i for i, k in enumerate(kinds) if k in CLOSING_KINDS and i > first_prose), len(texts))
    facts = []
    for i, (text, kind) in enumerate(zip(texts, kinds)):
        n = max(len(text), 1)
        own = set(_bigrams(text))
        shared = sum(1 for b in own if bigrams[b] > 1) / len(own) if own else 0.0
        values = (
            1.0,
            float(len(text) <= 8),
            float(8 < len(text) <= 24),
            min(len(text), 200) / 200,
            float(bool(text) and text.rstrip()[-1] in SENTENCE_END),
            min(1.0, 4 * sum(c in FUNCTION_CHARS for c in text) / n),
            min(1.0, sum(len(m) for m in WIDGET.findall(text)) / n),
            min(1.0, 3 * len(DIGIT.findall(text)) / n),
            min(1.0, len(LATIN_LETTER.findall(text)) / n),
            float(bool(DATE_TIME.search(text))),
            float(bool(LINK_MARK.search(text))),
            float(bool(LABEL_LINE.match(text))),
            float(bool(NUMBERED.match(text))),
            float(kind is not None and kind not in ("credit", "caption")),
            float(kind == "credit"),
            float(kind == "caption"),
            float(0 < i < first_prose),
            float(i > last_prose >= 0),
            float(_short_run(texts, i)),
            float(i > related_from and not _is_prose(text)),
            shared,
            float(len(keys[i]) >= 4 and seen[keys[i]] > 1),
            float(i > 0 and len(title) >= 4 and (keys[i] == title or keys[i] in title or title in keys[i] and len(keys[i]) < 2 * len(title))),
            float(origins[i] in ("heading", "chapter")),
            float(i == 0),
            float(origins[i] == "record"),
            float(origins[i] == "quote"),
            float("\t" in text or origins[i] == "table row"),
            float(i > closing_from and not (len(text) >= PROSE and sum(c in FUNCTION_CHARS for c in text) >= 4)),
        )
        facts.append(LineFacts(values, kind))
    return facts


def _is_prose(text: str) -> bool:
    """A sentence of the article: long enough and ending as a sentence ends (a list that
    trails off in …… does not), or a wrapped piece of one, dense in function words."""
    if RELATED.search(text[:8]) or len(text) < 14:
        return False
    if len(text) >= PROSE and text.rstrip()[-1] in SENTENCE_END and not text.rstrip().endswith(("……", "...")):
        return True
    return sum(c in FUNCTION_CHARS for c in text) >= 2 and len(WIDGET.findall(text)) <= 1


def _short_run(texts: Sequence[str], i: int) -> bool:
    """The line and its two neighbours on one side are all short non-sentences: a button
    bar, a list of links, a credits block."""
    def short(j: int) -> bool:
        return 0 <= j < len(texts) and len(texts[j]) <= 24 and not _is_prose(texts[j])

    return short(i) and ((short(i - 1) and short(i - 2)) or (short(i + 1) and short(i + 2)) or (short(i - 1) and short(i + 1)))


def _bigrams(text: str) -> list[str]:
    han = "".join(HAN.findall(text))
    return [han[k:k + 2] for k in range(len(han) - 1)]
