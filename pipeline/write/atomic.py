"""Writing results safely: never a half-written file, never a clobbered one.

Every output goes to a temporary file in the destination folder and is renamed into place,
so an interrupted run leaves either the old file or the new one. An existing file is only
replaced with ``--force``, or when it is one this tool generated at its default location.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from pipeline.errors import OutputError
from pipeline.write.docx.conventions import GENERATOR_MARK


def check_output(path: Path, *, force: bool, inputs: tuple[Path, ...] = (), replaceable: bool = False) -> None:
    """Refuse outputs that would lose data or cannot be written, before any work is done."""
    for source in inputs:
        if path.exists() and source.exists() and path.resolve() == source.resolve():
            raise OutputError("the output would overwrite the input file", path=path, hint="choose another -o path")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"the folder {parent} does not exist", path=path, hint="create it first or choose another -o path")
    if not os.access(parent, os.W_OK):
        raise OutputError(f"the folder {parent} is not writable", path=path)
    if path.is_dir():
        raise OutputError("is a directory", path=path, hint="give a file name ending in .docx")
    if path.exists() and not force and not (replaceable and generated_by_us(path)):
        raise OutputError("already exists", path=path, hint="pass --force to overwrite it")


def generated_by_us(path: Path) -> bool:
    """A DOCX whose core properties name this tool as creator."""
    try:
        with zipfile.ZipFile(path) as zf:
            return GENERATOR_MARK in zf.read("docProps/core.xml")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False


def write_atomically(path: Path, write: Callable[[Path], None]) -> Path:
    parent = path.parent if str(path.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.replace(tmp, path)
    except OSError as err:
        raise OutputError(f"cannot be written ({err.strerror or err})", path=path) from None
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def write_text_atomically(path: Path, text: str) -> Path:
    return write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_bytes_atomically(path: Path, content: bytes) -> Path:
    return write_atomically(path, lambda tmp: tmp.write_bytes(content))
