"""Feeds read as what they are: an RSS or Atom file saved as text (a blog's feed, a column's
feed) is its items — each item's title and text — with the channel's furniture (links,
build dates, generator comments, image blocks) left out as metadata.

Parsed with the standard library's ElementTree after the encoding declaration is dropped
(the bytes were decoded by the text reader, which trusts the bytes over the declaration:
a feed declared GB2312 often holds GB18030 characters). Expat refuses entity expansion
bombs; a feed that does not parse is read as plain text instead.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

FEED_START = re.compile(r"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.S)
DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.S)
BLOCK_TAG = re.compile(r"<br\s*/?>|</?(?:p|div|li|h[1-6]|blockquote)\b[^>]*>", re.I)
ANY_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Feed:
    title: str
    lines: tuple[str, ...]
    origins: tuple[str, ...]
    url: str = ""
    date: str = ""


def looks_like_feed(text: str) -> bool:
    """``<?xml …?><rss …>`` or ``<feed xmlns=…>`` at the start.

    >>> looks_like_feed('<?xml version="1.0" encoding="gb2312"?><!-- x --><rss version="0.92">')
    True
    """
    return bool(FEED_START.match(text.lstrip("\ufeff")))


def read_feed(text: str) -> Feed | None:
    """The channel's title, then each item's title (``heading``) and the lines of its text."""
    try:
        root = ET.fromstring(DECLARATION.sub("", text.lstrip("\ufeff"), count=1))
    except ET.ParseError:
        return None
    items = [el for el in root.iter() if _local(el.tag) in ("item", "entry")]
    channel = next((el for el in root.iter() if _local(el.tag) in ("channel", "feed")), root)
    lines: list[str] = []
    origins: list[str] = []
    for item in items:
        title = _text(_child(item, "title"))
        if title:
            lines.append(title)
            origins.append("heading")
        body = _child(item, "encoded", "description", "content", "summary")
        for piece in _body_lines(_text(body, keep_breaks=True)):
            lines.append(piece)
            origins.append("paragraph")
    return Feed(_text(_child(channel, "title")), tuple(lines), tuple(origins),
                _text(_child(channel, "link")), _text(_child(channel, "lastBuildDate", "updated")))


def _body_lines(text: str) -> list[str]:
    """An item's text as lines: markup breaks and the feed's own line breaks both end a line."""
    text = BLOCK_TAG.sub("\n", text)
    text = html.unescape(ANY_TAG.sub("", text))
    return [line.strip() for line in text.splitlines() if line.strip()]


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _child(element: ET.Element, *names: str) -> ET.Element | None:
    """The first child of the first of ``names`` that the element has."""
    for name in names:
        found = next((child for child in element if _local(child.tag) == name), None)
        if found is not None:
            return found
    return None


def _text(element: ET.Element | None, keep_breaks: bool = False) -> str:
    if element is None:
        return ""
    text = "".join(element.itertext())
    return text if keep_breaks else " ".join(text.split())
