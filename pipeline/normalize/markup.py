"""Markup and invisible characters: control characters, zero-width marks, HTML tags and
entities left by a scraper."""

from __future__ import annotations

import html
import re

from pipeline.chinese import HAN_RANGES, han_count
from pipeline.document import Change
from pipeline.normalize.settings import DEFAULT, Settings

# Control characters, zero-width marks, the soft hyphen, bidi marks, overrides and isolates
# (LRM, RLM, ALM, U+202A–U+202E, U+2066–U+2069), lone surrogates, non-characters: all invisible,
# and between two characters of a name (王\u00ad坚) they hide it from the glossary.
# …except a zero-width joiner between two pictographs: it makes one emoji of them (a family
# 👨‍👩‍👧, a profession), and without it the reader sees four faces.
PICTOGRAPH = "\u2600-\u27bf\ufe0f\U0001f000-\U0001faff"
CONTROL = re.compile(
    rf"(?!(?<=[{PICTOGRAPH}])\u200d(?=[{PICTOGRAPH}]))"
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ud800-\udfff\ufffe\uffff]"
)


def remove_control_characters(text: str, line: int, settings: Settings = DEFAULT) -> tuple[str, list[Change]]:
    """Remove control characters, zero-width marks and lone surrogates (they break DOCX).

    >>> remove_control_characters("王\\x07坚\\u200b", 1)[0]
    '王坚'
    >>> len(remove_control_characters("👨\\u200d👩", 1)[0])
    3
    """
    changes = [Change("control", line, m.start(), m.group(), "") for m in CONTROL.finditer(text)]
    return CONTROL.sub("", text), changes


TAG_NAMES = (
    "p|br|div|span|a|img|strong|b|i|em|u|s|h[1-6]|section|article|figure|figcaption|li|ul|ol|"
    "table|thead|tbody|tr|td|th|font|blockquote|sup|sub|hr|center|small|big|label|header|footer|nav|mark|wbr|ruby|rb"
)
# A tag is a known HTML element with well-formed attributes, so "a<b 且 b>c" is text.
TAG = re.compile(
    rf"</?(?:{TAG_NAMES})"
    r"""(?:\s+[A-Za-z_:][-\w:.]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>]+))?)*\s*/?>""",
    re.IGNORECASE,
)
RUBY_TEXT = re.compile(r"<(rt|rp)\b[^>]*>.*?</\1\s*>", re.I | re.S)
ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


FEED_MARKER = re.compile(r"(?:(?<=…)|(?<=\.\.\.))\s*(?:展开全文|查看全文|全文)\s*[A-Za-z]?\s*$|(?<=收起全文)[A-Za-z]$|(?<=展开全文)[A-Za-z]$")


def remove_feed_markers(text: str, line: int, settings: Settings = DEFAULT) -> tuple[str, list[Change]]:
    """A feed's ``展开全文`` after a truncated preview (and the stray letter a copy often
    takes with it) goes, leaving the preview to be recognised as one.

    >>> remove_feed_markers("全线最高时速达...展开全文c", 1)[0], remove_feed_markers("收起全文d", 1)[0]
    ('全线最高时速达...', '收起全文')
    """
    changes = [Change("residue", line, m.start(), m.group(), "") for m in FEED_MARKER.finditer(text)]
    return FEED_MARKER.sub("", text), changes


def remove_markup(text: str, line: int, settings: Settings = DEFAULT) -> tuple[str, list[Change]]:
    """Remove HTML tags and decode entities left by the scraper.

    >>> remove_markup("<p>王坚&nbsp;说&ldquo;好&rdquo;</p>", 1)[0]
    '王坚 说“好”'
    >>> remove_markup("看<ruby>戲<rp>(</rp><rt>xì</rt><rp>)</rp></ruby>去", 1)[0]
    '看戲去'
    """
    changes: list[Change] = []

    def tag(m: re.Match[str]) -> str:
        changes.append(Change("annotation" if m.group().lower().startswith(("<rt", "<rp")) else "markup", line, m.start(), m.group(), ""))
        return ""

    text = RUBY_TEXT.sub(tag, text)  # the reading above a character is a gloss, not text
    text = TAG.sub(tag, text)

    def entity(m: re.Match[str]) -> str:
        decoded = html.unescape(m.group())
        if decoded == m.group():
            return decoded
        decoded = decoded.replace("\xa0", " ")
        changes.append(Change("entity", line, m.start(), m.group(), decoded))
        return decoded

    for _ in range(3):  # double-escaped entities (&amp;nbsp;) decode in two rounds
        decoded = ENTITY.sub(entity, text)
        if decoded == text:
            break
        text = decoded
    return text, changes




def _glued_widget() -> re.Pattern[str]:
    from pipeline.normalize.boilerplate import UI_WORDS

    words = "|".join(sorted(map(re.escape, UI_WORDS), key=len, reverse=True))
    return re.compile(rf"(?<=[。！？!?…”」』])\s*(?:(?:{words})[\s、，,|｜/·]*){{1,3}}$|(?:(?<=\s)|(?<=[）)】。！？”]))[^\s，。！？]{{1,30}}的(?:微博|秒拍|抖音)视频$")


GLUED_WIDGET = _glued_widget()


def remove_glued_widgets(text: str, line: int, settings: Settings = DEFAULT) -> tuple[str, list[Change]]:
    """A page control glued to the end of a paragraph (``…回家了。展开全文``, ``…结束了。分享``)
    and a post's video card (``…原视频了流云17秒的微博视频``) go; the paragraph stays.

    >>> remove_glued_widgets("我们终于回家了。阅读原文", 1)[0], remove_glued_widgets("上传原视频了） 流云17秒的微博视频", 1)[0]
    ('我们终于回家了。', '上传原视频了）')
    >>> remove_glued_widgets("他说：“分享是美德。”", 1)[0]
    '他说：“分享是美德。”'
    """
    m = GLUED_WIDGET.search(text)
    if not m or not 2 <= len(m.group().strip()) <= 40 or han_count(text[: m.start()]) < 4:
        return text, []  # one character is no widget, and a line that is only a widget is the scorer's
    return text[: m.start()].rstrip(), [Change("residue", line, m.start(), m.group(), "")]


SECTION_NUMBER = re.compile(rf"^\d{{1,2}}\s+(?=[{HAN_RANGES}][^。！？，]{{0,19}}$)")


def remove_section_numbers(text: str, line: int, settings: Settings = DEFAULT) -> tuple[str, list[Change]]:
    """A capture's section number before its heading (``01 轻盈保暖``): the heading stays.

    >>> remove_section_numbers("01 轻盈保暖", 1)[0], remove_section_numbers("3 人受伤，2 人失踪。", 1)[0]
    ('轻盈保暖', '3 人受伤，2 人失踪。')
    """
    m = SECTION_NUMBER.match(text)
    if not m:
        return text, []
    return text[m.end():], [Change("section number", line, 0, m.group(), "")]
