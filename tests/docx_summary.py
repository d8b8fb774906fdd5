"""A structural summary of an edition DOCX, for golden tests: what a layout change would
alter (page, table geometry, row properties, shading, which runs are bold or marked, the
bookmarks, the appendix, header and footer), without the English words, which belong to
the model (the synthetic one here), not to the layout."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _attrs(element: ET.Element | None, *names: str) -> list[str | None]:
    return [None if element is None else element.get(W + n) for n in names]


def _runs(paragraph: ET.Element) -> list[str]:
    """Each run as ``b`` (bold), ``m`` (marked: shaded), ``-`` (plain), with its size."""
    out = []
    for run in paragraph.iter(W + "r"):
        rpr = run.find(W + "rPr")
        flags = ""
        if rpr is not None and rpr.find(W + "b") is not None:
            flags += "b"
        if rpr is not None and rpr.find(W + "shd") is not None:
            flags += "m"
        size = rpr.find(W + "sz") if rpr is not None else None
        out.append((flags or "-") + (f"@{size.get(W + 'val')}" if size is not None else ""))
    return out


def _bookmarks(element: ET.Element) -> list[str]:
    """Bookmark names with their hashes of English text (the model's words) masked."""
    return [re.sub(r"_[0-9a-f]{8}", "_<hash>", b.get(W + "name")) for b in element.iter(W + "bookmarkStart")]


def _text(element: ET.Element) -> str:
    return "".join(t.text or "" for t in element.iter(W + "t"))


def _cell(tc: ET.Element, english: bool) -> dict:
    tcpr = tc.find(W + "tcPr")
    shading = tcpr.find(W + "shd") if tcpr is not None else None
    summary: dict = {"width": _attrs(tcpr.find(W + "tcW") if tcpr is not None else None, "w")[0],
                     "fill": _attrs(shading, "fill")[0], "runs": [r for p in tc.iter(W + "p") for r in _runs(p)]}
    if english:
        summary["bookmarks"] = _bookmarks(tc)
    else:
        summary["text"] = _text(tc)
    return summary


def docx_summary(path: Path) -> dict:
    with zipfile.ZipFile(path) as docx:
        body = ET.fromstring(docx.read("word/document.xml")).find(W + "body")
        parts = {name: ET.fromstring(docx.read(name)) for name in docx.namelist() if re.match(r"word/(header|footer)\d*\.xml", name)}
        comments = docx.read("word/comments.xml") if "word/comments.xml" in docx.namelist() else b""
    section = body.find(W + "sectPr")
    blocks = []
    for block in body:
        if block.tag == W + "p":
            blocks.append({"paragraph": _runs(block), "chars": len(_text(block)), "bookmarks": _bookmarks(block)})
        elif block.tag == W + "tbl":
            rows = block.findall(W + "tr")
            header = [_text(tc) for tc in rows[0].findall(W + "tc")]
            english = next((i for i, h in enumerate(header) if "English" in h), None)
            blocks.append({
                "table": header,
                "grid": [g.get(W + "w") for g in block.iter(W + "gridCol")],
                "layout": _attrs(block.find(f"{W}tblPr/{W}tblLayout"), "type")[0],
                "rows": [
                    {"props": sorted(e.tag.replace(W, "") for e in (row.find(W + "trPr") or [])),
                     "cells": [_cell(tc, i == english) for i, tc in enumerate(row.findall(W + "tc"))]}
                    for row in rows
                ],
            })
    return {
        "page": _attrs(section.find(W + "pgSz"), "w", "h", "orient") + _attrs(section.find(W + "pgMar"), "top", "left"),
        "blocks": blocks,
        "header_footer": sorted(_text(part) for part in parts.values()),
        "fields": sorted(" ".join((t.text or "").split()) for part in parts.values() for t in part.iter(W + "instrText")),
        "comments": comments.count(b"<w:comment "),
    }
