"""Batch editions: a folder of articles → a folder of editions, with one model in memory.

The translate stage is the expensive one and it gains from large batches, so articles are
prepared (read, normalized, segmented, glossary terms found) by an executor's workers
(``pipeline.batch.executors``), gathered into chunks of a few thousand sentences, and each
chunk goes through ``edition.build_editions``: one engine call for all its sentences,
length-sorted across articles. The workers then render the editions' files while the next
chunk decodes, and this process writes them with ``edition.write_edition``. Each article
goes through the same functions as ``bilingual run``, so it comes out the same.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from concurrent.futures import Future
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from pipeline import __version__
from pipeline.batch.executors import Executor
from pipeline.batch.jobs import Job
from pipeline.batch.manifest import folder_lock, journal, load_manifest, save_manifest
from pipeline.document import Document
from pipeline.edition import EditionOptions, build_editions, write_edition
from pipeline.batch.paths import Article, check_book, dangling_links, find_articles
from pipeline.batch.progress import ArticleReport, BatchListener
from pipeline.errors import BilingualError, Failure, OutputError, UsageError, unreadable
from pipeline.translate.memory import TranslationMemory
from pipeline.translate.stage import planned_texts
from pipeline.write.atomic import generated_by_us



# Sentences translated together: enough for full batches on every inter-thread of a CPU (or
# a GPU's large token batches), few enough that rendering overlaps translation and that
# progress is seen.
CHUNK_TEXTS = {"cpu": 2048, "cuda": 32768}
# Editions being rendered at a time: thousands of articles must not all sit in memory.
MAX_RENDERING = 256


def stamp(data: bytes, glossary_sha256: str, engine_key: str, options: EditionOptions) -> str:
    """What an article's outputs depend on: when it is unchanged, a re-run skips it."""
    parts = [__version__, hashlib.sha256(data).hexdigest(), glossary_sha256, engine_key, json.dumps(asdict(options), sort_keys=True, default=sorted)]
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()


def _blocked_output(article: Article, options: EditionOptions, manifest: dict[str, dict], force: bool) -> str | None:
    """Why an article's outputs may not be written, or None: an existing file is replaced
    only with --force, or when this batch wrote it (manifest) or this tool made it."""
    ours = set(manifest.get(article.relative, {}).get("outputs", ()))
    for suffix in options.suffixes:
        path = article.output(suffix)
        if path.is_dir():
            return f"{path}: is a directory"
        if path.exists() and not force and path.name not in ours and not (suffix == ".docx" and generated_by_us(path)):
            return f"{path}: already exists — pass --force to overwrite it"
    return None


def _report(relative: str, edition: Document) -> ArticleReport:
    from pipeline.glossary.matcher import term_counts

    counts = term_counts(edition)
    stats = edition.translation
    return ArticleReport(
        relative,
        "written",
        paragraphs=len(edition.paragraphs),
        sentences=len(edition.sentences),
        cached=stats.cached if stats else 0,
        kept=counts["kept"],
        repaired=counts["repaired"],
        missing=counts["missing"],
        dropped=len(edition.dropped),
    )


@dataclass
class _Pending:
    article: Article
    stamp: str
    edition: Document
    future: Future = field(repr=False)


def run_batch(
    articles: Sequence[Article],
    options: EditionOptions,
    executor: Executor,
    *,
    out_dir: Path,
    memory: TranslationMemory | None = None,
    force: bool = False,
    chunk_texts: int | None = None,
    listener: BatchListener | None = None,
    book: Path | None = None,
) -> list[ArticleReport]:
    """Make every article's edition; a failed article is reported and the others go on.
    Up-to-date articles (same input, glossary, engine, options and tool version) are skipped
    — except with ``book``, one EPUB of every article in order, which needs them all (the
    translation memory makes that rebuild quick)."""
    from pipeline.edition import make_output_folder

    make_output_folder(out_dir)
    with folder_lock(out_dir):
        batch = _Batch(options, executor, out_dir, memory, listener or BatchListener())
        batch.chunk_texts = chunk_texts or CHUNK_TEXTS.get(executor.engine.info.device, CHUNK_TEXTS["cpu"])
        batch.keep_editions = book is not None
        todo = batch.select(articles, force or book is not None)
        try:
            batch.translate_all(todo)
        finally:
            if any(r.status == "written" for r in batch.reports.values()):
                save_manifest(out_dir, batch.manifest)
        if book is not None and batch.editions_kept:
            _write_book(book, [batch.editions_kept[a.relative] for a in articles if a.relative in batch.editions_kept], options)
        return [batch.reports[a.relative] for a in articles if a.relative in batch.reports]


def _write_book(book: Path, editions: list[Document], options: EditionOptions) -> None:
    from pipeline.write.atomic import write_bytes_atomically
    from pipeline.write.epub import book_to_epub

    write_bytes_atomically(book, book_to_epub(editions, sides=options.sides, tone_colors=options.tone_colors, ruby=options.ruby))


class _Batch:
    """One batch's state, in phases: ``select`` what to rebuild, ``translate_all`` in
    chunks, ``collect`` finished renderings and write them."""

    def __init__(self, options: EditionOptions, executor: Executor, out_dir: Path, memory, listener: BatchListener):
        self.options, self.executor, self.out_dir = options, executor, out_dir
        self.memory, self.listener = memory, listener
        self.engine = executor.engine
        self.chunk_texts = CHUNK_TEXTS["cpu"]
        self.glossary_sha256 = hashlib.sha256(Path(options.glossary).read_bytes()).hexdigest() if options.glossary else ""
        self.manifest = load_manifest(out_dir)
        self.reports: dict[str, ArticleReport] = {}
        self.pending: list[_Pending] = []
        self.chunk: list[tuple[Article, str, Document]] = []
        self.keep_editions = False
        self.editions_kept: dict[str, Document] = {}

    def done(self, report: ArticleReport) -> None:
        self.reports[report.relative] = report
        self.listener.article_done(report)

    def failed(self, article: Article, failure: Failure | BilingualError | str) -> None:
        self.done(ArticleReport(article.relative, "failed", str(failure)))

    def select(self, articles: Sequence[Article], force: bool) -> list[tuple[Article, str]]:
        """The articles to build, with their stamps; the others are reported now."""
        todo: list[tuple[Article, str]] = []
        for article in articles:
            try:
                data = article.source.read_bytes()
            except OSError as err:
                self.failed(article, _unreadable(article, err))
                continue
            article_stamp = stamp(data, self.glossary_sha256, self.engine.cache_key, self.options)
            entry = self.manifest.get(article.relative) or {}
            previous = _stored_report(entry)
            if (
                not force
                and previous is not None
                and entry.get("stamp") == article_stamp
                and all(article.output(s).is_file() for s in self.options.suffixes)
            ):
                self.done(replace(previous, status="up to date"))
                continue
            blocked = _blocked_output(article, self.options, self.manifest, force)
            if blocked:
                self.failed(article, blocked)
                continue
            todo.append((article, article_stamp))  # the bytes are read again when sent: memory stays bounded
        return todo

    def translate_all(self, todo: list[tuple[Article, str]]) -> None:
        texts = 0
        for (article, article_stamp), prepared in zip(todo, self.executor.prepare(_jobs(todo), self.options)):
            if isinstance(prepared, Failure):
                self.failed(article, prepared)
                continue
            self.chunk.append((article, article_stamp, prepared))
            texts += len(prepared.sentences)
            if texts >= self.chunk_texts:
                self.translate_chunk()
                texts = 0
            self.collect()
        self.translate_chunk()
        self.collect(keep=0)

    def translate_chunk(self) -> None:
        if not self.chunk:
            return
        self.listener.chunk_started([(a.relative, planned_texts(d)) for a, _, d in self.chunk])
        for (article, article_stamp, _), edition in zip(self.chunk, self.editions(self.chunk)):
            if edition is not None:
                future = self.executor.render(edition, self.options)
                self.pending.append(_Pending(article, article_stamp, edition, future))
        self.chunk = []
        self.collect(keep=MAX_RENDERING)
        save_manifest(self.out_dir, self.manifest)  # a killed batch still knows which files it wrote

    def editions(self, chunk) -> list[Document | None]:
        """The chunk in one engine call; if that fails, each article alone, so that one bad
        article is reported and does not take the others with it."""
        try:
            return build_editions([d for _, _, d in chunk], self.engine, self.memory, on_text=self.listener.text_done)
        except BilingualError as err:
            if len(chunk) == 1:
                self.failed(chunk[0][0], err)
                return [None]
        return [edition for item in chunk for edition in self.editions([item])]

    def collect(self, keep: int | None = None) -> None:
        """Write the files of finished renderings, in order; with ``keep``, wait until no
        more than ``keep`` are left in flight."""
        while self.pending and (self.pending[0].future.done() or (keep is not None and len(self.pending) > keep)):
            item = self.pending.pop(0)
            files = item.future.result()
            if isinstance(files, Failure):
                self.failed(item.article, files)
                continue
            try:
                item.article.stem.parent.mkdir(parents=True, exist_ok=True)
                write_edition({item.article.output(suffix): content for suffix, content in files.items()})
            except (BilingualError, OSError) as err:
                self.failed(item.article, err)
                continue
            report = _report(item.article.relative, item.edition)
            entry = {"stamp": item.stamp, "outputs": [item.article.output(s).name for s in files], "report": asdict(report)}
            self.manifest[item.article.relative] = entry
            journal(self.out_dir, item.article.relative, entry)  # a rerun after any kill knows these files
            if self.keep_editions:
                self.editions_kept[item.article.relative] = item.edition
            self.done(report)


def _jobs(todo: list[tuple[Article, str]]) -> Iterator[Job]:
    for article, _ in todo:
        try:
            yield str(article.source), article.source.read_bytes()
        except OSError as err:
            yield str(article.source), Failure(str(article.source), _unreadable(article, err))


def _stored_report(entry: dict) -> ArticleReport | None:
    try:
        return ArticleReport(**entry["report"])
    except (KeyError, TypeError):
        return None


def _unreadable(article: Article, err: OSError) -> str:
    return f"{article.source}: {unreadable(err)}"


@dataclass(frozen=True)
class BatchReport:
    """What a batch did: a report per article, the time taken, the engine's warnings."""

    reports: tuple[ArticleReport, ...]
    seconds: float
    warnings: tuple[str, ...] = ()
    setup: str = ""  # the glossary and model used

    @property
    def failed(self) -> bool:
        return any(r.status == "failed" for r in self.reports)

    def summary_lines(self, *, quiet: bool = False) -> list[str]:
        lines = ([self.setup] if self.setup and not quiet else []) + [summary(self.reports)]
        if not quiet:
            sentences = sum(r.sentences for r in self.reports if r.status == "written")
            lines.append(f"batch: {sentences} sentences written in {self.seconds:.1f} s, "
                         f"{sentences / max(self.seconds, 1e-9):.1f} sent/s")
        return lines


def run_folder(
    input_dir: Path,
    output_dir: Path | None,
    pattern: str | None,
    options: EditionOptions,
    *,
    glossary: Path | None,
    executor: str = "local",
    device: str = "cpu",
    model: str | None = None,
    endpoint: str | None = None,
    workers: int | None = None,
    memory: TranslationMemory | None = None,
    force: bool = False,
    listener: Callable[[int], AbstractContextManager[BatchListener]] | None = None,
    book: Path | None = None,
) -> BatchReport:
    """``bilingual batch``: find the articles, start the executor, run the batch. A broken
    glossary or a folder without articles stops it before any work."""
    from pipeline.batch.executors import open_executor
    from pipeline.edition import DEFAULT_OUTPUT_DIR, make_output_folder
    from pipeline.glossary.loading import glossary_line, load_glossary_or_default

    out_dir = output_dir or DEFAULT_OUTPUT_DIR
    if pattern and (Path(pattern).is_absolute() or ".." in Path(pattern).parts):
        raise UsageError(f"--pattern {pattern!r} is a path; it must be a file-name pattern such as '*.txt'",
                         hint="give the folder as the first argument and the pattern alone")
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError("is a file, not a folder for the editions", path=out_dir, hint="give a folder with -o")
    terms = load_glossary_or_default(glossary)
    options = replace(options, glossary=terms.path or None)
    articles = find_articles(input_dir, out_dir, pattern)
    if book is not None and articles:
        check_book(book, articles, options, force)
    if not articles:
        from pipeline.read.formats import SUFFIXES

        what = f"matches {pattern!r}" if pattern else "is an article (" + " ".join(f"*{s}" for s in SUFFIXES) + ")"
        raise UsageError(f"no file {what}", hint="check the folder or pass --pattern")
    make_output_folder(out_dir)
    started = time.perf_counter()  # executor start-up (a local Ray: seconds) counts too
    pool = open_executor(executor, device, options, workers, model, endpoint)
    try:
        with (listener or (lambda total: nullcontext(BatchListener())))(len(articles)) as hears:
            reports = run_batch(articles, options, pool, out_dir=out_dir, memory=memory, force=force, listener=hears, book=book)
    finally:
        pool.close()
    warnings = tuple(dangling_links(input_dir)) + tuple(getattr(pool.engine, "warnings", ()))
    info = pool.engine.info
    return BatchReport(tuple(reports), time.perf_counter() - started, warnings,
                       f"{glossary_line(terms)}; model: {info.package} {info.version} ({info.device})")


def summary(reports: Sequence[ArticleReport], *, rows: int = 50) -> str:
    """The end-of-batch table: one row per article (when there are at most ``rows``), the
    totals, and every failure with its reason."""
    columns = ("paragraphs", "sentences", "cached", "kept", "repaired", "missing")
    lines = []
    ok = [r for r in reports if r.status != "failed"]
    if 0 < len(reports) <= rows:
        width = max(len("article"), *(len(r.relative) for r in reports))
        lines.append(f"{'article':<{width}}  {'status':<10}" + "".join(f"  {c:>10}" for c in columns))
        for r in reports:
            values = "".join(f"  {getattr(r, c):>10}" for c in columns) if r.status != "failed" else ""
            lines.append(f"{r.relative:<{width}}  {r.status:<10}{values}")
    statuses = {s: sum(r.status == s for r in reports) for s in ("written", "up to date", "failed")}
    totals = {c: sum(getattr(r, c) for r in ok) for c in columns}
    lines.append(
        f"articles: {len(reports)} ({statuses['written']} written, {statuses['up to date']} up to date, "
        f"{statuses['failed']} failed); paragraphs {totals['paragraphs']}, sentences {totals['sentences']} "
        f"({totals['cached']} cached); glossary: {totals['kept']} kept, {totals['repaired']} repaired, "
        f"{totals['missing']} missing"
    )
    for r in reports:
        if r.status == "failed":
            lines.append(f"failed: {r.relative}: {r.reason}")
    return "\n".join(lines)
