"""TMX 1.4 export: the edition's sentence pairs for a CAT tool's translation memory."""

from __future__ import annotations

from pathlib import Path

from pipeline import __version__
from pipeline.document import Document
from pipeline.write.atomic import write_text_atomically
from pipeline.write.xmltext import xml_safe


def document_to_tmx(document: Document) -> str:
    """TMX 1.4: one ``tu`` per sentence (``zh-CN`` → ``en-US``), as OmegaT and Trados import."""
    import xml.etree.ElementTree as ET

    tmx = ET.Element("tmx", {"version": "1.4"})
    header = ET.SubElement(tmx, "header", {
        "creationtool": "bilingual-edition", "creationtoolversion": __version__, "segtype": "sentence",
        "o-tmf": "bilingual-edition", "adminlang": "en-US", "srclang": "zh-CN", "datatype": "plaintext",
    })
    if document.engine:
        ET.SubElement(header, "prop", {"type": "x-engine"}).text = xml_safe(document.engine.label)
    body = ET.SubElement(tmx, "body")
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    for s in document.sentences:
        if not s.en.strip():
            continue
        tu = ET.SubElement(body, "tu", {"tuid": s.id})
        ET.SubElement(tu, "prop", {"type": "x-origin"}).text = s.origin
        for lang, text in (("zh-CN", s.zh), ("en-US", s.en)):
            ET.SubElement(ET.SubElement(tu, "tuv", {xml_lang: lang}), "seg").text = xml_safe(text)
    ET.indent(tmx)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(tmx, encoding="unicode") + "\n"


def write_tmx(document: Document, path: Path) -> Path:
    return write_text_atomically(path, document_to_tmx(document))
