"""Batch editions: a folder of articles → a folder of editions, with one model in memory.

The translate stage is the expensive one and it gains from large batches, so articles are
prepared (read, normalized, segmented, glossary terms found) by workers, gathered into
chunks of a few thousand sentences, and each chunk is translated by ``translate_many``: one
engine call for all its sentences, length-sorted across articles. The workers then build
the DOCX/JSON/TMX bytes while the next chunk decodes, and this process writes the files
atomically. Each article goes through the same functions as ``bilingual run``, so it comes
out the same.

Where the work runs is an *executor*: ``LocalExecutor`` (a process pool and the in-process
engine) or ``pipeline.batch.ray_executor.RayExecutor`` (Ray tasks and engine actors). Executors
only see bytes, never paths, so a worker on another machine needs no shared file system.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Protocol

from pipeline import __version__
from pipeline.document import Document
from pipeline.errors import BilingualError, InputError
from pipeline.write.atomic import generated_by_us, write_atomically, write_text_atomically
from pipeline.translate.memory import TranslationMemory
from pipeline.translate.stage import Engine, planned_texts, translate_many

MANIFEST = ".bilingual-batch.json"
SUFFIXES = (".docx", ".json", ".tmx")


@dataclass(frozen=True)
class BatchOptions:
    """What decides an article's outputs besides its text, the glossary and the engine."""

    glossary: str | None = None  # path of the glossary CSV, as given (it is in the JSON)
    layout: str = "reader"
    align: str = "paragraph"
    landscape: bool = False
    script: str = "simplified"
    encoding: str | None = None
    json: bool = False
    tmx: bool = False

    @property
    def suffixes(self) -> tuple[str, ...]:
        return (".docx",) + ((".json",) if self.json else ()) + ((".tmx",) if self.tmx else ())

    @property
    def docx_options(self) -> dict:
        return {"layout": self.layout, "align": self.align, "landscape": self.landscape}


@dataclass(frozen=True)
class Article:
    source: Path  # the input file
    relative: str  # its path under INPUT_DIR, with forward slashes: the key in reports
    stem: Path  # OUT_DIR/<relative without suffix>; outputs are stem + suffix

    def output(self, suffix: str) -> Path:
        return self.stem.with_name(self.stem.name + suffix)


@dataclass(frozen=True)
class ArticleReport:
    relative: str
    status: str  # written | up to date | failed
    reason: str = ""
    paragraphs: int = 0
    sentences: int = 0
    cached: int = 0
    kept: int = 0
    repaired: int = 0
    missing: int = 0
    dropped: int = 0


class Executor(Protocol):
    """Where preparation and rendering run, and which engine translates."""

    engine: Engine

    def prepare(self, jobs: Iterable[tuple[str, bytes | str]], options: BatchOptions) -> Iterator[Document | str]:
        """Prepared documents (or one-line failure reasons), in the order of ``jobs``; a
        job whose data is a string already failed (the reason)."""
        ...

    def render(self, edition: Document, options: BatchOptions) -> Future:
        """A future of the output files as ``{suffix: bytes}``, or of a failure reason."""
        ...

    def close(self) -> None: ...


class BatchListener:
    """Hears what a batch does; the CLI draws progress from it. Does nothing by default."""

    def chunk_started(self, articles: Sequence[tuple[str, frozenset[str]]]) -> None:
        """``(relative, distinct texts)`` of each article about to be translated."""

    def text_done(self, text: str) -> None:
        """A distinct text got its translation (from the memory or the engine)."""

    def article_done(self, report: ArticleReport) -> None: ...


# Sentences translated together: enough for full batches on every inter-thread of a CPU (or
# a GPU's large token batches), few enough that rendering overlaps translation and that
# progress is seen.
CHUNK_TEXTS = {"cpu": 2048, "cuda": 32768}
# Articles being prepared, and editions being rendered, at a time: thousands of articles
# must not all sit in memory at once.
PREPARE_AHEAD = 256
MAX_RENDERING = 256


def find_articles(input_dir: Path, out_dir: Path, pattern: str, options: BatchOptions) -> list[Article]:
    """Files matching ``pattern`` anywhere under ``input_dir`` (hidden ones and the output
    folder excepted), in a stable order, each with its place in ``out_dir``."""
    if not input_dir.is_dir():
        raise InputError("is not a folder", path=input_dir, hint="give the folder that holds the articles")
    out_resolved = out_dir.resolve()
    articles = []
    for path in sorted(input_dir.rglob(pattern)):
        relative = path.relative_to(input_dir)
        if not path.is_file() or any(part.startswith(".") for part in relative.parts):
            continue
        if path.resolve().is_relative_to(out_resolved) and out_resolved != input_dir.resolve():
            continue
        stem = out_dir / relative.with_suffix("")
        if path.suffix in SUFFIXES and stem.with_name(stem.name + path.suffix).resolve() == path.resolve():
            continue  # one of our own outputs, when OUT_DIR is INPUT_DIR
        articles.append(Article(path, relative.as_posix(), stem))
    return articles


def stamp(data: bytes, glossary_sha256: str, engine_key: str, options: BatchOptions) -> str:
    """What an article's outputs depend on: when it is unchanged, a re-run skips it."""
    parts = [__version__, hashlib.sha256(data).hexdigest(), glossary_sha256, engine_key, json.dumps(asdict(options), sort_keys=True)]
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()


def load_manifest(out_dir: Path) -> dict[str, dict]:
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        return data["articles"] if data.get("version") == 1 else {}
    except (OSError, ValueError, KeyError, TypeError):
        return {}  # no manifest, or one we cannot trust: everything is rebuilt


def save_manifest(out_dir: Path, entries: dict[str, dict]) -> None:
    text = json.dumps({"version": 1, "articles": dict(sorted(entries.items()))}, ensure_ascii=False, indent=1) + "\n"
    write_text_atomically(out_dir / MANIFEST, text)


def _blocked_output(article: Article, options: BatchOptions, manifest: dict[str, dict], force: bool) -> str | None:
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
    from pipeline.glossary.entries import term_counts

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
    options: BatchOptions,
    executor: Executor,
    *,
    out_dir: Path,
    memory: TranslationMemory | None = None,
    force: bool = False,
    chunk_texts: int | None = None,
    listener: BatchListener | None = None,
) -> list[ArticleReport]:
    """Make every article's edition; a failed article is reported and the others go on.
    Up-to-date articles (same input, glossary, engine, options and tool version) are skipped."""
    listener = listener or BatchListener()
    engine = executor.engine
    chunk_texts = chunk_texts or CHUNK_TEXTS.get(engine.info.device, CHUNK_TEXTS["cpu"])
    out_dir.mkdir(parents=True, exist_ok=True)
    glossary_sha256 = hashlib.sha256(Path(options.glossary).read_bytes()).hexdigest() if options.glossary else ""
    manifest = load_manifest(out_dir)
    reports: dict[str, ArticleReport] = {}

    def done(report: ArticleReport) -> None:
        reports[report.relative] = report
        listener.article_done(report)

    todo: list[tuple[Article, str]] = []
    for article in articles:
        try:
            data = article.source.read_bytes()
        except OSError as err:
            done(ArticleReport(article.relative, "failed", _unreadable(article, err)))
            continue
        article_stamp = stamp(data, glossary_sha256, engine.cache_key, options)
        entry = manifest.get(article.relative) or {}
        previous = _stored_report(entry)
        if (
            not force
            and previous is not None
            and entry.get("stamp") == article_stamp
            and all(article.output(s).is_file() for s in options.suffixes)
        ):
            done(replace(previous, status="up to date"))
            continue
        blocked = _blocked_output(article, options, manifest, force)
        if blocked:
            done(ArticleReport(article.relative, "failed", blocked))
            continue
        todo.append((article, article_stamp))  # the bytes are read again when sent: memory stays bounded

    pending: list[_Pending] = []

    def collect(keep: int | None = None) -> None:
        """Write the files of finished renderings, in order; with ``keep``, wait until no
        more than ``keep`` are left in flight."""
        while pending and (pending[0].future.done() or (keep is not None and len(pending) > keep)):
            item = pending.pop(0)
            files = item.future.result()
            if isinstance(files, str):
                done(ArticleReport(item.article.relative, "failed", files))
                continue
            try:
                item.article.stem.parent.mkdir(parents=True, exist_ok=True)
                for suffix, content in files.items():
                    write_atomically(item.article.output(suffix), lambda tmp, content=content: tmp.write_bytes(content))
            except (BilingualError, OSError) as err:
                done(ArticleReport(item.article.relative, "failed", str(err)))
                continue
            report = _report(item.article.relative, item.edition)
            manifest[item.article.relative] = {
                "stamp": item.stamp,
                "outputs": [item.article.output(s).name for s in files],
                "report": asdict(report),
            }
            done(report)

    chunk: list[tuple[Article, str, Document]] = []

    def translate_chunk() -> None:
        if not chunk:
            return
        listener.chunk_started([(a.relative, planned_texts(d)) for a, _, d in chunk])
        for (article, article_stamp, _), edition in zip(chunk, _translate_chunk(chunk, engine, memory, listener, done)):
            if edition is not None:
                pending.append(_Pending(article, article_stamp, edition, executor.render(edition, options)))
        chunk.clear()
        collect(keep=MAX_RENDERING)
        save_manifest(out_dir, manifest)  # a killed batch still knows which files it wrote

    def jobs() -> Iterator[tuple[str, bytes | str]]:
        for article, _ in todo:
            try:
                yield str(article.source), article.source.read_bytes()
            except OSError as err:
                yield str(article.source), _unreadable(article, err)

    try:
        texts = 0
        for (article, article_stamp), prepared in zip(todo, executor.prepare(jobs(), options)):
            if isinstance(prepared, str):
                done(ArticleReport(article.relative, "failed", prepared))
                continue
            chunk.append((article, article_stamp, prepared))
            texts += len(prepared.sentences)
            if texts >= chunk_texts:
                translate_chunk()
                texts = 0
            collect()
        translate_chunk()
        collect(keep=0)
    finally:
        if any(r.status == "written" for r in reports.values()):
            save_manifest(out_dir, manifest)
    return [reports[a.relative] for a in articles if a.relative in reports]


def _stored_report(entry: dict) -> ArticleReport | None:
    try:
        return ArticleReport(**entry["report"])
    except (KeyError, TypeError):
        return None


def _unreadable(article: Article, err: OSError) -> str:
    return f"{article.source}: cannot be read ({err.strerror or err})"


def _translate_chunk(chunk, engine: Engine, memory, listener: BatchListener, done) -> list[Document | None]:
    """The chunk in one engine call; if that fails, each article alone, so that one bad
    article is reported and does not take the others with it."""
    from pipeline.qa import check_document

    documents = [document for _, _, document in chunk]
    try:
        return [check_document(e) for e in translate_many(documents, engine, memory, on_text=listener.text_done)]
    except BilingualError as err:
        if len(chunk) == 1:
            done(ArticleReport(chunk[0][0].relative, "failed", str(err)))
            return [None]
    editions: list[Document | None] = []
    for item in chunk:
        editions.extend(_translate_chunk([item], engine, memory, listener, done))
    return editions


# -- worker functions: module level, so a process pool or Ray can run them ----------------

_GLOSSARIES: dict[str, object] = {}


def _glossary(path: str | None):
    from pipeline.glossary.entries import EMPTY_GLOSSARY, load_glossary

    if path is None:
        return EMPTY_GLOSSARY
    if path not in _GLOSSARIES:
        _GLOSSARIES[path] = load_glossary(Path(path))
    return _GLOSSARIES[path]


def glossary_from_text(path: str, data: bytes) -> None:
    """Give a worker the glossary's bytes (it may not see the driver's files)."""
    from pipeline.glossary.entries import decode_glossary, parse_glossary

    sha256 = hashlib.sha256(data).hexdigest()
    if getattr(_GLOSSARIES.get(path), "sha256", None) != sha256:
        _GLOSSARIES[path] = parse_glossary(decode_glossary(data, Path(path)), Path(path), sha256)


def prepare_job(source: str, data: bytes, options: BatchOptions) -> Document | str:
    """Read, normalize, segment and find terms — the part of ``run`` before translation."""
    from pipeline.edition import document_from_bytes, prepare

    try:
        document = document_from_bytes(data, Path(source), encoding=options.encoding)
        return prepare(document, _glossary(options.glossary), script=options.script)
    except BilingualError as err:
        return str(err)
    except Exception as err:  # a bug must cost one article, not the batch
        return f"{source}: internal error ({type(err).__name__}: {err}) — please report it"


def render_job(edition: Document, options: BatchOptions) -> dict[str, bytes] | str:
    from pipeline.edition import edition_files

    try:
        return edition_files(edition, json=options.json, tmx=options.tmx, **options.docx_options)
    except BilingualError as err:
        return str(err)
    except Exception as err:
        return f"{edition.source_file}: internal error while rendering ({type(err).__name__}: {err}) — please report it"


def ahead(jobs: Iterable[tuple[str, bytes | str]], submit, result, cancel) -> Iterator[Document | str]:
    """Results in the order of ``jobs``, with up to ``PREPARE_AHEAD`` submitted ahead."""
    window: deque = deque()
    try:
        for source, data in jobs:
            window.append(data if isinstance(data, str) else submit(source, data))
            if len(window) > PREPARE_AHEAD:
                first = window.popleft()
                yield first if isinstance(first, str) else result(first)
        while window:
            first = window.popleft()
            yield first if isinstance(first, str) else result(first)
    finally:
        for item in window:
            if not isinstance(item, str):
                cancel(item)


def worker_count(requested: int | None) -> int:
    """Workers besides the engine: on a small machine the engine needs the cores most."""
    if requested:
        return max(1, requested)
    return max(1, min(4, (os.cpu_count() or 2) // 2))


class LocalExecutor:
    """A process pool for preparing and rendering; the engine in this process.

    Workers are started with ``spawn``: forking a process that holds CTranslate2's threads
    is unsafe, and the engine may be loaded by the time a worker is (re)started.
    """

    def __init__(self, engine: Engine, options: BatchOptions, workers: int | None = None):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.engine = engine
        glossary = None
        if options.glossary is not None:
            glossary = (options.glossary, Path(options.glossary).read_bytes())
        self._pool = ProcessPoolExecutor(
            max_workers=worker_count(workers),
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(glossary,),
        )

    def prepare(self, jobs: Iterable[tuple[str, bytes | str]], options: BatchOptions) -> Iterator[Document | str]:
        return ahead(jobs, lambda source, data: self._pool.submit(prepare_job, source, data, options), Future.result, Future.cancel)

    def render(self, edition: Document, options: BatchOptions) -> Future:
        return self._pool.submit(render_job, edition, options)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _init_worker(glossary: tuple[str, bytes] | None) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the driver's to handle
    if glossary is not None:
        glossary_from_text(*glossary)


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
