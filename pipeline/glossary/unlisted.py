"""The names and terms an article repeats that its glossary lacks: what a run says of them
(``N likely names and terms not in it``) and what the consistency check follows. Found by
``glossary suggest``'s evidence, remembered by the translation memory per text and glossary:
jieba's tagging of every word is the slowest part of a re-run answered by the memory.
"""

from __future__ import annotations

from pipeline.document import Document
from pipeline.glossary.model import Glossary
from pipeline.translate.memory import SUGGESTIONS_KEY, TranslationMemory


def held_terms(document: Document) -> Glossary:
    """The glossary terms a prepared document holds, as a glossary: what suggestions leave out."""
    from pipeline.glossary.model import GlossaryEntry

    return Glossary(tuple(GlossaryEntry(text, text) for text in dict.fromkeys(h.text for p in document.paragraphs for h in p.terms)))


def remembered_unlisted(document: Document, glossary: Glossary, memory: TranslationMemory | None) -> tuple[str, list | None]:
    """The memory's key for this text's ``likely_unlisted`` (a digest of its sentences and
    the glossary), and what the memory holds under it (``None``: not yet seen)."""
    import hashlib

    terms = [f"{e.source}\x02{e.target}\x02{e.kind}" for e in glossary.entries] + list(glossary.waiting)
    digest = hashlib.sha256("\x00".join([*(s.zh for s in document.sentences), "\x01", *terms]).encode()).hexdigest()
    held = memory.get_many([digest], SUGGESTIONS_KEY).get(digest) if memory is not None else None
    return digest, None if held is None else [tuple(name) for name in held]


def likely_unlisted(document: Document, glossary: Glossary) -> list[tuple[str, int, str]]:
    """The sources ``glossary suggest`` would propose for this article, with their counts and
    suggested targets (none without jieba)."""
    from pipeline.errors import UsageError
    from pipeline.glossary.suggest import suggest

    try:
        return [(s.entry.source, s.count, s.entry.target) for s in suggest([document], glossary)]
    except UsageError:
        return []
