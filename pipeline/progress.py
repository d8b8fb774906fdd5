"""What a command shows while it works: rich progress bars on a terminal, nothing (or one
line per batch article, a log a cron job can keep) otherwise. Progress goes to stderr."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


def sentence_columns():
    """The run's bar: phase, bar, done/total, rate, elapsed, and an estimate of what is left."""
    from rich.progress import BarColumn, MofNCompleteColumn, ProgressColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task) -> Text:
            return Text(f"{task.speed:.1f}/s" if task.speed else "…/s")

    return (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), Rate(), TimeElapsedColumn(),
            TextColumn("left"), TimeRemainingColumn())


@contextmanager
def sentence_bar(enabled: bool) -> Iterator[Callable[..., None] | None]:
    """A bar over the texts being translated, then over the terms being aligned (a phase of
    its own); ``None`` when not on a terminal. ``update(done, total, phase)``."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress

    with Progress(*sentence_columns(), transient=True) as bar:
        tasks: dict[str, int] = {}

        def update(done: int, total: int, phase: str = "translating") -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(phase, total=total)
            bar.update(tasks[phase], completed=done, total=total)

        yield update


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


@contextmanager
def batch_listener(total: int, *, enabled: bool, say: Callable[[str], None]):
    """Bars for sentences, articles and each article in flight on a terminal; one line per
    finished article otherwise; nothing with ``--quiet``."""
    from pipeline.batch.driver import BatchListener
    from pipeline.batch.progress import BarListener, LineListener

    if not enabled:
        yield BatchListener()
        return
    if not sys.stderr.isatty():
        yield LineListener(say, total)
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), transient=True) as bar:
        yield BarListener(bar, total)
