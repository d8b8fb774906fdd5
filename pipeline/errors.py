"""User-facing failures. The CLI turns each into one line, ``error: <message>``, and an exit code.

Each error names the file it is about and, where there is one, what to do next: the person
reading it should not need a traceback to fix the problem.
"""

from __future__ import annotations

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


class InputError(BilingualError):
    """The article cannot be read: missing, unreadable, empty, binary, undecodable."""


class GlossaryError(BilingualError):
    """The glossary file cannot be used as it is."""


class ModelNotInstalled(BilingualError):
    """No usable zh→en translation package; exit code 2 so scripts can tell it apart."""

    exit_code = 2


class ModelError(BilingualError):
    """A translation package exists but is broken, or installing one failed."""


class OutputError(BilingualError):
    """The result cannot be written where it was asked to go."""
