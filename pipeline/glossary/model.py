"""The glossary's data model: an entry (a source, its target, aliases, kind, case, note) and
the glossary that holds them, with the automaton that finds them. Read from the user's file by
``loading``; used by every stage that meets a term.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from pipeline.document import GlossaryInfo
from pipeline.glossary.automaton import TermMatcher


@dataclass(frozen=True)
class GlossaryEntry:
    source: str
    target: str
    aliases: tuple[str, ...] = ()
    kind: str = "term"
    case_sensitive: bool = True
    note: str = ""
    line: int = 0
    pinyin: str = ""  # a reading that wins over the dictionaries' (the learner edition)

    @property
    def rendering(self) -> str:
        return self.source if self.kind == "keep" else self.target

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.source, *self.aliases)


@dataclass(frozen=True)
class Glossary:
    entries: tuple[GlossaryEntry, ...]
    path: str = ""
    sha256: str = ""
    waiting: tuple[str, ...] = ()  # the sources of rows without a target yet (suggestions): skipped, and said

    @property
    def info(self) -> GlossaryInfo:
        return GlossaryInfo(self.path, len(self.entries), self.sha256)

    @cached_property
    def matcher(self) -> TermMatcher[GlossaryEntry]:
        return TermMatcher(self.entries)

    def lookup(self, text: str) -> GlossaryEntry | None:
        for entry in self.entries:
            if text in entry.spellings:
                return entry
        return None


EMPTY_GLOSSARY = Glossary(())
