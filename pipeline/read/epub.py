"""A Chinese ebook (EPUB 2 or 3) as the article: the book's title, then its spine in reading
order, each chapter's text read as a page's blocks are (paragraphs, headings, block quotes,
list items, table rows; a figure's caption marked so the normalizer lists it as left out),
each chapter's first heading — or, without one, its title in the table of contents — as the
chapter's heading. A footnote stays with the paragraph that cites it: the reference keeps its
mark (``[1]``), and the note, wherever the book keeps it (an ``<aside epub:type="footnote">``,
a list at the chapter's end, a notes file), follows that paragraph as ``[1] …``, so a reader
of the bilingual edition sees both notes where they are cited, not a list of orphans at the
end. A vertical right-to-left book needs nothing of its own: its spine and its document order
are its reading order (``page-progression-direction`` and ``writing-mode`` say how pages turn
and lines stand). The table of contents itself (the ``nav`` document) and images are left
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
from pipeline.read.blocks import HEADINGS

MAX_INFLATED = 512 * 1024 * 1024  # a book's text; beyond this the zip is a bomb, not a book
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
CONTAINER_NS = "{urn:oasis:names:tc:opendocument:xmlns:container}"


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
            hrefs = [href for href, _, is_nav in chapters if not is_nav]
            notes = _notes(zf, hrefs)
            lines, origins, removed = [title] if title else [], ["headline"] if title else [], {"images": 0, "table of contents": 0}
            for href, toc_title, is_nav in chapters:
                if is_nav:
                    removed["table of contents"] += 1
                    continue
                heading, blocks, images = _chapter(_parse(zf.read(href)), href, notes)
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
    rootfile = _xml(zf.read("META-INF/container.xml")).find(f".//{CONTAINER_NS}rootfile")
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


def _parse(data: bytes):
    """A chapter's XHTML as lxml's HTML tree (forgiving, as reading systems are)."""
    import lxml.html

    from pipeline.read.page import decode_page

    text, _ = decode_page(data, Path("chapter.xhtml"))  # UTF-8 unless its <?xml encoding=…?> says otherwise
    text = re.sub(r"^\ufeff?\s*<\?xml[^>]*\?>", "", text)  # lxml refuses text that declares an encoding
    return lxml.html.document_fromstring(text or "<html></html>", parser=lxml.html.HTMLParser(huge_tree=True))


def _chapter(root, href: str, notes: dict[tuple[str, str], str]) -> tuple[str, list[tuple[str, str]], int]:
    """A chapter's first heading, its other blocks (text, kind; each cited note right after
    the block that cites it) and how many images it has."""
    from pipeline.read.blocks import text_blocks

    for element in [e for e in root.iter() if isinstance(e.tag, str) and (href, e.get("id")) in notes]:
        _remove(_note_element(element))  # it is read where it is cited
    cited = _mark_references(root, href, notes)
    images = len(root.findall(".//img")) + len(root.findall(".//{http://www.w3.org/2000/svg}image"))
    body = root.find("body")
    found = text_blocks(body if body is not None else root)
    last = {id(b.container): i for i, b in enumerate(found) if b.text.strip()}
    after: dict[int, list[str]] = {}
    for reference, note in cited:
        holder = next((id(e) for e in reference.iterancestors() if id(e) in last), None)
        after.setdefault(last.get(holder, len(found) - 1), []).append(note)
    blocks = []
    for i, block in enumerate(found):
        if block.text.strip():
            blocks.append((block.text, block.kind))
        blocks += [(note, "footnote") for note in after.get(i, [])]
    blocks += [(note, "footnote") for note in after.get(-1, [])]  # a chapter of nothing but a citation
    heading = ""
    if blocks and blocks[0][1] == "heading":
        heading, blocks = blocks[0][0], blocks[1:]
    return heading, blocks, images


# --- footnotes -------------------------------------------------------------------------

NOTE_CLASS = re.compile(r"note|footnote|endnote|duokan-footnote|zhu", re.I)
MARK = re.compile(r"^(?:\[[^\]]{1,6}\]|〔[^〕]{1,6}〕|［[^］]{1,6}］|\([0-9]{1,4}\)|（[0-9]{1,4}）|[①-⑳㉑-㉟㊱-㊿]|注\s*[0-9]{1,4}|[*†‡]{1,3})$")
MAX_NOTE = 3000  # characters; a link to anything longer points at a section, not a note
BACK = frozenset("↩ ↑ ^ 返回 back ↩︎".split())


def _references(root, href: str):
    """The note references of a chapter: (the ``<a>``, the note's key (file, id)). A reference
    is a link to a fragment that says it is one (``epub:type``/``role`` noteref, a note class,
    a ``<sup>``, or a mark of its own like ``[1]``, ``①``, ``注1``)."""
    folder = posixpath.dirname(href)
    for a in root.iter("a"):
        target = a.get("href") or ""
        if "#" not in target or target.startswith(("http:", "https:", "mailto:")):
            continue
        file, fragment = target.split("#", 1)
        kind = f"{a.get('epub:type') or ''} {a.get('role') or ''}"
        text = " ".join(a.text_content().split())
        said = "noteref" in kind or NOTE_CLASS.search(a.get("class") or "")
        in_sup = a.find(".//sup") is not None or any(e.tag == "sup" for e in a.iterancestors())
        if said or in_sup or MARK.match(text) or (text.isdigit() and len(text) <= 3):
            yield a, (posixpath.normpath(posixpath.join(folder, unquote(file))) if file else href, unquote(fragment))


def _notes(zf: zipfile.ZipFile, hrefs: list[str]) -> dict[tuple[str, str], str]:
    """The text of every cited note of the book, by its key, read before any chapter so that
    a note kept in a later file (a notes chapter) can follow the paragraph that cites it."""
    from pipeline.read.blocks import text_blocks

    wanted: dict[str, set[str]] = {}
    seen: dict[tuple[str, str], tuple[int, int]] = {}  # where each id stands in the book
    forward: list[tuple[tuple[int, int], tuple[str, str]]] = []
    for number, href in enumerate(hrefs):
        root = _parse(zf.read(href))
        elements = list(root.iter())  # held, so that each element keeps its id() while counted
        order = {id(e): i for i, e in enumerate(elements)}
        seen.update({(href, e.get("id")): (number, i) for i, e in enumerate(elements) if e.get("id") is not None})
        forward += [((number, order[id(a)]), key) for a, key in _references(root, href)]
    for place, (file, fragment) in forward:
        if seen.get((file, fragment), place) > place:  # a note comes after its citation; a link back to it is not one
            wanted.setdefault(file, set()).add(fragment)
    notes: dict[tuple[str, str], str] = {}
    for file in [h for h in hrefs if h in wanted]:
        root = _parse(zf.read(file))
        for element in [e for e in root.iter() if isinstance(e.tag, str) and e.get("id") in wanted[file]]:
            note = _note_element(element)
            for a in list(note.iter("a")):
                if "backlink" in f"{a.get('epub:type')} {a.get('role')}" or (a.get("href") or "").startswith("#") or a.text_content().strip() in BACK:
                    _remove(a)
            text = " ".join(b.text for b in text_blocks(note) if b.text.strip())
            if text and len(text) <= MAX_NOTE and not any(e.tag in HEADINGS for e in note.iter()):  # a note, not a section
                notes[(file, element.get("id"))] = text
    return notes


def _note_element(element):
    """The element that holds a note: the cited one, or — when the id sits on an inline
    element such as the note's own back-link — the nearest block around it."""
    from pipeline.read.blocks import BLOCK

    while element.tag not in BLOCK and element.getparent() is not None and element.getparent().tag != "body":
        element = element.getparent()
    return element


def _mark_references(root, href: str, notes: dict[tuple[str, str], str]) -> list[tuple[object, str]]:
    """Each reference to a known note keeps (or gets) a mark in its paragraph's text; the
    notes it cites, each starting with the same mark, in order."""
    cited = []
    for number, (a, key) in enumerate([r for r in _references(root, href) if r[1] in notes], start=1):
        text = " ".join(a.text_content().split())
        mark = text if MARK.match(text) else f"[{text if text.isdigit() else number}]"
        for child in list(a):
            a.remove(child)
        a.text = mark
        note = notes[key]
        cited.append((a, f"{mark} {note.removeprefix(mark).lstrip()}"))
    return cited


def _remove(element) -> None:
    """Take an element out of its tree, keeping the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)
