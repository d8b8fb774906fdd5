"""The commands that examine an article without translating it — ``normalize``, ``extract``,
``glossary hits``, ``glossary suggest`` — each a path from files to what the command shows,
through the same readers and stages as ``run`` (``pipeline.edition``), so that what they
show is what a run would do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from pipeline.batch.paths import find_articles
from pipeline.document import Decision, Document
from pipeline.edition import prepare, removed_summary
from pipeline.errors import GlossaryError
from pipeline.glossary.loading import glossary_line, load_glossary_or_default
from pipeline.glossary.model import Glossary
from pipeline.glossary.matcher import term_counts, term_occurrences
from pipeline.glossary.suggest import Suggestion, suggest
from pipeline.normalize import normalize, normalized_text
from pipeline.read.formats import read_document
from pipeline.write.atomic import check_output, write_text_atomically


def normalize_file(
    source: Path, output: Path | None, *, script: str, glossary: Path | None, encoding: str | None, force: bool,
    decisions: tuple[Decision, ...] = (),
) -> tuple[str, Document]:
    """``bilingual normalize``: the repaired text (written to ``output`` when given) and the
    normalized document, whose changes and dropped lines a report can show."""
    document = read_document(source, encoding=encoding)
    if output is not None:
        check_output(output, force=force, inputs=(source,))
    result = normalize(document, script=script, glossary=load_glossary_or_default(glossary), decisions=decisions)
    text = normalized_text(result)
    if output is not None:
        write_text_atomically(output, text)
    return text, result


def glossary_hits(source: Path, glossary: Path | None, *, encoding: str | None = None) -> tuple[list[tuple[str, ...]], str]:
    """``bilingual glossary hits``: a row per entry that occurs in the normalized article
    (source, target, count, paragraph ids), and a one-line summary."""
    terms = load_glossary_or_default(glossary)
    if not terms.path:
        raise GlossaryError("no glossary to look for", hint=glossary_line(terms).split(" — ", 1)[1])
    prepared = prepare(read_document(source, encoding=encoding), terms)
    found = term_occurrences(prepared, terms)
    rows = [
        (entry.source, entry.rendering, str(len(found[entry.source])), " ".join(dict.fromkeys(found[entry.source])))
        for entry in terms.entries
        if found.get(entry.source)
    ]
    counts = term_counts(prepared)
    return rows, (f"{glossary_line(terms)}: {len(found)} of them occur, {sum(map(len, found.values()))} times "
                  f"({counts['occurrences']} in the text, {counts['labels']} as speaker labels)")


def extract_report(source: Path, *, encoding: str | None = None) -> tuple[list[str], list[str]]:
    """``bilingual extract``: every line taken from the input with where it came from (for
    stdout), and what the reader knows of the source and left out (for stderr)."""
    document = read_document(source, encoding=encoding)
    origins = document.origins or ("line",) * len(document.lines)
    taken = [f"{origin}\t{line}" for origin, line in zip(origins, document.lines)]
    info = document.source
    facts = [f"{name}: {value}" for name, value in (("format", info.format), ("encoding", info.encoding), ("url", info.url),
             ("site", info.site), ("author", info.author), ("date", info.date)) if value] if info else []
    return taken, facts + ([removed_summary(document)] if info and info.removed else [])


def suggest_for_files(paths: Sequence[Path], glossary: Glossary, *, encoding: str | None = None) -> list[Suggestion]:
    """``glossary suggest``: each article (a folder: every article under it, as ``batch``
    finds them) read and repaired as ``run`` reads it, then one list for them all."""
    files: list[Path] = []
    for path in paths:
        files += [a.source for a in find_articles(path, path / ".none")] if path.is_dir() else [path]
    documents = [prepare(read_document(path, encoding=encoding), glossary) for path in files]
    named = [replace(d, source_file=str(path)) for d, path in zip(documents, files)]
    return suggest(named, glossary)
