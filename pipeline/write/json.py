"""The JSON export: the whole edition, machine-readable. Its keys are a contract: other
tools read them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipeline.document import Document
from pipeline.write.atomic import write_text_atomically
from pipeline.normalize import change_counts


def document_to_json(document: Document) -> dict[str, Any]:
    title = document.title
    segments = []
    for p in document.paragraphs:
        segments.append(
            {
                "id": p.id,
                "kind": p.kind,
                "speaker": {"zh": p.speaker.zh, "en": p.speaker.en} if p.speaker else None,
                "zh": p.zh,
                "en": p.en,
                "line": p.line,
                "sentences": [
                    {"id": s.id, "zh": s.zh, "en": s.en, "origin": s.origin, "flags": list(s.flags),
                     **({"words": [list(w) for w in s.words]} if s.words else {})} for s in p.sentences
                ],
                "flags": list(p.flags),
                "terms": [
                    {"source": t.source, "target": t.target, "text": t.text, "start": t.start, "status": t.status}
                    for t in p.terms
                ],
            }
        )
    engine = document.engine
    glossary = document.glossary
    return {
        "source_file": document.source_file,
        "title": {"zh": title.zh if title else "", "en": title.en if title else ""},
        "segments": segments,
        "chapters": _chapters(document),
        "dropped": [{"line": d.line, "kind": d.kind, "text": d.text} for d in document.dropped],
        "doubtful": [{"line": d.line, "kind": d.kind, "probability": d.probability, "text": d.text} for d in document.doubts],
        "consistency": [{"source": r.source, "renderings": [{"text": text, "count": n} for text, n in r.counts]}
                        for r in document.renderings],
        "decisions": [{"line": d.line, "action": d.action} for d in document.decisions],
        "engine": (
            {"name": engine.name, "package": engine.package, "version": engine.version, "device": engine.device}
            if engine
            else None
        ),
        "glossary": (
            {"path": glossary.path, "entries": glossary.entries, "sha256": glossary.sha256} if glossary else None
        ),
        "normalization": {"encoding": document.encoding, "changes": change_counts(document.changes)},
        "source": _source(document),
    }


def _source(document: Document) -> dict[str, Any] | None:
    """Where the article came from: format, encoding, the page's URL, site, author, date,
    and what the extractor left out of the page, by kind, in characters."""
    source = document.source
    if source is None:
        return None
    return {"format": source.format, "encoding": source.encoding, "url": source.url, "site": source.site,
            "author": source.author, "date": source.date, "removed": dict(source.removed)}


def document_to_json_text(document: Document) -> str:
    return json.dumps(document_to_json(document), ensure_ascii=False, indent=2) + "\n"


def write_json(document: Document, path: Path) -> Path:
    return write_text_atomically(path, document_to_json_text(document))


def _chapters(document: Document) -> list[dict]:
    """A book's chapters, a level above the segments: each one's heading (both languages) and
    the ids of its segments, in order; empty for an article."""
    from pipeline.write.rows import chapter_heads

    heads = chapter_heads(document)
    chapters: list[dict] = []
    for p in document.paragraphs:
        if p.id in heads:
            chapters.append({"id": p.id, "zh": p.zh, "en": p.en, "segments": []})
        elif chapters and p.kind != "title":
            chapters[-1]["segments"].append(p.id)
    return chapters
