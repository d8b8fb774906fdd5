"""The pipeline as one library call: article file → translated ``Document``.

The CLI and the tests use these functions; each stage stays callable on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipeline.document import Document
from pipeline.glossary.entries import EMPTY_GLOSSARY, Glossary, find_terms
from pipeline.translate.memory import TranslationMemory
from pipeline.normalize import normalize
from pipeline.qa import check_document
from pipeline.read.text import SourceText, decode_article, read_article
from pipeline.segment import segment
from pipeline.translate.stage import Engine, translate


def read_document(path: Path, *, encoding: str | None = None) -> Document:
    return _document(read_article(path, encoding))


def document_from_bytes(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    """The same as ``read_document`` for bytes read elsewhere (a batch's driver reads the
    files; workers, possibly on other machines, only see the bytes)."""
    return _document(SourceText(path, *decode_article(data, path, encoding)))


def _document(source: SourceText) -> Document:
    return Document(source_file=str(source.path), lines=tuple(source.lines), encoding=source.encoding)


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


def edition_files(edition: Document, *, json: bool = False, tmx: bool = False, **docx_options) -> dict[str, bytes]:
    """The outputs of an edition as bytes, by suffix: what ``run`` writes, for a writer
    that is not where the files go (a batch worker)."""
    from pipeline.write.docx.build import docx_bytes

    files = {".docx": docx_bytes(edition, **docx_options)}
    if json:
        from pipeline.write.json import document_to_json_text

        files[".json"] = document_to_json_text(edition).encode("utf-8")
    if tmx:
        from pipeline.write.json import document_to_tmx

        files[".tmx"] = document_to_tmx(edition).encode("utf-8")
    return files
