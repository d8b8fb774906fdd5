"""The translate stage: every sentence's English, glossary terms enforced, in few engine calls.

Each sentence is protected (glossary targets written in, see ``pipeline.translate.enforce``), texts
are deduplicated, the translation memory answers what it can, the engine translates the
rest in windows of a few hundred texts in document order (one call for an article), and each sentence's hypothesis is chosen, verified and repaired.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from pipeline.chinese import has_chinese
from pipeline.document import Document, EngineInfo, TranslationStats
from pipeline.translate.engine import Engine
from pipeline.translate.enforce import Hypothesis, Protected, choose, count_target, enforce, needs_alignment, protect
from pipeline.translate.memory import ALIGNMENT_PREFIX, TranslationMemory


def protected_sentences(document: Document) -> dict[str, Protected]:
    """The protected text of every sentence, by sentence id."""
    return {
        s.id: protect(s.zh, list(p.terms_in(s)), s.start)
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
    return translate_many([document], engine, memory, repair=repair, progress=progress)[0]


@dataclass(frozen=True)
class _Plan:
    """What one document asks of the engine, before any call."""

    protected: dict[str, Protected]
    human: dict[str, str]
    copied: frozenset[str]
    texts: tuple[str, ...]


def _plan(document: Document, memory: TranslationMemory | None) -> _Plan:
    protected = protected_sentences(document)
    human = _human_translations(document, memory)
    copied = frozenset(s.id for s in document.sentences if not has_chinese(s.zh) and s.id not in human)
    wanted: dict[str, None] = {}
    for p in document.paragraphs:
        if p.speaker is not None and not p.speaker.en:
            wanted[p.speaker.zh] = None
        for s in p.sentences:
            if s.id not in human and s.id not in copied:
                wanted[protected[s.id].text] = None
    return _Plan(protected, human, copied, tuple(wanted))


def planned_texts(document: Document) -> frozenset[str]:
    """The distinct texts this document sends to the engine (protected sentences with
    Chinese, untranslated speaker labels), before the memory or any review is consulted."""
    return frozenset(_plan(document, None).texts)


def translate_many(
    documents: Sequence[Document],
    engine: Engine,
    memory: TranslationMemory | None = None,
    *,
    repair: bool = True,
    progress: Callable[[int, int], None] | None = None,
    on_text: Callable[[str], None] | None = None,
) -> list[Document]:
    """Translate several documents with engine calls over all their texts (windows of
    ``TRANSLATE_WINDOW`` in document order) and one for all their alignments: a batch of articles
    decodes in large, length-sorted batches, and
    each document comes out exactly as ``translate`` alone would give it (the same code).

    ``on_text(text)`` hears of each distinct text as its hypotheses arrive (cached first).
    """
    started = time.perf_counter()
    plans = [_plan(document, memory) for document in documents]
    texts = list(dict.fromkeys(t for plan in plans for t in plan.texts))

    results: dict[str, list[Hypothesis]] = {}
    if memory is not None:
        for text, value in memory.get_many(texts, engine.cache_key).items():
            results[text] = [Hypothesis.from_json(h) for h in value]
    todo = [t for t in texts if t not in results]
    if on_text:
        for text in results:
            on_text(text)
    if progress:
        progress(len(texts) - len(todo), len(texts))
    if todo:
        _translate_and_store(todo, engine, memory, results, progress, len(texts), on_text)

    chosen = [
        {
            s.id: choose(results[plan.protected[s.id].text], plan.protected[s.id].slots)
            for s in document.sentences
            if s.id not in plan.human and s.id not in plan.copied
        }
        for document, plan in zip(documents, plans)
    ]
    if repair:
        chosen = _with_alignments(chosen, [plan.protected for plan in plans], engine, memory, progress)
    fresh = set(todo)
    seconds = time.perf_counter() - started
    return [
        _translated(document, plan, results, choice, engine.info, fresh, repair, seconds)
        for document, plan, choice in zip(documents, plans, chosen)
    ]


def _translated(
    document: Document,
    plan: _Plan,
    results: dict[str, list[Hypothesis]],
    chosen: dict[str, Hypothesis],
    info: EngineInfo,
    fresh: set[str],
    repair: bool,
    seconds: float,
) -> Document:
    protected, human, copied = plan.protected, plan.human, plan.copied
    paragraphs = []
    for p in document.paragraphs:
        speaker = p.speaker
        if speaker is not None and not speaker.en:
            speaker = replace(speaker, en=_best(results[speaker.zh]))
        statuses: dict[int, str] = {}
        sentences = []
        for s in p.sentences:
            sentence_protected = protected[s.id]
            hits = sorted(p.terms_in(s), key=lambda h: h.start)
            if s.id in human or s.id in copied:
                # A reviewer's English is kept as written; text without Chinese (a URL, an
                # English quote) is not sent to a zh→en model but copied. Terms only checked.
                en = human[s.id] if s.id in human else s.zh
                slot_statuses = [
                    "kept" if count_target(en, slot.target) else "missing" for slot in sentence_protected.slots
                ]
                statuses.update((h.start, status) for h, status in zip(hits, slot_statuses))
                sentences.append(replace(s, en=en, origin="human" if s.id in human else "source"))
                continue
            en, slot_statuses = enforce(sentence_protected, chosen[s.id], repair=repair)
            statuses.update((h.start, status) for h, status in zip(hits, slot_statuses))
            sentences.append(replace(s, en=en))
        terms = tuple(replace(h, status=statuses.get(h.start, "missing")) for h in p.terms)
        paragraphs.append(replace(p, speaker=speaker, sentences=tuple(sentences), terms=terms))

    stats = TranslationStats(
        sentences=sum(len(p.sentences) for p in document.paragraphs),
        unique=len(plan.texts),
        cached=sum(
            s.id not in copied and (s.id in human or protected[s.id].text not in fresh)
            for p in document.paragraphs
            for s in p.sentences
        ),
        translated=sum(t in fresh for t in plan.texts),
        seconds=seconds,
    )
    return replace(document, paragraphs=tuple(paragraphs), engine=info, translation=stats)


def _with_alignments(
    chosen: list[dict[str, Hypothesis]],
    protected: list[dict[str, Protected]],
    engine: Engine,
    memory: TranslationMemory | None,
    progress: Callable[..., None] | None = None,
) -> list[dict[str, Hypothesis]]:
    """Attach token alignments to the chosen hypotheses whose terms must be placed, from
    the memory or from the engine (one call for all documents)."""
    keys = [
        {
            sid: f"{ALIGNMENT_PREFIX}{prot[sid].text}\x00{h.text}"
            for sid, h in choice.items()
            if needs_alignment(prot[sid], h)
        }
        for choice, prot in zip(chosen, protected)
    ]
    every = list(dict.fromkeys(k for document_keys in keys for k in document_keys.values()))
    if not every:
        return chosen
    known = memory.get_many(every, engine.cache_key) if memory is not None else {}
    missing = [k for k in every if k not in known]
    if missing:
        pairs = [tuple(k.split("\x00")[1:3]) for k in missing]
        done: set[int] = set()

        def aligned(index: int) -> None:
            done.add(index)
            if progress:
                progress(len(done), len(pairs), "aligning terms")

        fresh = {k: [list(a) for a in alignment] for k, alignment in zip(missing, engine.align(pairs, aligned))}
        if memory is not None:
            memory.put_many(fresh, engine.cache_key)
        known = {**known, **fresh}
    result = []
    for choice, document_keys in zip(chosen, keys):
        choice = dict(choice)
        for sid, key in document_keys.items():
            choice[sid] = replace(choice[sid], alignment=tuple(tuple(a) for a in known[key]))
        result.append(choice)
    return result


STORE_EVERY = 32  # results written to the memory at a time, so an interruption loses little
# Texts given to the engine at a time, in document order: a book's chapters finish in
# order (and its progress moves chapter by chapter) instead of all together at the end of
# one length-sorted pass; a window this size still fills the engine's batches.
TRANSLATE_WINDOW = 512


def _translate_and_store(
    todo: list[str],
    engine: Engine,
    memory: TranslationMemory | None,
    results: dict[str, list[Hypothesis]],
    progress: Callable[[int, int], None] | None,
    total: int,
    on_text: Callable[[str], None] | None = None,
) -> None:
    """Translate ``todo`` in engine calls of ``TRANSLATE_WINDOW`` texts, storing finished results in
    the memory as they arrive: after Ctrl-C or a crash, the next run starts where this one
    stopped."""
    pending: dict[str, list[dict]] = {}
    done: set[int] = set()

    def flush() -> None:
        if memory is not None and pending:
            memory.put_many(pending, engine.cache_key)
        pending.clear()

    def finished(index: int, hypotheses: list[Hypothesis]) -> None:
        if index in done:
            return
        done.add(index)
        results[todo[index]] = hypotheses
        pending[todo[index]] = [h.to_json() for h in hypotheses]
        if len(pending) >= STORE_EVERY:
            flush()
        if on_text:
            on_text(todo[index])
        if progress:
            progress(total - len(todo) + len(done), total)

    try:
        for start in range(0, len(todo), TRANSLATE_WINDOW):
            window = todo[start:start + TRANSLATE_WINDOW]
            for index, hypotheses in enumerate(engine.translate(window, lambda i, h: finished(start + i, h))):
                finished(start + index, hypotheses)
    finally:
        flush()


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
