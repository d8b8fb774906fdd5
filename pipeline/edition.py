"""The pipeline as one library call: article file → translated ``Document``.

The CLI and the tests use these functions; each stage stays callable on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipeline.document import Document
from pipeline.glossary import EMPTY_GLOSSARY, Glossary, find_terms
from pipeline.memory import TranslationMemory
from pipeline.normalize import normalize
from pipeline.qa import check_document
from pipeline.reader import read_article
from pipeline.segment import segment
from pipeline.translate import Engine, translate


def read_document(path: Path, *, encoding: str | None = None) -> Document:
    source = read_article(path, encoding)
    return Document(source_file=str(path), lines=tuple(source.lines), encoding=source.encoding)


def prepare(document: Document, glossary: Glossary = EMPTY_GLOSSARY, *, script: str = "simplified") -> Document:
    """Everything before translation: normalize → segment → find glossary terms."""
    return find_terms(segment(normalize(document, script=script, glossary=glossary)), glossary)


def build_edition(
    document: Document,
    engine: Engine,
    memory: TranslationMemory | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Document:
    """Translate a prepared document, enforcing and verifying its glossary terms, then run
    the QA checks on every sentence."""
    return check_document(translate(document, engine, memory, progress=progress))
