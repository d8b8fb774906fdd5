"""Where a batch reads and writes, checked before any work: which folders hold no articles
(a page's ``name_files/``), the links it does not follow, and the book's path."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pipeline.errors import UsageError


def saved_with_a_page(input_dir: Path, relative: Path) -> bool:
    """Inside the ``name_files/`` folder a browser saves beside ``name.html`` ("Web page,
    complete"): the page's frames, scripts and images, not articles."""
    folder = input_dir
    for part in relative.parts[:-1]:
        if part.endswith("_files") and any((folder / (part[:-6] + s)).is_file() for s in (".html", ".htm", ".xhtml")):
            return True
        folder = folder / part
    return False


def dangling_links(input_dir: Path) -> list[str]:
    """Symbolic links under the input folder that point nowhere, or to a folder (not
    followed: a link may loop): said, not skipped silently."""
    links = sorted(p for p in input_dir.rglob("*") if p.is_symlink())
    return ([f"{path}: a symbolic link to nothing; skipped" for path in links if not path.exists()]
            + [f"{path}: a symbolic link to a folder; its articles are not read (give the folder itself)"
               for path in links if path.is_dir()])


def check_book(book: Path, articles: Sequence, options, force: bool) -> None:
    """``--book``, checked before any article is translated: an EPUB path in a folder that
    exists, never an input article or one of the batch's own outputs (even with ``--force``),
    and not a user's existing file unless ``--force`` (a book this tool made is refreshed)."""
    from pipeline.write.atomic import check_output

    if book.suffix.lower() != ".epub":
        raise UsageError(f"--book {book}: the book is an EPUB; give a name ending in .epub")
    planned = tuple(a.output(suffix) for a in articles for suffix in options.suffixes)
    check_output(book, force=force, inputs=tuple(a.source for a in articles) + planned, replaceable=True)
