"""Saved web pages: decode the bytes, take the article out of the page, and say what was
left behind.

A page is decoded by what its bytes are, not what it declares: browsers re-encode a page
to UTF-8 when they save it and keep the old ``<meta charset=gb2312>``, and a ``charset=``
on a ``<script>`` is not the page's. The article's text comes from trafilatura (the
reference extractor; readability and jusText fallbacks), as structure — headings,
paragraphs, list items, quotes, table rows — so every line knows where it came from. What
trafilatura is weak at on Chinese pages is done here: the headline (``pipeline.read.headline``),
WeChat's hidden body, navigation tables inside the container. Captions, credits and notices
inside the article are left for the normalizer, which drops them as lines of their kind.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pipeline.document import SourceInfo
from pipeline.errors import InputError

MAX_PAGE_BYTES = 64 * 1024 * 1024
DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.I)
CHROME_TAGS = {"script": "script", "style": "style", "noscript": "script", "nav": "navigation", "header": "navigation",
               "footer": "footer", "aside": "sidebar", "form": "form", "iframe": "embed"}
CHROME_WORDS = (("comment", "comments"), ("nav", "navigation"), ("menu", "navigation"), ("breadcrumb", "navigation"),
                ("share", "share bar"), ("related", "related links"), ("recommend", "related links"),
                ("sidebar", "sidebar"), ("footer", "footer"), ("ad", "ads"), ("banner", "ads"))


@dataclass(frozen=True)
class PageText:
    """The article as lines (headline first), where each came from, and the source."""

    lines: tuple[str, ...]
    origins: tuple[str, ...]
    source: SourceInfo


def decode_page(data: bytes, path: Path, encoding: str | None = None) -> tuple[str, str]:
    """The page's text and the encoding used: ``encoding`` when forced; else UTF-8 when the
    bytes are UTF-8 (whatever the meta says); else the ``<meta>`` charset (GB2312 and GBK
    read as their superset GB18030); else the text reader's detection."""
    from pipeline.read.text import decode_article

    if encoding:
        return decode_article(data, path, encoding)
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = DECLARED.search(data[:16384])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        codec = "gb18030" if name in ("gb2312", "gbk", "gb18030", "x-gbk") else name
        try:
            return data.decode(codec), f"{codec} (declared {name})"
        except LookupError:
            pass
        except UnicodeDecodeError:  # a few broken sequences in a page that is otherwise its charset
            text = data.decode(codec, errors="replace")
            broken = text.count("\ufffd")
            if broken <= max(1, len(text) // 1000):
                return text, f"{codec} (declared {name}; {broken} undecodable sequences replaced)"
    return decode_article(data, path)


def extract_page(html: str, path: Path, *, fmt: str = "html", encoding: str = "utf-8") -> PageText:
    """The article of a page: headline, then its blocks as lines."""
    import lxml.html
    from lxml import etree

    from pipeline.read.headline import choose_headline

    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        raise InputError("is not an HTML page this tool can read", path=path, hint="save the page again, or pass its text") from None
    wechat = tree.get_element_by_id("js_content", None)
    page_text = _shown_text(tree)
    if METHOD == "trafilatura":
        blocks = _trafilatura_blocks(html, tree, wechat)
    else:
        from pipeline.read.article import find_article, script_body

        found = find_article(tree)
        first = choose_headline(tree, [b.text for b in found.blocks], page_text)
        found = find_article(tree, first)
        blocks = [(b.text, b.kind) for b in found.blocks]
        posted = script_body(html) if wechat is not None and sum(len(t) for t, _ in blocks) < 60 else []
        if posted:  # a text share: #js_content holds the title and UI words, a script holds the post
            blocks = [(line, "paragraph") for line in posted]
        if METHOD == "vote":
            blocks = _vote(blocks, _trafilatura_blocks(html, tree, wechat))
    kept = [(text, origin) for text, origin in blocks if origin != "navigation"]
    if not any(re.search(r"\w", text) for text, _ in kept):
        raise InputError("no article text found", path=path,
                         hint="is this the article's page (not a list, a login or a script-only shell)? save it again once it has loaded")
    headline = choose_headline(tree, [text for text, _ in kept], page_text)
    if kept and _same(kept[0][0], headline):
        kept = kept[1:]
    lines = [headline] + [text for text, _ in kept]
    origins = ["headline"] + [origin for _, origin in kept]
    extracted = sum(len(line) for line in lines)
    removed = _chrome(tree, extracted) + Counter({"navigation": sum(len(t) for t, o in blocks if o == "navigation")})
    account = " ".join((tree.findtext('.//*[@id="js_name"]') or "").split()) if wechat is not None else ""
    source = SourceInfo(
        format=fmt, encoding=encoding, url=_canonical(tree), site=account or _site(tree),
        author=account or _first_meta(tree, "author", "article:author", "dc.creator", "byl"),
        date=_date(html) or _script_date(html),
        removed=tuple(sorted((kind, n) for kind, n in removed.items() if n > 0)),
    )
    return PageText(tuple(lines), tuple(origins), source)


METHOD = "density"


def _shown_text(tree) -> str:
    """Everything the page shows as text, block after block (for the headline's agreement)."""
    from pipeline.read.blocks import text_blocks

    body = tree.find("body")
    return "\n".join(b.text for b in text_blocks(body if body is not None else tree))


def _trafilatura_blocks(html: str, tree, wechat) -> list[tuple[str, str]]:
    import trafilatura
    from lxml import etree

    body_html = html
    if wechat is not None:  # WeChat: the body is hidden until scripts run, so take it alone
        wechat.attrib.pop("style", None)
        body_html = "<html><body>" + etree.tostring(wechat, encoding="unicode") + "</body></html>"
    xml = trafilatura.extract(body_html, output_format="xml", include_comments=False, include_tables=True,
                              include_formatting=True, include_images=False, favor_recall=True, deduplicate=False)
    return _blocks(etree.fromstring(xml.encode("utf-8"))) if xml else []


def _vote(density: list[tuple[str, str]], extracted: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The blocks both extractors keep (text matched without spaces)."""
    other = "".join(re.sub(r"\s+", "", t) for t, _ in extracted)
    return [(t, o) for t, o in density if re.sub(r"\s+", "", t) in other]


def _blocks(root) -> list[tuple[str, str]]:
    """Text blocks of trafilatura's XML, in document order and at any depth (a table-layout
    page puts the article inside a ``<cell>``), each with its kind."""
    out: list[tuple[str, str]] = []

    def visit(element) -> None:
        tag = element.tag
        if tag == "table" and _is_leaf_table(element):
            rows = [[_flat(cell) for cell in row.iter("cell")] for row in element.iter("row")]
            navigation = len(rows) <= 2 and all(len(r) >= 4 and all(len(c) <= 8 for c in r) for r in rows)
            out.extend(("\t".join(c for c in r if c), "navigation" if navigation else "table row") for r in rows if any(r))
        elif tag == "list":
            out.extend((_flat(item), "list item") for item in element.iter("item"))
        elif tag in ("p", "head", "quote"):
            kind = {"p": "paragraph", "head": "heading", "quote": "quote"}[tag]
            out.extend((piece, kind) for piece in _flat(element, keep_breaks=True).split("\n"))
        else:
            for child in element:
                visit(child)

    visit(root)
    return [(text, origin) for text, origin in out if text.strip()]


def _is_leaf_table(table) -> bool:
    """A table of text, not a layout table holding the article's paragraphs."""
    return not any(child.tag in ("p", "head", "list", "quote", "table") for cell in table.iter("cell") for child in cell)


def _flat(element, keep_breaks: bool = False) -> str:
    """The element's text with inline markup dissolved; ``<lb/>`` a line break if asked."""
    parts: list[str] = []

    def walk(node) -> None:
        if node.tag == "lb":
            parts.append("\n" if keep_breaks else " ")
        elif node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return "\n".join(" ".join(line.split()) for line in "".join(parts).split("\n"))


def _same(a: str, b: str) -> bool:
    return re.sub(r"\s+", "", a) == re.sub(r"\s+", "", b)


def _canonical(tree) -> str:
    for link in tree.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            return link.get("href").strip()
    return _meta(tree, "og:url")


def _meta(tree, name: str) -> str:
    for meta in tree.iter("meta"):
        if name in ((meta.get("property") or "").lower(), (meta.get("name") or "").lower()) and meta.get("content"):
            return " ".join(meta.get("content").split())
    return ""


def _first_meta(tree, *names: str) -> str:
    return next((value for value in map(lambda n: _meta(tree, n), names) if value), "")


def _site(tree) -> str:
    return _first_meta(tree, "og:site_name", "dc.publisher", "application-name", "publisher")


def _date(html: str) -> str:
    """The publication date, as htmldate (trafilatura's own date finder) reads it."""
    from htmldate import find_date

    try:
        return find_date(html, original_date=True, extensive_search=False) or ""
    except (ValueError, TypeError):
        return ""


def _script_date(html: str) -> str:
    """A date only a script knows (WeChat: ``var ct = "1709605800"``), as YYYY-MM-DD."""
    import datetime

    m = re.search(r"""\b(?:ct|publish_time|create_time)\s*=\s*["']?(\d{10})\b""", html)
    if not m:
        return ""
    return datetime.datetime.fromtimestamp(int(m.group(1)), datetime.timezone.utc).strftime("%Y-%m-%d")


def _chrome(tree, extracted: int) -> Counter:
    """The page text the extractor left out, by kind (characters): scripts, styles,
    navigation, comments, share bars, ads… — what ``source.removed`` reports."""
    counts: Counter = Counter()

    def visit(element) -> None:
        for child in element:
            if not isinstance(child.tag, str):
                continue
            kind = CHROME_TAGS.get(child.tag) or _chrome_kind(child)
            if kind is not None:
                counts[kind] += len("".join(child.itertext()).strip())
            else:
                visit(child)

    visit(tree)
    body = tree.find("body")
    total = len("".join(body.itertext()).strip()) if body is not None else 0
    other = total - extracted - sum(n for k, n in counts.items() if k not in ("script", "style"))
    if other > 0:
        counts["other page text"] += other
    return counts


def _chrome_kind(element) -> str | None:
    marks = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    if not marks.strip():
        return None
    words = set(re.split(r"[^a-z]+", marks))
    return next((k for word, k in CHROME_WORDS if word in words or (len(word) > 3 and word in marks)), None)
