"""Finding glossary terms in an article, and counting how they fared.

Matching is leftmost-longest over every source and alias, Latin terms on word boundaries,
so ``南方都市报`` wins over ``南都`` and ``GPT-4`` is not found inside ``GPT-40``.
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.document import Document, TermHit
from pipeline.glossary.model import Glossary, GlossaryEntry  # noqa: F401 (GlossaryEntry: the doctests)


def find_in_text(text: str, glossary: Glossary) -> list[TermHit]:
    """Every occurrence of a glossary spelling in ``text``, leftmost-longest.

    >>> g = Glossary((GlossaryEntry("南都", "Southern Metropolis Daily"), GlossaryEntry("南方都市报", "Southern Metropolis Daily")))
    >>> [(h.text, h.start) for h in find_in_text("南方都市报，简称南都", g)]
    [('南方都市报', 0), ('南都', 8)]
    """
    return [
        TermHit(entry.source, entry.rendering, text[start:end], start, entry.kind, pinyin=entry.pinyin)
        for start, end, entry in glossary.matcher.find(text)
    ]


def find_terms(document: Document, glossary: Glossary) -> Document:
    """Record glossary hits on each paragraph; speaker labels take their English from the
    glossary when it has them."""
    paragraphs = []
    for p in document.paragraphs:
        hits = tuple(find_in_text(p.zh, glossary))
        speaker = p.speaker
        if speaker is not None:
            entry = glossary.lookup(speaker.zh)
            if entry is not None:
                speaker = replace(speaker, en=entry.rendering, from_glossary=True)
        paragraphs.append(replace(p, terms=hits, speaker=speaker))
    return replace(document, paragraphs=tuple(paragraphs), glossary=glossary.info)


def term_counts(document: Document) -> dict[str, int]:
    """Occurrences of glossary terms in the text, by final status, and the speaker labels
    whose English the glossary gave (``labels``, counted apart: they are not translated)."""
    counts = {"occurrences": 0, "kept": 0, "repaired": 0, "missing": 0}
    counts["labels"] = sum(1 for p in document.paragraphs if p.speaker and p.speaker.from_glossary)
    for p in document.paragraphs:
        for hit in p.terms:
            counts["occurrences"] += 1
            if hit.status in counts:
                counts[hit.status] += 1
    return counts


def term_occurrences(document: Document, glossary: Glossary) -> dict[str, list[str]]:
    """Paragraph ids per entry source, once per occurrence: the terms found in the text and
    the speaker labels the glossary names (``glossary hits``)."""
    found: dict[str, list[str]] = {}
    for p in document.paragraphs:
        label = glossary.lookup(p.speaker.zh) if p.speaker else None
        if label is not None:
            found.setdefault(label.source, []).append(p.id)
        for hit in p.terms:
            found.setdefault(hit.source, []).append(p.id)
    return found
