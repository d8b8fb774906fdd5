"""The translate stage: every sentence's English, glossary terms enforced, in one engine call.

Each sentence is protected (glossary targets written in, see ``pipeline.enforce``), texts
are deduplicated, the translation memory answers what it can, the engine translates the
rest in one batch, and each sentence's hypothesis is chosen, verified and repaired.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Protocol

from pipeline.document import Document, EngineInfo, Paragraph, TermHit, TranslationStats
from pipeline.enforce import Hypothesis, Protected, choose, count_target, enforce, protect
from pipeline.memory import TranslationMemory


class Engine(Protocol):
    @property
    def info(self) -> EngineInfo: ...

    @property
    def cache_key(self) -> str: ...

    def translate(
        self, sentences: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> list[list[Hypothesis]]: ...


def _sentence_hits(paragraph: Paragraph, start: int, length: int) -> list[TermHit]:
    return [h for h in paragraph.terms if start <= h.start and h.end <= start + length]


def protected_sentences(document: Document) -> dict[str, Protected]:
    """The protected text of every sentence, by sentence id."""
    return {
        s.id: protect(s.zh, _sentence_hits(p, s.start, len(s.zh)), s.start)
        for p in document.paragraphs
        for s in p.sentences
    }


def translate(
    document: Document,
    engine: Engine,
    memory: TranslationMemory | None = None,
    *,
    repair: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> Document:
    """``progress(done, total)`` is called as the engine finishes texts (cached ones first)."""
    started = time.perf_counter()
    protected = protected_sentences(document)
    human = _human_translations(document, memory)
    wanted: dict[str, None] = {}
    for p in document.paragraphs:
        if p.speaker is not None and not p.speaker.en:
            wanted[p.speaker.zh] = None
        for s in p.sentences:
            if s.id not in human:
                wanted[protected[s.id].text] = None
    texts = list(wanted)

    results: dict[str, list[Hypothesis]] = {}
    if memory is not None:
        for text, value in memory.get_many(texts, engine.cache_key).items():
            results[text] = [Hypothesis.from_json(h) for h in value]
    todo = [t for t in texts if t not in results]
    if progress:
        progress(len(texts) - len(todo), len(texts))
    if todo:
        done = len(texts) - len(todo)

        def advance(count: int) -> None:
            nonlocal done
            done += count
            if progress:
                progress(done, len(texts))

        fresh = engine.translate(todo, advance)
        results.update(zip(todo, fresh))
        if memory is not None:
            memory.put_many({t: [h.to_json() for h in hyps] for t, hyps in zip(todo, fresh)}, engine.cache_key)

    paragraphs = []
    for p in document.paragraphs:
        speaker = p.speaker
        if speaker is not None and not speaker.en:
            speaker = replace(speaker, en=_best(results[speaker.zh]))
        statuses: dict[int, str] = {}
        sentences = []
        for s in p.sentences:
            sentence_protected = protected[s.id]
            hits = sorted(_sentence_hits(p, s.start, len(s.zh)), key=lambda h: h.start)
            if s.id in human:  # a reviewer's English is kept as written; terms only checked
                en = human[s.id]
                slot_statuses = [
                    "kept" if count_target(en, slot.target) else "missing" for slot in sentence_protected.slots
                ]
                statuses.update((h.start, status) for h, status in zip(hits, slot_statuses))
                sentences.append(replace(s, en=en, origin="human"))
                continue
            chosen = choose(results[sentence_protected.text], sentence_protected.slots)
            en, slot_statuses = enforce(sentence_protected, chosen, repair=repair)
            statuses.update((h.start, status) for h, status in zip(hits, slot_statuses))
            sentences.append(replace(s, en=en))
        terms = tuple(replace(h, status=statuses.get(h.start, "missing")) for h in p.terms)
        paragraphs.append(replace(p, speaker=speaker, sentences=tuple(sentences), terms=terms))

    fresh_texts = set(todo)
    stats = TranslationStats(
        sentences=sum(len(p.sentences) for p in document.paragraphs),
        unique=len(texts),
        cached=sum(
            s.id in human or protected[s.id].text not in fresh_texts for p in document.paragraphs for s in p.sentences
        ),
        translated=len(todo),
        seconds=time.perf_counter() - started,
    )
    return replace(document, paragraphs=tuple(paragraphs), engine=engine.info, translation=stats)


def _human_translations(document: Document, memory: TranslationMemory | None) -> dict[str, str]:
    """Reviewed English by sentence id. A paragraph reviewed as a whole (reader layout) puts
    its English on its first sentence and leaves the others empty."""
    if memory is None:
        return {}
    sources = [p.zh for p in document.paragraphs] + [s.zh for s in document.sentences]
    known = memory.human(dict.fromkeys(sources))
    found: dict[str, str] = {}
    for p in document.paragraphs:
        if p.zh in known and len(p.sentences) > 1:
            for index, s in enumerate(p.sentences):
                found[s.id] = known[p.zh] if index == 0 else ""
            continue
        for s in p.sentences:
            if s.zh in known:
                found[s.id] = known[s.zh]
    return found


def _best(hypotheses: list[Hypothesis]) -> str:
    return hypotheses[0].text if hypotheses else ""
