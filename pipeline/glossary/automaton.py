"""The glossary's matching machinery: every spelling in one Aho–Corasick automaton, text folded
to lower case without changing its length, Latin spellings on word boundaries. Apart from the
glossary's data model, which builds one for itself (``Glossary.matcher``), and from the
matching stage (``matcher``), which uses both.
"""

from __future__ import annotations

import re
from typing import Generic, Protocol, TypeVar

LATIN = re.compile(r"[A-Za-z0-9]")


class Spelled(Protocol):
    """What the automaton needs of an entry (``GlossaryEntry`` is one): its spellings, and
    whether they match in their case only."""

    @property
    def spellings(self) -> tuple[str, ...]: ...

    case_sensitive: bool


E = TypeVar("E", bound=Spelled)


def fold(text: str) -> str:
    """Lower-case without changing the length, so automaton offsets stay text offsets."""
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


class TermMatcher(Generic[E]):
    """Leftmost-longest matching of every source and alias, in one pass (Aho–Corasick).

    Patterns are case-folded so case-insensitive entries match any case; case-sensitive
    entries then accept only their exact spellings. Latin spellings must stand on word
    boundaries (``GPT-4`` is not in ``GPT-40``, ``AI`` is not in ``OpenAI``).
    """

    def __init__(self, entries: tuple[E, ...]):
        import ahocorasick_rs

        candidates: dict[str, list[tuple[str, E]]] = {}
        for entry in entries:
            for spelling in entry.spellings:
                candidates.setdefault(fold(spelling), []).append((spelling, entry))
        self._keys = list(candidates)
        self._candidates = candidates
        self._automaton = (
            ahocorasick_rs.AhoCorasick(self._keys, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
            if self._keys
            else None
        )

    def find(self, text: str) -> list[tuple[int, int, E]]:
        if self._automaton is None:
            return []
        found = []
        for index, start, end in self._automaton.find_matches_as_indexes(fold(text)):
            matched = text[start:end]
            if LATIN.match(matched[0]) and start > 0 and LATIN.match(text[start - 1]):
                continue
            if LATIN.match(matched[-1]) and end < len(text) and (
                LATIN.match(text[end]) or (text[end] == "-" and text[end + 1 : end + 2].isdigit())
            ):
                continue
            for spelling, entry in self._candidates[self._keys[index]]:
                if not entry.case_sensitive or matched == spelling:
                    found.append((start, end, entry))
                    break
        return found
