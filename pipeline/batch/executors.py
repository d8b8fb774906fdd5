"""Where a batch's work runs: an *executor* prepares articles, renders editions, and holds
the engine that translates them.

``LocalExecutor`` is a process pool with the engine in this process;
``pipeline.batch.ray_executor.RayExecutor`` uses Ray tasks and engine actors. Executors only
see bytes, never paths, so a worker on another machine needs no shared file system. The
worker functions are module-level so that a process pool or Ray can run them.
"""

from __future__ import annotations

import hashlib
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Protocol

from pipeline.document import Document
from pipeline.edition import EditionOptions, edition_files, prepare, require_text
from pipeline.errors import BilingualError, Failure
from pipeline.read.formats import document_from_bytes
from pipeline.translate.stage import Engine

# Articles being prepared at a time: thousands of articles must not all sit in memory.
PREPARE_AHEAD = 256

Job = tuple[str, "bytes | Failure"]  # (source path, its bytes or why they could not be read)


class Executor(Protocol):
    """Where preparation and rendering run, and which engine translates."""

    engine: Engine

    def prepare(self, jobs: Iterable[Job], options: EditionOptions) -> Iterator[Document | Failure]:
        """Prepared documents (or failures), in the order of ``jobs``; a job whose data is
        a ``Failure`` already failed."""
        ...

    def render(self, edition: Document, options: EditionOptions) -> Future:
        """A future of the output files as ``{suffix: bytes}``, or of a ``Failure``."""
        ...

    def close(self) -> None: ...


def open_executor(kind: str, device: str, options: EditionOptions, workers: int | None = None, model: str | None = None,
                  endpoint: str | None = None) -> Executor:
    """The executor ``bilingual batch --executor KIND`` uses, its engine ready. With a chat
    endpoint, the endpoint is the engine for either executor (the server scales itself);
    Ray then prepares and renders."""
    from pipeline.translate.engine import check_device, load_engine

    check_device(device)  # the same error for both executors
    if kind == "ray":
        from pipeline.batch.ray_executor import RayExecutor
        from pipeline.translate.models import find_model

        source = load_engine(device, model, endpoint) if endpoint else find_model(model)
        return RayExecutor(source, options, device=device, workers=workers)
    return LocalExecutor(load_engine(device, model, endpoint), options, workers)


# -- worker functions ------------------------------------------------------------------------

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


def prepare_job(source: str, data: bytes, options: EditionOptions) -> Document | Failure:
    """Read, normalize, segment and find terms — the part of ``run`` before translation."""
    try:
        document = document_from_bytes(data, Path(source), encoding=options.encoding)
        return require_text(prepare(document, _glossary(options.glossary), script=options.script))
    except BilingualError as err:
        return Failure.of(source, err)
    except Exception as err:  # a bug must cost one article, not the batch
        return Failure.internal(source, err)


def render_job(edition: Document, options: EditionOptions) -> dict[str, bytes] | Failure:
    try:
        return edition_files(edition, options)
    except BilingualError as err:
        return Failure.of(edition.source_file, err)
    except Exception as err:
        return Failure.internal(edition.source_file, err, "rendering")


def ahead(jobs: Iterable[Job], submit, result, cancel) -> Iterator[Document | Failure]:
    """Results in the order of ``jobs``, with up to ``PREPARE_AHEAD`` submitted ahead."""
    window: deque = deque()
    try:
        for source, data in jobs:
            window.append(data if isinstance(data, Failure) else submit(source, data))
            if len(window) > PREPARE_AHEAD:
                first = window.popleft()
                yield first if isinstance(first, Failure) else result(first)
        while window:
            first = window.popleft()
            yield first if isinstance(first, Failure) else result(first)
    finally:
        for item in window:
            if not isinstance(item, Failure):
                cancel(item)


def worker_count(requested: int | None) -> int:
    """Workers besides the engine: on a small machine the engine needs the cores most."""
    if requested:
        return max(1, requested)
    return max(1, min(4, (os.cpu_count() or 2) // 2))


def glossary_bytes(options: EditionOptions) -> tuple[str, bytes] | None:
    """The glossary as the workers get it: its path (the key) and its bytes."""
    return (options.glossary, Path(options.glossary).read_bytes()) if options.glossary is not None else None


class LocalExecutor:
    """A process pool for preparing and rendering; the engine in this process.

    Workers are started with ``spawn``: forking a process that holds CTranslate2's threads
    is unsafe, and the engine may be loaded by the time a worker is (re)started.
    """

    def __init__(self, engine: Engine, options: EditionOptions, workers: int | None = None):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.engine = engine
        self._pool = ProcessPoolExecutor(
            max_workers=worker_count(workers),
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(glossary_bytes(options),),
        )

    def prepare(self, jobs: Iterable[Job], options: EditionOptions) -> Iterator[Document | Failure]:
        return ahead(jobs, lambda source, data: self._pool.submit(prepare_job, source, data, options), Future.result, Future.cancel)

    def render(self, edition: Document, options: EditionOptions) -> Future:
        return self._pool.submit(render_job, edition, options)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _init_worker(glossary: tuple[str, bytes] | None) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the driver's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:  # Linux: die with the driver, whatever kills it (no orphans under PID 1)
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if glossary is not None:
        glossary_from_text(*glossary)
