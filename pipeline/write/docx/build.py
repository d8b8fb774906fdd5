"""The assemble stage: write the bilingual edition as a DOCX.

Two layouts. ``reader`` (portrait): a title block, then 中文 | English, one row per paragraph
(``--align paragraph``) or per sentence with a narrow id column (``--align sentence``).
``review`` (landscape, one row per sentence): ID | Status | 中文 | English | Comment, as CAT
tools' review exports. Both: header row repeated on every page, rows kept whole, glossary
terms bold on a pale shading, QA findings and missing terms as Word comments, a footer with
page numbers, and an appendix of the glossary terms used and the source lines left out.

Every English cell carries a bookmark ``be_<id>_<hash of its text>``: ``review import`` finds
the row's segment by it and sees whether the reviewer changed the English.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from pipeline.write.docx import ooxml
from pipeline.document import Document, Paragraph, Sentence, TermHit
from pipeline.write.atomic import write_atomically

CJK_FONT = "Noto Serif CJK SC"
LATIN_FONT = "Times New Roman"
CREATOR = "bilingual-edition"
HEADER_FILL = "E7ECF2"
LEAD_FILL = "F6F6F2"
TERM_FILL = "FFF4CC"
FLAG_FILL = "FDE2E1"
LAYOUTS = ("reader", "review")
NO_COMMENT = "—"  # an empty Comment cell in the review layout
HEADER_LABELS = {"中文": "中文 Chinese", "English": "英文 English"}
ALIGNS = ("paragraph", "sentence")


@dataclass(frozen=True)
class Row:
    """One table row: a paragraph, or a sentence (``first`` when it opens its paragraph)."""

    id: str
    paragraph: Paragraph
    zh: str
    en: str
    terms: tuple[TermHit, ...]
    flags: tuple[str, ...]
    status: str
    first: bool = True


def text_hash(text: str) -> str:
    return hashlib.sha1(text.strip().encode("utf-8")).hexdigest()[:8]


def status_of(sentences: tuple[Sentence, ...], terms: tuple[TermHit, ...]) -> str:
    """``human``, ``flagged``, ``MT+terms repaired`` or ``MT``."""
    if sentences and all(s.origin == "human" for s in sentences):
        return "human"
    if any(s.flags for s in sentences):
        return "flagged"
    if any(t.status in ("repaired", "missing") for t in terms):
        return "MT+terms repaired"
    return "MT"


def rows_of(document: Document, align: str) -> list[Row]:
    rows = []
    for p in document.paragraphs:
        if p.kind == "title":
            continue
        if align == "paragraph":
            rows.append(Row(p.id, p, p.zh, p.en, p.terms, p.flags, status_of(p.sentences, p.terms)))
            continue
        for index, s in enumerate(p.sentences):
            terms = tuple(
                TermHit(t.source, t.target, t.text, t.start - s.start, t.kind, t.status)
                for t in p.terms
                if s.start <= t.start < s.start + len(s.zh)
            )
            rows.append(Row(s.id, p, s.zh, s.en, terms, s.flags, status_of((s,), terms), first=index == 0))
    return rows


def build_docx(
    document: Document,
    *,
    layout: str = "reader",
    align: str = "paragraph",
    landscape: bool = False,
    created: datetime | None = None,
):
    """Build the python-docx ``Document`` (not yet saved)."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    if layout == "review":
        align, landscape = "sentence", True
    created = created or datetime.now(timezone.utc)
    out = docx.Document()
    section = out.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    else:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    text_width = (29.7 if landscape else 21.0) - 4.0

    ooxml.set_document_defaults(out, latin=LATIN_FONT, east_asia=CJK_FONT)
    ooxml.set_theme_font_language(out)
    ooxml.drop_template_thumbnail(out)
    for name in ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Footer"):
        ooxml.set_style_fonts(out.styles[name], latin=LATIN_FONT, east_asia=CJK_FONT)
    normal = out.styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(2)
    normal.paragraph_format.line_spacing = Pt(16)

    title = document.title
    zh_title = title.zh if title else Path(document.source_file).stem
    heading = out.add_paragraph()
    heading.add_run(zh_title).font.size = Pt(18)
    heading.paragraph_format.line_spacing = Pt(28)
    heading.paragraph_format.space_after = Pt(2)
    if title and title.en:
        english = out.add_paragraph()
        english.add_run(title.en).font.size = Pt(15)
        english.paragraph_format.line_spacing = Pt(21)
    meta = out.add_paragraph()
    run = meta.add_run(_metadata_line(document, created))
    run.font.size, run.font.color.rgb = Pt(8.5), RGBColor(0x59, 0x59, 0x59)
    meta.paragraph_format.space_after = Pt(10)

    if layout == "review":
        columns = [("ID", 1.7), ("Status", 2.6), ("中文", 9.0), ("English", 9.0), ("Comment", text_width - 22.3)]
    elif align == "sentence":
        columns = [("ID", 1.7), ("中文", (text_width - 1.7) / 2), ("English", (text_width - 1.7) / 2)]
    else:
        columns = [("No.", 1.1), ("中文", (text_width - 1.1) * 0.46), ("English", (text_width - 1.1) * 0.54)]
    names = [name for name, _ in columns]
    widths = [Cm(w) for _, w in columns]
    table = out.add_table(rows=1, cols=len(columns))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    ooxml.fixed_layout(table)
    ooxml.set_table_borders(table)
    header = table.rows[0]
    ooxml.repeat_as_header(header)
    ooxml.set_cell_margins(table)
    for cell, name, width in zip(header.cells, names, widths):
        cell.width = width
        ooxml.shade_cell(cell, HEADER_FILL)
        cell.paragraphs[0].add_run(HEADER_LABELS.get(name, name)).bold = True
    rows = rows_of(document, align)
    for number, row_data in enumerate(rows, start=1):
        row, row_cells = ooxml.append_row(table, widths)
        ooxml.cant_split(row)
        cells = dict(zip(names, row_cells))
        _fill_zh(cells["中文"].paragraphs[0], row_data)
        en_paragraph = cells["English"].paragraphs[0]
        ooxml.add_bookmark(en_paragraph, f"be_{row_data.id.replace('.', '_')}_{text_hash(row_data.en)}", number)
        en_runs = _fill_en(en_paragraph, row_data)
        if "ID" in cells:
            id_run = cells["ID"].paragraphs[0].add_run(row_data.id)
            id_run.font.size = Pt(8)
        if "No." in cells:
            number_paragraph = cells["No."].paragraphs[0]
            number_paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            number_run = number_paragraph.add_run(str(number))
            number_run.font.size, number_run.font.color.rgb = Pt(8), RGBColor(0x80, 0x80, 0x80)
        if "Status" in cells:
            status_run = cells["Status"].paragraphs[0].add_run(row_data.status)
            status_run.font.size = Pt(8.5)
            if row_data.status == "flagged":
                ooxml.shade_cell(cells["Status"], FLAG_FILL)
        findings = _findings(row_data)
        if "Comment" in cells:
            comment_run = cells["Comment"].paragraphs[0].add_run("; ".join(findings) or NO_COMMENT)
            comment_run.font.size = Pt(8.5)
        if findings and en_runs:
            out.add_comment(en_runs, text="; ".join(findings), author=CREATOR, initials="BE")
        if row_data.paragraph.kind == "lead" and layout == "reader":
            for cell in row_cells:
                ooxml.shade_cell(cell, LEAD_FILL)
    for column, width in zip(table.columns, widths):
        column.width = width

    _appendix(out, document, Pt)
    _footer(section, zh_title, Pt)

    core = out.core_properties
    core.title = zh_title
    core.subject = title.en if title else ""
    core.author = CREATOR
    core.last_modified_by = CREATOR
    core.language = "zh-CN"
    core.keywords = f"bilingual edition; zh-CN; en-US; layout={layout}; align={align}; rows={len(rows)}"
    core.comments = f"Generated by bilingual-edition from {Path(document.source_file).name}"
    core.created = created.replace(tzinfo=None)
    core.modified = created.replace(tzinfo=None)
    core.revision = 1
    return out


def _findings(row: Row) -> list[str]:
    findings = [f"QA: {flag}" for flag in row.flags]
    missing = [t for t in row.terms if t.status == "missing"]
    if missing:
        findings.append("glossary terms not placed: " + "; ".join(f"{t.text} → {t.target}" for t in missing))
    return findings


def _metadata_line(document: Document, created: datetime) -> str:
    segments = sum(1 for p in document.paragraphs if p.kind != "title")
    parts = [f"Source: {Path(document.source_file).name}", f"{segments} paragraphs, {len(document.sentences)} sentences",
             f"Generated {created:%Y-%m-%d}"]
    if document.engine:
        e = document.engine
        parts.append(f"Engine: {e.package} {e.version} ({e.device})")
    if document.glossary and document.glossary.path:
        parts.append(f"Glossary: {Path(document.glossary.path).name}, {document.glossary.entries} terms (shown in bold)")
    return " · ".join(parts)


def _fill_zh(target, row: Row) -> None:
    if row.paragraph.speaker and row.first:
        target.add_run(f"{row.paragraph.speaker.zh}：").bold = True
    _add_marked(target, row.zh, [(t.start, t.end) for t in row.terms])


def _fill_en(target, row: Row) -> list:
    """The English with glossary targets marked; returns the runs (for comments)."""
    runs = []
    if row.paragraph.speaker and row.first:
        run = target.add_run(f"{row.paragraph.speaker.en}: ")
        run.bold = True
        runs.append(run)
    targets = sorted({t.target for t in row.terms if t.status != "missing"}, key=len, reverse=True)
    runs.extend(_add_marked(target, row.en, _target_spans(row.en, targets)))
    return runs


def _target_spans(text: str, targets: list[str]) -> list[tuple[int, int]]:
    if not targets:
        return []
    pattern = re.compile(r"(?<![A-Za-z0-9])(?:" + "|".join(re.escape(t) for t in targets) + r")(?![A-Za-z0-9])")
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def _add_marked(target, text: str, spans: list[tuple[int, int]], size=None, bold: bool = False, italic: bool = False) -> list:
    """Add ``text`` as runs, glossary spans bold on a pale shading."""
    runs = []
    position = 0

    def add(piece: str, term: bool) -> None:
        run = target.add_run(ooxml.xml_safe(piece))
        run.bold = bold or term or None
        run.italic = italic or None
        if size is not None:
            run.font.size = size
        if term:
            ooxml.shade_run(run, TERM_FILL)
        runs.append(run)

    for start, end in sorted(spans):
        if start < position:
            continue
        if start > position:
            add(text[position:start], False)
        add(text[start:end], True)
        position = end
    if position < len(text) or not runs:
        add(text[position:], False)
    return runs


def _appendix(out, document: Document, Pt) -> None:
    used: dict[tuple[str, str], Counter] = {}
    for p in document.paragraphs:
        for t in p.terms:
            used.setdefault((t.source, t.target), Counter())[t.status] += 1
    listed = [d for d in document.dropped if d.kind != "empty"]
    empty = len(document.dropped) - len(listed)
    if not used and not document.dropped:
        return
    out.add_paragraph()
    if used:
        heading = out.add_paragraph().add_run("Glossary terms used · 术语")
        heading.bold, heading.font.size = True, Pt(11)
        from docx.enum.table import WD_TABLE_ALIGNMENT

        table = out.add_table(rows=1, cols=3)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        ooxml.set_table_borders(table)
        ooxml.set_cell_margins(table, top=30, bottom=30)
        ooxml.repeat_as_header(table.rows[0])
        for cell, name in zip(table.rows[0].cells, ("中文", "English", "Occurrences")):
            ooxml.shade_cell(cell, HEADER_FILL)
            run = cell.paragraphs[0].add_run(name)
            run.bold, run.font.size = True, Pt(9)
        for (source, target), statuses in used.items():
            cells = table.add_row().cells
            counts = ", ".join(f"{n} {s}" for s, n in sorted(statuses.items()))
            values = (source, target, f"{sum(statuses.values())} × ({counts})")
            for cell, value in zip(cells, values):
                run = cell.paragraphs[0].add_run(value)
                run.font.size = Pt(9)
        out.add_paragraph()
    if document.dropped:
        heading = out.add_paragraph().add_run("Left out of the edition · 未收录的原文行")
        heading.bold, heading.font.size = True, Pt(11)
        for item in listed:
            line = out.add_paragraph()
            line.add_run(f"line {item.line} · {item.kind}: ").font.size = Pt(8.5)
            line.add_run(ooxml.xml_safe(item.text)).font.size = Pt(8.5)
        if empty:
            note = out.add_paragraph().add_run(f"{empty} empty line{'s' if empty > 1 else ''} (listed in the JSON export)")
            note.font.size = Pt(8.5)


def _footer(section, title: str, Pt) -> None:
    """A running header with the title, and "Page X of Y" at the foot."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import RGBColor

    head = section.header.paragraphs[0]
    head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = head.add_run(title)
    run.font.size, run.font.color.rgb = Pt(8), RGBColor(0x80, 0x80, 0x80)
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("Page ").font.size = Pt(9)
    ooxml.add_page_field(paragraph, "PAGE")
    paragraph.add_run(" of ").font.size = Pt(9)
    ooxml.add_page_field(paragraph, "NUMPAGES")


def _built(document: Document, **options):
    with ooxml.sequential_comment_ids():
        return build_docx(document, **options)


def docx_bytes(document: Document, **options) -> bytes:
    import io

    buffer = io.BytesIO()
    _built(document, **options).save(buffer)
    return buffer.getvalue()


def write_docx(document: Document, path: Path, **options) -> Path:
    built = _built(document, **options)
    return write_atomically(path, lambda tmp: built.save(str(tmp)))
