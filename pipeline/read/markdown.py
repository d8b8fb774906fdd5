"""Markdown articles: the text of each block as a line — headings, paragraphs, list items,
quotes, table rows — with the markup (``**``, links, images, code fences) taken out.

Articles captured to Markdown (a clipper, a WeChat exporter) often arrive as ``.txt``;
``looks_like_markdown`` tells them by their content, so they are read here too. A capture's
YAML front matter is metadata (``front_matter``), never paragraphs."""

from __future__ import annotations

import re

from pipeline.chinese import CJK_PUNCT, HAN

HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")
QUOTE = re.compile(r"^\s*>\s?(.*)$")
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
EMPHASIS = re.compile(r"(\*\*|__|\*|_|~~|`)(?=\S)(.+?)(?<=\S)\1")
STRAY_EMPHASIS = re.compile(r"\*{2,}|_{2,}(?=\W|$)")  # a capture's empty or unbalanced bold: ****, **…******
FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n((?:[\w-]+[ \t]*:.*\r?\n|[ \t]+.*\r?\n|-[ \t].*\r?\n)*?)---[ \t]*(?:\r?\n|\Z)")
FIELD = re.compile(r"^([\w-]+)[ \t]*:[ \t]*(.*?)\s*$", re.M)
# What only Markdown writes: a heading, an image, a link, bold, a quote, a fence, a hard break.
SIGNALS = {
    "heading": re.compile(r"^#{1,6}[ \t]+\S", re.M),
    "image": re.compile(r"!\[[^\]\n]*\]\([^)\n]+\)"),
    "link": re.compile(r"\[[^\]\n]*\]\((?:https?://|/|#)[^)\n]*\)"),
    "bold": re.compile(r"\*\*[^*\n]+\*\*"),
    "quote": re.compile(r"^>[ \t]?\S", re.M),
    "fence": re.compile(r"^(?:```|~~~)", re.M),
    "hard break": re.compile(r"\S {2}$", re.M),
}


def looks_like_markdown(text: str) -> bool:
    """Markdown by its content: front matter, or at least two kinds of Markdown-only syntax
    (a lone ``#话题#`` or one pair of ``**`` in plain text is not enough).

    >>> looks_like_markdown("#  标题   \\n原创 某某  2024-12-10 13:57  \\n\\n![](https://a.cn/1.png \\"\\")  \\n正文。  \\n")
    True
    >>> looks_like_markdown("#话题# 今天天气很好。\\n**重要**的事情说三遍。\\n")
    False
    """
    if FRONT_MATTER.match(text):
        return True
    kinds = [name for name, pattern in SIGNALS.items() if pattern.search(text)]
    if "hard break" in kinds:
        lines = [line for line in text.splitlines() if line.strip()]
        if sum(line.endswith("  ") for line in lines) * 3 < len(lines):
            kinds.remove("hard break")
    return len(kinds) >= 2


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """The YAML front matter's ``key: value`` fields and the text after it.

    >>> front_matter("---\\ntitle: 标题\\nurl: https://a.cn/x\\n---\\n正文\\n")
    ({'title': '标题', 'url': 'https://a.cn/x'}, '正文\\n')
    """
    m = FRONT_MATTER.match(text)
    if not m:
        return {}, text
    fields = {key.lower(): value.strip("'\"") for key, value in FIELD.findall(m.group(1))}
    return fields, text[m.end():]


def inline(text: str) -> str:
    """Markup of one line out, text kept.

    >>> inline("**南都：** 你看过[Sora](https://openai.com/sora)的`demo`吗？")
    '南都： 你看过Sora的demo吗？'
    """
    text = IMAGE.sub(lambda m: f"图：{m.group(1)}" if m.group(1) else "", text)
    text = LINK.sub(r"\1", text)
    for _ in range(3):
        text = EMPHASIS.sub(r"\2", text)
    return STRAY_EMPHASIS.sub("", text).strip()


# A raw HTML block as CommonMark has it (a script, a style, a comment, a tag on its own), and
# a link reference definition (``[ref]: https://…``): neither is article text.
HTML_BLOCK = re.compile(r"^\s*(?:<!--|</?[a-zA-Z][\w-]*(?:\s[^>]*)?/?>)", re.I)
DEFINITION = re.compile(r"^\s*\[[^\]]+\]:\s*\S+")
HIDDEN_HTML = re.compile(r"^\s*(?:<!--|<(?:script|style)\b)", re.I)


def markdown_lines(text: str) -> tuple[list[str], list[str]]:
    """Lines (a paragraph's wrapped lines joined) and where each came from."""
    lines: list[str] = []
    origins: list[str] = []
    paragraph: list[str] = []
    fenced = False

    def flush() -> None:
        raw = " ".join(paragraph)
        shown = re.sub(r"<[^>]*>", " ", raw) if HTML_BLOCK.match(raw) and not HIDDEN_HTML.match(raw) else ""
        if paragraph and HTML_BLOCK.match(raw) and not re.search(r"\w", shown):
            lines.append(raw)  # raw HTML a reader never sees (a script, a style, a comment, bare tags): listed as dropped
            origins.append("markup")
            paragraph.clear()
        elif paragraph and HTML_BLOCK.match(raw):
            paragraph[:] = [" ".join(shown.split())]  # an HTML block with text (<p align=center>…</p>): its text
        elif paragraph and all(DEFINITION.match(p) for p in paragraph):
            lines.append(raw)  # link reference definitions: not text, listed as dropped
            origins.append("link")
            paragraph.clear()
        if paragraph:
            pieces = [inline(piece) for piece in paragraph]
            text = join_wrapped([piece for piece in pieces if piece]) if any(pieces) else ""
            lines.append(text or " ".join(paragraph))  # an image or link alone stays, as markup, for the normalizer to list
            origins.append("paragraph" if text else _furniture(paragraph))
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
                text = inline(m.group(1))
                lines.append(text or raw.strip())
                origins.append(origin if text else _furniture([raw]))
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


def _furniture(raw: list[str]) -> str:
    """What a block without text is: ``image`` (``![](…)``), ``link`` (``[](…)``) or ``markup``
    (``****``, a lone zero-width joiner)."""
    joined = " ".join(raw)
    return "image" if IMAGE.search(joined) else "link" if LINK.search(joined) else "markup"


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
