"""An edition as rows, for every writer that shows it side by side (DOCX, HTML, EPUB): one
row per paragraph or per sentence, with its glossary terms, QA flags and status, and the
spans of the glossary targets in its English."""

from __future__ import annotations

from dataclasses import dataclass, replace

from pipeline.chinese import HAN
from pipeline.document import Document, Paragraph, Sentence, TermHit
from pipeline.translate.enforce import term_pattern


@dataclass(frozen=True)
class Row:
    """One table row: a paragraph, or a sentence (``first`` when it opens its paragraph)."""

    id: str
    paragraph: Paragraph
    zh: str
    en: str
    terms: tuple[TermHit, ...]
    flags: tuple[str, ...]
    status: str
    first: bool = True


def status_of(sentences: tuple[Sentence, ...], terms: tuple[TermHit, ...]) -> str:
    """``human``, ``flagged``, ``MT+terms repaired`` or ``MT``."""
    if sentences and all(s.origin == "human" for s in sentences):
        return "human"
    if any(s.flags for s in sentences):
        return "flagged"
    if any(t.status in ("repaired", "missing") for t in terms):
        return "MT+terms repaired"
    return "MT"


def rows_of(document: Document, align: str) -> list[Row]:
    """The table's rows; a paragraph from a line the normalizer kept without certainty says
    so in its status (``doubtful line 3``), for the reviewer to decide."""
    doubtful = {d.line for d in document.doubts}
    rows = []
    for p in document.paragraphs:
        if p.kind == "title":
            continue
        doubt = f"doubtful line {p.line}" if p.line in doubtful else ""
        if align == "paragraph":
            rows.append(Row(p.id, p, p.zh, p.en, p.terms, p.flags, doubt or status_of(p.sentences, p.terms)))
            continue
        for index, s in enumerate(p.sentences):
            terms = tuple(replace(t, start=t.start - s.start) for t in p.terms_in(s))
            rows.append(Row(s.id, p, s.zh, s.en, terms, s.flags, doubt or status_of((s,), terms), first=index == 0))
    return rows


def chapter_heads(document: Document) -> set[str]:
    """The paragraphs that open a chapter of a book read from an EPUB (their source line's
    origin is ``chapter``): every edition shows the book's chapters by them."""
    if not (document.source and document.source.format == "epub"):
        return set()
    return _from(document, "chapter")


def note_paragraphs(document: Document) -> set[str]:
    """A book's notes (each after the paragraph that cites it) and a Word document's footnotes
    and endnotes (their source line's origin is ``footnote``): shown smaller, as notes."""
    return _from(document, "footnote")


def _from(document: Document, origin: str) -> set[str]:
    origins = document.origins
    return {p.id for p in document.paragraphs if 0 < p.line <= len(origins) and origins[p.line - 1] == origin} if origins else set()


def findings_of(row: Row) -> list[str]:
    findings = [f"QA: {flag}" for flag in row.flags]
    missing = [t for t in row.terms if t.status == "missing"]
    if missing:
        findings.append("glossary terms not placed: " + "; ".join(f"{t.text} → {t.target}" for t in missing))
    return findings


def target_spans(text: str, targets: list[str]) -> list[tuple[int, int]]:
    if not targets:
        return []
    return [(m.start(), m.end()) for m in term_pattern(*targets).finditer(text)]


def words_of(row: Row) -> tuple[tuple[str, str], ...]:
    """The row's words with their readings (the learner edition), or () before reading."""
    return tuple(w for s in row.paragraph.sentences if row.id in (row.paragraph.id, s.id) for w in s.words)


NO_BREAK_BEFORE = set("，。、；：！？）」』”’》〉】…—·,.;:!?)]}%")  # Chinese line breaking: never at a line's start
NO_BREAK_AFTER = set("（「『“‘《〈【([{")  # nor at its end


def _unspaced(char: str) -> bool:
    """A character of a run that has no breaks inside: a Latin letter, a digit, an emoji, a
    joiner or a variation selector (not Chinese, not a space, not punctuation)."""
    return bool(char) and not char.isspace() and not HAN.match(char) and char not in NO_BREAK_BEFORE | NO_BREAK_AFTER \
        and (char.isalnum() or char in "-_'’" or ord(char) >= 0x2000)


def joined_words(pieces: list[tuple[str, str]], mark: str) -> str:
    """A learner row's words (each with its markup, a ruby) joined with ``mark`` (``<wbr>``)
    wherever a line may break between them. A word and its reading are kept on one line,
    so the breaks between words are all there are; none before a comma or after an opening
    quote, as Chinese typesetting has it."""
    out, previous = [], ""
    for word, markup in pieces:
        glued = _unspaced(previous[-1:]) and _unspaced(word[:1])  # GPT-4, an emoji's ZWJ sequence: one piece
        if out and not (word[:1] in NO_BREAK_BEFORE or previous[-1:] in NO_BREAK_AFTER or glued):
            out.append(mark)
        out.append(markup)
        previous = word
    return "".join(out)
