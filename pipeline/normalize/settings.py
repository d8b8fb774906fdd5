"""The shape every normalizer rule has, and the settings passed to each.

A rule is ``rule(text, line, settings) -> (text, changes)``: it repairs one line and says
what it changed. Rules that need no settings ignore them; the driver treats them all alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline.document import Change

if TYPE_CHECKING:
    from pipeline.glossary.model import Glossary


@dataclass(frozen=True)
class Settings:
    """``script``: ``simplified`` converts to mainland simplified, ``keep`` leaves it;
    ``glossary``: spellings that script conversion must not touch."""

    script: str = "simplified"
    glossary: Glossary | None = None


DEFAULT = Settings()
Rule = Callable[[str, int, Settings], tuple[str, list[Change]]]


def char_changes(kind: str, line: int, before: str, after: str) -> list[Change]:
    """Per-character changes when a rule kept the length, else one change for the line."""
    if before == after:
        return []
    if len(before) != len(after):
        return [Change(kind, line, 0, before, after)]
    return [Change(kind, line, i, a, b) for i, (a, b) in enumerate(zip(before, after)) if a != b]
