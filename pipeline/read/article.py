"""Where the article is on a page, and where it ends, by evidence of the text itself.

The page is read as blocks (``pipeline.read.blocks``). A block's worth is its prose: Chinese
characters outside links count for it; link text, and a fixed cost per block (the markup
a reader's eye skips), count against it. The article is the contiguous run of blocks with
the greatest total worth — a maximum subarray, linear in the page — found after the
headline where the headline stands on the page. A feed, a teaser list or a "more from this
author" box after the article is links and short lines, so its worth is negative and the run
stops before it; a paragraph of prose inside the article outweighs a caption or an inline
ad around it. Blocks inside elements the page itself marks as comments, recommendations,
navigation or footers weigh as links do.

Where the page names its article container (WeChat's ``#js_content``, ``itemprop=articleBody``,
one ``<article>``, the body containers of the big Chinese platforms), the run is looked for
inside it alone — still with the tail cut, since platforms append their own lists inside.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.chinese import han_count
from pipeline.read.blocks import Block, text_blocks

# A sentence in a block: its end (。！？；…), a clause left open at the block's end (a
# line-broken verse: 不要总呆在自己的舒适圈里，), or two clauses; not a label's colon (标签：生活).
SENTENCE_LIKE = re.compile(r"[。！？；…!?]|[，、：,:]\W*$|[，、].*[，、]")
BLOCK_COST = 6.0
FURNITURE_LINES = 3  # at most this many lines of the article's own furniture at either end
# A time of day or an age (``2004-12-15 14:55:21``, ``3小时前``): on a line of its own after the
# article has begun, the stamp of a comment or a feed item.
STAMP = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?!\d)|\d+\s*(?:秒|分钟|小时|天)前|刚刚")
# The words pages mark their furniture with (class or id), and the kind each names; a word
# of six letters or more also counts inside a longer name (``comments_rule``, ``recommendbox``).
CHROME = {
    "comments": ("comment", "reply", "pinglun", "discuss"),
    "related links": ("recommend", "related", "relate", "tuijian", "xiangguan", "hot", "rank", "more", "next", "prev",
                      "feed", "feeds", "guess", "popular", "trending", "widget"),
    "navigation": ("nav", "navbar", "navbox", "menu", "breadcrumb", "tags", "toc", "editsection"),
    "footer": ("footer", "copyright"),
    "sidebar": ("sidebar", "infobox"),
    "share bar": ("share", "login"),
    "ads": ("advert", "ads", "banner"),
    "player": ("player", "video", "txp", "vjs"),
    "references": ("reference",),
}
CHROME_TAGS = {"nav": "navigation", "footer": "footer", "aside": "sidebar"}
# Furniture that is short by nature: an element so marked that holds 200 Chinese characters is
# something else (ifeng's article body sits in ``js_img_share_area``). Comments, related
# lists and sidebars can be long, and are furniture whatever their length.
SHORT_KINDS = {"navigation", "footer", "share bar", "ads", "player"}
# Article containers named by the page itself, strongest first: WeChat, schema.org, the big
# platforms' body elements. A name that only an article body carries is trusted with a short
# text (a poem, a flash: 10 Chinese characters); a class many elements share (a teaser card's
# ``article-content``) must hold a paragraph's worth (60) first.
WECHAT = '*[@id="js_content"]'
CONTAINERS = tuple((xpath, 10) for xpath in (
    '//' + WECHAT, '//*[@itemprop="articleBody"]', '//*[@id="content_views"]', '//*[@id="artibody"]',
    '//*[@id="endText"]', '//*[@id="mp-editor"]', '//*[@id="Cnt-Main-Article-QQ"]', '//*[@id="read-article-holder"]',
    '//*[@id="link-report"]', '//*[@id="chaptercontent"]', '//*[@id="UCAP-CONTENT"]', '//*[@id="p-detail"]',
    '//*[contains(concat(" ", @class, " "), " contson ")]', '//*[contains(@class,"J-lemma-content")]',
    '//*[contains(@class,"mw-parser-output")]',
)) + tuple((xpath, 60) for xpath in (
    '//*[contains(@class,"post_body")]', '//*[contains(@class,"article-content")]',
    '//*[contains(@class,"rich_media_content")]', '//*[contains(@class,"content-article")]',
    '//*[contains(@class,"RichText")]', '//*[contains(@class,"review-content")]', '//*[contains(@class,"left_zw")]',
    '//*[@id="detail"]', '//*[contains(@class,"rm_txt_con")]', '//*[contains(@class,"news_txt")]', '//article',
))


@dataclass(frozen=True)
class Found:
    """The article's blocks, where they were looked for, and what was left out by kind."""

    blocks: tuple[Block, ...]
    container: str  # the marker that named the container, or "page"
    left_out: tuple[tuple[str, int], ...]
    page_text: str  # all the page shows as text, block by block


def worth(block: Block, chrome: str | None) -> float:
    """Prose for the article; links, furniture and bare labels against it.

    A block that ends or holds a sentence is prose whatever its length (a line of dialogue,
    “咳咳，茶座君。”); a block without one pays a fixed cost — the markup a reader's eye
    skips — so a run of labels, dates and buttons weighs against the article."""
    if chrome:
        return -BLOCK_COST - len(block.text)
    if STAMP.search(block.text) and len(block.text) <= 60 and not SENTENCE_LIKE.search(block.text):
        return -BLOCK_COST - 1.5 * len(block.text)  # the stamp of a comment or a feed item: each one's boundary
    han = han_count(block.text)
    linked = min(han, block.link_chars)
    penalty = 1.5 * block.link_chars
    if SENTENCE_LIKE.search(block.text) and block.link_density < 0.5:
        return han - linked - penalty
    return 0.5 * (han - linked) - penalty - BLOCK_COST


def chrome_marked(element) -> str | None:
    """The kind of furniture the page marks an element as (by tag, class or id), if any."""
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if tag in CHROME_TAGS:
        return CHROME_TAGS[tag]
    marks = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    if not marks.strip():
        return None
    words = set(re.split(r"[^a-z]+", marks))
    return next((kind for kind, names in CHROME.items()
                 if any(w in words or (len(w) > 5 and w in marks) for w in names)), None)


class Chrome:
    """Which blocks sit inside page furniture: an element marked as comments, related
    links, navigation… that does not hold the headline (a wrapper classed ``blq-int-nav``
    around the whole page is not navigation). Where the headline is not on the page, a
    marked element holding half the page's Chinese is taken for such a wrapper; a "share
    bar" holding a long text is taken for the text."""

    def __init__(self, root, headline_element=None, total: int = 0):
        self.root = root
        self.total = max(1, total)
        self.protected = set(headline_element.iterancestors()) | {headline_element} if headline_element is not None else set()
        self.known: dict = {}  # element → verdict (elements as keys: an lxml proxy's id() is reused)

    def __call__(self, element) -> str | None:
        """The kind of furniture ``element`` sits in, or None when it is none."""
        node, path, verdict = element, [], None
        while node is not None and node is not self.root:
            if node in self.known:
                verdict = self.known[node]
                break
            path.append(node)
            kind = chrome_marked(node)
            if kind and node not in self.protected and (
                    self.protected or han_count(node.text_content()) < self.total / 2) and not (
                    kind in SHORT_KINDS and han_count(node.text_content()) >= 200):
                verdict = kind
                break
            node = node.getparent()
        for seen in path:
            self.known[seen] = verdict
        return verdict


def find_article(tree, headline: str = "") -> Found:
    """The article's blocks on a parsed page (``lxml`` tree), the headline's block excluded,
    and what the page shows besides, by kind."""
    # The whole document, not <body>: a broken page can leave its article after </body>, or
    # after </html>, where the parser makes it a second top-level element.
    body = tree
    blocks = [b for root in (tree, *tree.itersiblings()) if isinstance(root.tag, str) for b in text_blocks(root)]
    page_text = "\n".join(b.text for b in blocks)
    if not blocks:
        return Found((), "page", (), page_text)
    heading = _headline_index(blocks, headline, [worth(b, None) for b in blocks])
    chrome = Chrome(body, blocks[heading].container if heading is not None else None,
                    sum(han_count(b.text) for b in blocks))
    feed = _feed_items(blocks)
    chrome_flags = [chrome(b.container) or ("related links" if i in feed else None) for i, b in enumerate(blocks)]
    scores = [worth(b, c) for b, c in zip(blocks, chrome_flags)]
    container, marker = _named_container(tree)
    lo, hi = 0, len(blocks) - 1
    if container is not None:  # look inside the container the page names, if it is the article's
        inside = [i for i, b in enumerate(blocks) if b.container is container or container in set(b.container.iterancestors())]
        if inside and _holds_the_article(scores, inside[0], inside[-1], heading):
            lo, hi = inside[0], inside[-1]
        else:
            container, marker = None, "page"
    if marker == WECHAT:  # the platform says where its article is: all of it, less a list at its end
        first, last = lo, hi
        while last > first and (chrome_flags[last] or blocks[last].link_density > 0.5):
            last -= 1
    else:
        start = _after_headline(scores, heading) if heading is not None and lo <= heading <= hi else 0
        start = min(start, hi)  # the headline last on the page: nothing after it (a text share's #js_content)
        first, last = _best_run(scores, max(lo, start), hi)
        if heading is not None and start > 0:
            first, last = _nearest(blocks, scores, max(lo, start), hi, first, last)
        first, last = _first_post(blocks, first, last)
        first, last = _widen(blocks, chrome_flags, first, last, heading)
    kept = _deck(blocks, scores, chrome_flags, first, heading) + list(range(first, last + 1))
    left: dict[str, int] = {}
    taken = set(kept)  # (a list here made a long page's accounting quadratic)
    for i, b in enumerate(blocks):
        if i not in taken:
            kind = chrome_flags[i] or ("links" if b.link_density > 0.5 else "page text")
            left[kind] = left.get(kind, 0) + len(b.text)
    return Found(tuple(blocks[i] for i in kept), marker, tuple(sorted(left.items())), page_text)


def _deck(blocks: list[Block], scores: list[float], chrome_flags: list[str | None], first: int, heading: int | None) -> list[int]:
    """The deck between the headline and the body — a subtitle or summary in a box of its own,
    cut off from the body by a line of links — as the lines of prose in that gap (at most
    five blocks), links and buttons left out."""
    if heading is None or not 0 < first - heading <= 6:
        return []
    return [i for i in range(heading + 1, first) if scores[i] > 0 and blocks[i].link_chars == 0 and not chrome_flags[i]]


def _feed_items(blocks: list[Block]) -> set[int]:
    """The blocks of a feed, whatever the page calls it (rendered DOMs' class names are
    hashes): four or more sibling elements of one shape, each led by a line that is all link
    — a teaser's title — hold feed items, their summaries included. An article's paragraphs
    with links inside their sentences are not all link; a list of bare links is furniture
    already."""
    titled: dict = {}  # element → whether it holds a block that is all link
    for b in blocks:
        if b.link_density >= 0.9 and han_count(b.text) >= 4:
            for depth, element in enumerate([b.container, *b.container.iterancestors()]):
                if depth > 4 or element.getparent() is None:
                    break
                titled[element] = True
    items: set = set()
    seen_parents: set = set()
    for element in list(titled):
        parent = element.getparent()
        key = (parent, element.tag, element.get("class"))
        if key in seen_parents:
            continue
        seen_parents.add(key)
        alike = [c for c in parent if c.tag == element.tag and c.get("class") == element.get("class")]
        if len(alike) >= 4 and sum(c in titled for c in alike) >= max(4, 0.6 * len(alike)):
            items.update(c for c in alike if c in titled)
    if not items:
        return set()
    return {i for i, b in enumerate(blocks) if b.container in items or any(a in items for a in b.container.iterancestors())}


def _holds_the_article(scores: list[float], lo: int, hi: int, heading: int | None) -> bool:
    """A named container is the article's when it holds a good part of the page's prose, or
    when it is the first prose after the headline (a poem's few lines under its title); an
    ``#endText`` holding only the licence line below the real article is not."""
    positive = lambda span: sum(s for s in span if s > 0)  # noqa: E731
    held = positive(scores[lo:hi + 1])
    if held >= 0.4 * positive(scores):
        return True
    return heading is not None and heading < lo and positive(scores[heading + 1:lo]) < held


# A date and a time together (``2005-06-14 03:25:55``): a post's or a comment's stamp.
POST_STAMP = re.compile(r"\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s*\d{1,2}:\d{2}")


def _nearest(blocks: list[Block], scores: list[float], start: int, stop: int, first: int, last: int) -> tuple[int, int]:
    """A short article right under its headline is the article, though a longer run of
    prose follows elsewhere on the page (a 100-character flash above a feed of teasers with
    summaries): the run that begins with the first prose after the headline wins when it is
    in a container of its own and holds a quarter of the best run's worth; when the later run
    sits in the same container, the article goes on across a dip (an inline ad) and both are
    kept."""
    begin = next((i for i in range(start, stop + 1) if scores[i] > 0), None)
    if begin is None or begin >= first:
        return first, last
    near_last, total, best = begin, 0.0, float("-inf")
    for i in range(begin, first):
        total += scores[i]
        if total > best:
            best, near_last = total, i
    if best <= 0 or sum(han_count(b.text) for b in blocks[begin:near_last + 1]) < 30:
        return first, last
    box = _common_ancestor(blocks[begin].container, blocks[near_last].container)
    if box is blocks[begin].container and box.getparent() is not None:
        box = box.getparent()  # a one-paragraph run: its container is the paragraph's parent
    later = blocks[first:last + 1]
    if all(b.container is box or any(a is box for a in b.container.iterancestors()) for b in later):
        return begin, last  # one article across a dip
    return (begin, near_last) if best >= 0.25 * sum(scores[first:last + 1]) else (first, last)


def _first_post(blocks: list[Block], first: int, last: int) -> tuple[int, int]:
    """A run that holds several posts, each under its own date-and-time stamp (a blog's front
    page, a forum thread), is cut to its first post of substance (100 Chinese characters).
    One stamp is a dateline; two or more in a run are a list of posts."""
    stamps = [i for i in range(first, last + 1) if POST_STAMP.search(blocks[i].text) and len(blocks[i].text) <= 80
              and not SENTENCE_LIKE.search(blocks[i].text)]
    if len(stamps) < 2:
        return first, last
    edges = [first - 1, *stamps, last + 1]
    for start, stop in zip(edges, edges[1:]):
        if sum(han_count(b.text) for b in blocks[start + 1:stop]) >= 100:
            return start + 1, stop - 1
    return first, last


def _named_container(tree):
    """The first container the page names that holds enough Chinese to be the article."""
    for xpath, least in CONTAINERS:
        try:
            found = tree.xpath(xpath)
        except Exception:  # noqa: BLE001 — an odd page must not stop the reading
            continue
        if xpath == "//article" and len(found) != 1:
            continue
        for element in found:
            if han_count(element.text_content()) >= least:
                return element, xpath.strip("/")
    return None, "page"


def _headline_index(blocks: list[Block], headline: str, scores: list[float]) -> int | None:
    """The block that is the headline: of the blocks that read as the headline (a nav link
    to the article, a breadcrumb, the heading itself), the last with most of the page's
    prose still after it."""
    key = re.sub(r"\W+", "", headline)
    if len(key) < 2:
        return None
    total = sum(s for s in scores if s > 0)
    after = total
    found = None
    for i, block in enumerate(blocks):
        text = re.sub(r"\W+", "", block.text)
        same = text == key or (len(key) >= 4 and key in text and len(text) <= len(key) * 1.5)  # a poem's 春晓 only as itself
        if same and (found is None or after >= 0.5 * total):
            found = i
        after -= max(0.0, scores[i])
    return found


def _after_headline(scores: list[float], heading: int | None) -> int:
    """Where to start looking: after the headline's block, when most of the page's prose
    follows it (a headline repeated in a sidebar is not the article's)."""
    if heading is None:
        return 0
    total = sum(s for s in scores if s > 0)
    after = sum(s for s in scores[heading + 1:] if s > 0)
    return heading + 1 if after >= 0.5 * total else 0


def _widen(blocks: list[Block], chrome_flags: list[str | None], first: int, last: int, heading: int | None) -> tuple[int, int]:
    """The run grown over the article's own furniture at its ends — a credit, a byline, a
    dateline in the same container as the run — so the normalizer sees those lines and lists
    them as dropped rather than them vanishing. Only when that is all the container holds
    beyond the run (a few short lines): a container that goes on into comments or a list is
    left as the run found it."""
    box = _common_ancestor(blocks[first].container, blocks[last].container)

    def inside(i: int) -> bool:
        element = blocks[i].container
        return element is box or any(a is box for a in element.iterancestors())

    def own(i: int) -> bool:
        b = blocks[i]
        return (not chrome_flags[i] and b.link_density <= 0.5 and len(b.text) <= 60
                and not STAMP.search(b.text))

    after = list(range(last + 1, len(blocks)))
    tail = [i for i in after[:FURNITURE_LINES + 1] if inside(i)]
    if len(tail) <= FURNITURE_LINES and all(own(i) for i in tail) and (len(tail) == len(after) or not inside(last + len(tail) + 1)):
        last += len(tail)
    floor = heading + 1 if heading is not None and heading < first else 0
    before = list(range(first - 1, floor - 1, -1))
    head = [i for i in before[:FURNITURE_LINES + 1] if inside(i)]
    if len(head) <= FURNITURE_LINES and all(own(i) for i in head) and (len(head) == len(before) or not inside(first - len(head) - 1)):
        first -= len(head)
    return first, last


def _common_ancestor(a, b):
    ancestors = [a, *a.iterancestors()]
    around_b = {id(e) for e in [b, *b.iterancestors()]}
    return next((e for e in ancestors if id(e) in around_b), ancestors[-1])


def _best_run(scores: list[float], start: int, stop: int) -> tuple[int, int]:
    """The contiguous run of greatest total within ``start..stop`` (Kadane's algorithm)."""
    best, best_span = float("-inf"), (start, start)
    total, begin = 0.0, start
    for i in range(start, stop + 1):
        if total <= 0:
            total, begin = 0.0, i
        total += scores[i]
        if total > best:
            best, best_span = total, (begin, i)
    return best_span



JS_ESCAPES = {"n": "\n", "r": "\n", "t": " "}  # a JavaScript string's line breaks are the post's
SCRIPT_BODY = re.compile(r"""\bcontent_noencode\s*[:=]\s*(?:JsDecode\()?(['"])((?:\\.|(?!\1).)*)\1""", re.S)


def script_body(html: str) -> list[str]:
    """The text of a post whose body only a script holds (a WeChat text share: ``#js_content``
    is the title alone, the post is ``content_noencode: JsDecode('…')``), as lines."""
    import html as entities

    m = SCRIPT_BODY.search(html)
    if not m:
        return []
    text = re.sub(r"\\x([0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})", lambda e: chr(int(e.group(1) or e.group(2), 16)), m.group(2))
    text = entities.unescape(re.sub(r"\\(.)", lambda e: JS_ESCAPES.get(e.group(1), e.group(1)), text))
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]
