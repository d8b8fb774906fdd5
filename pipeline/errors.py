"""Every user-facing failure, in one place. The CLI turns each into one line on stderr,
``error: <path>: <problem> — <what to do>``, and the class's exit code.

Each error names the file it is about and, where there is one, what to do next: the person
reading it should not need a traceback to fix the problem. The tree::

    BilingualError                 exit 1: anything the user can fix
    ├── UsageError                 exit 64: options that cannot work together, nothing to work on
    ├── InputError                 the article: missing, unreadable, empty, binary, undecodable
    ├── GlossaryError              the glossary file cannot be used as it is
    ├── OutputError                the result cannot be written where it was asked to go
    ├── CacheError                 the translation memory file cannot be used
    ├── RenderError                the preview cannot be made (LibreOffice, pdftoppm)
    ├── ClusterError               Ray is missing, or its cluster cannot be reached
    ├── ModelError                 a package exists but is broken, or the engine failed
    ├── InstallError               exit 3: installing or downloading a package failed
    └── ModelNotInstalled          exit 2: no zh→en package, so scripts can tell it apart

A batch does not stop at a failed article: each one becomes a ``Failure`` (below), listed
in the summary, and the others go on.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class BilingualError(Exception):
    exit_code = 1

    def __init__(self, message: str, *, path: Path | str | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.hint = hint

    def __str__(self) -> str:
        text = f"{self.path}: {self.message}" if self.path is not None else self.message
        return f"{text} — {self.hint}" if self.hint else text


class UsageError(BilingualError):
    """The command line asks for something that cannot work (no file matches, a choice that
    does not fit the others, a question nobody can answer): exit 64, as Click's own."""

    exit_code = 64


class InputError(BilingualError):
    """The article cannot be read: missing, unreadable, empty, binary, undecodable."""


class GlossaryError(BilingualError):
    """The glossary file cannot be used as it is."""


class OutputError(BilingualError):
    """The result cannot be written where it was asked to go."""


class CacheError(BilingualError):
    """The translation memory file cannot be used."""


class RenderError(BilingualError):
    """The preview cannot be made (tools missing or failing)."""


class ClusterError(BilingualError):
    """The Ray executor cannot run: Ray is not installed, or no cluster can be used."""


class ModelError(BilingualError):
    """A translation package exists but is broken, or the engine failed on it."""


class InstallError(BilingualError):
    """Installing a package failed: a bad archive, no network, not enough disk space."""

    exit_code = 3


class ModelNotInstalled(BilingualError):
    """No usable zh→en translation package; exit code 2 so scripts can tell it apart."""

    exit_code = 2


class Terminated(KeyboardInterrupt):
    """SIGTERM (systemd, ``timeout``, a scheduler): stopped like Ctrl-C — finished work kept,
    temporary files removed — and exit 143, as a shell reports a process ended by it."""


def command(words: str) -> str:
    """A command for a hint, spelled as this user can type it: ``bilingual …`` when that is
    on PATH and is this tool, else the path they ran (``.venv/bin/bilingual …`` in a
    checkout where only ``make`` was run).

    >>> command("models list")  # under pytest, argv[0] is not ours: the plain name
    '`bilingual models list`'
    """
    import os
    import shutil
    import sys

    program = sys.argv[0] if sys.argv else ""
    if os.path.basename(program) == "bilingual":
        found = shutil.which("bilingual")
        if not (found and os.path.realpath(found) == os.path.realpath(program)):
            relative = os.path.relpath(program)
            return f"`{relative if not relative.startswith('..') else os.path.abspath(program)} {words}`"
    return f"`bilingual {words}`"


def unreadable(err: OSError) -> str:
    """The one wording for a file the system would not let us read.

    >>> unreadable(PermissionError(13, "Permission denied"))
    'cannot be read (Permission denied)'
    """
    return f"cannot be read ({err.strerror or err})"


@dataclass(frozen=True)
class Failure:
    """One article of a batch that failed, and why; the batch goes on without it."""

    source: str
    message: str

    @classmethod
    def of(cls, source: str, err: BilingualError) -> "Failure":
        return cls(source, str(err))

    @classmethod
    def internal(cls, source: str, err: Exception, during: str = "") -> "Failure":
        """A bug costs one article, not the batch; the message asks for a report."""
        where = f" while {during}" if during else ""
        return cls(source, f"{source}: internal error{where} ({type(err).__name__}: {err}) — please report it")

    def __str__(self) -> str:
        return self.message
