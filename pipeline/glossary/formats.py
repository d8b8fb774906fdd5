"""Glossaries from and for CAT tools: OmegaT (tab-separated), DeepL (CSV/TSV), TBX.

Translators keep terminology in these formats already; ``glossary import`` appends their
entries to our CSV and ``glossary export`` writes ours back.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from pathlib import Path

from pipeline.errors import GlossaryError, unreadable
from pipeline.options import ExportFormat, ImportFormat, values
from pipeline.glossary.loading import HEADER, decode_glossary
from pipeline.glossary.model import GlossaryEntry

FORMATS_IN = values(ImportFormat)
FORMATS_OUT = values(ExportFormat)


def import_entries(path: Path, fmt: str) -> list[GlossaryEntry]:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise GlossaryError(unreadable(err), path=path) from None
    if fmt == "tbx":
        return _read_tbx(data, path)
    text = decode_glossary(data, path)
    if fmt == "omegat":
        return _read_columns(text, "\t", path)
    if fmt == "deepl":
        delimiter = "\t" if text.count("\t") > text.count(",") else ","
        return _read_columns(text, delimiter, path)
    raise GlossaryError(f"unknown format {fmt!r} (use {', '.join(FORMATS_IN)})", path=path)


def _read_columns(text: str, delimiter: str, path: Path) -> list[GlossaryEntry]:
    """``source<TAB>target[<TAB>comment]`` (OmegaT) or ``source,target[,…]`` (DeepL)."""
    entries = []
    for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        if not row or not row[0].strip() or row[0].lstrip().startswith("#"):
            continue
        if len(row) < 2 or not row[1].strip():
            raise GlossaryError(f"line {number}: expected source{'TAB' if delimiter == chr(9) else ','}target", path=path)
        note = row[2].strip() if len(row) > 2 and delimiter == "\t" else ""
        entries.append(GlossaryEntry(row[0].strip(), row[1].strip(), kind="term", note=note, line=number))
    return entries


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _lang(element: ET.Element) -> str:
    for key, value in element.attrib.items():
        if _local(key) == "lang":
            return value.lower()
    return ""


def _read_tbx(data: bytes, path: Path) -> list[GlossaryEntry]:
    """TBX 2 (``termEntry/langSet/tig/term``) and TBX 3 (``conceptEntry/langSec/termSec``)."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as err:
        raise GlossaryError(f"is not valid TBX/XML ({err})", path=path) from None
    entries = []
    for number, concept in enumerate((e for e in root.iter() if _local(e.tag) in ("termEntry", "conceptEntry")), 1):
        terms: dict[str, list[str]] = {}
        for lang_set in (e for e in concept.iter() if _local(e.tag) in ("langSet", "langSec")):
            lang = _lang(lang_set).split("-")[0]
            for term in (e for e in lang_set.iter() if _local(e.tag) == "term"):
                if term.text and term.text.strip():
                    terms.setdefault(lang, []).append(term.text.strip())
        zh, en = terms.get("zh", []), terms.get("en", [])
        if zh and en:
            entries.append(GlossaryEntry(zh[0], en[0], aliases=tuple(zh[1:]), kind="term", line=number))
    if not entries:
        raise GlossaryError("holds no entry with both a zh and an en term", path=path)
    return entries


def export_glossary(glossary: Path, fmt: str, output: Path | None, *, force: bool = False) -> str:
    """``glossary export``: the glossary in a CAT format, written to ``output`` when given."""
    from pipeline.glossary.loading import load_glossary
    from pipeline.write.atomic import check_output, write_text_atomically

    text = export_entries(load_glossary(glossary).entries, fmt)
    if output is not None:
        check_output(output, force=force, inputs=(glossary,))
        write_text_atomically(output, text)
    return text


def export_entries(entries: list[GlossaryEntry] | tuple[GlossaryEntry, ...], fmt: str) -> str:
    if fmt == "omegat":
        lines = []
        for entry in entries:
            for spelling in entry.spellings:
                lines.append("\t".join((spelling, entry.rendering, entry.note)).rstrip("\t"))
        return "\n".join(lines) + "\n"
    if fmt == "tbx":
        return _write_tbx(entries)
    raise GlossaryError(f"unknown format {fmt!r} (use {', '.join(FORMATS_OUT)})")


def _write_tbx(entries) -> str:
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    martif = ET.Element("martif", {"type": "TBX-Basic", xml_lang: "en"})
    header = ET.SubElement(martif, "martifHeader")
    file_desc = ET.SubElement(header, "fileDesc")
    ET.SubElement(ET.SubElement(file_desc, "sourceDesc"), "p").text = "bilingual-edition glossary"
    body = ET.SubElement(ET.SubElement(martif, "text"), "body")
    for number, entry in enumerate(entries, start=1):
        term_entry = ET.SubElement(body, "termEntry", {"id": f"e{number}"})
        if entry.note:
            ET.SubElement(term_entry, "descrip", {"type": "definition"}).text = entry.note
        for lang, terms in (("zh", entry.spellings), ("en", (entry.rendering,))):
            lang_set = ET.SubElement(term_entry, "langSet", {xml_lang: lang})
            for term in terms:
                ET.SubElement(ET.SubElement(lang_set, "tig"), "term").text = term
    ET.indent(martif)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(martif, encoding="unicode") + "\n"


def csv_line(entry: GlossaryEntry) -> str:
    """One glossary CSV row, quoted as the csv module does, ending in a newline."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(
        [entry.source, entry.target, "|".join(entry.aliases), entry.kind, "" if entry.case_sensitive else "insensitive", entry.note]
    )
    return out.getvalue()


def new_glossary_text() -> str:
    return ",".join(HEADER) + "\n"
