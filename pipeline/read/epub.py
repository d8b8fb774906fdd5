"""A Chinese ebook (EPUB 2 or 3) as the article: the book's title, then its spine in reading
order, each chapter's text read as a page's blocks are (paragraphs, headings, block quotes,
list items, table rows; a figure's caption marked so the normalizer lists it as left out),
each chapter's first heading — or, without one, its title in the table of contents — as the
chapter's heading. The table of contents itself (the ``nav`` document) and images are left
out and counted. Sizes are checked from the zip's directory before anything is inflated, and
the package's XML is parsed without entities or network.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from io import BytesIO
from pathlib import Path
from urllib.parse import unquote

from pipeline.errors import InputError

MAX_INFLATED = 512 * 1024 * 1024  # a book's text; beyond this the zip is a bomb, not a book
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"


def is_epub(zf: zipfile.ZipFile) -> bool:
    names = set(zf.namelist())
    return "META-INF/container.xml" in names and ("mimetype" not in names or zf.read("mimetype").strip() == b"application/epub+zip")


def read_epub(data: bytes, path: Path) -> tuple[list[str], list[str], tuple[tuple[str, int], ...]]:
    """The book's lines (title, then each chapter's heading and text), where each came
    from (``headline``, ``chapter`` for a chapter's heading, and the page reader's kinds),
    and what was left out."""
    try:
        zf = zipfile.ZipFile(BytesIO(data))
    except zipfile.BadZipFile:
        raise InputError("is not an EPUB (not even a ZIP archive)", path=path) from None
    with zf:
        if sum(info.file_size for info in zf.infolist()) > MAX_INFLATED:
            raise InputError("would inflate to more than 512 MB; an EPUB that large is refused", path=path)
        try:
            title, chapters = _spine(zf)
            lines, origins, removed = [title] if title else [], ["headline"] if title else [], {"images": 0, "table of contents": 0}
            for href, toc_title, is_nav in chapters:
                if is_nav:
                    removed["table of contents"] += 1
                    continue
                heading, blocks, images = _chapter(zf.read(href))
                removed["images"] += images
                if heading or toc_title:
                    lines.append(heading or toc_title)
                    origins.append("chapter")
                lines += [text for text, _ in blocks]
                origins += [kind for _, kind in blocks]
        except (KeyError, ValueError, zipfile.BadZipFile) as err:
            raise InputError(f"is a damaged EPUB ({err})", path=path, hint="open it in an ebook editor (Sigil, Calibre) and save it again") from None
    return lines, origins, tuple(sorted((k, n) for k, n in removed.items() if n))


def _xml(data: bytes):
    from lxml import etree

    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, recover=True))


def _spine(zf: zipfile.ZipFile) -> tuple[str, list[tuple[str, str, bool]]]:
    """The book's title and its spine: (chapter path, its title in the table of contents,
    whether it is the navigation document), in reading order."""
    rootfile = _xml(zf.read("META-INF/container.xml")).find(f".//{CONTAINER}rootfile")
    if rootfile is None:
        raise ValueError("no rootfile in META-INF/container.xml")
    opf_path = rootfile.get("full-path", "")
    opf = _xml(zf.read(opf_path))
    base = posixpath.dirname(opf_path)
    manifest = {item.get("id"): item for item in opf.iter(f"{OPF}item")}
    title = " ".join((opf.findtext(f".//{DC}title") or "").split())
    toc = _toc_titles(zf, manifest, base)
    spine = []
    for ref in opf.iter(f"{OPF}itemref"):
        item = manifest.get(ref.get("idref"))
        if item is None or "html" not in (item.get("media-type") or ""):
            continue
        href = posixpath.normpath(posixpath.join(base, unquote(item.get("href", ""))))
        spine.append((href, toc.get(href, ""), "nav" in (item.get("properties") or "").split()))
    if not spine:
        raise ValueError("its spine lists no chapter")
    return title, spine


def _toc_titles(zf: zipfile.ZipFile, manifest: dict, base: str) -> dict[str, str]:
    """Chapter titles from the EPUB 3 navigation document or the EPUB 2 NCX, by chapter path."""
    titles: dict[str, str] = {}
    for item in manifest.values():
        properties, media = (item.get("properties") or "").split(), item.get("media-type") or ""
        if "nav" not in properties and media != "application/x-dtbncx+xml":
            continue
        href = posixpath.normpath(posixpath.join(base, unquote(item.get("href", ""))))
        folder, root = posixpath.dirname(href), _xml(zf.read(href))
        links = [(a.get("href"), "".join(a.itertext())) for a in root.iter("{http://www.w3.org/1999/xhtml}a")]
        links += [(c.get("src"), " ".join(p.findtext(".//{http://www.daisy.org/z3986/2005/ncx/}text") or "" for p in [c.getparent()]))
                  for c in root.iter("{http://www.daisy.org/z3986/2005/ncx/}content")]
        for target, text in links:
            if target:
                chapter = posixpath.normpath(posixpath.join(folder, unquote(target.split("#")[0])))
                titles.setdefault(chapter, " ".join(text.split()))
    return titles


def _chapter(data: bytes) -> tuple[str, list[tuple[str, str]], int]:
    """A chapter's first heading, its other blocks (text, kind) and how many images it has."""
    import lxml.html

    from pipeline.read.blocks import text_blocks

    from pipeline.read.page import decode_page

    text, _ = decode_page(data, Path("chapter.xhtml"))  # UTF-8 unless its <?xml encoding=…?> says otherwise
    text = re.sub(r"^\ufeff?\s*<\?xml[^>]*\?>", "", text)  # lxml refuses text that declares an encoding
    root = lxml.html.document_fromstring(text or "<html></html>", parser=lxml.html.HTMLParser(huge_tree=True))
    images = len(root.findall(".//img")) + len(root.findall(".//{http://www.w3.org/2000/svg}image"))
    body = root.find("body")
    blocks = [(b.text, b.kind) for b in text_blocks(body if body is not None else root) if b.text.strip()]
    heading = ""
    if blocks and blocks[0][1] == "heading":
        heading, blocks = blocks[0][0], blocks[1:]
    return heading, blocks, images
