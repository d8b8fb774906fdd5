"""PDFs of our articles as a publisher lays them out, written with reportlab (BSD) and its
built-in Adobe CJK font (a real text layer, CID-keyed, as print PDFs have): paragraphs
wrapped at the column's width with an indented first line, a running head and a page number
on every page, a headline in a larger font; optionally two columns; or no text at all (a scan)."""

from __future__ import annotations

from pathlib import Path

FONT = "STSong-Light"


def wrap(text: str, width: int) -> list[str]:
    return [text[i:i + width] for i in range(0, len(text), width)]


def article_pdf(path: Path, title: str, paragraphs: list[str], *, head: str = "经济日报 · 2024年3月5日", columns: int = 1,
                scan: bool = False) -> Path:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    page_w, page_h = 595, 842
    c = canvas.Canvas(str(path), pagesize=(page_w, page_h))
    if scan:  # an image-only page: rectangles, no text
        for i in range(20):
            c.rect(72, 700 - 30 * i, 400, 12, fill=1)
        c.showPage()
        c.save()
        return path
    size, leading = 11, 16
    column_w = (page_w - 144 - 20 * (columns - 1)) / columns
    chars = int(column_w // size)
    page = 1
    column = 0
    y = page_h - 120

    def decorate() -> None:
        c.setFont(FONT, 9)
        c.drawString(72, page_h - 50, head)
        c.drawString(page_w / 2, 40, str(page))

    decorate()
    c.setFont(FONT, 18)
    c.drawString(72, y, title)
    y -= 40
    top = y
    for paragraph in paragraphs:
        lines = wrap("\u3000\u3000" + paragraph, chars)
        for line in lines:
            if y < 90:
                column += 1
                if column == columns:
                    c.showPage()
                    page += 1
                    decorate()
                    column, top = 0, page_h - 100
                y = top
            c.setFont(FONT, size)
            x = 72 + column * (column_w + 20)
            c.drawString(x + (2 * size if line.startswith("\u3000\u3000") else 0), y, line.lstrip("\u3000"))
            y -= leading
        y -= 6
    c.showPage()
    c.save()
    return path
