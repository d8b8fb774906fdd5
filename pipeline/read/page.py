"""Saved web pages: decode the bytes, take the article out of the page, and say what was
left behind.

A page is decoded by what its bytes are, not what it declares: browsers re-encode a page
to UTF-8 when they save it and keep the old ``<meta charset=gb2312>``, and a ``charset=``
on a ``<script>`` is not the page's; a few broken sequences in an otherwise GBK page are
replaced, not refused. The article is found by its prose (``pipeline.read.article``): on
real pages that beat trafilatura, which this reader used before, on the development pages
(docs/pages-on-real-sites.md has the figures). The headline comes from
``pipeline.read.headline``. Captions, credits and notices next to the article are kept as
lines for the normalizer, which drops and lists them; what is left out of the page is
counted by kind in ``source.removed``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pipeline.document import SourceInfo
from pipeline.errors import InputError

MAX_PAGE_BYTES = 64 * 1024 * 1024
# A page's declared charset: a <meta> tag's, or an XHTML page's XML declaration.
SAMPLE_BYTES = 256 * 1024  # enough prose to tell two codecs apart, cheap on a 60 MB page
GB_NAMES = ("gb2312", "gbk", "gb18030", "x-gbk")
DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_-]+)""", re.I)
UNSEEN = {"script": "script", "style": "style", "noscript": "script", "template": "script", "iframe": "embed"}


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
        name = (declared.group(1) or declared.group(2)).decode("ascii").lower()
        codec = "gb18030" if name in GB_NAMES else name
        other = _other_chinese_codec(data, codec)
        if other:  # Big5 bytes under a GB2312 declaration (a template copied between sites), or the reverse
            return data.decode(other, errors="replace"), f"{other} (declared {name}; the bytes are {other})"
        try:
            return data.decode(codec), f"{codec} (declared {name})"
        except LookupError:
            pass
        except UnicodeDecodeError:  # a few broken sequences in a page that is otherwise its charset
            text = data.decode(codec, errors="replace")
            broken = text.count("\ufffd")
            if broken <= max(4, len(text) // 500):
                return text, f"{codec} (declared {name}; {broken} undecodable sequences replaced)"
    return decode_article(data, path)


def _other_chinese_codec(data: bytes, declared: str) -> str | None:
    """The other legacy Chinese codec when the bytes read as it and not as the declared one:
    the right codec gives the common characters of prose, the wrong one rare characters
    (``COMMON``, the same evidence the text reader decides by)."""
    from pipeline.read.text import COMMON

    families = {"gb18030": "big5", "big5": "gb18030", "big5-hkscs": "gb18030", "cp950": "gb18030"}
    other = families.get(declared)
    if other is None:
        return None

    sample = data[:SAMPLE_BYTES]

    def common(codec: str) -> tuple[int, int]:
        text = sample.decode(codec, errors="replace")
        return sum(ch in COMMON for ch in text), text.count("\ufffd")

    (declared_common, _), (other_common, other_broken) = common(declared), common(other)
    return other if other_common >= max(8, 3 * declared_common) and other_broken <= max(2, len(sample) // 2000) else None


def extract_page(html: str, path: Path, *, fmt: str = "html", encoding: str = "utf-8") -> PageText:
    """The article of a page: headline, then its blocks as lines."""
    import lxml.html
    from lxml import etree

    from pipeline.read.article import find_article, script_body
    from pipeline.read.headline import choose_headline

    html = re.sub(r"^\ufeff?\s*<\?xml[^>]*\?>", "", html)  # decoded already: lxml refuses text that declares an encoding
    try:
        tree = lxml.html.document_fromstring(html, parser=_parser())
        if _lost_text(html, tree):
            tree = _as_browsers_parse(html)
    except (etree.ParserError, ValueError):
        raise InputError("is not an HTML page this tool can read", path=path, hint="save the page again, or pass its text") from None
    wechat = tree.get_element_by_id("js_content", None)
    found = find_article(tree)
    page_text = found.page_text
    found = find_article(tree, choose_headline(tree, [b.text for b in found.blocks], page_text))
    blocks = [(b.text, b.kind) for b in found.blocks]
    posted = script_body(html) if wechat is not None and sum(len(t) for t, _ in blocks) < 60 else []
    if posted:  # a text share: #js_content holds the title and UI words, a script holds the post
        blocks = [(line, "paragraph") for line in posted]
    headline = choose_headline(tree, [text for text, _ in blocks], page_text)
    kept = blocks[1:] if blocks and _same(blocks[0][0], headline) else blocks
    nothing = not any(re.search(r"\w", text) for text, _ in kept)  # nothing, or a headline alone
    if _script_shell(" ".join(text for text, _ in kept) if not nothing else " ".join(" ".join(e.itertext()) for e in tree.iter("noscript"))):
        raise InputError("no article text found: the page only asks for JavaScript", path=path,
                         hint="open it in a browser, let it load, then save it again (File → Save Page As…)")
    if nothing:
        raise InputError("no article text found", path=path,
                         hint="is this the article's page (not a list, a login or a script-only shell)? save it again once it has loaded")
    lines = [headline] + [text for text, _ in kept]
    origins = ["headline"] + [origin for _, origin in kept]
    removed = _unseen(tree) + Counter(dict(found.left_out))
    account = " ".join((tree.findtext('.//*[@id="js_name"]') or "").split()) if wechat is not None else ""
    source = SourceInfo(
        format=fmt, encoding=encoding, url=_canonical(tree), site=account or _site(tree),
        author=account or _first_meta(tree, "author", "article:author", "dc.creator", "byl"),
        date=_date(html) or _script_date(html),
        removed=tuple(sorted((kind, n) for kind, n in removed.items() if n > 0)),
    )
    return PageText(tuple(lines), tuple(origins), source)


SCRIPT_SHELL = re.compile(r"(?:启用|开启|打开|允许|支持|需要|enable|turn on|without).{0,12}(?:JavaScript|JS|脚本)"
                          r"|JavaScript.{0,20}(?:禁用|关闭|disabled|required|enabled)", re.I)


def _script_shell(text: str) -> bool:
    """A page whose whole text is a "please enable JavaScript" notice: an app shell saved
    before it ran, not an article (a notice inside a long article is the article's)."""
    return len(text) < 200 and SCRIPT_SHELL.search(text) is not None


def _parser():
    """libxml2's HTML parser without its depth limit (paragraphs past ~250 nested levels
    were cut off)."""
    import lxml.html

    return lxml.html.HTMLParser(huge_tree=True)


INVISIBLE = re.compile(r"<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->", re.I | re.S)


def _lost_text(html: str, tree) -> bool:
    """Whether libxml2's parse lost the page's text: fewer Chinese characters in its tree than
    between the page's tags (an old GB2312 page's unclosed ``<font>`` tags merged and dropped
    most paragraphs, where a browser keeps them all)."""
    from pipeline.chinese import han_count

    between_tags = han_count(re.sub(r"<[^>]*>", " ", INVISIBLE.sub(" ", html)))
    if between_tags < 20:
        return False
    hidden = sum(han_count(e.text_content()) for e in tree.iter("script", "style"))
    return han_count(tree.text_content()) - hidden < 0.9 * between_tags


def _as_browsers_parse(html: str):
    """The page as browsers parse it (html5lib: the HTML standard's algorithm), as an lxml
    tree: html5lib's tree serialised, then read again — its markup is balanced now."""
    import html5lib
    import lxml.html
    from lxml import etree

    parsed = html5lib.parse(html, treebuilder="lxml", namespaceHTMLElements=False)
    return lxml.html.document_fromstring(etree.tostring(parsed, method="html", encoding="unicode"), parser=_parser())


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


def _unseen(tree) -> Counter:
    """What a reader never sees as text (characters): scripts, styles, embedded players."""
    counts: Counter = Counter()
    for element in tree.iter(*UNSEEN):
        kind = UNSEEN[element.tag]
        counts[kind] += len("".join(element.itertext()).strip())
    return counts
