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
from pathlib import Path

from pipeline.document import Document, GlossaryInfo, Paragraph, TermHit
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


def _pattern(glossary: Glossary) -> re.Pattern[str] | None:
    spellings = sorted({s for e in glossary.entries for s in e.spellings}, key=len, reverse=True)
    if not spellings:
        return None
    alternatives = []
    for spelling in spellings:
        escaped = re.escape(spelling)
        if LATIN.match(spelling[0]):
            escaped = r"(?<![A-Za-z0-9])" + escaped
        if LATIN.match(spelling[-1]):
            escaped += r"(?![A-Za-z0-9]|-\d)"
        alternatives.append(escaped)
    return re.compile("|".join(alternatives), re.IGNORECASE)


def find_in_text(text: str, glossary: Glossary) -> list[TermHit]:
    """Every occurrence of a glossary spelling in ``text``, leftmost-longest.

    >>> g = Glossary((Entry("南都", "Southern Metropolis Daily"), Entry("南方都市报", "Southern Metropolis Daily")))
    >>> [(h.text, h.start) for h in find_in_text("南方都市报，简称南都", g)]
    [('南方都市报', 0), ('南都', 8)]
    """
    pattern = _pattern(glossary)
    if pattern is None:
        return []
    by_spelling: dict[str, list[Entry]] = {}
    for entry in glossary.entries:
        for spelling in entry.spellings:
            by_spelling.setdefault(spelling.lower(), []).append(entry)
    hits = []
    for m in pattern.finditer(text):
        for entry in by_spelling.get(m.group().lower(), []):
            if entry.case_sensitive and m.group() not in entry.spellings:
                continue
            hits.append(TermHit(entry.source, entry.rendering, m.group(), m.start(), entry.kind))
            break
    return hits


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


def verify_terms(document: Document) -> Document:
    """After translation: a hit is ``kept`` when its target is in the sentence's English,
    else ``missing``. Never silently absent: every hit gets a status."""
    paragraphs = []
    for p in document.paragraphs:
        paragraphs.append(replace(p, terms=tuple(_verify(p, hit) for hit in p.terms)))
    return document.with_paragraphs(paragraphs)


def _verify(paragraph: Paragraph, hit: TermHit) -> TermHit:
    sentence = next(
        (s for s in paragraph.sentences if s.start <= hit.start < s.start + len(s.zh)),
        None,
    )
    english = sentence.en if sentence else paragraph.en
    return replace(hit, status="kept" if hit.target.lower() in english.lower() else "missing")


def term_counts(document: Document) -> dict[str, int]:
    counts = {"occurrences": 0, "kept": 0, "repaired": 0, "missing": 0}
    for p in document.paragraphs:
        for hit in p.terms:
            counts["occurrences"] += 1
            if hit.status in counts:
                counts[hit.status] += 1
    return counts
