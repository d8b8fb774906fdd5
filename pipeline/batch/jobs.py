"""The work a batch's executors run, apart from the executors that run it (a process pool,
Ray's tasks and actors): preparing an article from its bytes, rendering an edition's files,
the glossary a worker holds, and keeping a bounded window of jobs in flight. Module-level
functions, so that a process pool or Ray can ship them; they see bytes, never paths.
"""

from __future__ import annotations

import hashlib
import os
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path

from pipeline.document import Document
from pipeline.edition import EditionOptions, edition_files, prepare, require_text
from pipeline.errors import BilingualError, Failure
from pipeline.read.formats import document_from_bytes

# Articles being prepared at a time: thousands of articles must not all sit in memory.
PREPARE_AHEAD = 256

Job = tuple[str, "bytes | Failure"]  # (source path, its bytes or why they could not be read)

_GLOSSARIES: dict[str, object] = {}


def _glossary(path: str | None):
    from pipeline.glossary.loading import load_glossary
    from pipeline.glossary.model import EMPTY_GLOSSARY

    if path is None:
        return EMPTY_GLOSSARY
    if path not in _GLOSSARIES:
        _GLOSSARIES[path] = load_glossary(Path(path))
    return _GLOSSARIES[path]


def glossary_from_text(path: str, data: bytes) -> None:
    """Give a worker the glossary's bytes (it may not see the driver's files)."""
    from pipeline.glossary.loading import decode_glossary, parse_glossary

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
