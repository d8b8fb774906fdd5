"""A client's DOCX: its paragraphs and headings in order, bold speaker labels kept as text,
tables as rows of text, tracked changes read as accepted (insertions in, deletions out);
images and drawings are not text and are left."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

from pipeline.errors import InputError


def read_docx(data: bytes, path: Path) -> tuple[list[str], list[str]]:
    """Lines and where each came from (``heading``, ``paragraph``, ``table row``)."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.oxml.ns import qn

    from pipeline.write.docx.ooxml import visible_text

    try:
        document = docx.Document(BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as err:
        raise InputError(f"is not a DOCX file this tool can read ({err})", path=path) from None
    styles = {s.style_id: (s.name or "") for s in document.styles}
    lines: list[str] = []
    origins: list[str] = []
    for block in document.element.body.iterchildren():
        if block.tag == qn("w:p"):
            text = " ".join(visible_text(block).split())
            style = block.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            name = styles.get(style.get(qn("w:val")), "") if style is not None else ""
            if text:
                lines.append(text)
                origins.append("heading" if name.startswith(("Heading", "Title", "标题")) else "paragraph")
        elif block.tag == qn("w:tbl"):
            for row in block.iter(qn("w:tr")):
                cells = [" ".join(visible_text(cell).split()) for cell in row.iter(qn("w:tc"))]
                if any(cells):
                    lines.append("\t".join(c for c in dict.fromkeys(cells) if c))  # merged cells repeat; a tab between cells
                    origins.append("table row")
    return lines, origins
