"""Writing results safely: never a half-written file, never a clobbered one.

Every output goes to a temporary file in the destination folder and is renamed into place,
so an interrupted run leaves either the old file or the new one. An existing file is only
replaced with ``--force``, or when it is one this tool generated at its default location and
nobody has edited since. Whatever ``--force`` says, an output never replaces an input, another
output of the same run, a symlink (it may point at a user's file) or anything that is not a
regular file (a device, a pipe). New files get the mode the umask gives; a replaced file
keeps its own mode.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

from pipeline.errors import OutputError
from pipeline.write.docx.conventions import CREATOR, GENERATOR_MARK


def check_output(path: Path, *, force: bool, inputs: tuple[Path, ...] = (), replaceable: bool = False) -> None:
    """Refuse outputs that would lose data or cannot be written, before any work is done.
    ``inputs`` are the files the run reads and the outputs already planned."""
    for source in inputs:
        if _same_file(path, source):
            raise OutputError(f"the output would overwrite the input file {source}", path=path, hint="choose another path")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"the folder {parent} does not exist", path=path, hint="create it first or choose another -o path")
    if not os.access(parent, os.W_OK):
        raise OutputError(f"the folder {parent} is not writable", path=path)
    if path.is_symlink():
        raise OutputError("is a symbolic link; an output is never written through one", path=path,
                          hint="give the path of the file itself, or another name")
    if path.is_dir():
        raise OutputError("is a directory", path=path, hint="give a file name ending in .docx")
    if path.exists() and not path.is_file():
        raise OutputError("is not a regular file (a device or a pipe); it is not replaced", path=path)
    if path.exists() and not force and not (replaceable and generated_by_us(path)):
        edited = replaceable and GENERATOR_MARK in _core_xml(path)
        detail = "already exists and was edited since this tool wrote it" if edited else "already exists"
        raise OutputError(detail, path=path, hint="pass --force to overwrite it")


def check_distinct(paths: Sequence[Path]) -> None:
    """Two outputs of one run must be two files (``--json`` equal to ``-o``, ``--tmx`` to ``--json``)."""
    for i, path in enumerate(paths):
        for other in paths[:i]:
            if _same_file(path, other):
                raise OutputError(f"is given for two outputs of this run ({other.name} and {path.name})", path=path,
                                  hint="give each output its own path")


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
        return a.resolve() == b.resolve()
    except OSError:
        return False


def generated_by_us(path: Path) -> bool:
    """An edition this tool wrote and nobody saved since. A DOCX: our creator mark, last
    modified by us, revision 1 (Word and LibreOffice set their user and count up when they
    save); a page or a book: our generator mark; the learner's vocabulary TSV: our header;
    its Anki deck: our note type."""
    if path.suffix.lower() == ".html":
        try:
            with open(path, "rb") as f:
                return f'<meta name="generator" content="{CREATOR}">'.encode() in f.read(4096)
        except OSError:
            return False
    if path.suffix.lower() == ".tsv":  # the learner layout's vocabulary: our header, as we wrote it
        from pipeline.learn.vocabulary import TSV_HEADER

        try:
            with open(path, "rb") as f:
                return f.readline().rstrip(b"\r\n") == TSV_HEADER.encode("utf-8")
        except OSError:
            return False
    if path.suffix.lower() == ".apkg":  # its Anki deck: our note type inside
        try:
            with zipfile.ZipFile(path) as zf:
                return any(n.startswith("collection.anki2") for n in zf.namelist()) and b"bilingual-edition" in zf.read(
                    next(n for n in zf.namelist() if n.startswith("collection.anki2")))
        except (OSError, KeyError, zipfile.BadZipFile, StopIteration):
            return False
    if path.suffix.lower() == ".epub":
        try:
            with zipfile.ZipFile(path) as zf:
                return GENERATOR_MARK in zf.read("OEBPS/content.opf")
        except (OSError, KeyError, zipfile.BadZipFile):
            return False
    core = _core_xml(path)
    return (GENERATOR_MARK in core and f"<cp:lastModifiedBy>{CREATOR}</cp:lastModifiedBy>".encode() in core
            and b"<cp:revision>1</cp:revision>" in core)


def _core_xml(path: Path) -> bytes:
    try:
        with zipfile.ZipFile(path) as zf:
            return zf.read("docProps/core.xml")
    except (OSError, KeyError, zipfile.BadZipFile):
        return b""


def write_atomically(path: Path, write: Callable[[Path], None]) -> Path:
    """``write(tmp)`` into a temporary file beside ``path``, then rename it into place. The
    temporary name is short (a hash of the name), so it fits wherever the name itself does."""
    parent = path.parent if str(path.parent) else Path(".")
    short = hashlib.sha1(path.name.encode("utf-8", "surrogateescape")).hexdigest()[:12]
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".bilingual-{short}-", suffix=".tmp", dir=parent)
    except OSError as err:
        raise OutputError(f"cannot be written ({err.strerror or err})", path=path) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except OSError as err:
        raise OutputError(f"cannot be written ({err.strerror or err})", path=path) from None
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def _mode_for(path: Path) -> int:
    """A replaced file's own mode; a new file's, as the umask gives (``mkstemp`` makes 0600)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_text_atomically(path: Path, text: str) -> Path:
    return write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_bytes_atomically(path: Path, content: bytes) -> Path:
    return write_atomically(path, lambda tmp: tmp.write_bytes(content))
