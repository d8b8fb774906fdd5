"""Split paragraphs into sentences with stable ids (``p3``, ``p3.s2``).

Sentences are what the engine translates and what reviewers correct, so each one must
stay short enough for the model: CTranslate2 silently truncates inputs longer than its
``max_input_length``, so an over-long sentence is split again at clause marks and, as a
last resort, at a fixed length.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.document import Document, Paragraph, Sentence

# A sentence ends at 。！？ (or an ellipsis), with any closing quotes/brackets after it;
# Latin text ends at . ! ? followed by a space.
SENTENCE = re.compile(r".*?(?:[。！？!?]+[”’」』）)》]*|……[”’」』）)]*|\.(?=\s)|$)", re.S)
CLAUSE = re.compile(r".*?(?:[，；、：,;:]|$)", re.S)
MAX_SENTENCE_CHARS = 200


def split_sentences(text: str, max_chars: int = MAX_SENTENCE_CHARS, keep: tuple[tuple[int, int], ...] = ()) -> list[tuple[int, str]]:
    """Return ``(offset, sentence)`` pairs that cover ``text`` exactly (whitespace between
    sentences is not part of either). ``keep`` are spans (glossary terms) an over-long
    sentence is never cut inside.

    >>> [s for _, s in split_sentences("你好。他说：“走吧！”好的")]
    ['你好。', '他说：“走吧！”', '好的']
    >>> [s for _, s in split_sentences("甲乙丙丁戊己", 4, keep=((3, 5),))]
    ['甲乙丙', '丁戊己']
    """
    pieces: list[tuple[int, str]] = []
    for m in SENTENCE.finditer(text):
        if m.group():
            pieces.extend(_bound(m.start(), m.group(), max_chars, keep))
    return [(start + len(s) - len(s.lstrip()), s.strip()) for start, s in pieces if s.strip()]


def _bound(start: int, sentence: str, max_chars: int, keep: tuple[tuple[int, int], ...] = ()) -> list[tuple[int, str]]:
    if len(sentence) <= max_chars:
        return [(start, sentence)]
    parts: list[tuple[int, str]] = []
    current, current_start = "", start
    for m in CLAUSE.finditer(sentence):
        clause = m.group()
        if not clause:
            continue
        if current and len(current) + len(clause) > max_chars:
            parts.append((current_start, current))
            current, current_start = "", start + m.start()
        current += clause
    if current:
        parts.append((current_start, current))
    bounded: list[tuple[int, str]] = []
    for offset, part in parts:
        position = 0
        while position < len(part):
            cut = min(len(part), position + max_chars)
            for a, b in keep:  # a term crossing the cut: cut before it (or after, if it starts the piece)
                if offset + position < a < offset + cut < b:
                    cut = a - offset
                elif a <= offset + position < offset + cut < b:
                    cut = min(len(part), b - offset)
            bounded.append((offset + position, part[position:cut]))
            position = cut
    return bounded


def segment_paragraph(paragraph: Paragraph, max_chars: int = MAX_SENTENCE_CHARS, keep: tuple[tuple[int, int], ...] = ()) -> Paragraph:
    sentences = tuple(
        Sentence(f"{paragraph.id}.s{n}", text, start)
        for n, (start, text) in enumerate(split_sentences(paragraph.zh, max_chars, keep), start=1)
    )
    return replace(paragraph, sentences=sentences)


def segment(document: Document, max_chars: int = MAX_SENTENCE_CHARS, keep: dict[str, tuple[tuple[int, int], ...]] | None = None) -> Document:
    """Sentences of every paragraph; ``keep`` maps a paragraph id to spans (its glossary
    terms) that no cut may fall inside."""
    keep = keep or {}
    return document.with_paragraphs(segment_paragraph(p, max_chars, keep.get(p.id, ())) for p in document.paragraphs)
