"""A client's DOCX: its paragraphs and headings in order, bold speaker labels kept as text,
tables as rows of text, tracked changes read as accepted (insertions in, deletions out);
images and drawings are not text and are left."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

from pipeline.errors import InputError


MAX_PART_BYTES = 256 * 1024 * 1024  # a part that inflates beyond this is a bomb, not a document
TEXT_PARTS = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")
PROLOG_BYTES = 64 * 1024  # a DOCTYPE comes before the root element, so in the part's first bytes
OTHER_OFFICE = (("mimetype", b"application/vnd.oasis.opendocument.text", "an OpenDocument text (ODT)"),
                ("xl/workbook.xml", None, "an Excel workbook"), ("ppt/presentation.xml", None, "a PowerPoint presentation"))


def check_package(data: bytes, path: Path) -> None:
    """Before anything is inflated: the file is a Word document we can read — not a macro
    document, an ODT or a workbook in a .docx's name, not a zip bomb (sizes are read from the
    zip's directory; nothing is decompressed to learn them)."""
    try:
        zf = zipfile.ZipFile(BytesIO(data))
    except zipfile.BadZipFile:
        raise InputError("is not a DOCX file (not even a ZIP archive)", path=path) from None
    with zf:
        names = {info.filename: info for info in zf.infolist()}
        for member, content, kind in OTHER_OFFICE:
            if member in names and (content is None or zf.read(member)[:80].startswith(content)):
                raise InputError(f"is {kind}, not a DOCX", path=path, hint="save it as .docx (Word document), or paste its text")
        if "word/document.xml" not in names:
            raise InputError("is a ZIP archive, not a DOCX", path=path)
        if b"macroEnabled" in (zf.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""):
            raise InputError("is a macro-enabled Word document (.docm)", path=path,
                             hint="save it as a plain Word document (.docx) and read that")
        for part in TEXT_PARTS:
            if part in names:
                with zf.open(part) as stream:
                    if b"<!DOCTYPE" in stream.read(PROLOG_BYTES):
                        raise InputError(f"declares XML entities (a <!DOCTYPE> in {part}), which Word documents never hold;"
                                         " their text would be lost", path=path,
                                         hint="paste the document's text into a .txt file and read that")
        inflated = sum(info.file_size for info in names.values())
        if names["word/document.xml"].file_size > MAX_PART_BYTES or inflated > 2 * MAX_PART_BYTES:
            raise InputError(f"would inflate to {inflated >> 20} MB; a DOCX that large is refused", path=path,
                             hint="is this a real document? save its text, or split it")


def read_docx(data: bytes, path: Path) -> tuple[list[str], list[str]]:
    """Lines and where each came from (``heading``, ``paragraph``, ``table row``)."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.oxml.ns import qn
    from lxml.etree import XMLSyntaxError

    from pipeline.write.docx.ooxml import visible_text

    check_package(data, path)
    try:
        document = docx.Document(BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError, AttributeError, TypeError):
        raise InputError("is a damaged DOCX (its parts cannot be read)", path=path,
                         hint="open it in Word or LibreOffice and save it again") from None
    styles = {s.style_id: (s.name or "") for s in document.styles}
    lines: list[str] = []
    origins: list[str] = []
    for block in _blocks(document.element.body, qn):
        if block.tag == qn("w:p"):
            text = " ".join(visible_text(block).split())
            style = block.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            name = styles.get(style.get(qn("w:val")), "") if style is not None else ""
            if text:
                lines.append(text)
                origins.append("heading" if name.startswith(("Heading", "Title", "标题")) else "paragraph")
        elif block.tag == qn("w:tbl"):
            for row in block.findall(qn("w:tr")):  # its own rows and cells: a nested table is in its cell's text, once
                cells = [" ".join(visible_text(cell).split()) for cell in row.findall(qn("w:tc"))]
                if any(cells):
                    lines.append("\t".join(c for c in dict.fromkeys(cells) if c))  # merged cells repeat; a tab between cells
                    origins.append("table row")
    notes = _notes(data)
    return lines + notes, origins + ["footnote"] * len(notes)


def _blocks(parent, qn):
    """The body's paragraphs and tables in order, those inside content controls (``w:sdt``,
    as Word's templates make them) too."""
    for child in parent.iterchildren():
        if child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _blocks(content, qn)
        elif child.tag in (qn("w:p"), qn("w:tbl")):
            yield child


def _notes(data: bytes) -> list[str]:
    """The footnotes' and endnotes' text, in order, after the body (Word's separators left out)."""
    from lxml import etree

    from pipeline.write.docx.ooxml import visible_text

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    lines: list[str] = []
    with zipfile.ZipFile(BytesIO(data)) as zf:
        for part in ("word/footnotes.xml", "word/endnotes.xml"):
            if part not in zf.namelist():
                continue
            root = etree.fromstring(zf.read(part), etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
            for note in root:
                if note.get(f"{w}type") in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                text = " ".join(visible_text(note).split())
                if text:
                    lines.append(text)
    return lines
