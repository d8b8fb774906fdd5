"""Bring a reviewer's corrections back: read an edited edition DOCX, report what changed.

Rows are identified by the bookmark each English cell carries (the segment id and a hash
of the English as generated; ``pipeline.write.docx.conventions``), so a changed English is recognised
without the original at hand, in both layouts. Text is read with tracked changes accepted
(insertions in, deletions out). Rows a reviewer broke — merged cells, a removed bookmark,
deleted rows — are reported, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import InputError
from pipeline.write.docx.conventions import CREATOR, NO_COMMENT, column_name, parse_bookmark, rows_in, text_hash


@dataclass(frozen=True)
class ReviewedRow:
    id: str
    zh: str
    en: str
    changed: bool
    notes: tuple[str, ...] = ()


@dataclass
class ReviewReport:
    rows: list[ReviewedRow] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)

    @property
    def changed(self) -> list[ReviewedRow]:
        return [r for r in self.rows if r.changed]

    def table(self) -> list[str]:
        """The changed rows and every note, tab-separated, for stdout."""
        changed = [f"{row.id}\tchanged\t{row.en}" for row in self.changed]
        return changed + [f"{row.id}\tnote\t{note}" for row in self.rows for note in row.notes]

    def messages(self, edited: Path, memory_path: Path) -> list[str]:
        """Warnings for the rows that could not be read, and the summary line."""
        warnings = [f"warning: {edited}: {problem}" for problem in self.broken]
        titled = any(r.id == "p1" for r in self.rows)
        parts = f" (the title and {len(self.rows) - 1} rows)" if titled else ""
        return warnings + [f"review: {len(self.changed)} of {len(self.rows)} texts changed{parts}, stored in {memory_path}; "
                           f"{len(self.broken)} problem(s)"]


def _label_free(cell, separator: str) -> tuple[str, str]:
    """The cell's text without its bold speaker label (``南都：`` / ``Southern …: ``), and
    the label ("" when there is none)."""
    from docx.oxml.ns import qn

    from pipeline.write.docx.ooxml import visible_text

    text = "".join(visible_text(p) for p in cell._tc.iter(qn("w:p")))
    first = next(cell._tc.iter(qn("w:r")), None)
    label = ""
    if first is not None:
        rpr = first.find(qn("w:rPr"))
        bold = rpr is not None and rpr.find(qn("w:b")) is not None
        candidate = visible_text(first)
        if bold and candidate.rstrip().endswith(separator) and text.startswith(candidate):
            text, label = text[len(candidate):], candidate
    return text.strip(), label


def read_review(path: Path) -> ReviewReport:
    """Every row of the edition's table that can still be read (and the English title), and
    what could not. Rows are named as the reader of the document sees them: by their No. or
    ID cell (``row No. 4``, ``row p3.s2``)."""
    from docx.oxml.ns import qn

    document = _open_docx(path)
    table = next((t for t in document.tables if t.rows and {"中文", "English"} <= {column_name(c.text) for c in t.rows[0].cells}), None)
    if table is None:
        raise InputError("has no 中文 | English table: not an edition written by bilingual-edition", path=path,
                         hint="import the DOCX this tool wrote, as the reviewer returned it")
    headers = [column_name(c.text) for c in table.rows[0].cells]
    reviewer_notes = _reviewer_comments(document)
    report = ReviewReport()
    title = _read_title(document)
    if title is not None:
        report.rows.append(title)
    seen: dict[str, str] = {}
    numbers: set[int] = set()
    unmarked = 0  # rows whose bookmark was lost: each accounts for one missing number
    last = "the header"
    for row in table.rows[1:]:
        cells = row._tr.findall(qn("w:tc"))
        name = f"row {_visible_number(cells[0], headers[0])}" if len(cells) == len(headers) else f"the row after {last}"
        last = name.removeprefix("the row after ").removeprefix("row ")
        if len(cells) != len(headers):
            report.broken.append(f"{name}: {len(cells)} cells instead of {len(headers)} (merged or split); not read")
            unmarked += 1
            continue
        read = _read_row(row, cells, headers, reviewer_notes)
        if isinstance(read, str):
            report.broken.append(f"{name}: {read}; not read")
            unmarked += 1
        elif read[0].id in seen:
            report.broken.append(f"{name}: segment {read[0].id} is also in {seen[read[0].id]} (a copied row); not read")
        else:
            reviewed, number, label_note = read
            if reviewed.changed and not reviewed.en:
                report.broken.append(f"{name}: its English was emptied; not stored (an empty cell is not a translation)")
                reviewed = ReviewedRow(reviewed.id, reviewed.zh, reviewed.en, False, reviewed.notes)
            seen[reviewed.id] = name
            numbers.add(number)
            report.rows.append(reviewed)
            if label_note:
                report.broken.append(f"{name}: {label_note}")
    expected = rows_in(document.core_properties.keywords)
    missing = sorted(set(range(1, (expected or max(numbers, default=0)) + 1)) - numbers)
    deleted = len(missing) - unmarked
    if deleted > 0:
        report.broken.append(f"{deleted} row(s) deleted from the table (the edition had {expected or max(numbers)})")
    return report


def _visible_number(cell, header: str) -> str:
    """What the first cell shows (``No.`` or ``ID``), to name a row as the reader sees it."""
    from pipeline.write.docx.ooxml import visible_text

    text = visible_text(cell).strip()
    return f"{header} {text}" if header == "No." and text else text


def _read_title(document) -> ReviewedRow | None:
    """The English title above the table, when it carries our bookmark."""
    from docx.oxml.ns import qn

    from pipeline.write.docx.ooxml import bookmark_names, visible_text

    paragraphs = []
    for paragraph in document.element.body.iterchildren(qn("w:p")):
        paragraphs.append(paragraph)
        for name in bookmark_names(paragraph):
            parsed = parse_bookmark(name)
            if parsed is not None and len(paragraphs) > 1:
                en = visible_text(paragraph).strip()
                zh = visible_text(paragraphs[0]).strip()
                return ReviewedRow(parsed[0], zh, en, text_hash(en) != parsed[1])
    return None


def _open_docx(path: Path):
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    check_review_file(path)
    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError, XMLSyntaxError):
        raise InputError("is a damaged DOCX (its parts cannot be read)", path=path,
                         hint="open it in Word or LibreOffice and save it again") from None


def check_review_file(path: Path) -> None:
    """What ``review import`` reads must be a DOCX: said in plain words before anything is
    opened (a page or an EPUB edition has no review in it, and must not leave an empty memory)."""
    import zipfile

    if not path.is_file():
        raise InputError("no such file" if not path.exists() else "is not a file", path=path)
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError):
        names = set()
    if "word/document.xml" not in names:
        kind = {".html": "a web page", ".htm": "a web page", ".epub": "an EPUB"}.get(path.suffix.lower())
        raise InputError(f"is {kind}, not the DOCX a reviewer returned" if kind else "is not a DOCX file", path=path,
                         hint="review import reads the review layout's DOCX (bilingual run … --layout review)")


def _read_row(row, cells, headers: list[str], reviewer_notes: dict[str, str]) -> tuple[ReviewedRow, int, str] | str:
    """The row's segment, its bookmark's number and a note when the reviewer changed the
    speaker label's English (ignored: labels come from the glossary), or why the row
    cannot be read."""
    from docx.oxml.ns import qn

    from pipeline.write.docx.ooxml import bookmark_names

    en_col = headers.index("English")
    name = next((n for n in bookmark_names(cells[en_col]) if parse_bookmark(n)), None)
    if name is None:
        return "its bookmark was lost (the English cell retyped or pasted over, or a row added)"
    segment, generated_hash, label_hash = parse_bookmark(name)
    number = next(int(s.get(qn("w:id"))) for s in cells[en_col].iter(qn("w:bookmarkStart")) if s.get(qn("w:name")) == name)
    zh, _ = _label_free(row.cells[headers.index("中文")], "：")
    en, label = _label_free(row.cells[en_col], ":")
    label_note = ""
    if label_hash is not None and text_hash(label.rstrip().removesuffix(":")) != label_hash:
        label_note = (f"the speaker label's English was changed to {label.strip()!r}; ignored "
                      "(speaker labels come from the glossary: change the entry there)")
    notes = [reviewer_notes[c] for c in _comment_ids(row._tr) if c in reviewer_notes]
    if "Comment" in headers:
        written = " ".join(row.cells[headers.index("Comment")].text.split())
        if written and written != NO_COMMENT and not written.startswith(("QA:", "glossary terms")):
            notes.append(written)
    return ReviewedRow(segment, zh, en, text_hash(en) != generated_hash, tuple(notes)), number, label_note


def _reviewer_comments(document) -> dict[str, str]:
    notes = {}
    try:
        comments = list(document.comments)
    except (AttributeError, KeyError):
        return notes
    for comment in comments:
        if comment.author != CREATOR:
            notes[str(comment.comment_id)] = f"{comment.author or 'reviewer'}: {comment.text.strip()}"
    return notes


def import_review(edited: Path, memory) -> ReviewReport:
    """Read a reviewed edition and store its changed rows in ``memory`` as human
    translations, which later runs keep over MT."""
    report = read_review(edited)
    if not report.rows:
        raise InputError("no row of the edition could be read", path=edited, hint="; ".join(report.broken[:3]) or None)
    for row in report.changed:
        memory.put_human(row.zh, row.en, "; ".join(row.notes))
    return report


def _comment_ids(element) -> list[str]:
    from docx.oxml.ns import qn

    return [c.get(qn("w:id")) for c in element.iter(qn("w:commentRangeStart"))]
