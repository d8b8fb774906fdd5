"""The user's glossary: load it, find its terms in the article, and check the translation.

The file is a CSV a translator edits in a spreadsheet or a text editor:
``source,target,aliases,kind,case,note``. Matching is leftmost-longest over every source
and alias, Latin terms on word boundaries, so ``南方都市报`` wins over ``南都`` and ``GPT-4``
is not found inside ``GPT-40``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from pipeline.document import Document, GlossaryInfo, TermHit
from pipeline.errors import GlossaryError

HEADER = ("source", "target", "aliases", "kind", "case", "note")
KINDS = ("name", "org", "product", "term", "keep")
LATIN = re.compile(r"[A-Za-z0-9]")


@dataclass(frozen=True)
class Entry:
    source: str
    target: str
    aliases: tuple[str, ...] = ()
    kind: str = "term"
    case_sensitive: bool = True
    note: str = ""
    line: int = 0

    @property
    def rendering(self) -> str:
        return self.source if self.kind == "keep" else self.target

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.source, *self.aliases)


@dataclass(frozen=True)
class Glossary:
    entries: tuple[Entry, ...]
    path: str = ""
    sha256: str = ""

    @property
    def info(self) -> GlossaryInfo:
        return GlossaryInfo(self.path, len(self.entries), self.sha256)

    @cached_property
    def matcher(self) -> "TermMatcher":
        return TermMatcher(self.entries)

    def lookup(self, text: str) -> Entry | None:
        for entry in self.entries:
            if text in entry.spellings:
                return entry
        return None


EMPTY_GLOSSARY = Glossary(())


def decode_glossary(data: bytes, path: Path) -> str:
    """UTF-8 (with or without Excel's BOM), UTF-16 "Unicode text" from Excel, or GB18030."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise GlossaryError("is not UTF-8, UTF-16 or GB18030 text", path=path)


def load_glossary(path: Path) -> Glossary:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise GlossaryError("no such glossary file", path=path) from None
    except IsADirectoryError:
        raise GlossaryError("is a directory, not a glossary CSV file", path=path) from None
    except OSError as err:
        raise GlossaryError(f"cannot be read ({err.strerror or err})", path=path) from None
    return parse_glossary(decode_glossary(data, path), path, hashlib.sha256(data).hexdigest())


def parse_glossary(text: str, path: Path, sha256: str = "") -> Glossary:
    rows = [
        (number, row)
        for number, row in enumerate(csv.reader(io.StringIO(text)), start=1)
        if row and any(cell.strip() for cell in row) and not row[0].lstrip().startswith("#")
    ]
    if not rows:
        raise GlossaryError("has no header line", path=path, hint=f"the first line must be {','.join(HEADER)}")
    header_line, header = rows[0]
    names = tuple(cell.strip().lower() for cell in header)
    if names[:2] != HEADER[:2]:
        delimiter = "tab" if "\t" in ",".join(header) else "some other character"
        detail = f"columns are separated by {delimiter}, not commas" if len(header) == 1 else f"header is {','.join(header)!r}"
        raise GlossaryError(
            f"line {header_line}: not a glossary CSV ({detail})",
            path=path,
            hint=f"the first line must be {','.join(HEADER)}",
        )
    column = {name: i for i, name in enumerate(names)}
    entries = []
    for number, row in rows[1:]:
        def cell(name: str) -> str:
            i = column.get(name)
            return row[i].strip() if i is not None and i < len(row) else ""

        source, target, kind = cell("source"), cell("target"), cell("kind").lower() or "term"
        if not source:
            raise GlossaryError(f"line {number}: empty source", path=path)
        if kind not in KINDS:
            raise GlossaryError(f"line {number}: unknown kind {kind!r} (use one of {', '.join(KINDS)})", path=path)
        if not target and kind != "keep":
            raise GlossaryError(f"line {number}: empty target for {source!r}", path=path, hint="give a target or kind keep")
        case = cell("case").lower()
        if case not in ("", "sensitive", "insensitive"):
            raise GlossaryError(f"line {number}: case must be sensitive or insensitive, not {case!r}", path=path)
        aliases = tuple(a.strip() for a in cell("aliases").split("|") if a.strip())
        entries.append(
            Entry(source, target or source, aliases, kind, case != "insensitive", cell("note"), number)
        )
    return Glossary(tuple(entries), str(path), sha256)


def _fold(text: str) -> str:
    """Lower-case without changing the length, so automaton offsets stay text offsets."""
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


class TermMatcher:
    """Leftmost-longest matching of every source and alias, in one pass (Aho–Corasick).

    Patterns are case-folded so case-insensitive entries match any case; case-sensitive
    entries then accept only their exact spellings. Latin spellings must stand on word
    boundaries (``GPT-4`` is not in ``GPT-40``, ``AI`` is not in ``OpenAI``).
    """

    def __init__(self, entries: tuple[Entry, ...]):
        import ahocorasick_rs

        candidates: dict[str, list[tuple[str, Entry]]] = {}
        for entry in entries:
            for spelling in entry.spellings:
                candidates.setdefault(_fold(spelling), []).append((spelling, entry))
        self._keys = list(candidates)
        self._candidates = candidates
        self._automaton = (
            ahocorasick_rs.AhoCorasick(self._keys, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
            if self._keys
            else None
        )

    def find(self, text: str) -> list[tuple[int, int, Entry]]:
        if self._automaton is None:
            return []
        found = []
        for index, start, end in self._automaton.find_matches_as_indexes(_fold(text)):
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


def find_in_text(text: str, glossary: Glossary) -> list[TermHit]:
    """Every occurrence of a glossary spelling in ``text``, leftmost-longest.

    >>> g = Glossary((Entry("南都", "Southern Metropolis Daily"), Entry("南方都市报", "Southern Metropolis Daily")))
    >>> [(h.text, h.start) for h in find_in_text("南方都市报，简称南都", g)]
    [('南方都市报', 0), ('南都', 8)]
    """
    return [
        TermHit(entry.source, entry.rendering, text[start:end], start, entry.kind)
        for start, end, entry in glossary.matcher.find(text)
    ]


def find_terms(document: Document, glossary: Glossary) -> Document:
    """Record glossary hits on each paragraph; speaker labels take their English from the
    glossary when it has them."""
    paragraphs = []
    for p in document.paragraphs:
        hits = tuple(find_in_text(p.zh, glossary))
        speaker = p.speaker
        if speaker is not None:
            entry = glossary.lookup(speaker.zh)
            if entry is not None:
                speaker = replace(speaker, en=entry.rendering)
        paragraphs.append(replace(p, terms=hits, speaker=speaker))
    return replace(document, paragraphs=tuple(paragraphs), glossary=glossary.info)


def term_counts(document: Document) -> dict[str, int]:
    counts = {"occurrences": 0, "kept": 0, "repaired": 0, "missing": 0}
    for p in document.paragraphs:
        for hit in p.terms:
            counts["occurrences"] += 1
            if hit.status in counts:
                counts[hit.status] += 1
    return counts
