"""What a batch shows while it works: rich progress bars on a terminal, one line per
article otherwise (a log a newsroom's cron job can keep)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pipeline.batch.driver import ArticleReport, BatchListener

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
