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


def book(path: Path, chapters=CHAPTERS) -> Path:
    """An EPUB 3 of the chapters; the second chapter has no heading of its own (its title is
    only in the table of contents) and a figure."""
    bodies = []
    for i, (heading, paragraphs) in enumerate(chapters, start=1):
        body = (f"<h1>{heading}</h1>" if heading else "") + "".join(f"<p>{p}</p>" for p in paragraphs)
        if i == 2:
            body += '<figure><img src="img/a.png" alt="图"/><figcaption>图为统计局发布会现场</figcaption></figure>'
        bodies.append((f"text/ch{i}.xhtml", heading or "第二章 结构", body))
    return pack(path, bodies)


def pack(path: Path, chapters: list[tuple[str, str, str]], *, order: list[int] | None = None, spine: str = "", css: str = "") -> Path:
    """An EPUB 3 of (file, title in the table of contents, body) chapters, its spine in
    ``order`` (the manifest's order otherwise) with the spine's attributes ``spine``."""
    style = f"<style>{css}</style>" if css else ""
    xhtml = ('<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>c</title>'
             + style.replace("{", "{{").replace("}", "}}") + "</head><body>{}</body></html>")
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        zf.writestr("META-INF/container.xml", '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
                    '<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>')
        items, refs = [], []
        for i, (href, _, body) in enumerate(chapters, start=1):
            zf.writestr(f"OEBPS/{href}", xhtml.format(body))
            items.append(f'<item id="ch{i}" href="{href}" media-type="application/xhtml+xml"/>')
            refs.append(f'<itemref idref="ch{i}"/>')
        refs = [refs[i] for i in order] if order else refs
        nav = "".join(f'<li><a href="{href}">{title}</a></li>' for href, title, _ in chapters)
        zf.writestr("OEBPS/nav.xhtml", xhtml.format(f'<nav epub:type="toc"><h1>目录</h1><ol>{nav}</ol></nav>'))
        items.append('<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>')
        refs.insert(0, '<itemref idref="nav"/>')
        zf.writestr("OEBPS/content.opf", '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">'
                    '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">urn:x</dc:identifier>'
                    '<dc:title>前三季度经济运行总体平稳</dc:title><dc:language>zh</dc:language></metadata>'
                    f'<manifest>{"".join(items)}</manifest><spine{spine}>{"".join(refs)}</spine></package>')
    return path


def test_a_book_is_read_chapter_by_chapter_in_spine_order(tmp_path: Path):
    document = read_document(book(tmp_path / "b.epub"))
    assert document.source.format == "epub"
    assert list(document.lines) == ["前三季度经济运行总体平稳", "第一章 数据", *PARAGRAPHS[:2], "第二章 结构", PARAGRAPHS[2],
                                    "图为统计局发布会现场", "第三章 展望", *PARAGRAPHS[3:]]
    assert document.origins[0] == "headline" and document.origins[1] == "chapter" and document.origins[4] == "chapter"
    assert document.origins[6] == "caption"  # listed as left out by the normalizer
    assert dict(document.source.removed) == {"images": 1, "table of contents": 1}


NOTE = "国家统计局每季度发布一次初步核算数据。"
SECOND_NOTE = "按可比价格计算。"


@pytest.mark.parametrize("style", ["aside", "chapter end list", "notes file", "image mark"])
def test_a_footnote_follows_the_paragraph_that_cites_it(tmp_path: Path, style: str):
    """However the book keeps its notes — an EPUB 3 ``<aside>``, a list at the chapter's end
    with back-links, a notes file of its own, a Duokan-style image mark — the reference keeps
    a mark in its paragraph and the note, with the same mark, comes right after it."""
    first, second = PARAGRAPHS[0], PARAGRAPHS[1]
    notes_file = ""
    if style == "aside":
        body = (f'<p>{first}<a epub:type="noteref" href="#n1">1</a></p><p>{second}</p>'
                f'<aside epub:type="footnote" id="n1"><p>{NOTE}</p></aside>')
    elif style == "chapter end list":
        body = (f'<p>{first}<sup><a id="r1" href="#f1">[1]</a></sup></p><p>{second}<sup><a id="r2" href="#f2">[2]</a></sup></p>'
                f'<ol class="footnotes"><li id="f1">{NOTE} <a href="#r1">↩</a></li><li id="f2"><a href="#r2">[2]</a>{SECOND_NOTE}</li></ol>')
    elif style == "notes file":
        body = f'<p>{first}<a class="noteref" href="notes.xhtml#n1">①</a></p><p>{second}</p>'
        notes_file = f'<h1>注释</h1><p id="n1"><a href="ch1.xhtml">①</a>{NOTE}</p>'
    else:
        body = (f'<p>{first}<a class="duokan-footnote" href="#df-1"><img src="../img/note.png"/></a></p><p>{second}</p>'
                f'<ol class="duokan-footnote-content"><li class="duokan-footnote-item" id="df-1"><p>{NOTE}</p></li></ol>')
    chapters = [("text/ch1.xhtml", "第一章", f"<h1>第一章 数据</h1>{body}")]
    chapters += [("text/notes.xhtml", "注释", notes_file)] if notes_file else []
    document = read_document(pack(tmp_path / "b.epub", chapters))
    lines, origins = list(document.lines), list(document.origins)
    cited = next(i for i, line in enumerate(lines) if line.startswith(first))
    mark = lines[cited][len(first):]
    assert mark in ("[1]", "①"), lines
    assert lines[cited + 1] == f"{mark} {NOTE}" and origins[cited + 1] == "footnote"
    assert sum(NOTE in line for line in lines) == 1  # once: moved, not copied
    if style == "chapter end list":
        assert lines[cited + 2] == second + "[2]" and lines[cited + 3] == f"[2] {SECOND_NOTE}"
    if style == "image mark":
        assert dict(document.source.removed).get("images", 0) == 0  # the mark was the image


def test_a_link_to_a_section_is_not_taken_for_a_note(tmp_path: Path):
    body = f'<h1>第一章 数据</h1><p>{PARAGRAPHS[0]}见<a href="#s2">2</a></p><section id="s2"><h2>第二节</h2><p>{PARAGRAPHS[1]}</p></section>'
    lines = list(read_document(pack(tmp_path / "b.epub", [("text/ch1.xhtml", "第一章", body)])).lines)
    assert lines[2:] == [PARAGRAPHS[0] + "见2", "第二节", PARAGRAPHS[1]]


def test_a_vertical_right_to_left_book_is_read_in_its_reading_order(tmp_path: Path):
    """The spine is the reading order whatever the manifest's order; vertical setting and
    right-to-left page turning change how a page looks, not the order of its text."""
    chapters = [(f"text/{name}.xhtml", title, f"<h1>{title}</h1><p>{text}</p>")
                for name, title, text in [("a", "第三章", PARAGRAPHS[2]), ("b", "第一章", PARAGRAPHS[0]), ("c", "第二章", PARAGRAPHS[1])]]
    path = pack(tmp_path / "v.epub", chapters, order=[1, 2, 0], spine=' page-progression-direction="rtl"',
                css="html { writing-mode: vertical-rl; -epub-writing-mode: vertical-rl; }")
    assert list(read_document(path).lines)[1:] == ["第一章", PARAGRAPHS[0], "第二章", PARAGRAPHS[1], "第三章", PARAGRAPHS[2]]


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


def test_a_books_notes_and_chapters_reach_every_edition_the_learners_too(with_model: Path, tmp_path: Path, monkeypatch):
    """A cited note is a segment of its own right after its paragraph's (translated like it);
    the learner layout of a book has each chapter's heading and every paragraph with readings."""
    import json

    import docx

    monkeypatch.chdir(tmp_path)
    body = f'<h1>第一章 数据</h1><p>{PARAGRAPHS[0]}<a epub:type="noteref" href="#n1">1</a></p><aside epub:type="footnote" id="n1"><p>{NOTE}</p></aside>'
    chapters = [("text/ch1.xhtml", "第一章", body), ("text/ch2.xhtml", "第二章", f"<h1>第二章 结构</h1><p>{PARAGRAPHS[1]}</p>")]
    pack(tmp_path / "b.epub", chapters)
    result = invoke("run", "b.epub", "-o", "b.docx", "--layout", "learner", "--json", "b.json", "--no-cache", "-q")
    assert result.exit_code == 0, result.output
    segments = json.loads(Path("b.json").read_text(encoding="utf-8"))["segments"]
    texts = [s["zh"] for s in segments]
    cited = next(i for i, t in enumerate(texts) if t.startswith(PARAGRAPHS[0][:10]))
    assert texts[cited].endswith("[1]") and texts[cited + 1] == f"[1] {NOTE}" and segments[cited + 1]["en"]
    words = "".join(p.text for p in docx.Document("b.docx").paragraphs) + "".join(
        c.text for t in docx.Document("b.docx").tables for r in t.rows for c in r.cells)
    assert "shùjù" in words.replace(" ", "") and "jiégòu" in words.replace(" ", "")  # both chapter headings, read


def test_a_books_run_says_each_chapter_as_it_is_translated(with_model: Path, tmp_path: Path, monkeypatch):
    """Off a terminal (a log), each finished chapter is a line; a re-run answered by the
    memory finishes every chapter at once, and translates nothing."""
    import re

    monkeypatch.chdir(tmp_path)
    book(tmp_path / "b.epub")
    first = invoke("run", "b.epub", "-o", "b.docx", "--cache", "tm.sqlite")
    assert first.exit_code == 0, first.output
    said = re.findall(r"\[(\d)/4\] chapter translated: (\S+)", first.output)  # the title page and three chapters
    assert [n for n, _ in said] == ["1", "2", "3", "4"], first.output
    assert sorted(t for _, t in said) == sorted(["前三季度经济运行总体平稳", "第一章数据", "第二章结构", "第三章展望"])
    again = invoke("run", "b.epub", "-o", "b2.docx", "--cache", "tm.sqlite")
    assert again.exit_code == 0 and [t for _, t in re.findall(r"\[(\d)/4\] chapter translated: (\S+)", again.output)] == \
        ["前三季度经济运行总体平稳", "第一章数据", "第二章结构", "第三章展望"]  # all from the memory, in the book's order
    assert re.search(r"translated (\d+) sentences \(\1 cached\)", again.output), again.output


def test_a_chapter_is_done_when_all_its_texts_are():
    from pipeline.progress import ChapterTracker

    heard = []
    tracker = ChapterTracker([("一", frozenset({"a", "b"})), ("二", frozenset({"b", "c"})), ("三", frozenset())], lambda *said: heard.append(said))
    assert heard == [(1, 3, "三")]  # nothing to translate: done from the start
    tracker.text_done("b")
    tracker.text_done("c")
    assert heard[-1] == (2, 3, "二")
    tracker.text_done("x")
    tracker.finish()
    assert heard[-1] == (3, 3, "一") and len(heard) == 3


def test_a_re_run_takes_the_books_likely_names_from_the_memory(with_model: Path, tmp_path: Path, monkeypatch):
    """The names a book repeats outside its glossary are found once (jieba tags every word:
    the slowest part of a re-run); the memory answers them the next time, for the same text
    and glossary only."""
    import re

    import pipeline.edition

    monkeypatch.chdir(tmp_path)
    book(tmp_path / "b.epub")
    first = invoke("run", "b.epub", "-o", "a.docx", "--cache", "tm.sqlite")
    names = re.search(r"(\d+) likely names and terms not in it", first.output)
    assert first.exit_code == 0 and names, first.output

    def not_again(*_):
        raise AssertionError("tagged again")

    monkeypatch.setattr(pipeline.edition, "likely_unlisted", not_again)
    again = invoke("run", "b.epub", "-o", "b.docx", "--cache", "tm.sqlite")
    assert again.exit_code == 0 and f"{names.group(1)} likely names and terms not in it" in again.output, again.output
    Path("g.csv").write_text("source,target\n统计局,NBS\n", encoding="utf-8")
    other = invoke("run", "b.epub", "-o", "c.docx", "--cache", "tm.sqlite", "--glossary", "g.csv")
    assert other.exit_code != 0  # another glossary: found afresh
    assert invoke("cache", "stats", "--cache", "tm.sqlite").output.count("1 engine settings") == 1


def test_batch_takes_a_folder_of_books_pdfs_and_articles_with_both_executors(with_model: Path, tmp_path: Path, monkeypatch):
    """Each book, PDF and article of a folder becomes its edition, the same through the
    local executor and Ray (in its own process, as a user runs it); a book's JSON has its chapters."""
    import json
    import os
    import subprocess

    from tests.pdfs import article_pdf
    from tests.test_batch import BIN

    monkeypatch.chdir(tmp_path)
    Path("in/books").mkdir(parents=True)
    book(Path("in/books/novel.epub"))
    article_pdf(Path("in/paper.pdf"), "前三季度经济运行总体平稳", PARAGRAPHS)
    Path("in/note.txt").write_text("统计局发布数据\n" + PARAGRAPHS[0] + "\n", encoding="utf-8")
    local = invoke("batch", "in", "-o", "local", "--json", "--no-cache", "--workers", "2")
    assert local.exit_code == 0 and "articles: 3 (3 written, 0 up to date, 0 failed)" in local.output, local.output
    ray = subprocess.run([str(BIN), "batch", "in", "-o", "ray", "--json", "--no-cache", "--executor", "ray", "--workers", "2"],
                         capture_output=True, text=True, env={**os.environ, "RAY_ADDRESS": ""}, timeout=300)
    assert ray.returncode == 0 and "articles: 3 (3 written, 0 up to date, 0 failed)" in ray.stderr, ray.stderr
    for name in ("books/novel", "paper", "note"):
        document = json.loads(Path("local", f"{name}.json").read_text(encoding="utf-8"))
        assert json.loads(Path("ray", f"{name}.json").read_text(encoding="utf-8")) == document
        assert Path("local", f"{name}.docx").is_file()
    novel = json.loads(Path("local/books/novel.json").read_text(encoding="utf-8"))
    assert [c["zh"] for c in novel["chapters"]] == ["第一章数据", "第二章结构", "第三章展望"]
    paper = "".join(s["zh"] for s in json.loads(Path("local/paper.json").read_text(encoding="utf-8"))["segments"])
    assert all(p in paper for p in PARAGRAPHS) and "经济日报" not in paper  # the running head left out


def test_a_note_is_set_as_a_note_in_the_book_and_the_page(with_model: Path, tmp_path: Path, monkeypatch):
    """The note after its citing paragraph is smaller in the bilingual book and the page
    (class ``note``), and keeps the classes reading systems toggle on."""
    monkeypatch.chdir(tmp_path)
    body = f'<h1>第一章 数据</h1><p>{PARAGRAPHS[0]}<a epub:type="noteref" href="#n1">1</a></p><aside epub:type="footnote" id="n1"><p>{NOTE}</p></aside><p>{PARAGRAPHS[1]}</p>'
    pack(tmp_path / "b.epub", [("text/ch1.xhtml", "第一章", body)])
    assert invoke("run", "b.epub", "--format", "epub,html", "--no-cache", "-q").exit_code == 0
    with zipfile.ZipFile("output/b.epub") as zf:
        text = "".join(zf.read(n).decode() for n in zf.namelist() if n.endswith(".xhtml"))
    assert text.count('<p class="zh cp-original note" lang="zh-CN" xml:lang="zh-CN">[1] ') == 1
    assert text.count('class="en cp-translation note"') == 1 and text.count('class="zh cp-original"') == 2
    page = Path("output/b.html").read_text(encoding="utf-8")
    assert page.count('class="row note"') == 1 and NOTE in page
