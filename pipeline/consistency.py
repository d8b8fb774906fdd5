"""One name, one rendering: after translation, each term the article repeats but the glossary
does not hold (``glossary suggest``'s rows) is looked up in every sentence's English — the
words the engine's attention aligns to it, as the glossary's repair computes them — and a
term that came out several ways is flagged: in QA (each sentence whose rendering is not the
majority's), in the run's summary and in the JSON, with the majority offered as a glossary
row (``glossary suggest --from-run OUT.json``).

Human translations (``review import``) are aligned the same way, so a reviewer who wrote a
name two ways is told too. An engine without alignments (an LLM) gives no renderings: the
check says nothing rather than guess.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from pipeline.document import Document, Rendering

FLAG = "rendered"  # the QA flag's kind: ``rendered: 王坚 as “Jian Wang” (elsewhere “Wang Jian” 14×)``


def check_consistency(document: Document, engine, terms: Sequence[tuple[str, str]]) -> Document:
    """The document with each repeated term's renderings (``Document.renderings``) and a QA
    flag on every sentence that renders a term unlike the majority. ``terms``: (source, the
    suggested target or ""); a name's parts are found in the English whatever their order
    (Wang Jian, Jian Wang, Wang), other terms by alignment."""
    places = [(s, source, target, m.start(), m.end()) for p in document.paragraphs for s in p.sentences if s.en.strip()
              for source, target in terms for m in re.finditer(re.escape(source), s.zh)]
    if not places:
        return document
    unnamed = [(s.zh, s.en) for s, source, target, *_ in places if not _name_in(s.en, target)]
    pairs = list(dict.fromkeys(unnamed)) if getattr(engine, "loaded", True) else []  # a run answered by the memory loads no model for this
    alignments = dict(zip(pairs, engine.align(pairs))) if pairs else {}
    found: dict[str, Counter] = {}
    by_sentence: dict[str, dict[str, str]] = {}
    for sentence, source, target, start, end in places:
        rendering = (_name_in(sentence.en, target)
                     or _aligned_words(sentence.en, alignments.get((sentence.zh, sentence.en), ()), start, end))
        if rendering:
            found.setdefault(source, Counter())[rendering] += 1
            by_sentence.setdefault(sentence.id, {})[source] = rendering
    several = {source: counts for source, counts in found.items() if len(counts) > 1}
    if not several:
        return replace(document, renderings=tuple(Rendering(source, tuple(c.most_common())) for source, c in found.items()))
    paragraphs = []
    for p in document.paragraphs:
        sentences = []
        for s in p.sentences:
            flags = list(s.flags)
            for source, rendering in by_sentence.get(s.id, {}).items():
                majority, n = several.get(source, Counter({rendering: 0})).most_common(1)[0]
                if rendering != majority:
                    flags.append(f"{FLAG}: {source} as “{rendering}” (elsewhere “{majority}” {n}×)")
            sentences.append(replace(s, flags=tuple(dict.fromkeys(flags))))
        paragraphs.append(replace(p, sentences=tuple(sentences)))
    renderings = tuple(Rendering(source, tuple(c.most_common())) for source, c in found.items())
    return replace(document.with_paragraphs(paragraphs), renderings=renderings)


def _name_in(english: str, target: str) -> str:
    """The longest run of the target's words in the English, in any order and case (for
    Wang Jian: “Jian Wang”, “Wang”); "" for a target of one word or none."""
    parts = [re.escape(w) for w in target.split() if len(w) > 1]
    if len(parts) < 2:
        return ""
    word = f"(?:{'|'.join(parts)})"
    runs = [m.group() for m in re.finditer(rf"(?<![A-Za-z]){word}(?:[ -]{word})*(?![A-Za-z])", english, re.I)]
    return max(runs, key=len) if runs else ""


def _aligned_words(english: str, alignment, start: int, end: int) -> str:
    """The whole words of ``english`` the alignment ties to source characters start..end."""
    spans = [(a, b) for a, b, source in alignment if start <= source < end and b > a]
    if not spans:
        return ""
    left, right = min(a for a, _ in spans), max(b for _, b in spans)
    while left > 0 and english[left - 1].isalnum():
        left -= 1
    while right < len(english) and english[right].isalnum():
        right += 1
    return " ".join(english[left:right].strip(" ,.;:!?\"'“”‘’()").split())


def consistency_lines(document: Document) -> list[str]:
    """``qa: 王坚 rendered 3 ways: "Wang Jian" 14×, "Jian Wang" 2×, "Wang" 1×`` per such term."""
    return [f"qa: {r.source} rendered {len(r.counts)} ways: " + ", ".join(f"“{text}” {n}×" for text, n in r.counts)
            for r in document.renderings if len(r.counts) > 1]
