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


@dataclass(frozen=True)
class Problem:
    line: int
    level: str  # "error" or "warning"
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.level}: {self.message}"


def parse_glossary(text: str, path: Path, sha256: str = "") -> Glossary:
    """The glossary, or ``GlossaryError`` at the first error (warnings do not stop a run)."""
    glossary, problems = check_glossary(text, path, sha256)
    errors = [p for p in problems if p.level == "error"]
    if errors:
        hint = f"run `bilingual glossary check {path}` to see every problem" if len(errors) > 1 else None
        raise GlossaryError(f"line {errors[0].line}: {errors[0].message}", path=path, hint=hint)
    return glossary


def check_glossary(text: str, path: Path, sha256: str = "") -> tuple[Glossary, list[Problem]]:
    """Read every row and report every problem, with its line: what ``glossary check`` prints."""
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
    entries: list[Entry] = []
    problems: list[Problem] = []
    for number, row in rows[1:]:
        def cell(name: str) -> str:
            i = column.get(name)
            return row[i].strip() if i is not None and i < len(row) else ""

        source, target, kind = cell("source"), cell("target"), cell("kind").lower()
        case = cell("case").lower()
        if not source:
            problems.append(Problem(number, "error", "empty source"))
            continue
        if not kind:
            problems.append(Problem(number, "warning", f"no kind for {source!r}: taken as term"))
            kind = "term"
        if kind not in KINDS:
            problems.append(Problem(number, "error", f"unknown kind {kind!r} for {source!r} (use one of {', '.join(KINDS)})"))
            continue
        if not target and kind != "keep":
            problems.append(Problem(number, "error", f"empty target for {source!r} (give a target or kind keep)"))
            continue
        if case not in ("", "sensitive", "insensitive"):
            problems.append(Problem(number, "error", f"case must be sensitive or insensitive, not {case!r}"))
            continue
        aliases = tuple(a.strip() for a in cell("aliases").split("|") if a.strip())
        entries.append(Entry(source, target or source, aliases, kind, case != "insensitive", cell("note"), number))
    problems.extend(_conflicts(entries))
    problems.sort(key=lambda p: (p.line, p.level))
    return Glossary(tuple(entries), str(path), sha256), problems


def _conflicts(entries: list[Entry]) -> list[Problem]:
    """Duplicates, conflicting targets, colliding aliases, and spellings shadowed by longer ones."""
    problems: list[Problem] = []
    seen: dict[str, tuple[Entry, bool]] = {}
    for entry in entries:
        for spelling in entry.spellings:
            is_source = spelling == entry.source
            key = _fold(spelling) if not entry.case_sensitive else spelling
            if key not in seen:
                seen[key] = (entry, is_source)
                continue
            other, other_is_source = seen[key]
            if other is entry:
                continue
            what = "source" if is_source else "alias"
            where = f"the {'source' if other_is_source else 'alias'} of line {other.line}"
            if other.rendering != entry.rendering:
                problems.append(Problem(
                    entry.line, "error",
                    f"{what} {spelling!r} is also {where} with another target: {entry.rendering!r} vs {other.rendering!r}",
                ))
            elif is_source and other_is_source:
                problems.append(Problem(entry.line, "warning", f"duplicate of line {other.line} ({spelling!r})"))
            else:
                problems.append(Problem(entry.line, "warning", f"{what} {spelling!r} is also {where} (same target)"))
    problems.extend(_shadowed(entries))
    return problems


def _shadowed(entries: list[Entry]) -> list[Problem]:
    import ahocorasick_rs

    spellings = sorted({(s, e.line) for e in entries for s in e.spellings})
    if len(spellings) < 2:
        return []
    keys = [s for s, _ in spellings]
    automaton = ahocorasick_rs.AhoCorasick(keys)
    problems = []
    for longer, line in spellings:
        for index, start, end in automaton.find_matches_as_indexes(longer, overlapping=True):
            shorter, shorter_line = spellings[index]
            if shorter != longer and shorter_line != line:
                problems.append(Problem(
                    shorter_line, "warning",
                    f"{shorter!r} is inside {longer!r} (line {line}): where {longer!r} occurs, the longer entry wins",
                ))
    return problems


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
