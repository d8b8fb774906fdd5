"""Where a batch's work runs: an *executor* prepares articles, renders editions, and holds
the engine that translates them. What they run is ``pipeline.batch.jobs``.

``LocalExecutor`` is a process pool with the engine in this process;
``pipeline.batch.ray_executor.RayExecutor`` uses Ray tasks and engine actors. Executors only
see bytes, never paths, so a worker on another machine needs no shared file system. The
worker functions are module-level so that a process pool or Ray can run them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from typing import Protocol

from pipeline.batch.jobs import Job, ahead, glossary_bytes, glossary_from_text, prepare_job, render_job, worker_count
from pipeline.document import Document
from pipeline.edition import EditionOptions
from pipeline.errors import Failure
from pipeline.translate.stage import Engine

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
