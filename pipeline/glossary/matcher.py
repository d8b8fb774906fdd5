"""Finding glossary terms in an article, and counting how they fared.

Matching is leftmost-longest over every source and alias, Latin terms on word boundaries,
so ``南方都市报`` wins over ``南都`` and ``GPT-4`` is not found inside ``GPT-40``.
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.document import Document, TermHit
from pipeline.glossary.entries import LATIN, Entry, Glossary, _fold


class TermMatcher:
    """Leftmost-longest matching of every source and alias, in one pass (Aho–Corasick).

    Patterns are case-folded so case-insensitive entries match any case; case-sensitive
    entries then accept only their exact spellings. Latin spellings must stand on word
    boundaries (``GPT-4`` is not in ``GPT-40``, ``AI`` is not in ``OpenAI``).
    """

    def __init__(self, entries: tuple[Entry, ...]):
        import ahocorasick_rs

        candidates: dict[str, list[tuple[str, Entry]]] = {}
        for entry in entries:
            for spelling in entry.spellings:
                candidates.setdefault(_fold(spelling), []).append((spelling, entry))
        self._keys = list(candidates)
        self._candidates = candidates
        self._automaton = (
            ahocorasick_rs.AhoCorasick(self._keys, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
            if self._keys
            else None
        )

    def find(self, text: str) -> list[tuple[int, int, Entry]]:
        if self._automaton is None:
            return []
        found = []
        for index, start, end in self._automaton.find_matches_as_indexes(_fold(text)):
            matched = text[start:end]
            if LATIN.match(matched[0]) and start > 0 and LATIN.match(text[start - 1]):
                continue
            if LATIN.match(matched[-1]) and end < len(text) and (
                LATIN.match(text[end]) or (text[end] == "-" and text[end + 1 : end + 2].isdigit())
            ):
                continue
            for spelling, entry in self._candidates[self._keys[index]]:
                if not entry.case_sensitive or matched == spelling:
                    found.append((start, end, entry))
                    break
        return found


def find_in_text(text: str, glossary: Glossary) -> list[TermHit]:
    """Every occurrence of a glossary spelling in ``text``, leftmost-longest.

    >>> g = Glossary((Entry("南都", "Southern Metropolis Daily"), Entry("南方都市报", "Southern Metropolis Daily")))
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
