"""The translate stage: fill every sentence's English from an engine, in one call.

Identical sentences (and repeated speaker labels) are translated once. Speaker labels
that the glossary already rendered are not sent to the engine.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

from pipeline.document import Document, EngineInfo


class Engine(Protocol):
    @property
    def info(self) -> EngineInfo: ...

    def translate(self, sentences: Sequence[str]) -> list[str]: ...


def texts_to_translate(document: Document) -> list[str]:
    wanted: dict[str, None] = {}
    for p in document.paragraphs:
        if p.speaker is not None and not p.speaker.en:
            wanted[p.speaker.zh] = None
        for s in p.sentences:
            wanted[s.zh] = None
    return list(wanted)


def translate(document: Document, engine: Engine) -> Document:
    texts = texts_to_translate(document)
    translations = dict(zip(texts, engine.translate(texts)))
    paragraphs = []
    for p in document.paragraphs:
        speaker = p.speaker
        if speaker is not None and not speaker.en:
            speaker = replace(speaker, en=translations[speaker.zh])
        sentences = tuple(replace(s, en=translations[s.zh]) for s in p.sentences)
        paragraphs.append(replace(p, speaker=speaker, sentences=sentences))
    return replace(document, paragraphs=tuple(paragraphs), engine=engine.info)
