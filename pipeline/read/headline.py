"""The headline of a saved page.

Metadata titles on Chinese pages are often the ``<title>`` with the site or tags appended
(``标题_关键词_关键词``, ``标题--频道--站名``, ``标题 @ 博主 :: 站名 ::``, ``标题 - BBC中文网 - 两岸三地``)
or a portal slogan (``网易商业`` in the ``<h1>``) instead of the headline. The candidates —
the page's headings, ``og:title``, the ``<title>`` — are
scored by how well they agree with the ``<title>`` and with the article's own text. A
metadata title that wins is cut to the longest run of its pieces that the page itself shows
as text (``法国全国大罢工再次严重影响交通-新华网`` → the headline the page prints; ``大话四川-
[原创]朋友，请…[麻辣社区]`` → the post's own title): no list of site names can be complete,
but a site's name and tags are exactly the pieces the article's page does not repeat
next to each other.
"""

from __future__ import annotations

import re

SEPARATORS = re.compile(r"\s*(?:_|--|—|–|\||｜|::|\s-\s|\s@\s|·)\s*")
# Where a metadata title may be cut: the separators above, a hyphen or angle bracket next to
# Chinese (``交通-新华网``, ``研究<世纪在线``, not ``COVID-19``), a bracketed tag (``[麻辣社区]``).
PIECE_BREAK = re.compile(r"\s*(?:_+|--|—|–|\||｜|::|\s-\s|\s@\s|·|(?<=[^\x00-\x7f])\s*[-<>»«]\s*|\s*[-<>»«]\s*(?=[^\x00-\x7f])"
                         r"|\s*(?=\[[^\]]{1,12}\]\s*$)|(?<=\])(?=[^\s\]]))\s*")
SITE_WORDS = re.compile(r"网|频道|站|新闻|日报|晚报|时报|官网|首页|博客|中文|PIXNET|BBC|[Nn]ews|[Bb]log|\.com|\.cn")


def choose_headline(tree, body: list[str], page_text: str = "") -> str:
    """The best headline candidate for the article whose text blocks are ``body``;
    ``page_text`` is everything the page shows as text (to cut a metadata title down to
    what the page prints)."""
    title = " ".join((tree.findtext(".//title") or "").split())
    og = _meta(tree, "og:title") or _meta(tree, "twitter:title")
    headings = [_trim(_visible_text(h)) for tag in ("h1", "h2", "h3") for h in tree.iter(tag)]
    special = [" ".join(e.text_content().split()) for e in tree.xpath('//*[@id="activity-name" or @itemprop="headline"]')]
    candidates = [c for c in dict.fromkeys(special + headings + [og, title]) if c]
    if not candidates:
        return body[0] if body else ""
    reference = title or og
    text = "".join(body[:30])
    scored = [(_score(c, reference, text, c in special), -i, c) for i, c in enumerate(candidates)]
    best = max(scored)[2]
    if best not in (title, og):
        return best
    shown = shown_run(best, page_text)
    return shown if shown else strip_site(best)


def shown_run(title: str, page_text: str) -> str:
    r"""The longest run of the title's pieces that the page shows as one stretch of text
    within one block (spaces and punctuation aside), or "" when none of four characters or
    more is shown. A run the page shows broken over consecutive blocks counts when it is
    much the longer (12 characters at least, 8 more than the best in one block).

    >>> shown_run("法国全国大罢工再次严重影响交通-新华网", "首页 图集 法国全国大罢工再次严重影响交通 新华社巴黎电")
    '法国全国大罢工再次严重影响交通'
    >>> shown_run("大话四川-[原创]朋友，请认识凉山！错误信息[麻辣社区]", "麻辣社区\n大话四川\n[原创]朋友，请认识凉山！错误信息\n楼主")
    '[原创]朋友，请认识凉山！错误信息'
    """
    if not page_text:
        return ""
    lines = [_squeeze(line) for line in page_text.splitlines()]
    cuts = [0] + [p for m in PIECE_BREAK.finditer(title) for p in (m.start(), m.end())] + [len(title)]
    starts, ends = cuts[0::2], cuts[1::2]
    pieces = sorted({title[start:end].strip() for i, start in enumerate(starts) for end in ends[i:]}, key=len, reverse=True)

    def longest(page: str, least: int) -> str:
        return next((p for p in pieces if len(_squeeze(p)) >= least and _squeeze(p) in page), "")

    in_one = longest("\n".join(lines), 4)
    # a headline the page breaks over lines (a gazette's three-line title) is shown too
    across = longest("".join(lines), 12)
    return across if len(across) > len(in_one) + 8 else in_one


def _visible_text(element) -> str:
    """An element's text without the controls inside it (an encyclopaedia's ``[编辑]`` link)."""
    from pipeline.read.blocks import CONTROL_CLASS

    parts: list[str] = []

    def walk(node) -> None:
        if node is not element and CONTROL_CLASS.search(node.get("class") or ""):
            return
        parts.append(node.text or "")
        for child in node:
            if isinstance(child.tag, str):
                walk(child)
            parts.append(child.tail or "")

    walk(element)
    return "".join(parts)


# A control's word at a heading's end, bracketed or set apart by a space (not 总编辑's 编辑).
EDIT_TAG = re.compile(r"(?:\s*[\[［【(（]\s*(?:编辑|編輯|播报|播報|讨论|討論)\s*[\]］】)）]|\s+(?:编辑|編輯|播报|播報))\s*$")


def _trim(text: str) -> str:
    """A heading's text without decoration at its ends (``标题- -``, ``标题 [编辑]``).

    >>> _trim("北京烤鸭 [编辑]"), _trim("谁来为无序拆房“埋单”？- -"), _trim("人民日报总编辑")
    ('北京烤鸭', '谁来为无序拆房“埋单”？', '人民日报总编辑')
    """
    text = " ".join(text.split()).strip(" -—_|·:：>»")
    while EDIT_TAG.search(text) and len(EDIT_TAG.sub("", text)) >= 2:
        text = EDIT_TAG.sub("", text).strip(" -—_|·:：>»")
    return text


def _squeeze(text: str) -> str:
    return re.sub(r"[\W_]+", "", text)


def _score(candidate: str, title: str, text: str, special: bool) -> float:
    """Agreement with the <title> (a heading the <title> starts with is the headline plus a
    site suffix) and with the article (its characters occur in the text); short headings
    (a site's name, ``首页``) and very long ones (a paragraph) score low."""
    core = strip_site(candidate)
    if len(core) < 4 or len(core) > 80:
        return -1.0
    score = 2.0 if special else 0.0
    if title and candidate != title and title.startswith(candidate):
        score += 3.0
    elif title and candidate != title and candidate in title:
        score += 1.5
    chars = [c for c in core if c.isalnum()]  # punctuation differs between a title and the text ("" vs “”)
    if chars:
        score += 2.0 * sum(c in text for c in chars) / len(chars)
    if candidate == title:
        score += 0.5  # a fallback, once stripped
    return score


def strip_site(title: str) -> str:
    """A title without the site, channel or tags appended to it.

    >>> strip_site("埃洛普离职：微软卧底成弃儿？_网易财经")
    '埃洛普离职：微软卧底成弃儿？'
    >>> strip_site("港特首梁振英就住宅违建事件道歉 - BBC中文网 - 两岸三地")
    '港特首梁振英就住宅违建事件道歉'
    >>> strip_site("话剧《约定无期限》河北各市巡演结束")
    '话剧《约定无期限》河北各市巡演结束'
    """
    pieces = [p for p in SEPARATORS.split(title) if p]
    if len(pieces) < 2:
        return title.strip()
    head = pieces[0]
    for piece in pieces[1:]:
        if SITE_WORDS.search(piece) or len(piece) <= 6:
            break
        head = title[: title.index(piece) + len(piece)] if piece in title else head
    return head.strip(" _-|:@·")


def _meta(tree, name: str) -> str:
    for meta in tree.iter("meta"):
        if name in ((meta.get("property") or "").lower(), (meta.get("name") or "").lower()) and meta.get("content"):
            return " ".join(meta.get("content").split())
    return ""
