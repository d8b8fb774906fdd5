"""The reading edition as one web page: self-contained (PAGE_CSS inline, fonts by name with CJK
fallbacks, no fetch of any kind), side by side on a wide screen and stacked on a phone,
``lang`` on every text, glossary terms marked with their entry on hover, QA flags behind an
editor's toggle, a reader's switch for Chinese only / English only / both, print PAGE_CSS, and
the appendix. Every text is escaped: an article that contains ``<script>`` shows it."""

from __future__ import annotations

from collections import Counter
from html import escape
from pathlib import Path

from pipeline.document import Document
from pipeline.write.docx.conventions import CREATOR
from pipeline.write.rows import Row, chapter_heads, findings_of, joined_words, note_paragraphs, rows_of, target_spans, words_of

PAGE_CSS = """
:root { --zh: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", serif;
        --en: "Charter", "Georgia", "Times New Roman", serif; --ui: system-ui, sans-serif; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1.5rem; color: #1d1d1f; background: #fff; font-family: var(--en); line-height: 1.6; }
header.edition h1 { font-family: var(--zh); font-size: 1.9rem; line-height: 1.35; margin: 0 0 .3rem; }
header.edition .title-en { font-size: 1.3rem; margin: 0 0 .6rem; color: #333; }
.source { font-family: var(--ui); font-size: .8rem; color: #595959; margin-bottom: 1rem; }
.controls { font-family: var(--ui); font-size: .85rem; display: flex; flex-wrap: wrap; gap: 1rem; padding: .5rem 0 1rem; border-bottom: 1px solid #ddd; }
.controls label { cursor: pointer; }
.row { display: grid; grid-template-columns: 2.2rem minmax(0, 1fr) minmax(0, 1.15fr); gap: 1.2rem; padding: .7rem 0; border-bottom: 1px solid #eee; }
.zh, .en, .flags, .source, .appendix { overflow-wrap: anywhere; }  /* a 400-character URL wraps on a phone */
.row.lead { background: #f6f6f2; }
.row.note .zh, .row.note .en { font-size: .85rem; color: #444; }
.row.chapter h2 { font-size: 1.3em; margin: 1.2em 0 .3em; }  /* a book's chapter heading */
.no { font-family: var(--ui); font-size: .75rem; color: #808080; padding-top: .25rem; }
.zh { font-family: var(--zh); font-size: 1.05rem; line-height: 1.9; }
.zh ruby { ruby-position: over; margin: 0 .22em 0 0; white-space: nowrap; } .zh rt { font-family: var(--ui); font-size: .6em; color: #555; letter-spacing: 0; }
.zh:has(ruby) { line-height: 2.6; }
.en { font-family: var(--en); }
.speaker { font-weight: bold; }
mark.term { background: #fff4cc; font-weight: bold; color: inherit; padding: 0 .1em; }
.flags { display: none; grid-column: 2 / -1; font-family: var(--ui); font-size: .78rem; color: #8a1c14; background: #fde2e1; padding: .2rem .5rem; }
#show-flags:checked ~ main .flags { display: block; }
#only-zh:checked ~ main .en, #only-zh:checked ~ header .title-en { display: none; }
#only-en:checked ~ main .zh, #only-en:checked ~ header h1 { display: none; }
#only-zh:checked ~ main .row, #only-en:checked ~ main .row { grid-template-columns: 2.2rem 1fr; }
input.switch { position: absolute; opacity: 0; pointer-events: none; }
.appendix { margin-top: 2rem; font-family: var(--ui); font-size: .85rem; }
.appendix table { border-collapse: collapse; } .appendix td, .appendix th { border: 1px solid #ccc; padding: .2rem .5rem; }
@media (max-width: 40rem) {
  body { padding: .8rem; }
  .row, #only-zh:checked ~ main .row, #only-en:checked ~ main .row { grid-template-columns: 1fr; gap: .3rem; }
  .no { display: none; } .flags { grid-column: 1; }
}
@media print {
  .controls, input.switch { display: none; } body { max-width: none; padding: 0; } .row { break-inside: avoid; }
  .flags { display: none !important; }
}
"""


def document_to_html(document: Document, *, sides: str = "zh,en", learner=None, tone_colors: str = "none") -> str:
    """The page, as text. ``sides``: ``zh,en`` (both), ``zh`` or ``en`` only; ``learner``: the
    vocabulary of a learner edition, whose Chinese then carries its pinyin as ruby, in
    ``tone_colors`` (``pipeline.learn.tones``)."""
    shown = set(sides.split(","))
    title = document.title
    zh_title = title.zh if title else Path(document.source_file).stem
    rows = rows_of(document, "paragraph")
    heads, notes = chapter_heads(document), note_paragraphs(document)
    body = ([_header(document, zh_title, shown), "<main>"]
            + [_row(row, shown, tone_colors, row.paragraph.id in heads, row.paragraph.id in notes) for row in rows]
            + ["</main>", _appendix(document)])
    if learner is not None:
        body.append(_vocabulary(learner, tone_colors))
    lang = "zh-CN" if "zh" in shown else "en"
    return ("<!DOCTYPE html>\n" f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="{CREATOR}">\n'
            f"<title>{escape(zh_title)}</title>\n<style>{PAGE_CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n")


def _header(document: Document, zh_title: str, shown: set[str]) -> str:
    title = document.title
    switches = ""
    if shown == {"zh", "en"}:
        switches = ('<input class="switch" type="radio" name="sides" id="both" checked>'
                    '<input class="switch" type="radio" name="sides" id="only-zh">'
                    '<input class="switch" type="radio" name="sides" id="only-en">')
    switches += '<input class="switch" type="checkbox" id="show-flags">'
    controls = ['<nav class="controls" aria-label="reading">']
    if shown == {"zh", "en"}:
        controls += ['<label for="both">中英对照 Both</label>', '<label for="only-zh">只看中文 Chinese</label>',
                     '<label for="only-en">English only</label>']
    controls += ['<label for="show-flags">QA flags (editors)</label>', "</nav>"]
    parts = [switches, '<header class="edition">']
    if "zh" in shown:
        parts.append(f'<h1 lang="zh-CN">{escape(zh_title)}</h1>')
    if "en" in shown and title and title.en:
        parts.append(f'<p class="title-en" lang="en">{escape(title.en)}</p>')
    parts.append(f'<p class="source">{escape(_source_line(document))}</p>')
    parts += ["</header>", *controls]
    return "\n".join(parts)


def _source_line(document: Document) -> str:
    source = document.source
    pieces = [f"Source: {Path(document.source_file).name}"] + ([p for p in (source.site, source.date, source.url) if p] if source else [])
    pieces.append(f"{len(document.paragraphs)} paragraphs, {len(document.sentences)} sentences")
    if document.engine:
        pieces.append(f"Engine: {document.engine.label}")
    if document.glossary and document.glossary.path:
        pieces.append(f"Glossary: {Path(document.glossary.path).name}, {document.glossary.entries} terms (marked)")
    return " · ".join(pieces)


def _row(row: Row, shown: set[str], tone_colors: str = "none", chapter: bool = False, note: bool = False) -> str:
    """A paragraph and its translation side by side; a book's chapter heading as headings, a
    note smaller."""
    kind = " chapter" if chapter else (" lead" if row.paragraph.kind == "lead" else " note" if note else "")
    cells = [f'<div class="no">{escape(row.id.lstrip("p"))}</div>']
    speaker = row.paragraph.speaker if row.first else None
    if "zh" in shown:
        label = f'<span class="speaker">{escape(speaker.zh)}：</span>' if speaker else ""
        marks = [(t.start, t.end, t) for t in row.terms]
        words = words_of(row)
        text = _ruby(words, {t.text for t in row.terms}, tone_colors) if words else _marked(row.zh, marks)
        tag = "h2" if chapter else "div"
        cells.append(f'<{tag} class="zh" lang="zh-CN">{label}{text}</{tag}>')
    if "en" in shown:
        label = f'<span class="speaker">{escape(speaker.en)}:</span> ' if speaker and speaker.en else ""
        by_target = {t.target: t for t in row.terms if t.status != "missing"}
        marks = [(s, e, by_target.get(row.en[s:e])) for s, e in target_spans(row.en, sorted(by_target, key=len, reverse=True))]
        tag = "h2" if chapter else "div"
        cells.append(f'<{tag} class="en" lang="en">{label}{_marked(row.en, marks)}</{tag}>')
    findings = findings_of(row)
    if findings:
        cells.append(f'<div class="flags">{escape("; ".join(findings))}</div>')
    return f'<section class="row{kind}" id="{escape(row.id)}">' + "".join(cells) + "</section>"


def _marked(text: str, marks: list) -> str:
    """``text`` escaped, each glossary span in a ``<mark>`` whose title is its entry."""
    out, position = [], 0
    for start, end, term in sorted(marks, key=lambda m: m[0]):
        if start < position:
            continue
        out.append(escape(text[position:start]))
        entry = f"{term.source} → {term.target} ({term.kind}, {term.status})" if term else ""
        out.append(f'<mark class="term" title="{escape(entry)}">{escape(text[start:end])}</mark>')
        position = end
    out.append(escape(text[position:]))
    return "".join(out)


def _ruby(words, terms: set[str], tone_colors: str = "none") -> str:
    """One ruby per word (per-character ruby spreads the characters apart); a glossary term
    marked; Latin, numbers and punctuation as they are. A word and its reading stay on one line
    (a name broken across lines left its reading hanging over the English column); ``<wbr>``
    lets the line break between words instead. With tone colours, each syllable and its
    character are in the colour of the tone."""
    out = []
    for word, reading in words:
        piece = f"<ruby>{toned(word, reading, tone_colors, escape)}</ruby>" if reading else escape(word)
        out.append((word, f'<mark class="term">{piece}</mark>' if word in terms else piece))
    return joined_words(out, "<wbr>")


def _vocabulary(words, tone_colors: str = "none") -> str:
    from pipeline.learn.vocabulary import STANDARD

    rows = "".join(f'<tr><td lang="zh-CN">{toned(w.text, w.reading, tone_colors, escape, only="hanzi")}</td>'
                   f'<td>{toned(w.text, w.reading, tone_colors, escape, only="pinyin")}</td><td lang="en">{escape(w.gloss)}</td>'
                   f"<td>{escape(w.level_label)}</td><td>{w.count}×</td></tr>" for w in words)
    return ('<aside class="appendix vocabulary"><h2>Vocabulary · 生词</h2>'
            f'<p class="standard">Levels: {escape(STANDARD)}</p><table><tr><th>词</th><th>Pinyin</th><th>English</th>'
            f"<th>HSK</th><th>Times</th></tr>{rows}</table></aside>")


def toned(word: str, reading: str, scheme: str, escape, only: str = "") -> str:
    """A ruby's base and ``<rt>`` (or, with ``only``, the characters or the reading alone),
    each syllable and character in its tone's colour under ``scheme``; plain with ``none``.
    ``escape``: the writer's (HTML or XHTML). One definition for the page and the EPUB."""
    from pipeline.learn.tones import coloured

    if scheme == "none":
        base, rt = escape(word), escape(reading)
    else:
        chars, sylls = coloured(word, reading, scheme)
        span = lambda text, hex_: f'<span style="color:#{hex_}">{escape(text)}</span>' if hex_ else escape(text)  # noqa: E731
        base, rt = "".join(span(c, h) for c, h in chars), _joined_syllables(reading, sylls, span)
    return {"hanzi": base, "pinyin": rt}.get(only, f"{base}<rt>{rt}</rt>")


def _joined_syllables(reading: str, sylls, span) -> str:
    """The coloured syllables with what stood between them in the reading (a space between
    a name's parts, an apostrophe)."""
    out, rest = [], reading
    for text, hex_ in sylls:
        at = rest.find(text)
        if at < 0:
            return span(reading, "")
        out += [rest[:at], span(text, hex_)]
        rest = rest[at + len(text):]
    return "".join(out) + rest


def _appendix(document: Document) -> str:
    used: dict[tuple[str, str], Counter] = {}
    for p in document.paragraphs:
        for t in p.terms:
            used.setdefault((t.source, t.target), Counter())[t.status] += 1
    parts = ['<aside class="appendix">']
    if used:
        parts.append("<h2>Glossary terms used · 术语</h2><table><tr><th>中文</th><th>English</th><th>Occurrences</th></tr>")
        for (source, target), statuses in used.items():
            counts = ", ".join(f"{n} {s}" for s, n in sorted(statuses.items()))
            parts.append(f'<tr><td lang="zh-CN">{escape(source)}</td><td lang="en">{escape(target)}</td>'
                         f"<td>{sum(statuses.values())} × ({escape(counts)})</td></tr>")
        parts.append("</table>")
    listed = [d for d in document.dropped if d.kind != "empty"]
    if listed:
        parts.append("<h2>Left out of the edition · 未收录的原文行</h2><ul>")
        parts += [f'<li>line {d.line} · {escape(d.kind)}: <span lang="zh-CN">{escape(d.text)}</span></li>' for d in listed]
        parts.append("</ul>")
    parts.append("</aside>")
    return "\n".join(parts)
