"""Markdown articles: the text of each block as a line — headings, paragraphs, list items,
quotes, table rows — with the markup (``**``, links, images, code fences) taken out."""

from __future__ import annotations

import re

from pipeline.chinese import CJK_PUNCT, HAN

HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")
QUOTE = re.compile(r"^\s*>\s?(.*)$")
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
EMPHASIS = re.compile(r"(\*\*|__|\*|_|~~|`)(?=\S)(.+?)(?<=\S)\1")


def inline(text: str) -> str:
    """Markup of one line out, text kept.

    >>> inline("**南都：** 你看过[Sora](https://openai.com/sora)的`demo`吗？")
    '南都： 你看过Sora的demo吗？'
    """
    text = IMAGE.sub(lambda m: f"图：{m.group(1)}" if m.group(1) else "", text)
    text = LINK.sub(r"\1", text)
    for _ in range(3):
        text = EMPHASIS.sub(r"\2", text)
    return text.strip()


def markdown_lines(text: str) -> tuple[list[str], list[str]]:
    """Lines (a paragraph's wrapped lines joined) and where each came from."""
    lines: list[str] = []
    origins: list[str] = []
    paragraph: list[str] = []
    fenced = False

    def flush() -> None:
        if paragraph:
            lines.append(inline(join_wrapped(paragraph)))
            origins.append("paragraph")
            paragraph.clear()

    for raw in text.splitlines():
        if raw.strip().startswith(("```", "~~~")):
            flush()
            fenced = not fenced
            continue
        if fenced:
            continue  # code is not article text
        if not raw.strip() or TABLE_RULE.match(raw) or re.match(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$", raw):
            flush()
            continue
        for pattern, origin in ((HEADING, "heading"), (LIST_ITEM, "list item"), (QUOTE, "quote")):
            m = pattern.match(raw)
            if m:
                flush()
                lines.append(inline(m.group(1)))
                origins.append(origin)
                break
        else:
            if raw.strip().startswith("|") and raw.strip().endswith("|"):
                flush()
                lines.append("\t".join(inline(c) for c in raw.strip().strip("|").split("|") if c.strip()))
                origins.append("table row")
            else:
                paragraph.append(raw.strip())
    flush()
    kept = [(line, origin) for line, origin in zip(lines, origins) if line]
    return [line for line, _ in kept], [origin for _, origin in kept]


def join_wrapped(pieces: list[str]) -> str:
    """A paragraph's wrapped lines as one: nothing between two Chinese sides, else a space.

    >>> join_wrapped(["阿里云创始人王坚", "接受了采访，谈到Sora", "and AI."])
    '阿里云创始人王坚接受了采访，谈到Sora and AI.'
    """
    joined = pieces[0]
    for piece in pieces[1:]:
        chinese = HAN.match(joined[-1:] or " ") or joined[-1:] in CJK_PUNCT
        joined += ("" if chinese and (HAN.match(piece[:1]) or piece[:1] in CJK_PUNCT) else " ") + piece
    return joined
