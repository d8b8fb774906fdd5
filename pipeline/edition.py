"""The orchestrator: the path of one article, and of many, from file to written edition.

``run_article`` is what ``bilingual run`` does; a batch (``pipeline.batch.driver``) goes
through the same pieces — ``prepare``, ``build_editions``, ``edition_files`` and
``write_edition`` — so one article comes out the same either way. Outputs are chosen by
suffix in ``WRITERS``: a new format is one registration there, and ``run`` and ``batch``
both get it. Stages stay callable on their own; this module only chains them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from importlib.util import find_spec
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.chinese import has_chinese
from pipeline.consistency import check_consistency, consistency_lines
from pipeline.document import Decision, Document
from pipeline.errors import OutputError
from pipeline.glossary.model import EMPTY_GLOSSARY, Glossary
from pipeline.glossary.matcher import find_terms
from pipeline.glossary.unlisted import held_terms, likely_unlisted, remembered_unlisted
from pipeline.normalize import normalize
from pipeline.progress import ChapterTracker, chapter_texts
from pipeline.qa import check_document
from pipeline.read.formats import read_document
from pipeline.segment import segment
from pipeline.translate.memory import SUGGESTIONS_KEY, TranslationMemory
from pipeline.translate.stage import Engine, translate_many

DEFAULT_OUTPUT_DIR = Path("output")


@dataclass(frozen=True)
class EditionOptions:
    """What decides an article's outputs besides its text, the glossary and the engine."""

    glossary: str | None = None  # path of the glossary CSV, as given (it is in the JSON)
    layout: str = "reader"
    align: str = "paragraph"
    landscape: bool = False
    script: str = "simplified"
    encoding: str | None = None
    json: bool = False
    tmx: bool = False
    formats: tuple[str, ...] = ("docx",)  # the editions: docx, html, epub
    sides: str = "zh,en"  # both languages, or one: zh or en
    pinyin: str = "marks"  # the learner layout's readings: marks, numbers or zhuyin
    vocab_level: int = 3  # the learner layout's vocabulary: HSK 3.0 level and above
    decisions: tuple[Decision, ...] = ()  # the user's --drop/--keep rulings on source lines
    tone_colors: str = "none"  # the learner layout's tone colours: none, pleco, hanping (pipeline.learn.tones)
    ruby: str = "ruby"  # the learner EPUB's readings: ruby over each word, or a line above each sentence
    known: frozenset[str] = frozenset()  # words the reader knows: left out of the vocabulary

    @property
    def suffixes(self) -> tuple[str, ...]:
        editions = tuple(FORMAT_SUFFIXES[f] for f in self.formats)
        learner = (".tsv", ".apkg") if self.layout == "learner" else ()  # the vocabulary, beside the edition
        return editions + ((".json",) if self.json else ()) + ((".tmx",) if self.tmx else ()) + learner


# -- the stages chained ------------------------------------------------------------------


def prepare(document: Document, glossary: Glossary = EMPTY_GLOSSARY, *, script: str = "simplified",
            decisions: tuple[Decision, ...] = ()) -> Document:
    """Everything before translation: normalize → segment (never inside a glossary term) →
    find glossary terms."""
    from pipeline.glossary.matcher import find_in_text

    normalized = normalize(document, script=script, glossary=glossary, decisions=decisions)
    terms = {p.id: tuple((h.start, h.end) for h in find_in_text(p.zh, glossary)) for p in normalized.paragraphs} if glossary.entries else {}
    return find_terms(segment(normalized, keep=terms), glossary)


def require_text(document: Document) -> Document:
    """A document with something left to translate; one whose every line was dropped (an
    article that is all boilerplate, a page of only widgets) is an error naming them."""
    if document.paragraphs:
        return document
    from pipeline.errors import InputError

    raise InputError(f"every line was left out ({dropped_summary(document).removeprefix('dropped ')}); nothing to translate",
                     path=document.source_file, hint="see each line and why with `bilingual normalize FILE --report`")


def build_editions(
    documents: Sequence[Document],
    engine: Engine,
    memory: TranslationMemory | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    on_text: Callable[[str], None] | None = None,
    unlisted: Sequence[list[tuple[str, int, str]]] | Callable[[], Sequence[list[tuple[str, int, str]]]] | None = None,
) -> list[Document]:
    """Translate prepared documents in one engine call, enforcing and verifying their
    glossary terms, then run the QA checks on every sentence and the consistency of the
    terms each repeats outside the glossary (``unlisted``: those terms per document, as
    ``likely_unlisted`` gives them; found here when not given)."""
    translated = translate_many(documents, engine, memory, progress=progress, on_text=on_text)
    unlisted = unlisted() if callable(unlisted) else unlisted
    if unlisted is None:
        unlisted = [likely_unlisted(d, held_terms(d)) for d in documents]
    return [check_consistency(check_document(edition), engine, [(source, target) for source, n, target in names if n >= 2])
            for edition, names in zip(translated, unlisted)]


def build_edition(
    document: Document,
    engine: Engine,
    memory: TranslationMemory | None = None,
    progress: Callable[[int, int], None] | None = None,
    unlisted: list[tuple[str, int, str]] | None = None,
) -> Document:
    """``build_editions`` for one document."""
    return build_editions([document], engine, memory, progress=progress, unlisted=None if unlisted is None else [unlisted])[0]


# -- writers -------------------------------------------------------------------------------


def _docx(edition: Document, options: EditionOptions) -> bytes:
    from pipeline.write.docx.build import docx_bytes

    return docx_bytes(edition, layout=options.layout, align=options.align, landscape=options.landscape, sides=options.sides,
                      vocabulary=_learner(edition, options), tone_colors=options.tone_colors)


def _json(edition: Document, options: EditionOptions) -> bytes:
    from pipeline.write.json import document_to_json_text

    return document_to_json_text(edition).encode("utf-8")


def _tmx(edition: Document, options: EditionOptions) -> bytes:
    from pipeline.write.tmx import document_to_tmx

    return document_to_tmx(edition).encode("utf-8")


def _html(edition: Document, options: EditionOptions) -> bytes:
    from pipeline.write.html import document_to_html

    return document_to_html(edition, sides=options.sides, learner=_learner(edition, options), tone_colors=options.tone_colors).encode("utf-8")


def _epub(edition: Document, options: EditionOptions) -> bytes:
    from pipeline.write.epub import document_to_epub

    return document_to_epub(edition, sides=options.sides, tone_colors=options.tone_colors, ruby=options.ruby)


def _translation_book(edition: Document, options: EditionOptions) -> bytes:
    """The translation alone as a book (``--format epub-en``), from the same translation as
    the bilingual one: for reading, and for listening with text-to-speech."""
    from pipeline.write.epub import document_to_epub

    return document_to_epub(edition, sides="en")


def _learner(edition: Document, options: EditionOptions):
    """The vocabulary a learner edition shows, or None for the other layouts."""
    if options.layout != "learner":
        return None
    from pipeline.learn.vocabulary import vocabulary

    return vocabulary(edition, options.vocab_level, options.known)


def _tsv(edition: Document, options: EditionOptions) -> bytes:
    from pipeline.learn.vocabulary import vocabulary, vocabulary_tsv

    return vocabulary_tsv(vocabulary(edition, options.vocab_level, options.known)).encode("utf-8")


def _apkg(edition: Document, options: EditionOptions) -> bytes:
    from pipeline.learn.vocabulary import anki_deck, vocabulary

    title = edition.title.zh if edition.title else Path(edition.source_file).stem
    return anki_deck(vocabulary(edition, options.vocab_level, options.known), title)


Writer = Callable[[Document, EditionOptions], bytes]
WRITERS: dict[str, Writer] = {".docx": _docx, ".html": _html, ".epub": _epub, ".en.epub": _translation_book, ".json": _json,
                              ".tmx": _tmx, ".tsv": _tsv, ".apkg": _apkg}
FORMAT_SUFFIXES = {"docx": ".docx", "html": ".html", "epub": ".epub", "epub-en": ".en.epub"}  # --format's names
EDITION_SUFFIXES = (".docx", ".html", ".epub")  # what -o may name; .json and .tmx have their own options


def edition_files(edition: Document, options: EditionOptions, suffixes: Sequence[str] | None = None) -> dict[str, bytes]:
    """The outputs of an edition as bytes, by suffix (``options.suffixes`` unless given):
    rendered wherever the edition is (a batch worker), written where the files go. The
    learner layout reads every word first, so every output (the JSON too) has them."""
    if options.layout == "learner":
        from pipeline.learn.reading import read_words

        edition = read_words(edition, style=options.pinyin)
    return {suffix: WRITERS[suffix](edition, options) for suffix in (suffixes or options.suffixes)}


def write_edition(files: dict[Path, bytes]) -> list[Path]:
    """Write each file atomically; if one fails, the ones already written by this call are
    removed again, so a failed run leaves none of its outputs."""
    from pipeline.write.atomic import write_bytes_atomically

    written: list[Path] = []
    try:
        for path, content in files.items():
            written.append(write_bytes_atomically(path, content))
    except OutputError:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return written


# -- one article, as `bilingual run` does it -------------------------------------------------


@dataclass(frozen=True)
class RunReport:
    """What a run did, for its summary: the edition, the files written, the time taken and
    every warning (read problems, no Chinese, the engine's)."""

    edition: Document
    written: tuple[Path, ...]
    seconds: float
    warnings: tuple[str, ...] = field(default=())
    glossary: str = ""  # which glossary was used, or how to give one
    unlisted: int = 0  # likely names and terms the glossary lacks (``glossary suggest`` lists them)


def make_output_folder(folder: Path) -> None:
    """The folder editions go to, made if missing; a file of that name is an error."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError("is a file, where the output folder goes", path=folder,
                          hint="move it away, or give the output's path with -o") from None
    except OSError as err:
        raise OutputError(f"cannot be made ({err.strerror or err})", path=folder) from None


def edition_suffix(path: Path) -> str:
    """The writer ``-o`` asks for, by its suffix: a web page for ``.html``/``.htm``, a book
    for ``.epub``, a DOCX for anything else (as ``-o`` always gave).

    >>> edition_suffix(Path("a.html")), edition_suffix(Path("a.EPUB")), edition_suffix(Path("a.docx")), edition_suffix(Path("a"))
    ('.html', '.epub', '.docx', '.docx')
    """
    suffix = path.suffix.lower()
    return {".htm": ".html"}.get(suffix, suffix) if suffix in (".html", ".htm", ".epub") else ".docx"


def default_output(source: Path) -> Path:
    return DEFAULT_OUTPUT_DIR / f"{source.stem}.docx"


def run_article(
    source: Path,
    outputs: dict[str, Path | None],
    options: EditionOptions,
    *,
    glossary: Glossary = EMPTY_GLOSSARY,
    engine_loader: Callable[[], Engine],
    memory: TranslationMemory | None = None,
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
    on_chapter: Callable[[int, int, str], None] | None = None,
) -> RunReport:
    """Read, prepare, translate and write one article. ``outputs`` maps a suffix to its
    path; a ``.docx`` of ``None`` goes to its default place (``output/<name>.docx``), where
    a DOCX this tool wrote is refreshed. Every output is checked before any work is done.
    ``on_chapter(done, total, title)`` hears of each of a book's chapters as it is translated."""
    from pipeline.write.atomic import check_distinct, check_output

    edition = outputs.pop("edition", None)
    default = edition is None
    paths = {suffix: path for suffix, path in outputs.items() if path is not None}
    if default:
        make_output_folder(DEFAULT_OUTPUT_DIR)
        stem = source if source != Path("-") else Path("stdin")
        paths = {FORMAT_SUFFIXES[fmt]: default_output(stem).with_suffix(FORMAT_SUFFIXES[fmt]) for fmt in options.formats} | paths
    else:
        paths = {edition_suffix(edition): edition} | paths
    main = next(iter(paths.values()))
    paths |= {suffix: main.with_suffix(suffix) for suffix in (".tsv", ".apkg") if suffix in options.suffixes and suffix not in paths}
    check_distinct(list(paths.values()))
    document = read_document(source, encoding=options.encoding)
    warnings = [f"{source}: read as {document.encoding}"] if any(w in document.encoding for w in ("replaced", "removed")) else []
    warnings += getattr(memory, "warnings", [])
    reads = (source,) + ((Path(glossary.path),) if glossary.path else ())
    for suffix, path in paths.items():
        check_output(path, force=force, inputs=reads, replaceable=default and suffix in EDITION_SUFFIXES + (".tsv", ".apkg"))
    prepared = require_text(prepare(document, glossary, script=options.script, decisions=options.decisions))
    if not any(has_chinese(p.zh) for p in prepared.paragraphs):
        warnings.append(f"{source}: no Chinese text found; the English column repeats the source")
    started = time.perf_counter()
    known = remembered_unlisted(prepared, glossary, memory)
    with ThreadPoolExecutor(1) as aside:  # jieba and CC-CEDICT load while the engine translates (it frees the GIL)
        unlisted = aside.submit(lambda: known[1] if known[1] is not None else likely_unlisted(prepared, glossary))
        engine = engine_loader()
        chapters = ChapterTracker(chapter_texts(prepared), on_chapter) if on_chapter else None
        edition = build_editions([prepared], engine, memory, progress=progress, unlisted=lambda: [unlisted.result()],
                                 on_text=chapters.text_done if chapters else None)[0]
        if chapters:
            chapters.finish()
        seconds = time.perf_counter() - started
        names = unlisted.result()
    if memory is not None and known[1] is None and find_spec("jieba"):  # (without jieba there were none to find)
        memory.put_many({known[0]: [list(name) for name in names]}, SUGGESTIONS_KEY)
    warnings.extend(getattr(engine, "warnings", ()))
    files = edition_files(edition, options, tuple(paths))
    written = write_edition({paths[suffix]: content for suffix, content in files.items()})
    from pipeline.glossary.loading import glossary_line

    return RunReport(edition, tuple(written), seconds, tuple(warnings), glossary_line(glossary), len(names))


def run_summary(report: RunReport) -> list[str]:
    """The lines a run prints when it is done: speed, glossary, QA, dropped lines, files."""
    from pipeline.glossary.matcher import term_counts
    from pipeline.qa import qa_summary

    edition = report.edition
    stats = edition.translation
    n = stats.sentences if stats else len(edition.sentences)
    cached = f" ({stats.cached} cached)" if stats and stats.cached else ""
    counts = term_counts(edition)
    engine = f" by {edition.engine.package} {edition.engine.version}" if edition.engine else ""
    lines = [
        f"translated {n} sentences{cached}{engine} in {report.seconds:.1f} s, {n / max(report.seconds, 1e-9):.1f} sent/s",
        report.glossary + (
            f": {counts['occurrences']} occurrences in the text ({counts['kept']} kept, {counts['repaired']} repaired, "
            f"{counts['missing']} missing), {counts['labels']} as speaker labels" if edition.glossary and edition.glossary.path else "")
        + (f"; {report.unlisted} likely names and terms not in it — see `bilingual glossary suggest {edition.source_file}`"
           if report.unlisted else ""),
        qa_summary(edition),
        *consistency_lines(edition),
    ]
    if edition.source and edition.source.removed:
        lines.append(removed_summary(edition))
    if edition.dropped:
        lines.append(dropped_summary(edition))
    if edition.doubts:
        lines.append(doubt_summary(edition))
    lines.append("wrote " + ", ".join(str(p) for p in report.written))
    return lines


def removed_summary(document: Document) -> str:
    """What the page reader left out of a saved page, by kind and size."""
    source = document.source
    parts = ", ".join(f"{kind} {n:,}" for kind, n in sorted(source.removed, key=lambda kv: -kv[1]))
    return (f"page: read as {source.format} ({source.encoding}), {len(document.lines)} lines taken; "
            f"left out (characters): {parts}")


def doubt_summary(document: Document) -> str:
    """``2 lines may not be article text (lines 3, 41) — see bilingual normalize --report``."""
    n = len(document.doubts)
    numbers = ", ".join(str(d.line) for d in document.doubts[:12]) + (", …" if n > 12 else "")
    return (f"{n} line{'s' if n > 1 else ''} may not be article text (line{'s' if n > 1 else ''} {numbers}) — "
            f"see bilingual normalize --report; --drop or --keep with the line numbers decides")


def dropped_summary(document: Document) -> str:
    """Every dropped line when there are few; counts by kind when there are many."""
    dropped = document.dropped
    if len(dropped) <= 10:
        return f"dropped {len(dropped)} source lines: " + ", ".join(f"{d.line} ({d.kind})" for d in dropped)
    kinds: dict[str, int] = {}
    for d in dropped:
        kinds[d.kind] = kinds.get(d.kind, 0) + 1
    detail = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items(), key=lambda kv: -kv[1]))
    return f"dropped {len(dropped)} source lines ({detail}); each is listed in the DOCX appendix and the JSON"
