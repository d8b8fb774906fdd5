"""Changing the user's glossary file in place: append rows, keep everything else as it is.

The file is the user's: its comments, order, quoting and encoding stay untouched; new rows
go at the end in the file's own encoding, and the write is atomic.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from pipeline.errors import GlossaryError
from pipeline.write.atomic import write_atomically
from pipeline.glossary.loading import decode_glossary, parse_glossary
from pipeline.glossary.model import GlossaryEntry
from pipeline.glossary.formats import csv_line, new_glossary_text


def _encoding(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le"
    if data.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "gb18030"


def add_entry(path: Path, source: str, target: str, *, kind: str = "term", aliases: str = "", note: str = "") -> tuple[GlossaryEntry | None, list[str]]:
    """``glossary add``: one entry from the command line (aliases separated by ``|``); the
    entry if it was added, else why it was skipped (it is there already, with this target).
    A source already there with another target is an error: the user must choose."""
    entry = GlossaryEntry(source.strip(), target.strip(), tuple(a.strip() for a in aliases.split("|") if a.strip()), str(kind), True, note)
    added, skipped = add_entries(path, [entry], create=True)
    conflict = next((reason for reason in skipped if "with another target" in reason), None)
    if conflict is not None:
        raise GlossaryError(conflict, path=path, hint="change that line of the file, or remove it and add the entry again")
    return (added[0] if added else None), skipped


def add_entries(path: Path, entries: list[GlossaryEntry], *, create: bool = False) -> tuple[list[GlossaryEntry], list[str]]:
    """Append the entries whose source is new; return (added, reasons for the skipped). A
    symlinked glossary is edited where it lives (the link stays a link)."""
    path = path.resolve() if path.is_symlink() else path
    if path.exists():
        data = path.read_bytes()
        existing = parse_glossary(decode_glossary(data, path), path)
    elif create:
        path.parent.mkdir(parents=True, exist_ok=True)  # ~/.config/bilingual-edition/ on a first `add`
        data = new_glossary_text().encode("utf-8")
        existing = parse_glossary(data.decode(), path)
    else:
        raise GlossaryError("no such glossary file", path=path)
    known = {}
    for entry in existing.entries:
        for spelling in entry.spellings:
            known[spelling] = entry
    for source in existing.waiting:  # a suggestion already there, its target not given yet
        known.setdefault(source, GlossaryEntry(source, "", line=0))
    added: list[GlossaryEntry] = []
    skipped: list[str] = []
    for entry in entries:
        if not entry.source:
            skipped.append("an entry with an empty source")
            continue
        clash = next((known[s] for s in entry.spellings if s in known), None)
        if clash is not None:
            same = clash.rendering == entry.rendering
            skipped.append(
                f"{entry.source!r} is already in the glossary (line {clash.line or 'new'})"
                + ("" if same else f" with another target: {clash.rendering!r}, not {entry.rendering!r}")
            )
            continue
        added.append(entry)
        for spelling in entry.spellings:
            known[spelling] = entry
    if added:
        encoding = _encoding(data)
        newline = "\r\n" if b"\r\n" in data[:4000] or b"\r\x00\n" in data[:4000] else "\n"
        text = "".join(csv_line(e).replace("\n", newline) for e in added)
        ending = "" if data.rstrip(b"\x00").endswith(b"\n") or not data else newline
        addition = (ending + text).encode(encoding)
        write_atomically(path, lambda tmp: tmp.write_bytes(data + addition))
    return added, skipped
