"""Every raw-OXML element the DOCX writer needs and python-docx has no API for, in one
place (the review reader reads some of them back through ``bookmark_names`` and
``visible_text``).

python-docx's ``Font.name`` never sets the East Asian font, its template declares the East
Asian language ``ja-JP`` (Chinese then falls back to a Japanese face), and repeated header
rows, ``cantSplit`` and per-cell widths need elements it does not model.
"""

from __future__ import annotations


from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from pipeline.write.xmltext import xml_safe  # noqa: F401  (the writer's helpers use it as ooxml.xml_safe)


def _child(parent, tag: str):
    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        parent.append(element)
    return element


def set_run_fonts(rpr, *, latin: str, east_asia: str, lang: str = "en-US", east_asia_lang: str = "zh-CN") -> None:
    """Set ``w:rFonts`` (ascii, hAnsi, eastAsia) and ``w:lang`` on an ``rPr`` element."""
    fonts = _child(rpr, "w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if fonts.get(qn(attr)) is not None:
            del fonts.attrib[qn(attr)]
    language = _child(rpr, "w:lang")
    language.set(qn("w:val"), lang)
    language.set(qn("w:eastAsia"), east_asia_lang)


def set_document_defaults(document, *, latin: str, east_asia: str) -> None:
    """Fonts and languages in ``w:docDefaults`` so every style inherits them."""
    styles = document.styles.element
    defaults = _child(styles, "w:docDefaults")
    rpr_default = _child(defaults, "w:rPrDefault")
    rpr = _child(rpr_default, "w:rPr")
    set_run_fonts(rpr, latin=latin, east_asia=east_asia)


def set_style_fonts(style, *, latin: str, east_asia: str, lang: str = "en-US") -> None:
    rpr = style.element.get_or_add_rPr()
    set_run_fonts(rpr, latin=latin, east_asia=east_asia, lang=lang)


def repeat_as_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    _child(trpr, "w:tblHeader").set(qn("w:val"), "true")


def cant_split(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    _child(trpr, "w:cantSplit").set(qn("w:val"), "true")


def _shade(properties, fill: str) -> None:
    shading = _child(properties, "w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)


def shade_cell(cell, fill: str) -> None:
    _shade(cell._tc.get_or_add_tcPr(), fill)


def shade_run(run, fill: str) -> None:
    _shade(run._r.get_or_add_rPr(), fill)


def set_table_borders(table, color: str = "BFBFBF", size: int = 4) -> None:
    tblpr = table._tbl.tblPr
    borders = _child(tblpr, "w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = _child(borders, f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), str(size))
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), color)


def fixed_layout(table) -> None:
    tblpr = table._tbl.tblPr
    _child(tblpr, "w:tblLayout").set(qn("w:type"), "fixed")


def set_theme_font_language(document, east_asia_lang: str = "zh-CN") -> None:
    """The template's settings declare ``w:themeFontLang eastAsia="ja-JP"``."""
    settings = document.settings.element
    element = _child(settings, "w:themeFontLang")
    element.set(qn("w:val"), "en-US")
    element.set(qn("w:eastAsia"), east_asia_lang)


def drop_template_thumbnail(document) -> None:
    """python-docx's template ships a thumbnail of an unrelated document."""
    rels = document.part.package.rels
    for rel_id, rel in list(rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            rels.pop(rel_id)


def add_bookmark(paragraph, name: str, bookmark_id: int) -> None:
    """An empty bookmark at the start of a paragraph: an id that survives editing."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(bookmark_id))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(bookmark_id))
    paragraph._p.insert(0, end)
    paragraph._p.insert(0, start)


def add_page_field(paragraph, instruction: str = "PAGE") -> None:
    """A field (PAGE, NUMPAGES) that Word and LibreOffice fill in when rendering."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == instruction:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {instruction} "
            run._r.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = text
            run._r.append(t)


def bookmark_names(element) -> list[str]:
    return [b.get(qn("w:name")) for b in element.iter(qn("w:bookmarkStart"))]


MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def visible_text(element) -> str:
    """Text as a reader sees it with tracked changes accepted: insertions (``w:ins``) in,
    deletions (``w:delText``) out, a move at its new place only; a text box once (not also its
    VML fallback). python-docx's ``Paragraph.text`` skips ``w:ins``."""
    parts = []
    ruby_text = {t for rt in element.iter(qn("w:rt")) for t in rt.iter(qn("w:t"))}  # pinyin above a word is not the text
    # a text box's VML copy (mc:Fallback) and a tracked move's old place (w:moveFrom) are not text twice
    unseen = {t for tag in (MC_FALLBACK, qn("w:moveFrom")) for hidden in element.iter(tag) for t in hidden.iter(qn("w:t"))}
    for node in element.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
        if node in ruby_text or node in unseen:
            continue
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        else:
            parts.append(" ")
    return "".join(parts)


def add_ruby(paragraph, base: str, reading: str, size_pt: float = 10.5, colour: str = "") -> None:
    """A word with its reading above it (``w:ruby``: Word and LibreOffice render it), both in
    ``colour`` (hex) if given. One run each: LibreOffice drops a ``w:rt`` of several runs."""
    run = OxmlElement("w:r")
    ruby = OxmlElement("w:ruby")
    properties = OxmlElement("w:rubyPr")
    for tag, value in (("w:rubyAlign", "center"), ("w:hps", str(int(size_pt * 1.3))), ("w:hpsRaise", str(int(size_pt * 2))),
                       ("w:hpsBaseText", str(int(size_pt * 2))), ("w:lid", "zh-CN")):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        properties.append(element)
    ruby.append(properties)
    # a no-break space each side of the reading: LibreOffice sets neighbouring readings edge to edge
    for container_tag, text, half_points in (("w:rt", f"\u00a0{reading}\u00a0", int(size_pt * 1.3)), ("w:rubyBase", base, int(size_pt * 2))):
        container = OxmlElement(container_tag)
        inner = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        if colour:
            color = OxmlElement("w:color")
            color.set(qn("w:val"), colour)
            rpr.append(color)
        size = OxmlElement("w:sz")
        size.set(qn("w:val"), str(half_points))
        rpr.append(size)
        inner.append(rpr)
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = text
        inner.append(t)
        container.append(inner)
        ruby.append(container)
    run.append(ruby)
    paragraph._p.append(run)


def set_cell_margins(table, top: int = 70, bottom: int = 70, left: int = 100, right: int = 100) -> None:
    """Cell padding in twentieths of a point (``w:tblCellMar``): text off the rules."""
    margins = _child(table._tbl.tblPr, "w:tblCellMar")
    for side, value in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        element = _child(margins, f"w:{side}")
        element.set(qn("w:w"), str(value))
        element.set(qn("w:type"), "dxa")


class sequential_comment_ids:
    """python-docx finds each new comment id by scanning every existing comment, which
    makes thousands of comments (a long article's QA flags) quadratic. While a document is
    being built from scratch, ids are simply 0, 1, 2, …: the number of comments so far."""

    def __enter__(self):
        import itertools

        from docx.oxml.comments import CT_Comments

        counter = itertools.count()
        self._original = CT_Comments._next_available_comment_id
        CT_Comments._next_available_comment_id = lambda comments: next(counter)
        return self

    def __exit__(self, *exc) -> None:
        from docx.oxml.comments import CT_Comments

        CT_Comments._next_available_comment_id = self._original


def append_row(table, widths) -> tuple:
    """A new last row and its cells. python-docx's ``Table.add_row`` looks the grid up among
    all rows each time, which makes a 50 000-row edition quadratic."""
    from docx.table import _Cell, _Row

    tr = OxmlElement("w:tr")
    table._tbl.append(tr)
    cells = []
    for width in widths:
        tc = tr.add_tc()
        tc.width = width
        cells.append(_Cell(tc, table))
    return _Row(tr, table), cells
