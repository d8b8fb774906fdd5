"""A PDF's text layer as the article: pdfminer.six (MIT) lays out each page's lines with
their positions and font sizes; from those, in reading order —

- **running heads, footers and page numbers** are lines in a page's top or bottom margin that
  repeat across pages (digits aside: ``第 3 页``, ``经济日报 2024年3月5日``) or are only a
  number; they are left out and counted by kind;
- **columns** are read column by column: a page whose text boxes stand in two halves reads
  the left one down, then the right one (a full-width box above them — a headline — first);
- **hard-wrapped lines are joined** into paragraphs: a line continues the one before unless
  that one ended a sentence short of the text's right edge, the line is indented, or a gap or a
  larger font sets it apart — across page breaks too;
- a **heading** is a short line in a font clearly larger than the body's.

A PDF without a text layer (a scan) is refused in one line: OCR it first.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from pipeline.chinese import han_count
from pipeline.errors import InputError

MARGIN = 0.09  # the share of a page's height at its top and at its bottom where running heads live
ENDS = "。！？!?；;：:”’」』）)…—"
PDF_PAGE_NUMBER = re.compile(r"^\s*(?:[-–—·]?\s*\d{1,4}\s*[-–—·]?|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|page\s+\d+(?:\s+of\s+\d+)?)\s*$", re.I)


@dataclass(frozen=True)
class PdfLine:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    text: str


def read_pdf(data: bytes, path: Path) -> tuple[list[str], list[str], tuple[tuple[str, int], ...]]:
    """Paragraphs and headings in reading order, where each came from, and what was left out."""
    pages = _pages(data, path)
    lines = [line for page in pages for line in page[1]]
    if sum(len(line.text.strip()) for line in lines) < 20:
        raise InputError("has no text layer (a scanned document?)", path=path, hint="OCR it first, e.g. with ocrmypdf")
    kept, removed = _without_running_heads(pages)
    paragraphs, origins = _paragraphs(kept)
    return paragraphs, origins, tuple(sorted(removed.items()))


def _pages(data: bytes, path: Path) -> list[tuple[float, list[PdfLine]]]:
    """Each page's height and its lines in reading order."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTChar, LTTextBox, LTTextLine
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    out = []
    try:
        for number, page in enumerate(extract_pages(BytesIO(data), laparams=LAParams()), start=1):
            boxes = []
            for box in page:
                if not isinstance(box, LTTextBox):
                    continue
                rows = []
                for line in box:
                    if isinstance(line, LTTextLine) and line.get_text().strip():
                        sizes = [c.size for c in line if isinstance(c, LTChar)]
                        rows.append(PdfLine(number, line.x0, line.y0, line.x1, line.y1, statistics.median(sizes) if sizes else 0.0,
                                         " ".join(line.get_text().split())))
                if rows:
                    boxes.append((box.x0, box.y1, box.x1, rows))
            out.append((page.height, [line for box in _reading_order(boxes, page.width) for line in box[3]]))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise InputError("is an encrypted PDF", path=path, hint="save a copy without a password, then read that") from None
    except (PDFSyntaxError, PSException, ValueError, TypeError, KeyError, AssertionError) as err:
        raise InputError(f"is a damaged PDF ({type(err).__name__})", path=path, hint="open it and save or print it to PDF again") from None
    return out


def _reading_order(boxes: list, width: float) -> list:
    """Top to bottom; on a page in two columns, the left column down, then the right."""
    middle = width / 2
    left = [b for b in boxes if b[2] <= middle + 0.02 * width]
    right = [b for b in boxes if b[0] >= middle - 0.02 * width]
    if len(left) >= 2 and len(right) >= 2:
        wide = [b for b in boxes if b not in left and b not in right]
        top = min(b[1] for b in left + right)
        above = sorted((b for b in wide if b[1] > top), key=lambda b: -b[1])
        below = sorted((b for b in wide if b[1] <= top), key=lambda b: -b[1])
        return above + sorted(left, key=lambda b: -b[1]) + sorted(right, key=lambda b: -b[1]) + below
    return sorted(boxes, key=lambda b: (-round(b[1]), b[0]))


def _without_running_heads(pages: list[tuple[float, list[PdfLine]]]) -> tuple[list[PdfLine], Counter]:
    """Lines in the margins that repeat across pages (digits ignored), or stand there in a
    font smaller than the body's, or are a page number."""
    def key(line: PdfLine) -> str:
        return re.sub(r"\d+", "#", line.text)

    def in_margin(line: PdfLine, height: float) -> bool:
        return line.y0 > height * (1 - MARGIN) or line.y1 < height * MARGIN

    repeated = Counter(key(line) for height, lines in pages for line in {key(x): x for x in lines if in_margin(x, height)}.values())
    heads = {k for k, n in repeated.items() if n >= max(2, len(pages) // 2)}
    body = statistics.median(line.size for _, lines in pages for line in lines) if any(lines for _, lines in pages) else 0.0
    small = {key(line) for height, lines in pages for line in lines if in_margin(line, height) and line.size < 0.9 * body}
    heads |= small  # a one-page article's running head: in the margin, in a smaller font
    kept: list[PdfLine] = []
    removed: Counter = Counter()
    for height, lines in pages:
        for line in lines:
            if in_margin(line, height) and PDF_PAGE_NUMBER.match(line.text):
                removed["page number"] += len(line.text)
            elif in_margin(line, height) and key(line) in heads:
                removed["running head"] += len(line.text)
            else:
                kept.append(line)
    return kept, removed


def _paragraphs(lines: list[PdfLine]) -> tuple[list[str], list[str]]:
    """Wrapped lines joined into paragraphs; headings apart."""
    if not lines:
        return [], []
    body = statistics.median(line.size for line in lines) or 1.0
    edges = _column_edges(lines, body)
    paragraphs: list[str] = []
    origins: list[str] = []
    previous: PdfLine | None = None
    for line in lines:
        heading = line.size >= 1.2 * body and len(line.text) <= 60
        joins = (previous is not None and not heading and origins[-1] == "paragraph"
                 and _continues(previous, line, edges[id(previous)], edges[id(line)], body))
        if joins:
            paragraphs[-1] = _joined(paragraphs[-1], line.text)
        else:
            paragraphs.append(line.text)
            origins.append("heading" if heading else "paragraph")
        previous = line
    return paragraphs, origins


def _column_edges(lines: list[PdfLine], size: float) -> dict[int, tuple[float, float]]:
    """Each line's column's left and right text edges. A column's left edge is a frequent
    starting position with no other frequent one just left of it (a paragraph's indented
    first line starts a little to the right of its column's edge); its right edge, where its
    lines mostly end."""
    starts = Counter(round(line.x0) for line in lines)
    frequent = sorted(x for x, n in starts.items() if n >= 2) or [round(min(line.x0 for line in lines))]
    lefts = [x for x in frequent if not any(x - 3 * size < y < x for y in frequent)]
    column = {id(line): max((x for x in lefts if x <= line.x0 + 1), default=lefts[0]) for line in lines}
    rights = {}
    for left in lefts:
        ends = sorted(line.x1 for line in lines if column[id(line)] == left)
        rights[left] = ends[int(0.9 * (len(ends) - 1))] if ends else left
    return {id(line): (column[id(line)], rights[column[id(line)]]) for line in lines}


def _continues(previous: PdfLine, line: PdfLine, previous_edges: tuple[float, float], edges: tuple[float, float], size: float) -> bool:
    """Whether ``line`` goes on with the paragraph ``previous`` ended: not indented in its
    column, in the same font, close below it (or at the top of the next page or column), and
    ``previous`` either reached its column's right edge or did not end a sentence."""
    indented = line.x0 > edges[0] + 1.5 * size
    same_flow = (line.page != previous.page or line.y1 > previous.y0  # a new page, or up into the next column
                 or previous.y0 - line.y1 < 1.2 * size)
    full = previous.x1 >= previous_edges[1] - 2 * size
    ended = previous.text.endswith(tuple(ENDS))
    return not indented and same_flow and abs(line.size - previous.size) < 0.15 * size and (full or not ended)


def _joined(text: str, more: str) -> str:
    """Chinese joins without a space, and so does a Latin word broken in Chinese prose; in
    Latin prose words join with one (a hyphen at the end: a split word)."""
    if text.endswith("-") and more[:1].isalpha() and text[-2:-1].isalpha():
        return text[:-1] + more
    if han_count(text[-1:]) or han_count(more[:1]) or text[-1:] in "，。、；：“”（）" or han_count(text) * 2 >= len(text):
        return text + more  # in Chinese prose a line may break anywhere, even inside GPT-4
    return f"{text} {more}"
