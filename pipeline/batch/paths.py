"""Where a batch reads and writes, checked before any work: which folders hold no articles
(a page's ``name_files/``), the links it does not follow, and the book's path."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.edition import WRITERS
from pipeline.errors import InputError, UsageError
from pipeline.write.atomic import generated_by_us


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


@dataclass(frozen=True)
class Article:
    source: Path  # the input file
    relative: str  # its path under INPUT_DIR, with forward slashes: the key in reports
    stem: Path  # OUT_DIR/<relative without suffix>; outputs are stem + suffix

    def output(self, suffix: str) -> Path:
        return self.stem.with_name(self.stem.name + suffix)


def find_articles(input_dir: Path, out_dir: Path, pattern: str | None = None) -> list[Article]:
    """Files matching ``pattern`` (default: every kind of input a reader takes — text,
    Markdown, web pages, MHTML, DOCX) anywhere under ``input_dir``, hidden ones, the output
    folder and editions this tool wrote excepted, in a stable order, each with its place in
    ``out_dir``."""
    from pipeline.read.formats import SUFFIXES

    if not input_dir.is_dir():
        raise InputError("is not a folder", path=input_dir, hint="give the folder that holds the articles")
    out_resolved = out_dir.resolve()
    # only an output folder *inside* the input folder holds outputs to pass over; one that holds
    # the input folder (`batch work/articles -o work`) or is it (`-o in`) does not
    inside_output = out_resolved != input_dir.resolve() and out_resolved.is_relative_to(input_dir.resolve())
    articles = []
    candidates = input_dir.rglob(pattern) if pattern else (p for p in input_dir.rglob("*") if p.suffix.lower() in SUFFIXES)
    for path in sorted(candidates):
        relative = path.relative_to(input_dir)
        if not path.is_file() or any(part.startswith(".") for part in relative.parts) or saved_with_a_page(input_dir, relative):
            continue
        if inside_output and path.resolve().is_relative_to(out_resolved):
            continue  # the editions folder inside the input folder: outputs, not articles
        stem = out_dir / relative.with_suffix("")
        if path.suffix.lower() in (".docx", ".html", ".htm", ".epub") and generated_by_us(path):
            continue  # an edition this tool wrote, not an article
        if path.suffix in WRITERS and stem.with_name(stem.name + path.suffix).resolve() == path.resolve():
            stem = stem.with_name(f"{stem.name}_{path.suffix.lstrip('.')}")  # -o INPUT_DIR: never over the article itself
        articles.append(Article(path, relative.as_posix(), stem))
    return _apart(articles)


def _apart(articles: list[Article]) -> list[Article]:
    """Articles whose outputs would collide (``a.txt`` and ``a.md`` → one ``a.docx``) keep
    their suffix in their outputs' names: ``a_txt.docx``, ``a_md.docx``."""
    stems = Counter(a.stem for a in articles)
    return [a if stems[a.stem] == 1 else replace(a, stem=a.stem.with_name(f"{a.stem.name}_{a.source.suffix.lstrip('.')}"))
            for a in articles]
