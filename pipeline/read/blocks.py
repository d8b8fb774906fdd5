"""A page's text as blocks, in document order, the way a reader sees it.

Extractors that look for ``<p>`` lose text that real pages put elsewhere: a WeChat article
is ``<section>``s of ``<span>``s, a portal's paragraph is a ``<div>`` broken by ``<br>``, a
digest's items are ``<h1>``s. Here every block-level element starts a block and every
inline one (spans, links, bold) flows into the block around it, so the text of any element
comes out whole and in order. Each block knows how much of its text sits in links and how
deep it is, the evidence ``pipeline.read.article`` weighs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.chinese import CJK_PUNCT, HAN_RANGES

BLOCK = frozenset("""address article aside blockquote body center dd details dialog div dl dt fieldset figcaption
figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th
thead tr ul caption""".split())
SKIP = frozenset("""script style noscript template svg iframe object embed select option textarea button head
video audio canvas mpvoice qqmusic mpprofile map area input title meta link""".split())
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
HIDDEN = re.compile(r"display\s*:\s*none", re.I)
# Inline controls inside the text a reader skips: an encyclopaedia's [编辑] links and
# footnote marks, elements the page marks as not for print.
CONTROL_CLASS = re.compile(r"(?:^|\s)(?:mw-editsection|editsection|edit-?link|edit-lemma|noprint|reference|mw-cite-backlink)(?:\s|$)", re.I)
CAPTION_CLASS = re.compile(r"caption|pic_?te?xt|img_?(?:desc|txt|title)|image_?desc|photo_?desc|pictext", re.I)
BREAK = "\x00"  # a <br>, as opposed to a newline of the page's source
CJK = f"[{HAN_RANGES}{CJK_PUNCT}\u3000-\u303f\uff00-\uffef]"
SOURCE_BREAK = re.compile(rf"(?<={CJK})[ \t\r\n]*\n[ \t\r\n]*(?={CJK})")


def _unwrap(text: str) -> str:
    """Source newlines are spaces, except between Chinese characters (an editor's indented
    ``<span>`` per word must not put spaces into a sentence); ``<br>``s are line breaks."""
    return SOURCE_BREAK.sub("", text).replace("\n", " ").replace(BREAK, "\n")


@dataclass(frozen=True)
class Block:
    """A run of text between block boundaries.

    ``kind`` is what the nearest block element was (paragraph, heading, list item, quote,
    preformatted, table row, or caption where the page marks one: ``<figcaption>``, a
    ``caption``/``img_desc`` class); ``link_chars`` how many characters sat inside ``<a>``;
    ``container`` the nearest block element (lxml element), for grouping blocks by parent.
    """

    text: str
    kind: str
    link_chars: int
    container: object

    @property
    def link_density(self) -> float:
        return self.link_chars / max(1, len(self.text))


def _kind(tag: str) -> str:
    if tag in HEADINGS:
        return "heading"
    return {"li": "list item", "dt": "list item", "dd": "list item", "blockquote": "quote", "pre": "preformatted",
            "tr": "table row", "td": "table row", "th": "table row"}.get(tag, "paragraph")


def text_blocks(root, *, skip_hidden: bool = True) -> list[Block]:
    """The blocks under ``root`` in document order. ``<br>`` ends a line within a block;
    a table row is one block with its cells joined by tabs; elements a browser does not show
    as text (scripts, players, forms' widgets, ``display:none``) are left out."""
    blocks: list[Block] = []
    parts: list[str] = []
    state = {"links": 0, "kind": "paragraph", "container": root}

    def flush() -> None:
        text = _unwrap("".join(parts))
        lines = ["\t".join(" ".join(cell.split()) for cell in line.split("\t")).strip("\t") for line in text.split("\n")]
        lines = [line for line in lines if line]
        if lines:
            joined = "\n".join(lines)
            links = min(state["links"], len(joined))
            for line in lines:
                share = round(links * len(line) / max(1, len(joined)))
                blocks.append(Block(line, state["kind"], share, state["container"]))
        parts.clear()
        state["links"] = 0

    def visit(node, in_link: bool) -> None:
        tag = node.tag.lower() if isinstance(node.tag, str) else None
        if tag is None or tag in SKIP:
            return
        if skip_hidden and node is not root and (HIDDEN.search(node.get("style") or "") or node.get("hidden") is not None):
            return
        if node is not root and CONTROL_CLASS.search(node.get("class") or ""):
            return  # (its tail, the text after it, is the parent's to add)
        leaf_row = tag == "tr" and _leaf_row(node)
        block = (tag in BLOCK and not (tag in ("td", "th") and _leaf_cell(node))) or leaf_row
        if block:
            flush()
            previous = (state["kind"], state["container"])
            captioned = previous[0] == "caption" or tag == "figcaption" or CAPTION_CLASS.search(f"{node.get('class') or ''} {node.get('id') or ''}")
            state["kind"], state["container"] = ("caption" if captioned else _kind(tag)), node
        link = in_link or tag == "a"
        if tag == "br":
            parts.append(BREAK)
        if node.text:
            parts.append(node.text)
            state["links"] += len(node.text.strip()) if link else 0
        for child in node:
            visit(child, link)
            if leaf_row and isinstance(child.tag, str) and child.tag.lower() in ("td", "th"):
                parts.append("\t")
            if child.tail:
                parts.append(child.tail)
                state["links"] += len(child.tail.strip()) if link else 0
        if block:
            flush()
            state["kind"], state["container"] = previous

    visit(root, False)
    flush()
    return blocks


def _leaf_cell(cell) -> bool:
    """A cell of text, not a layout cell holding paragraphs or tables."""
    return not any(isinstance(e.tag, str) and e.tag.lower() in BLOCK and e.tag.lower() not in ("td", "th")
                   for e in cell.iterdescendants())


def _leaf_row(row) -> bool:
    cells = [c for c in row if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]
    return bool(cells) and all(_leaf_cell(c) for c in cells)
