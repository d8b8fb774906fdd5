"""The assemble stage: write the bilingual edition as a DOCX.

Two layouts. ``reader`` (portrait): a title block, then 中文 | English, one row per paragraph
(``--align paragraph``) or per sentence with a narrow id column (``--align sentence``).
``review`` (landscape, one row per sentence): ID | Status | 中文 | English | Comment, as CAT
tools' review exports. Both: header row repeated on every page, rows kept whole, glossary
terms bold on a pale shading, QA findings and missing terms as Word comments, a footer with
page numbers, and an appendix of the glossary terms used and the source lines left out.

The marks ``review import`` reads back (bookmarks, the row count, header labels) are
defined in ``pipeline.write.docx.conventions``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from pipeline.document import Document
from pipeline.options import Align, Layout
from pipeline.write.atomic import write_atomically
from pipeline.write.rows import Row, chapter_heads, findings_of, rows_of, target_spans, words_of
from pipeline.write.docx import ooxml
from pipeline.write.xmltext import core_property
from pipeline.write.docx.conventions import CREATOR, HEADER_LABELS, NO_COMMENT, bookmark_name, keywords

CJK_FONT = "Noto Serif CJK SC"
LATIN_FONT = "Times New Roman"
HEADER_FILL = "E7ECF2"
LEAD_FILL = "F6F6F2"
TERM_FILL = "FFF4CC"
FLAG_FILL = "FDE2E1"


@dataclass(frozen=True)
class Column:
    name: str
    width: float  # cm


def columns_of(layout: str, align: str, text_width: float, sides: str = "zh,en") -> list[Column]:
    """The table's columns: the review layout's five, or the reader's number/id + 中文 | English;
    with one side only (``sides`` ``zh`` or ``en``), that language takes the other's width."""
    if layout == Layout.review:
        named = [("ID", 1.7), ("Status", 2.6), ("中文", 9.0), ("English", 9.0), ("Comment", text_width - 22.3)]
    elif layout == Layout.learner:  # the Chinese with its pinyin needs the wider column
        named = [("No.", 1.1), ("中文", (text_width - 1.1) * 0.56), ("English", (text_width - 1.1) * 0.44)]
    elif align == Align.sentence:
        named = [("ID", 1.7), ("中文", (text_width - 1.7) / 2), ("English", (text_width - 1.7) / 2)]
    else:
        named = [("No.", 1.1), ("中文", (text_width - 1.1) * 0.46), ("English", (text_width - 1.1) * 0.54)]
    if sides in ("zh", "en"):
        other = "English" if sides == "zh" else "中文"
        freed = next(width for name, width in named if name == other)
        keep = "中文" if sides == "zh" else "English"
        named = [(name, width + freed if name == keep else width) for name, width in named if name != other]
    return [Column(name, width) for name, width in named]


def build_docx(
    document: Document,
    *,
    layout: str = "reader",
    align: str = "paragraph",
    landscape: bool = False,
    created: datetime | None = None,
    sides: str = "zh,en",
    vocabulary=None,
    tone_colors: str = "none",
):
    """Build the python-docx ``Document`` (not yet saved): page and styles, title block,
    the bilingual table, the appendix, header and footer, core properties."""
    import docx

    if layout == Layout.review:
        align, landscape = "sentence", True
    created = created or datetime.now(timezone.utc)
    out = docx.Document()
    text_width = _page_setup(out.sections[0], landscape)
    _styles(out)
    zh_title = _title_block(out, document, created)
    rows = rows_of(document, align)
    _table(out, rows, columns_of(layout, align, text_width, sides), layout, tone_colors, chapter_heads(document))
    _appendix(out, document)
    if vocabulary is not None:
        _vocabulary(out, vocabulary, tone_colors)
    _header_and_footer(out.sections[0], zh_title)
    _core_properties(out.core_properties, document, zh_title, created, keywords(layout, align, len(rows)))
    return out


def _page_setup(section, landscape: bool) -> float:
    """A4 (the template is US Letter), 2 cm margins; returns the text width in cm."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    else:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    return (29.7 if landscape else 21.0) - 4.0


def _styles(out) -> None:
    """Fonts and languages in the defaults and styles (never run by run), one line spacing."""
    from docx.shared import Pt

    ooxml.set_document_defaults(out, latin=LATIN_FONT, east_asia=CJK_FONT)
    ooxml.set_theme_font_language(out)
    ooxml.drop_template_thumbnail(out)
    for name in ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Footer"):
        ooxml.set_style_fonts(out.styles[name], latin=LATIN_FONT, east_asia=CJK_FONT)
    normal = out.styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(2)
    normal.paragraph_format.line_spacing = Pt(16)


def _title_block(out, document: Document, created: datetime) -> str:
    """The Chinese title, its English, the metadata line; returns the Chinese title."""
    from docx.shared import Pt, RGBColor

    title = document.title
    zh_title = title.zh if title else Path(document.source_file).stem
    heading = out.add_paragraph()
    heading.add_run(ooxml.xml_safe(zh_title)).font.size = Pt(18)
    heading.paragraph_format.line_spacing = Pt(28)
    heading.paragraph_format.space_after = Pt(2)
    if title and title.en:
        english = out.add_paragraph()
        ooxml.add_bookmark(english, bookmark_name(title.id, title.en), 0)  # reviewable like every row
        english.add_run(ooxml.xml_safe(title.en)).font.size = Pt(15)
        english.paragraph_format.line_spacing = Pt(21)
    meta = out.add_paragraph()
    run = meta.add_run(ooxml.xml_safe(_metadata_line(document, created)))
    run.font.size, run.font.color.rgb = Pt(8.5), RGBColor(0x59, 0x59, 0x59)
    meta.paragraph_format.space_after = Pt(10)
    return zh_title


def _table(out, rows: list[Row], columns: list[Column], layout: str, tone_colors: str = "none", chapters: set[str] = frozenset()) -> None:
    """The bilingual table: a repeated bilingual header row, then one row per ``Row``."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Cm

    names = [c.name for c in columns]
    widths = [Cm(c.width) for c in columns]
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
    for number, row_data in enumerate(rows, start=1):
        row, row_cells = ooxml.append_row(table, widths)
        ooxml.cant_split(row)
        _fill_row(out, dict(zip(names, row_cells)), row_data, number, tone_colors)
        if row_data.paragraph.id in chapters and row_data.first:  # a book's chapter: Word's navigation pane lists it
            for name in ("中文", "English"):
                if name in names:
                    dict(zip(names, row_cells))[name].paragraphs[0].style = out.styles["Heading 2"]
        if row_data.paragraph.kind == "lead" and layout in (Layout.reader, Layout.learner):
            for cell in row_cells:
                ooxml.shade_cell(cell, LEAD_FILL)
    for column, width in zip(table.columns, widths):
        column.width = width


def _fill_row(out, cells: dict, row: Row, number: int, tone_colors: str = "none") -> None:
    """One row's cells, by column name; QA findings become a Word comment on the English."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    if "中文" in cells:
        _fill_zh(cells["中文"].paragraphs[0], row, tone_colors)
    en_runs = []
    if "English" in cells:
        en_paragraph = cells["English"].paragraphs[0]
        label = row.paragraph.speaker.en if row.paragraph.speaker and row.first else ""
        ooxml.add_bookmark(en_paragraph, bookmark_name(row.id, row.en, label), number)
        en_runs = _fill_en(en_paragraph, row)
    if "ID" in cells:
        cells["ID"].paragraphs[0].add_run(ooxml.xml_safe(row.id)).font.size = Pt(8)
    if "No." in cells:
        number_paragraph = cells["No."].paragraphs[0]
        number_paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        number_run = number_paragraph.add_run(_number(row.id))
        number_run.font.size, number_run.font.color.rgb = Pt(8), RGBColor(0x80, 0x80, 0x80)
    if "Status" in cells:
        cells["Status"].paragraphs[0].add_run(row.status).font.size = Pt(8.5)
        if row.status == "flagged" or row.status.startswith("doubtful"):
            ooxml.shade_cell(cells["Status"], FLAG_FILL)
    findings = findings_of(row)
    if "Comment" in cells:
        cells["Comment"].paragraphs[0].add_run(ooxml.xml_safe("; ".join(findings)) or NO_COMMENT).font.size = Pt(8.5)
    if findings and en_runs:
        out.add_comment(en_runs, text=ooxml.xml_safe("; ".join(findings)), author=CREATOR, initials="BE")


def _core_properties(core, document: Document, zh_title: str, created: datetime, keywords_text: str) -> None:
    """Our own properties (the template's are from 2013); the creator marks a DOCX as ours."""
    title = document.title
    core.title = core_property(zh_title)
    core.subject = core_property(title.en if title else "")
    core.author = CREATOR
    core.last_modified_by = CREATOR
    core.language = "zh-CN"
    core.keywords = core_property(keywords_text)
    core.comments = core_property(f"Generated by bilingual-edition from {Path(document.source_file).name}")
    core.created = created.replace(tzinfo=None)
    core.modified = created.replace(tzinfo=None)
    core.revision = 1


def _metadata_line(document: Document, created: datetime) -> str:
    rows = [p for p in document.paragraphs if p.kind != "title"]
    numbers = f" (the title and No. {_number(rows[0].id)}–{_number(rows[-1].id)})" if rows and document.title else ""
    source = document.source
    origin = [source.site, source.date, source.url] if source else []
    parts = [f"Source: {Path(document.source_file).name}", *[part for part in origin if part],
             f"{len(document.paragraphs)} paragraphs{numbers}, {len(document.sentences)} sentences",
             f"Generated {created:%Y-%m-%d}"]
    if document.engine:
        parts.append(f"Engine: {document.engine.label}")
    if document.glossary and document.glossary.path:
        parts.append(f"Glossary: {Path(document.glossary.path).name}, {document.glossary.entries} terms (shown in bold)")
    return " · ".join(parts)


def _number(segment_id: str) -> str:
    """The paragraph's number as the No. column shows it: ``p12`` → ``12``, so a row's number
    is its segment id."""
    return segment_id.split(".", 1)[0].lstrip("p")


def _fill_zh(target, row: Row, tone_colors: str = "none") -> None:
    if row.paragraph.speaker and row.first:
        target.add_run(ooxml.xml_safe(f"{row.paragraph.speaker.zh}：")).bold = True
    words = words_of(row)
    if not words:
        _add_marked(target, row.zh, [(t.start, t.end) for t in row.terms])
        return
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    target.alignment = WD_ALIGN_PARAGRAPH.LEFT  # justified, word-wide rubies leave gaps across the line
    target.paragraph_format.line_spacing_rule = WD_LINE_SPACING.AT_LEAST  # room for the readings above
    target.paragraph_format.line_spacing = Pt(30)
    from pipeline.learn.tones import coloured

    for word, reading in words:  # the learner edition: one ruby per word, in its tones' colours if asked
        if reading:
            chars, sylls = coloured(word, reading, tone_colors) if tone_colors != "none" else ([(word, "")], [])
            if len(chars) > 1:  # in colour: a ruby per character (LibreOffice shows one run of ruby text only)
                for (char, hex_), (syllable, _) in zip(chars, sylls):
                    ooxml.add_ruby(target, ooxml.xml_safe(char), ooxml.xml_safe(syllable), colour=hex_)
            else:
                ooxml.add_ruby(target, ooxml.xml_safe(word), ooxml.xml_safe(reading), colour=chars[0][1] if len(sylls) == 1 else "")
        else:
            target.add_run(ooxml.xml_safe(word))


def _spaced(reading: str, sylls: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The coloured syllables with what stood between them in the reading (a name's space)."""
    out, rest = [], reading
    for text, hex_ in sylls:
        at = rest.find(text)
        if at < 0:
            return [(reading, "")]
        out += ([(rest[:at], "")] if at else []) + [(text, hex_)]
        rest = rest[at + len(text):]
    return out + ([(rest, "")] if rest else [])


def _vocabulary(out, words, tone_colors: str = "none") -> None:
    """The article's vocabulary, after the appendix: word, pinyin, English, HSK level, count;
    the standard the levels are of named under the heading."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Pt, RGBColor

    from pipeline.learn.tones import coloured
    from pipeline.learn.vocabulary import STANDARD

    out.add_paragraph()
    heading = out.add_paragraph().add_run("Vocabulary · 生词")
    heading.bold, heading.font.size = True, Pt(11)
    out.add_paragraph().add_run(f"Levels: {STANDARD}").font.size = Pt(8)
    table = out.add_table(rows=1, cols=5)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    ooxml.set_table_borders(table)
    ooxml.repeat_as_header(table.rows[0])
    for cell, name in zip(table.rows[0].cells, ("词", "Pinyin", "English", "HSK", "Times")):
        ooxml.shade_cell(cell, HEADER_FILL)
        run = cell.paragraphs[0].add_run(name)
        run.bold, run.font.size = True, Pt(9)
    for word in words:
        cells = table.add_row().cells
        chars, sylls = coloured(word.text, word.reading, tone_colors) if tone_colors != "none" else ([(word.text, "")], [(word.reading, "")])
        for cell, pieces in zip(cells, (chars, _spaced(word.reading, sylls), [(word.gloss, "")], [(word.level_label, "")],
                                        [(f"{word.count}×", "")])):  # "5×": a count, not a numbering
            for text, hex_ in pieces:
                run = cell.paragraphs[0].add_run(ooxml.xml_safe(text))
                run.font.size = Pt(9)
                if hex_:
                    run.font.color.rgb = RGBColor.from_string(hex_)


def _fill_en(target, row: Row) -> list:
    """The English with glossary targets marked; returns the runs (for comments)."""
    runs = []
    if row.paragraph.speaker and row.first:
        run = target.add_run(ooxml.xml_safe(f"{row.paragraph.speaker.en}: "))
        run.bold = True
        runs.append(run)
    targets = sorted({t.target for t in row.terms if t.status != "missing"}, key=len, reverse=True)
    runs.extend(_add_marked(target, row.en, target_spans(row.en, targets)))
    return runs


def _add_marked(target, text: str, spans: list[tuple[int, int]]) -> list:
    """Add ``text`` as runs, glossary spans bold on a pale shading."""
    runs = []
    position = 0

    def add(piece: str, term: bool) -> None:
        run = target.add_run(ooxml.xml_safe(piece))
        run.bold = term or None
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


def _appendix(out, document: Document) -> None:
    """The glossary terms used (with their statuses) and the source lines left out."""
    from docx.shared import Pt

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
                run = cell.paragraphs[0].add_run(ooxml.xml_safe(value))
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


def _header_and_footer(section, title: str) -> None:
    """A running header with the title, and "Page X of Y" at the foot."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    head = section.header.paragraphs[0]
    head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = head.add_run(ooxml.xml_safe(title))
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
