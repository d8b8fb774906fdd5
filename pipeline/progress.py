"""What a command shows while it works: rich progress bars on a terminal, nothing (or one
line per batch article, a log a cron job can keep) otherwise. Progress goes to stderr."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace

from pipeline.document import Document


def sentence_columns():
    """The run's bar: phase, bar, done/total, rate, elapsed, and an estimate of what is left."""
    from rich.progress import BarColumn, MofNCompleteColumn, ProgressColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task) -> Text:
            return Text(f"{task.speed:.1f}/s" if task.speed else "…/s")

    return (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), Rate(), TimeElapsedColumn(),
            TextColumn("left"), TimeRemainingColumn())


class RunBar:
    """A run's bars: ``bar(done, total, phase)`` over the texts being translated, then over
    the terms being aligned (a phase of its own); ``bar.chapter(done, total, title)`` over a
    book's chapters."""

    def __init__(self, progress) -> None:
        self._progress, self._tasks = progress, {}

    def __call__(self, done: int, total: int, phase: str = "translating") -> None:
        if phase not in self._tasks:
            self._tasks[phase] = self._progress.add_task(phase, total=total)
        self._progress.update(self._tasks[phase], completed=done, total=total)

    def chapter(self, done: int, total: int, title: str) -> None:
        self(done, total, "chapters")
        self._progress.update(self._tasks["chapters"], description=f"chapters (last: {title[:24]})")


@contextmanager
def sentence_bar(enabled: bool) -> Iterator[RunBar | None]:
    """The run's bars on a terminal; ``None`` otherwise (with ``enabled``, a book's finished
    chapters are then said a line each, a log that a long run under ``nohup`` keeps)."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress

    with Progress(*sentence_columns(), transient=True) as bar:
        yield RunBar(bar)


def chapter_lines(enabled: bool, bar: RunBar | None, say: Callable[[str], None]) -> Callable[[int, int, str], None] | None:
    """Where a book's finished chapters go: the bar on a terminal, a line each otherwise."""
    if not enabled:
        return None
    return bar.chapter if bar is not None else lambda done, total, title: say(f"[{done}/{total}] chapter translated: {title}")


class ChapterTracker:
    """Which of a book's chapters are translated, from the distinct texts the translate stage
    reports done (``text_done``; the memory's first): a chapter is done when all its texts
    are; ``on_chapter(done, total, title)`` hears of each, in the order they finish."""

    def __init__(self, chapters: list[tuple[str, frozenset[str]]], on_chapter: Callable[[int, int, str], None]) -> None:
        self._titles = [title for title, _ in chapters]
        self._left = [len(texts) for _, texts in chapters]
        self._where: dict[str, list[int]] = {}
        for number, (_, texts) in enumerate(chapters):
            for text in texts:
                self._where.setdefault(text, []).append(number)
        self._on, self._done = on_chapter, 0
        for number, left in enumerate(self._left):
            if not left:
                self._finish(number)

    def text_done(self, text: str) -> None:
        for number in self._where.pop(text, ()):
            self._left[number] -= 1
            if not self._left[number]:
                self._finish(number)

    def finish(self) -> None:
        """Every chapter not yet said (its texts were reviewed English, not translated)."""
        for number, left in enumerate(self._left):
            if left:
                self._left[number] = 0
                self._finish(number)

    def _finish(self, number: int) -> None:
        self._done += 1
        self._on(self._done, len(self._titles), self._titles[number])


@contextmanager
def download_bar() -> Iterator[Callable[[int, int | None], None]]:
    """Bytes downloaded of the model, with the transfer speed."""
    from rich.progress import BarColumn, DownloadColumn, Progress, TransferSpeedColumn

    with Progress(
        "[progress.description]{task.description}", BarColumn(), DownloadColumn(), TransferSpeedColumn(),
        transient=True, disable=not sys.stderr.isatty(),
    ) as bar:
        task = bar.add_task("zh→en model", total=None)

        def update(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def chapter_texts(document: Document) -> list[tuple[str, frozenset[str]]]:
    """A book's chapters in order: each heading with the distinct texts its paragraphs send
    to the engine (what the run's progress counts per chapter); none for an article."""
    from pipeline.translate.stage import planned_texts
    from pipeline.write.rows import chapter_heads

    heads = chapter_heads(document)
    if not heads:
        return []
    parts: list[tuple[str, list]] = []
    for p in document.paragraphs:
        if p.id in heads or not parts:
            parts.append((p.zh, []))  # a chapter's heading, or the book's title before the first
        parts[-1][1].append(p)
    return [(title, planned_texts(replace(document, paragraphs=tuple(paragraphs)))) for title, paragraphs in parts]
