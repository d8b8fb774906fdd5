"""EPUB in: a Chinese ebook's spine in reading order, each chapter's heading and text, the
table of contents and images left out and counted, as a book's publisher packs it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.read.formats import read_document
from tests.conftest import invoke
from tests.test_article_finding import PARAGRAPHS

CHAPTERS = [("第一章 数据", PARAGRAPHS[:2]), ("", PARAGRAPHS[2:3]), ("第三章 展望", PARAGRAPHS[3:])]


def book(path: Path, chapters=CHAPTERS, *, ncx: bool = False) -> Path:
    """An EPUB 3 (or 2, with an NCX) of the chapters; the second chapter has no heading of its
    own (its title is only in the table of contents) and a figure."""
    xhtml = '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>c</title></head><body>{}</body></html>'
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        zf.writestr("META-INF/container.xml", '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
                    '<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>')
        items, refs, links = [], [], []
        for i, (heading, paragraphs) in enumerate(chapters, start=1):
            body = (f"<h1>{heading}</h1>" if heading else "") + "".join(f"<p>{p}</p>" for p in paragraphs)
            if i == 2:
                body += '<figure><img src="img/a.png" alt="图"/><figcaption>图为统计局发布会现场</figcaption></figure>'
            zf.writestr(f"OEBPS/text/ch{i}.xhtml", xhtml.format(body))
            items.append(f'<item id="ch{i}" href="text/ch{i}.xhtml" media-type="application/xhtml+xml"/>')
            refs.append(f'<itemref idref="ch{i}"/>')
            links.append((f"text/ch{i}.xhtml", heading or "第二章 结构"))
        nav = "".join(f'<li><a href="{href}">{title}</a></li>' for href, title in links)
        zf.writestr("OEBPS/nav.xhtml", xhtml.format(f'<nav epub:type="toc"><h1>目录</h1><ol>{nav}</ol></nav>'))
        items.append('<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>')
        refs.insert(0, '<itemref idref="nav"/>')
        zf.writestr("OEBPS/content.opf", '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">'
                    '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">urn:x</dc:identifier>'
                    '<dc:title>前三季度经济运行总体平稳</dc:title><dc:language>zh</dc:language></metadata>'
                    f'<manifest>{"".join(items)}</manifest><spine>{"".join(refs)}</spine></package>')
    return path


def test_a_book_is_read_chapter_by_chapter_in_spine_order(tmp_path: Path):
    document = read_document(book(tmp_path / "b.epub"))
    assert document.source.format == "epub"
    assert list(document.lines) == ["前三季度经济运行总体平稳", "第一章 数据", *PARAGRAPHS[:2], "第二章 结构", PARAGRAPHS[2],
                                    "图为统计局发布会现场", "第三章 展望", *PARAGRAPHS[3:]]
    assert document.origins[0] == "headline" and document.origins[1] == "chapter" and document.origins[4] == "chapter"
    assert document.origins[6] == "caption"  # listed as left out by the normalizer
    assert dict(document.source.removed) == {"images": 1, "table of contents": 1}


def run_book(folder: Path, monkeypatch, edition: str) -> dict:
    """`bilingual run` on the test book in ``folder``: the edition named, and the JSON."""
    import json

    monkeypatch.chdir(folder)
    book(folder / "b.epub")
    result = invoke("run", "b.epub", "-o", edition, "--json", "b.json", "--no-cache", "-q")
    assert result.exit_code == 0, result.output
    return json.loads(Path("b.json").read_text(encoding="utf-8"))


def test_run_makes_a_bilingual_edition_of_a_book_with_every_paragraph(with_model: Path, tmp_path: Path, monkeypatch):
    segments = run_book(tmp_path, monkeypatch, "b.docx")["segments"]
    text = "".join(s["zh"] for s in segments)
    assert all(p in text for p in PARAGRAPHS) and "第三章展望" in text  # the normalizer closes a space between Chinese words


def test_a_damaged_book_is_one_line(tmp_path: Path):
    path = tmp_path / "bad.epub"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/epub+zip")
        zf.writestr("META-INF/container.xml", "<container/>")
    with pytest.raises(InputError, match="is a damaged EPUB"):
        read_document(path)


def test_a_book_becomes_a_bilingual_book_chapter_for_chapter(with_model: Path, tmp_path: Path, monkeypatch):
    """Chapters in, chapters out: one XHTML per chapter, the table of contents with both
    titles, each paragraph followed by its translation marked for reading systems' toggles,
    accessibility metadata, an identifier from the source book; epubcheck finds nothing."""
    import re
    import subprocess

    from tests.test_reading_editions import EPUBCHECK

    monkeypatch.chdir(tmp_path)
    book(tmp_path / "b.epub")
    result = invoke("run", "b.epub", "-o", "out.epub", "--no-cache", "-q")
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile("out.epub") as zf:
        chapters = sorted(n for n in zf.namelist() if re.fullmatch(r"OEBPS/article-0001-\d{3}\.xhtml", n))
        assert len(chapters) == 3
        nav = zf.read("OEBPS/nav.xhtml").decode()
        assert [re.sub("<[^>]+>", "", t) for t in re.findall(r'<span lang="zh-CN" xml:lang="zh-CN">(.*?)</span>', nav)] == \
            ["第一章数据", "第二章结构", "第三章展望"]
        assert nav.count('<span lang="en" xml:lang="en">') == 3
        text = "".join(zf.read(n).decode() for n in chapters)
        originals = re.findall(r'<p class="zh cp-original" lang="zh-CN" xml:lang="zh-CN">(.*?)</p>', text)
        assert originals == PARAGRAPHS  # every paragraph, in order, once
        assert text.count('class="en cp-translation" lang="en" xml:lang="en"') == len(PARAGRAPHS)
        opf = zf.read("OEBPS/content.opf").decode()
        for needed in ("schema:accessMode", "schema:accessModeSufficient", "schema:accessibilityFeature", "schema:accessibilitySummary",
                       "<dc:language>zh-CN</dc:language>", "<dc:language>en</dc:language>"):
            assert needed in opf
        identifier = re.search(r'<dc:identifier id="bookid">(.*?)</dc:identifier>', opf).group(1)
    again = invoke("run", "b.epub", "-o", "again.epub", "--no-cache", "-q", "--model", "translate-zh_en-synthetic")
    assert again.exit_code == 0
    assert identifier in zipfile.ZipFile("again.epub").read("OEBPS/content.opf").decode()  # derived from the source book
    if EPUBCHECK.exists():
        done = subprocess.run(["java", "-jar", str(EPUBCHECK), "out.epub"], capture_output=True, text=True, timeout=300)
        assert done.returncode == 0 and "No errors or warnings detected" in done.stdout, done.stdout + done.stderr


def test_the_translation_alone_comes_as_a_second_book_from_the_same_translation(with_model: Path, tmp_path: Path, monkeypatch):
    import json
    import re

    monkeypatch.chdir(tmp_path)
    book(tmp_path / "b.epub")
    result = invoke("run", "b.epub", "--format", "epub,epub-en", "--json", "b.json", "--cache", "tm.sqlite", "-q")
    assert result.exit_code == 0, result.output
    both, alone = Path("output/b.epub"), Path("output/b.en.epub")
    assert both.is_file() and alone.is_file()
    with zipfile.ZipFile(alone) as zf:
        text = "".join(zf.read(n).decode() for n in zf.namelist() if n.endswith(".xhtml") and "nav" not in n)
    assert "cp-original" not in text and text.count('class="en cp-translation"') == len(PARAGRAPHS)
    english = [s["en"] for s in json.loads(Path("b.json").read_text(encoding="utf-8"))["segments"]]
    assert all(re.sub(r"<[^>]+>", "", e) in text or not e for e in english[1:] if e)  # the same translation, not a second one


def test_the_page_and_the_json_show_the_books_chapters(with_model: Path, tmp_path: Path, monkeypatch):
    chapters = run_book(tmp_path, monkeypatch, "b.html")["chapters"]
    assert [c["zh"] for c in chapters] == ["第一章数据", "第二章结构", "第三章展望"]
    assert [len(c["segments"]) for c in chapters] == [2, 1, 1] and all(c["en"] for c in chapters)
    page = Path("b.html").read_text(encoding="utf-8")
    assert page.count('<h2 class="zh" lang="zh-CN">') == 3 and page.count('<h2 class="en" lang="en">') == 3


def test_the_docx_of_a_book_has_its_chapter_headings_as_headings(with_model: Path, tmp_path: Path, monkeypatch):
    import docx

    monkeypatch.chdir(tmp_path)
    book(tmp_path / "b.epub")
    assert invoke("run", "b.epub", "-o", "b.docx", "--no-cache", "-q").exit_code == 0
    headings = [p.text for t in docx.Document("b.docx").tables for r in t.rows for c in r.cells for p in c.paragraphs
                if p.style.name == "Heading 2"]
    assert [h for h in headings if any(ch > "\u4e00" for ch in h)] == ["第一章数据", "第二章结构", "第三章展望"] and len(headings) == 6
