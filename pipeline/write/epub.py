"""The reading edition as an EPUB 3 book: one XHTML document per article (a batch makes one
book of many, in order), bilingual paragraphs in reading order — the Chinese, then its
English — a navigation document, CJK fonts declared by name, metadata (title, languages zh
and en, source, date), the appendix. Valid by ``epubcheck`` (tested where it is installed).

Its identifier is a hash of its content, so the same editions make the same book (only the
``dcterms:modified`` stamp differs).
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Sequence
from datetime import datetime, timezone
from html import escape
from pathlib import Path

from pipeline.document import Document
from pipeline.write.html import toned
from pipeline.write.rows import Row, chapter_heads, joined_words, note_paragraphs, rows_of, target_spans, words_of

BOOK_CSS = """
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", serif; line-height: 1.7; margin: 0 .5em; }
h1 { font-size: 1.4em; line-height: 1.4; } .title-en { font-size: 1.1em; font-style: italic; }
p.zh, p.en, p.pinyin, .source, .appendix { overflow-wrap: anywhere; word-wrap: break-word; }  /* a long URL wraps */
p.zh { margin: 1em 0 .2em; } p.en { margin: 0 0 1em; font-family: "Charter", "Georgia", "Times New Roman", serif; color: #333; }
.speaker { font-weight: bold; } .term { font-weight: bold; background: #fff4cc; }
.source, .appendix { font-size: .8em; color: #555; }
p.note { font-size: .85em; margin-left: 1.5em; color: #444; } p.zh.note { margin-top: .4em; }
ruby { white-space: nowrap; margin-right: .15em; } rt { font-size: .55em; color: #555; }  /* a word and its reading stay on one line */
p.pinyin { margin: 1em 0 0; font-family: "Charter", "Georgia", serif; font-size: .85em; color: #444; } p.pinyin + p.zh { margin-top: 0; }
"""
LATIN_PUNCT = {"，": ",", "。": ".", "、": ",", "；": ";", "：": ":", "？": "?", "！": "!", "“": "“", "”": "”", "（": "(", "）": ")",
               "《": "«", "》": "»", "…": "…", "——": "—"}
OPENING = {"“", "‘", "（", "《", "「", "『", "(", "["}
# What a reading system and DAISY Ace look for: text only, readable by text alone, a table of
# contents and a reading order, each paragraph with its language, no hazards.
ACCESSIBILITY = """<meta property="schema:accessMode">textual</meta>
<meta property="schema:accessModeSufficient">textual</meta>
<meta property="schema:accessibilityFeature">structuralNavigation</meta>
<meta property="schema:accessibilityFeature">tableOfContents</meta>
<meta property="schema:accessibilityFeature">readingOrder</meta>
<meta property="schema:accessibilityFeature">displayTransformability</meta>
<meta property="schema:accessibilityHazard">none</meta>
<meta property="schema:accessibilitySummary">A bilingual text: each Chinese paragraph (class cp-original, lang zh-CN) is followed by its English translation (class cp-translation, lang en); headings and a table of contents give its structure; no images.</meta>"""
CONTAINER_XML = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>
"""


def document_to_epub(document: Document, *, sides: str = "zh,en", tone_colors: str = "none", ruby: str = "ruby") -> bytes:
    return book_to_epub([document], sides=sides, tone_colors=tone_colors, ruby=ruby)


def book_to_epub(documents: Sequence[Document], *, sides: str = "zh,en", title: str | None = None,
                 tone_colors: str = "none", ruby: str = "ruby") -> bytes:
    """One EPUB of the editions, in order, with a table of contents. A learner edition's
    readings are ruby over each word, or (``ruby="line"``, for e-readers that show no ruby)
    a line of pinyin above each sentence; in ``tone_colors``."""
    shown = set(sides.split(","))
    chapters = []
    for n, doc in enumerate(documents, start=1):
        parts = _parts(doc)
        for k, (heading, rows) in enumerate(parts):
            name = f"article-{n:04d}.xhtml" if len(parts) == 1 else f"article-{n:04d}-{k:03d}.xhtml"
            zh = _title(doc) if heading is None else heading.zh
            english = (doc.title.en if doc.title else "") if heading is None else heading.en
            chapters.append((name, zh, _chapter(doc, rows, heading, shown, tone_colors, ruby, first=k == 0, last=k == len(parts) - 1), english))
    first = _title(documents[0]) if documents else ""
    book_title = title or (first if len(documents) == 1 else f"{first} …（{len(documents)} 篇）")
    # derived from the source text, not the translation: the same book keeps its identifier when it is translated again
    source = "\n".join(line for doc in documents for line in doc.lines)
    identifier = "urn:sha256:" + hashlib.sha256(source.encode("utf-8")).hexdigest()[:32]
    modified = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/container.xml", CONTAINER_XML, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("OEBPS/style.css", BOOK_CSS, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("OEBPS/nav.xhtml", _nav(chapters, book_title), compress_type=zipfile.ZIP_DEFLATED)
        for name, _, chapter, _ in chapters:
            z.writestr(f"OEBPS/{name}", chapter, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("OEBPS/content.opf", _package(chapters, book_title, identifier, modified, documents, shown),
                   compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _title(document: Document) -> str:
    return document.title.zh if document.title else Path(document.source_file).stem


def _xhtml(title: str, body: str, lang: str = "zh-CN", nav: bool = False) -> str:
    namespaces = ' xmlns:epub="http://www.idpf.org/2007/ops"' if nav else ""
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
            f'<html xmlns="http://www.w3.org/1999/xhtml"{namespaces} lang="{lang}" xml:lang="{lang}">\n'
            f'<head><meta charset="UTF-8"/><title>{escape(title)}</title><link rel="stylesheet" type="text/css" href="style.css"/></head>\n'
            f"<body>\n{body}\n</body>\n</html>\n")


def _parts(document: Document) -> list[tuple[Row | None, list[Row]]]:
    """A book's chapters (``chapters_of``), or the article whole: (the chapter's heading row,
    or None for the part before the first heading, its rows)."""
    heads = chapter_heads(document)
    parts: list[tuple[Row | None, list[Row]]] = [(None, [])]
    for row in rows_of(document, "paragraph"):
        if row.paragraph.id in heads:
            parts.append((row, []))
        else:
            parts[-1][1].append(row)
    return [part for part in parts if part[0] is not None or part[1]] or [(None, [])]


def _chapter(document: Document, rows: list[Row], heading: Row | None, shown: set[str], tone_colors: str = "none",
             ruby: str = "ruby", *, first: bool = True, last: bool = True) -> str:
    """One chapter: the article's (or book's) title and source line, or a chapter's heading in
    both languages; then each paragraph followed by its translation — the original marked
    ``cp-original``, the translation ``cp-translation``, each with its language, for reading
    systems that show both, the original or the translation only."""
    parts = []
    if first:  # the article's (the book's) title and where it came from open its first chapter
        title = document.title
        if "zh" in shown:
            parts.append(f'<h1 class="cp-original" lang="zh-CN" xml:lang="zh-CN">{escape(_title(document))}</h1>')
        if "en" in shown and title and title.en:
            parts.append(f'<p class="title-en cp-translation" lang="en" xml:lang="en">{escape(title.en)}</p>')
        source = document.source
        origin = [p for p in (source.site, source.date, source.url) if p] if source else []
        parts.append(f'<p class="source">{escape(" · ".join([Path(document.source_file).name, *origin]))}</p>')
    if heading is not None:
        if "zh" in shown:
            parts.append(f'<h2 class="cp-original" lang="zh-CN" xml:lang="zh-CN">{escape(_xml_text(heading.zh))}</h2>')
        if "en" in shown and heading.en:
            parts.append(f'<p class="title-en cp-translation" lang="en" xml:lang="en">{escape(_xml_text(heading.en))}</p>')
    notes = note_paragraphs(document)
    for row in rows:
        parts += _row(row, shown, tone_colors, ruby, note=row.paragraph.id in notes)
    listed = [d for d in document.dropped if d.kind != "empty"] if last else []
    if listed:
        parts.append('<div class="appendix"><p>Left out of the edition · 未收录的原文行</p><ul>')
        parts += [f"<li>line {d.line} · {escape(d.kind)}: {escape(_xml_text(d.text))}</li>" for d in listed]
        parts.append("</ul></div>")
    return _xhtml(heading.zh if heading is not None else _title(document), "\n".join(parts))


def _row(row: Row, shown: set[str], tone_colors: str, ruby: str, *, note: bool = False) -> list[str]:
    """A paragraph and its translation (a note's smaller, class ``note``)."""
    parts = []
    kind = " note" if note else ""
    speaker = row.paragraph.speaker
    if "zh" in shown:
        label = f'<span class="speaker">{escape(speaker.zh)}：</span>' if speaker else ""
        words = words_of(row)
        safe = lambda text: escape(_xml_text(text))  # noqa: E731
        if words and ruby == "line":  # the pinyin line above the sentence, then the sentence
            parts.append(f'<p class="pinyin" lang="zh-Latn-pinyin" xml:lang="zh-Latn-pinyin">{_pinyin_line(words, tone_colors, safe)}</p>')
            text = "".join(toned(w, r, tone_colors, safe, only="hanzi") if r else safe(w) for w, r in words)
        elif words:
            text = joined_words([(w, f"<ruby>{toned(w, r, tone_colors, safe)}</ruby>" if r else safe(w)) for w, r in words], "<wbr/>")
        else:
            text = _marked(row.zh, [(t.start, t.end) for t in row.terms])
        parts.append(f'<p class="zh cp-original{kind}" lang="zh-CN" xml:lang="zh-CN">{label}{text}</p>')
    if "en" in shown:
        label = f'<span class="speaker">{escape(speaker.en)}:</span> ' if speaker and speaker.en else ""
        targets = sorted({t.target for t in row.terms if t.status != "missing"}, key=len, reverse=True)
        parts.append(f'<p class="en cp-translation{kind}" lang="en" xml:lang="en">{label}{_marked(row.en, target_spans(row.en, targets))}</p>')
    return parts


def _pinyin_line(words, tone_colors: str, safe) -> str:
    """A sentence's readings as a line of Hanyu Pinyin: words apart, punctuation attached to
    the word before it as the Chinese has it (，→ , 。→ .)."""
    out: list[str] = []
    glued = False  # after an opening quote or bracket: the next word without a space
    for word, reading in words:
        space = "" if glued else " "
        glued = False
        if reading:
            out.append(space + toned(word, reading, tone_colors, safe, only="pinyin"))
        elif word.strip() and re.search(r"\w", word):
            out.append(space + safe(word))
        elif word.strip():
            mark = LATIN_PUNCT.get(word, word)
            glued = word in OPENING
            out.append((space if glued else "") + safe(mark))
    return "".join(out).strip()


def _xml_text(text: str) -> str:
    from pipeline.write.xmltext import xml_safe

    return xml_safe(text)


def _marked(text: str, spans: list[tuple[int, int]]) -> str:
    out, position = [], 0
    for start, end in sorted(spans):
        if start < position:
            continue
        out.append(escape(_xml_text(text[position:start])))
        out.append(f'<span class="term">{escape(_xml_text(text[start:end]))}</span>')
        position = end
    out.append(escape(_xml_text(text[position:])))
    return "".join(out)


def _nav(chapters, book_title: str) -> str:
    """The table of contents, each chapter by both its titles (the original's, then the translation's)."""
    items = "\n".join(f'<li><a href="{name}"><span lang="zh-CN" xml:lang="zh-CN">{escape(_xml_text(title))}</span>'
                      + (f' · <span lang="en" xml:lang="en">{escape(_xml_text(english))}</span>' if english else "") + "</a></li>"
                      for name, title, _, english in chapters)
    body = f'<nav epub:type="toc" role="doc-toc" id="toc"><h1>{escape(book_title)}</h1><ol>\n{items}\n</ol></nav>'
    return _xhtml(book_title, body, nav=True)


def _package(chapters, book_title: str, identifier: str, modified: str, documents: Sequence[Document], shown: set[str]) -> str:
    languages = [lang for lang, side in (("zh-CN", "zh"), ("en", "en")) if side in shown]
    sources = "".join(f"<dc:source>{escape(doc.source.url if doc.source and doc.source.url else Path(doc.source_file).name)}</dc:source>"
                      for doc in documents[:50])
    dates = [doc.source.date for doc in documents if doc.source and doc.source.date]
    manifest = "\n".join(f'<item id="c{n}" href="{name}" media-type="application/xhtml+xml"/>' for n, (name, *_) in enumerate(chapters, 1))
    spine = "\n".join(f'<itemref idref="c{n}"/>' for n in range(1, len(chapters) + 1))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="bookid" xml:lang="{languages[0]}">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:identifier id="bookid">{identifier}</dc:identifier>
<dc:title>{escape(book_title)}</dc:title>
{"".join(f"<dc:language>{lang}</dc:language>" for lang in languages)}
<dc:creator>bilingual-edition</dc:creator>
{sources}
{f"<dc:date>{escape(dates[0])}</dc:date>" if dates else ""}
<meta property="dcterms:modified">{modified}</meta>
{ACCESSIBILITY}
</metadata>
<manifest>
<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
<item id="css" href="style.css" media-type="text/css"/>
{manifest}
</manifest>
<spine>
{spine}
</spine>
</package>
"""
