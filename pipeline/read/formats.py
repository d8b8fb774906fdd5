"""Which reader an input needs, decided by its content as well as its name, and the one
entry point every command uses: ``read_document`` (a path, or ``-`` for standard input).

Every reader gives the same ``Document``: source lines (title first), where each came from,
and a ``SourceInfo``; the normalizer and everything after it never know the format.
"""

from __future__ import annotations

import re
import sys
import zipfile
from io import BytesIO
from pathlib import Path

from pipeline.document import Document, SourceInfo
from pipeline.errors import InputError

STDIN = Path("-")
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
MHTML_SUFFIXES = {".mhtml", ".mht"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
SUFFIXES = (".txt", ".text", *sorted(HTML_SUFFIXES), *sorted(MHTML_SUFFIXES), *sorted(MARKDOWN_SUFFIXES), ".docx", ".pdf", ".epub")
HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
HTML_INSIDE = re.compile(rb"<(?:html|head|body)[\s>]", re.I)
# A page that starts with markup but not with <html>: a corpus copy's <text id=… title=…>
# wrapper, a DOM copied from the browser from a <div> down.
HTML_ELEMENT = re.compile(rb"<(?:div|p|table|td|span|a|meta|title|script|style|br|h[1-6]|ul|li|section)\b[^>]*>", re.I)
PAGE_ELEMENT = re.compile(rb"<(?:div|table|meta|title|script|style|body|section)\b", re.I)  # a post's <p>s alone are a fragment


def detect_format(data: bytes, path: Path) -> str:
    """``docx``, ``epub``, ``pdf``, ``mhtml``, ``html``, ``markdown`` or ``text``.

    >>> detect_format(b"<!DOCTYPE html><html><body><p>\\xe4\\xbd\\xa0</p></body></html>", Path("a.txt"))
    'html'
    >>> detect_format("标题\\n<p>正文</p>\\n".encode(), Path("a.txt"))
    'text'
    >>> detect_format(b'<text id="u"><div><h1>t</h1></div><div><p>a</p><p>b</p></div>', Path("a.html"))
    'html'
    """
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):  # a UTF-16 page (its BOM): look at its text, not its bytes
        head = data[:8192].decode("utf-16", errors="ignore").encode("utf-8")[:4096]
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as zf:
                if "word/document.xml" in zf.namelist():
                    return "docx"
                from pipeline.read.epub import is_epub

                if is_epub(zf):
                    return "epub"
        except zipfile.BadZipFile:
            pass
        # an office file named .docx (an ODT, a workbook, a .docm) is the DOCX reader's to name
        return "docx" if path.suffix.lower() in (".docx", ".docm") else "text"  # else the text reader names it
    if re.match(rb"(?:[\w-]+:[^\n]*\r?\n)+", head) and re.search(rb"content-type:\s*multipart/related", head, re.I):
        return "mhtml"
    if path.suffix.lower() in MHTML_SUFFIXES and b"multipart/related" in head.lower():
        return "mhtml"
    if HTML_START.match(head) or (path.suffix.lower() in HTML_SUFFIXES and HTML_INSIDE.search(head)):
        return "html"
    start = head.lstrip()[:12].lower()
    if (start.startswith(b"<") and not start.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf"))
            and len(HTML_ELEMENT.findall(head)) >= 5 and PAGE_ELEMENT.search(head)):
        return "html"
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        return "markdown"
    return "text"


def read_document(path: Path, *, encoding: str | None = None) -> Document:
    """The article at ``path`` (``-``: standard input) as a ``Document``."""
    from pipeline.read.text import read_user_file

    if path == STDIN:
        data = sys.stdin.buffer.read() if sys.stdin is not None else b""
        if not data.strip():
            raise InputError("standard input is empty", hint="pipe or paste the article's text, then end it with Ctrl-D")
        return document_from_bytes(data, Path("stdin"), encoding=encoding, stdin=True)
    return document_from_bytes(read_user_file(path), path, encoding=encoding)


def document_from_bytes(data: bytes, path: Path, *, encoding: str | None = None, stdin: bool = False) -> Document:
    """The same as ``read_document`` for bytes read elsewhere (a batch's driver reads the files;
    workers, possibly on other machines, only see the bytes)."""
    from pipeline.read.text import decode_article, split_lines

    fmt = detect_format(data, path)
    if fmt == "docx":
        from pipeline.read.word import read_docx

        lines, origins = read_docx(data, path)
        return _document(path, lines, origins, SourceInfo(format="docx", encoding="utf-8"))
    if fmt == "epub":
        from pipeline.read.epub import read_epub

        lines, origins, removed = read_epub(data, path)
        return _document(path, lines, origins, SourceInfo(format="epub", encoding="utf-8", removed=removed))
    if fmt == "pdf":
        from pipeline.read.pdf import read_pdf

        lines, origins, removed = read_pdf(data, path)
        return _document(path, lines, origins, SourceInfo(format="pdf", encoding="utf-8", removed=removed))
    if fmt in ("html", "mhtml"):
        from pipeline.read.page import decode_page, extract_page

        if len(data) > 64 * 1024 * 1024:
            raise InputError(f"is a {len(data) >> 20} MB page; pages over 64 MB are not read", path=path,
                             hint="save the article's page alone, or its text")
        if fmt == "mhtml":
            from pipeline.read.mhtml import html_part

            data = html_part(data, path)
        html, used = decode_page(data, path, encoding)
        page = extract_page(html, path, fmt=fmt, encoding=used)
        return _document(path, page.lines, page.origins, page.source)
    text, used = decode_article(data, path, encoding)
    if fmt == "text":
        captured = read_capture(text, path, used)
        if captured is not None:
            return captured
    if fmt == "markdown":
        return _markdown_document(text, path, used)
    if FRAGMENT_BREAK.search(text):  # an HTML fragment (a post's text field): its breaks end lines
        text = FRAGMENT_BREAK.sub("\n", text)
    source = SourceInfo(format="stdin" if stdin else "text", encoding=used)
    return Document(source_file=str(path), lines=tuple(split_lines(text)), encoding=used, source=source)


FRAGMENT_BREAK = re.compile(r"<br\s*/?>|</p>\s*<p\b[^>]*>", re.I)
# A capture's byline under the title: ``原创 作者  公众号   2024-12-10 13:57``.
BYLINE = re.compile(r"^\s*(.{0,60}?)\s+(\d{4}-\d{2}-\d{2}(?:\s+\d{1,2}:\d{2})?)\s*$")


def read_capture(text: str, path: Path, encoding: str) -> Document | None:
    """A text file that is really a feed, a crawler export or a Markdown capture, read by
    the reader it needs (decided by content: the name says ``.txt`` either way)."""
    from pipeline.read.feed import looks_like_feed, read_feed
    from pipeline.read.markdown import looks_like_markdown
    from pipeline.read.records import looks_like_records, read_records, record_lines

    if looks_like_feed(text):
        feed = read_feed(text)
        if feed is not None and feed.lines:
            lines = ((feed.title,) if feed.title else ()) + feed.lines
            origins = (("title",) if feed.title else ()) + feed.origins
            return _document(path, lines, origins, SourceInfo(format="feed", encoding=encoding, url=feed.url, date=feed.date))
    if looks_like_records(text):
        records = read_records(text)
        assert records is not None
        lines = record_lines(records)
        return _document(path, lines, ("record",) * len(lines), SourceInfo(format="records", encoding=encoding, date=records.date))
    if looks_like_markdown(text):
        return _markdown_document(text, path, encoding)
    return None


def _markdown_document(text: str, path: Path, encoding: str) -> Document:
    """Markdown's blocks as lines; front matter and a capture's byline fill the metadata (the
    byline stays a line too, for the normalizer to drop and list)."""
    from pipeline.read.markdown import front_matter, markdown_lines

    fields, body = front_matter(text)
    lines, origins = markdown_lines(body)
    title = fields.get("title", "")
    if title and (not lines or lines[0] != title):
        lines, origins = [title, *lines], ["title", *origins]
    byline = BYLINE.match(lines[1]) if len(lines) > 1 else None
    site = fields.get("site", "") or fields.get("account", "") or (byline.group(1).split()[-1] if byline and byline.group(1).split() else "")
    source = SourceInfo(format="markdown", encoding=encoding, url=fields.get("url", "") or fields.get("source", ""),
                        site=site, author=fields.get("author", ""),
                        date=fields.get("date", "") or (byline.group(2) if byline else ""))
    return _document(path, lines, origins, source)


def _document(path: Path, lines, origins, source: SourceInfo) -> Document:
    if not any(line.strip() for line in lines):
        raise InputError("has no text to translate", path=path, hint="is this the article itself?")
    return Document(source_file=str(path), lines=tuple(lines), encoding=source.encoding, source=source, origins=tuple(origins))
