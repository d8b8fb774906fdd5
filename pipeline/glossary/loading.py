"""The user's glossary file: read it, check every row, report every problem with its line.

The file is a CSV a translator edits in a spreadsheet or a text editor:
``source,target,aliases,kind,case,note``. Finding its terms in an article is
``pipeline.glossary.matcher``; appending to the file is ``pipeline.glossary.edit``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

from pipeline.document import outside_text
from pipeline.errors import GlossaryError, command
from pipeline.glossary.automaton import fold
from pipeline.glossary.model import EMPTY_GLOSSARY, Glossary, GlossaryEntry
from pipeline.options import TermKind, values

HEADER = ("source", "target", "aliases", "kind", "case", "note")
KINDS = values(TermKind)


GLOSSARY_VARIABLE = "BILINGUAL_GLOSSARY"
CHECKOUT_GLOSSARY = Path("glossary/glossary.csv")


def user_glossary() -> Path:
    """The user's own glossary outside a checkout: ``$XDG_CONFIG_HOME/bilingual-edition/glossary.csv``
    (``~/.config/…`` by default)."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "bilingual-edition" / "glossary.csv"


def default_glossaries() -> list[Path]:
    """Where a command looks for the glossary when none is given, in order: the file named by
    ``$BILINGUAL_GLOSSARY``, ``glossary/glossary.csv`` in the current folder (a checkout),
    the user's config folder."""
    named = os.environ.get(GLOSSARY_VARIABLE)
    return [Path(named)] if named else [CHECKOUT_GLOSSARY, user_glossary()]


def glossary_path(given: Path | None) -> Path:
    """The glossary a command reads or extends: the one given, else the first default that
    exists, else where a new one goes (the checkout's folder when there is one, else the
    config folder)."""
    if given is not None:
        return given
    candidates = default_glossaries()
    existing = next((path for path in candidates if path.is_file()), None)
    if existing is not None:
        return existing
    return candidates[0] if len(candidates) == 1 or candidates[0].parent.is_dir() else candidates[-1]


def load_glossary_or_default(given: Path | None) -> Glossary:
    """The glossary a run uses: the one given, or ``$BILINGUAL_GLOSSARY`` (either must
    load), else the first default file that exists, else none."""
    if given is None and not os.environ.get(GLOSSARY_VARIABLE):
        existing = next((path for path in default_glossaries() if path.is_file()), None)
        return load_glossary(existing) if existing is not None else EMPTY_GLOSSARY
    return load_glossary(glossary_path(given))


def glossary_line(glossary: Glossary) -> str:
    """Which glossary a run used, or that it used none and how to give one."""
    if glossary.path:
        waiting = f"; {len(glossary.waiting)} rows without a target skipped" if glossary.waiting else ""
        return f"glossary: {glossary.path} ({len(glossary.entries)} entries{waiting})"
    return (f"glossary: none — pass --glossary FILE, set {GLOSSARY_VARIABLE}, "
            f"or put one at ./{CHECKOUT_GLOSSARY} or {user_glossary()}")


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


def read_glossary_bytes(path: Path) -> bytes:
    from pipeline.read.text import read_user_file

    return read_user_file(path, GlossaryError, kind="a glossary CSV file", missing="no such glossary file")


def load_glossary(path: Path) -> Glossary:
    data = read_glossary_bytes(path)
    return parse_glossary(decode_glossary(data, path), path, hashlib.sha256(data).hexdigest())


def check_glossary_file(path: Path) -> tuple[Glossary, list["Problem"]]:
    """The entries that are usable and every problem, with its line."""
    return check_glossary(decode_glossary(read_glossary_bytes(path), path), path)


def check_report(path: Path) -> tuple[list[str], str, int]:
    """``glossary check``: a line per problem (``FILE:LINE: level: message``), the summary,
    and the number of errors."""
    glossary, problems = check_glossary_file(path)
    errors = sum(p.level == "error" for p in problems)
    summary = f"{path}: {len(glossary.entries)} entries, {errors} errors, {len(problems) - errors} warnings"
    return [f"{path}:{p.line}: {p.level}: {p.message}" for p in problems], summary, errors


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
        hint = f"run {command(f'glossary check {path}')} to see every problem" if len(errors) > 1 else None
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
        tab_separated = len(header) == 1 and "\t" in header[0]
        hint = (f"a TAB-separated glossary (OmegaT, DeepL) is converted by {command(f'glossary import {path} --from omegat')}"
                if tab_separated else f"the first line must be {','.join(HEADER)}")
        raise GlossaryError(f"line {header_line}: not a glossary CSV ({detail})", path=path, hint=hint)
    column = {name: i for i, name in enumerate(names)}
    entries: list[GlossaryEntry] = []
    problems: list[Problem] = []
    waiting: list[str] = []  # rows without a target: suggestions the translator has not filled in
    for number, row in rows[1:]:
        def cell(name: str) -> str:
            i = column.get(name)
            return outside_text(row[i]) if i is not None and i < len(row) else ""

        if any(outside_text(value) != " ".join(value.split()) for value in row):  # they made the EPUB invalid XML
            problems.append(Problem(number, "warning", "control or bidi-override characters removed"))

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
            problems.append(Problem(number, "warning", f"no target for {source!r} yet (a suggestion): skipped until you give one"))
            waiting.append(source)
            continue
        if case not in ("", "sensitive", "insensitive"):
            problems.append(Problem(number, "error", f"case must be sensitive or insensitive, not {case!r}"))
            continue
        aliases = tuple(a.strip() for a in cell("aliases").split("|") if a.strip())
        entries.append(GlossaryEntry(source, target or source, aliases, kind, case != "insensitive", cell("note"), number, cell("pinyin")))
    problems.extend(_conflicts(entries))
    problems.sort(key=lambda p: (p.line, p.level))
    return Glossary(tuple(entries), str(path), sha256, tuple(waiting)), problems


def _conflicts(entries: list[GlossaryEntry]) -> list[Problem]:
    """Duplicates, conflicting targets, colliding aliases, and spellings shadowed by longer ones."""
    problems: list[Problem] = []
    seen: dict[str, tuple[GlossaryEntry, bool]] = {}
    for entry in entries:
        for spelling in entry.spellings:
            is_source = spelling == entry.source
            key = fold(spelling) if not entry.case_sensitive else spelling
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


def _shadowed(entries: list[GlossaryEntry]) -> list[Problem]:
    import ahocorasick_rs

    first: dict[str, int] = {}  # one line per spelling: repeats are reported as duplicates already,
    for entry in entries:  # and 15 000 copies of one spelling must not be compared with each other
        for spelling in entry.spellings:
            first.setdefault(spelling, entry.line)
    spellings = sorted(first.items())
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
