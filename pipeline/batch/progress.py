"""What a batch shows while it works: rich progress bars on a terminal, one line per
article otherwise (a log a newsroom's cron job can keep)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

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


class BatchListener:
    """Hears what a batch does; the CLI draws progress from it. Does nothing by default."""

    def chunk_started(self, articles: Sequence[tuple[str, frozenset[str]]]) -> None:
        """``(relative, distinct texts)`` of each article about to be translated."""

    def text_done(self, text: str) -> None:
        """A distinct text got its translation (from the memory or the engine)."""

    def article_done(self, report: ArticleReport) -> None: ...


VISIBLE_ARTICLES = 8  # bars for the articles being translated; more would scroll the screen


class LineListener(BatchListener):
    def __init__(self, say: Callable[[str], None], total: int):
        self._say, self._total, self._done = say, total, 0

    def article_done(self, report: ArticleReport) -> None:
        self._done += 1
        detail = f"{report.sentences} sentences, {report.cached} cached" if report.status != "failed" else report.reason
        self._say(f"[{self._done}/{self._total}] {report.relative}: {report.status} ({detail})")


class BarListener(BatchListener):
    """An overall bar over sentences, one over articles, and one per article in flight."""

    def __init__(self, progress, total_articles: int):
        self._progress = progress
        self._articles = progress.add_task("articles", total=total_articles)
        self._sentences = progress.add_task("sentences", total=0)
        self._tasks: dict[str, int] = {}
        self._by_text: dict[str, list[str]] = {}

    def chunk_started(self, articles: Sequence[tuple[str, frozenset[str]]]) -> None:
        added = 0
        for relative, texts in articles:
            added += len(texts)
            for text in texts:
                self._by_text.setdefault(text, []).append(relative)
            if len(self._tasks) < VISIBLE_ARTICLES:
                self._tasks[relative] = self._progress.add_task(f"  {relative}", total=len(texts))
        total = self._progress.tasks[self._sentences].total or 0
        self._progress.update(self._sentences, total=total + added)

    def text_done(self, text: str) -> None:
        for relative in self._by_text.pop(text, ()):
            self._progress.advance(self._sentences)
            if relative in self._tasks:
                self._progress.advance(self._tasks[relative])

    def article_done(self, report: ArticleReport) -> None:
        self._progress.advance(self._articles)
        task = self._tasks.pop(report.relative, None)
        if task is not None:
            self._progress.remove_task(task)


@contextmanager
def batch_listener(total: int, *, enabled: bool, say: Callable[[str], None]):
    """Bars for sentences, articles and each article in flight on a terminal; one line per
    finished article otherwise; nothing with ``--quiet``."""
    if not enabled:
        yield BatchListener()
        return
    if not sys.stderr.isatty():
        yield LineListener(say, total)
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), transient=True) as bar:
        yield BarListener(bar, total)
