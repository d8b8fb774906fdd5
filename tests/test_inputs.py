"""Real inputs: saved web pages (a portal, WeChat, a blog; UTF-8, UTF-8 under a GBK meta,
GBK), MHTML, Markdown, a client's DOCX, standard input; the four real saved pages of
``../shared/pages/``; and the bad inputs of each kind."""

from __future__ import annotations

import email.mime.multipart
import email.mime.text
import json
import quopri
import zipfile
from pathlib import Path

import docx
import pytest

from pipeline.edition import prepare
from pipeline.errors import InputError
from pipeline.read.formats import detect_format, read_document
from tests.conftest import ROOT, invoke
from tests.pages import CHROME, CREDITS, PAGES, gold, save

SHARED_PAGES = ROOT.parent / "shared" / "pages"
ARTICLES = ("chip-report", "ev-interview", "teahouse-feature")


def kept_lines(document) -> list[str]:
    return [p.source_text for p in prepare(document).paragraphs]


@pytest.mark.parametrize("how", ["utf-8", "utf-8 under gbk", "gbk"])
@pytest.mark.parametrize("kind", sorted(PAGES))
@pytest.mark.parametrize("article", ARTICLES)
def test_a_saved_page_gives_the_article_and_nothing_else(tmp_path: Path, kind: str, how: str, article: str):
    lines = gold(article)
    page = save(PAGES[kind](lines), tmp_path / "page.html", how)
    document = read_document(page)
    kept = kept_lines(document)
    assert kept == lines  # the headline first, every paragraph, in order, labels kept
    text = "\n".join(kept)
    assert [c for c in CHROME if c in text] == []
    assert document.source.format == "html"
    assert document.source.encoding == ("gb18030 (declared gbk)" if how == "gbk" else "utf-8")


def test_a_portals_metadata_and_credits(tmp_path: Path):
    page = save(PAGES["portal"](gold("chip-report")), tmp_path / "page.html", "utf-8")
    document = prepare(read_document(page))
    source = document.source
    assert (source.url, source.site, source.author, source.date) == (
        "https://news.example.cn/2024/03/05/a1.html", "示例新闻网", "张记者", "2024-03-05")
    assert ("disclaimer", CREDITS[1]) in [(d.kind, d.text) for d in document.dropped]  # 责任编辑 listed, not kept
    removed = dict(source.removed)
    assert removed["script"] > 0 and removed["navigation"] > 0 and removed["comments"] > 0


def test_a_wechat_article_is_read_although_its_body_is_hidden(tmp_path: Path):
    page = save(PAGES["wechat"](gold("ev-interview")), tmp_path / "wechat.html", "utf-8")
    document = read_document(page)
    assert document.lines[0] == gold("ev-interview")[0]  # only og:title and #activity-name have it
    assert (document.source.site, document.source.date) == ("示例公众号", "2024-03-05")  # the date only in a script


def test_a_pages_site_suffix_is_not_its_headline(tmp_path: Path):
    page = save(PAGES["blog"](gold("teahouse-feature")), tmp_path / "blog.html", "utf-8")
    assert read_document(page).lines[0] == gold("teahouse-feature")[0]  # not "… @ 小王的博客 :: 博客园 ::"


def test_html_is_recognised_by_its_content_whatever_its_name(tmp_path: Path):
    html = PAGES["portal"](gold("chip-report")).encode()
    assert detect_format(html, Path("saved.txt")) == "html"
    assert detect_format("标题\n<p>正文</p>\n".encode(), Path("a.txt")) == "text"  # a scrape with tags stays text


def test_an_mhtml_archive_gives_its_page(tmp_path: Path):
    archive = email.mime.multipart.MIMEMultipart("related")
    part = email.mime.text.MIMEText("", "html", "utf-8")
    part.set_payload(quopri.encodestring(PAGES["portal"](gold("chip-report")).encode()).decode("ascii"))
    part.replace_header("Content-Transfer-Encoding", "quoted-printable")
    archive.attach(part)
    image = email.mime.text.MIMEText("not a page", "plain")
    archive.attach(image)
    path = tmp_path / "page.mhtml"
    path.write_bytes(archive.as_bytes())
    document = read_document(path)
    assert document.source.format == "mhtml" and kept_lines(document) == gold("chip-report")


def test_a_markdown_article(tmp_path: Path):
    lines = gold("ev-interview")
    body = "\n\n".join(f"**{l.split('：', 1)[0]}：**{l.split('：', 1)[1]}" if l.startswith(("记者：", "李明：")) else l for l in lines[1:])
    text = f"# {lines[0]}\n\n![会场](a.jpg)\n\n{body}\n\n```\ncode is not text\n```\n"
    path = tmp_path / "article.md"
    path.write_text(text, encoding="utf-8")
    document = read_document(path)
    assert document.source.format == "markdown" and document.origins[0] == "heading"
    kept = kept_lines(document)
    assert kept[0] == lines[0] and [k for k in kept if "code is not text" in k] == []
    assert all(line in kept for line in lines)


def test_a_clients_docx_with_headings_labels_tables_images_and_tracked_changes(tmp_path: Path):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    lines = gold("ev-interview")
    doc = docx.Document()
    doc.add_heading(lines[0], level=1)
    for line in lines[1:]:
        speaker, sep, rest = line.partition("：")
        paragraph = doc.add_paragraph()
        if sep and len(speaker) <= 4:
            paragraph.add_run(f"{speaker}：").bold = True
            paragraph.add_run(rest)
        else:
            paragraph.add_run(line)
    inserted = doc.add_paragraph()
    ins = OxmlElement("w:ins")
    ins.set(qn("w:id"), "1"), ins.set(qn("w:author"), "客户")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "补充的一段文字。"
    run.append(text), ins.append(run), inserted._p.append(ins)
    doc.add_picture(str(tiny_png(tmp_path)))  # an image: not text, left out
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "型号", "价格"
    table.cell(1, 0).text, table.cell(1, 1).text = "甲型", "十万元"
    path = tmp_path / "client.docx"
    doc.save(str(path))
    document = read_document(path)
    assert document.source.format == "docx" and document.origins[0] == "heading"
    kept = kept_lines(document)
    assert kept[: len(lines)] == lines and "补充的一段文字。" in kept and "型号 价格" in kept and "甲型 十万元" in kept


def tiny_png(folder: Path) -> Path:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b"")
    path = folder / "dot.png"
    path.write_bytes(png)
    return path


def test_standard_input_is_an_article(with_model: Path, in_tmp: Path):
    text = "\n".join(gold("chip-report")) + "\n"
    result = invoke_with_input(["run", "-", "--no-cache", "--json", "out.json"], text)
    assert result.exit_code == 0, result.output
    data = json.loads((in_tmp / "out.json").read_text(encoding="utf-8"))
    assert data["title"]["zh"] == gold("chip-report")[0] and data["source"]["format"] == "stdin"
    assert (in_tmp / "output" / "stdin.docx").is_file()
    empty = invoke_with_input(["run", "-"], "  \n")
    assert empty.exit_code == 1 and empty.output.startswith("error: standard input is empty")


def invoke_with_input(args: list[str], text: str):
    from typer.testing import CliRunner

    from pipeline.cli import app

    return CliRunner().invoke(app, args, input=text)


def test_run_on_a_page_reports_what_it_left_out_and_writes_the_source(with_model: Path, in_tmp: Path):
    save(PAGES["portal"](gold("chip-report")), in_tmp / "page.html", "utf-8 under gbk")
    result = invoke("run", "page.html", "--no-cache", "--json", "page.json")
    assert result.exit_code == 0, result.output
    assert "page: read as html (utf-8), " in result.output and "left out (characters): " in result.output
    data = json.loads((in_tmp / "page.json").read_text(encoding="utf-8"))
    assert data["source"]["site"] == "示例新闻网" and data["source"]["removed"]["script"] > 0
    meta = docx.Document(str(in_tmp / "output" / "page.docx")).paragraphs[2].text
    assert "示例新闻网 · 2024-03-05 · https://news.example.cn/2024/03/05/a1.html" in meta


def test_extract_shows_what_was_taken_and_what_was_not(in_tmp: Path):
    save(PAGES["blog"](gold("teahouse-feature")), in_tmp / "blog.html", "gbk")
    result = invoke("extract", "blog.html")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == f"headline\t{gold('teahouse-feature')[0]}"
    assert "encoding: gb18030 (declared gbk)" in result.output and "left out (characters): " in result.output


def test_batch_takes_every_kind_of_input_by_default(with_model: Path, in_tmp: Path):
    Path("in").mkdir()
    save(PAGES["portal"](gold("chip-report")), Path("in/a.html"), "utf-8")
    Path("in/b.md").write_text("# 标题\n\n正文第一段。\n", encoding="utf-8")
    Path("in/c.txt").write_text("标题\n正文。\n", encoding="utf-8")
    result = invoke("batch", "in", "-o", "out", "--no-cache", "-q")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in Path("out").glob("*.docx")) == ["a.docx", "b.docx", "c.docx"]


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("shell.html", b"<!DOCTYPE html><html><head><script>var app = 1;</script></head><body><div id='app'></div></body></html>",
         "no article text found"),
        ("binary.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "is a PNG image"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "is not a DOCX file"),
        ("empty.mhtml", b"MIME-Version: 1.0\nContent-Type: multipart/related; boundary=x\n\n--x\nContent-Type: image/png\n\nabc\n--x--\n",
         "without an HTML page"),
    ],
)
def test_bad_inputs_are_one_line_and_nothing_is_written(with_model: Path, in_tmp: Path, name: str, content: bytes, message: str):
    Path(name).write_bytes(content)
    result = invoke("run", name, "--json", "x.json")
    assert result.exit_code == 1 and result.output.startswith("error: ") and message in result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert not Path("x.json").exists() and not any(Path("output").glob("*.docx"))


def test_malformed_html_is_still_read(tmp_path: Path):
    page = tmp_path / "bad.html"
    page.write_text("<html><body><h1>标题在这里出现了</h1><p>第一段没有闭合<p>第二段也没有<div><p>第三段文字，内容足够长。", encoding="utf-8")
    assert read_document(page).lines[0] == "标题在这里出现了"


# --- the real saved pages (not in this repository) -----------------------------------------

needs_shared = pytest.mark.skipif(not SHARED_PAGES.is_dir(), reason=f"{SHARED_PAGES} is absent: the real pages are read from ../shared/pages/")
REAL_HEADLINES = {
    "xinhua-hebei-2012.gb2312.html": "话剧《约定无期限》河北各市巡演结束",
    "163-money-2015.gbk.html": "埃洛普离职：微软卧底成弃儿？",
    "bbc-zhongwen-2012.html": "港特首梁振英就住宅违建事件道歉",
    "pixnet-tw-blog-2013.traditional.html": "新竹尖石_美树营地赏枫（2）",
}


@needs_shared
@pytest.mark.parametrize("name", sorted(REAL_HEADLINES))
def test_a_real_saved_page_has_its_headline_and_no_markup(name: str):
    document = prepare(read_document(SHARED_PAGES / name))
    assert document.title.zh == REAL_HEADLINES[name]
    text = "\n".join(p.source_text for p in document.paragraphs)
    assert not [marker for marker in ("<", "function(", "var ", "{", "document.", "&nbsp;") if marker in text]


@needs_shared
def test_the_real_pages_reference_text_is_there():
    from rapidfuzz.distance import LCSseq

    from bench.page_extraction import han, reference

    for name in ("bbc-zhongwen-2012.html", "pixnet-tw-blog-2013.traditional.html"):
        kept = han("\n".join(p.source_text for p in prepare(read_document(SHARED_PAGES / name)).paragraphs))
        ref = han(reference(name)[0])
        assert LCSseq.similarity(kept, ref) / len(ref) >= 0.97 and LCSseq.similarity(kept, ref) / len(kept) >= 0.96
    xinhua = prepare(read_document(SHARED_PAGES / "xinhua-hebei-2012.gb2312.html"))
    text = han("".join(p.zh for p in xinhua.paragraphs))
    _, must, must_not = reference("xinhua")
    assert all(han(s) in text for s in must) and not [s for s in must_not if han(s) and han(s) in text]


@pytest.mark.parametrize("members, message", [
    ({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}, "is an OpenDocument text (ODT), not a DOCX"),
    ({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>"}, "is an Excel workbook, not a DOCX"),
    ({"[Content_Types].xml": b"<Types><Override ContentType='application/vnd.ms-word.document.macroEnabled.main+xml'/></Types>",
      "word/document.xml": b"<w:document/>"}, "is a macro-enabled Word document (.docm)"),
    ({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document><unclosed"}, "is a damaged DOCX"),
])
def test_an_office_file_that_is_not_a_readable_docx_is_named_in_one_line(tmp_path: Path, members: dict, message: str):
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    path = tmp_path / "client.docx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert message in str(caught.value) and "BytesIO" not in str(caught.value)


def test_a_docx_bomb_is_refused_before_it_is_inflated(tmp_path: Path):
    """1.3 MB of zeros that inflate to 300 MB: refused from the zip's directory, in well
    under a second and without allocating the inflated part."""
    import io
    import time
    import tracemalloc

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b"\0" * (1 << 20)
            for _ in range(300):
                part.write(chunk)
    path = tmp_path / "bomb.docx"
    path.write_bytes(buffer.getvalue())
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(InputError, match="would inflate to"):
        read_document(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert time.perf_counter() - started < 5 and peak < 64 * 1024 * 1024


def test_a_docx_declaring_entities_is_refused_not_read_in_part(tmp_path: Path):
    """python-docx leaves an entity unexpanded (rightly: an external one could read any file),
    so the paragraph holding it was cut short without a word; Word never writes a DOCTYPE."""
    import io

    import docx

    buffer = io.BytesIO()
    made = docx.Document()
    made.add_paragraph("第一段。")
    made.add_paragraph("第二段ENTITY后面的文字。")
    made.save(buffer)
    hostile = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as zin, zipfile.ZipFile(hostile, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/hostname">]>', 1)
                data = data.replace(b"ENTITY\xe5", b"&x;\xe5")
            zout.writestr(info, data)
    path = tmp_path / "entity.docx"
    path.write_bytes(hostile.getvalue())
    with pytest.raises(InputError, match=r"declares XML entities \(a <!DOCTYPE> in word/document.xml\)"):
        read_document(path)


def test_two_lines_of_text_with_a_comma_are_not_a_csv_export(tmp_path: Path):
    """Found by the property test: "王坚1,000" over "王坚王坚," was read as a CSV export with the
    first line as its header, and the first line vanished without a word."""
    path = tmp_path / "a.txt"
    path.write_text("王坚1,000\n王坚王坚,\n", encoding="utf-8")
    document = read_document(path)
    assert document.source.format == "text" and document.lines == ("王坚1,000", "王坚王坚,")


def test_markdowns_raw_html_and_link_definitions_are_not_paragraphs(tmp_path: Path):
    path = tmp_path / "a.md"
    path.write_text('# 标题\n\n<script>var x = "脚本内容";</script>\n\n<!-- 注释内容 -->\n\n<p align="center">居中的一段文字。</p>\n\n'
                    "正文第一段。\n\n[ref]: https://example.com\n", encoding="utf-8")
    document = prepare(read_document(path))
    assert [p.source_text for p in document.paragraphs] == ["标题", "居中的一段文字。", "正文第一段。"]
    assert {d.kind for d in document.dropped} >= {"markup", "link"}


def test_a_clients_docx_as_word_makes_it_every_piece_of_text_once(tmp_path: Path):
    """Content controls (a template's), a text box (its DrawingML and its VML fallback), a
    nested table, a tracked move and a footnote: each text once, in its place, footnotes after
    the body (lost, doubled, tripled, read at the old place, or neither kept nor listed before)."""
    from docx.oxml import parse_xml

    ns = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
          'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
          'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"')
    document = docx.Document()
    document.add_paragraph("客户文档的标题")
    body = document.element.body
    body.insert(len(body) - 1, parse_xml(f'<w:sdt {ns}><w:sdtContent><w:p><w:r><w:t>内容控件里的段落。</w:t></w:r></w:p></w:sdtContent></w:sdt>'))
    body.insert(len(body) - 1, parse_xml(
        f'<w:p {ns}><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r>'
        '<w:t>文本框里的字。</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape>'
        '<v:textbox><w:txbxContent><w:p><w:r><w:t>文本框里的字。</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict>'
        '</mc:Fallback></mc:AlternateContent></w:r></w:p>'))
    body.insert(len(body) - 1, parse_xml(
        f'<w:tbl {ns}><w:tr><w:tc><w:p><w:r><w:t>外表格</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>内表格的字</w:t></w:r></w:p>'
        '</w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>'))
    body.insert(len(body) - 1, parse_xml(
        f'<w:p {ns}><w:moveFrom w:id="1" w:author="a"><w:r><w:t>被移走的句子。</w:t></w:r></w:moveFrom><w:r><w:t>留下的句子。</w:t></w:r></w:p>'))
    body.insert(len(body) - 1, parse_xml(f'<w:p {ns}><w:moveTo w:id="2" w:author="a"><w:r><w:t>被移走的句子。</w:t></w:r></w:moveTo></w:p>'))
    document.save(tmp_path / "plain.docx")
    footnotes = ('<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                 '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:t>———</w:t></w:r></w:p></w:footnote>'
                 '<w:footnote w:id="1"><w:p><w:r><w:t>脚注里的说明。</w:t></w:r></w:p></w:footnote></w:footnotes>')
    with zipfile.ZipFile(tmp_path / "plain.docx") as source, zipfile.ZipFile(tmp_path / "client.docx", "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("word/footnotes.xml", footnotes)
    text = "\n".join(read_document(tmp_path / "client.docx").lines)
    for piece in ("内容控件里的段落。", "文本框里的字。", "内表格的字", "被移走的句子。", "脚注里的说明。"):
        assert text.count(piece) == 1, (piece, text)
    assert text.index("留下的句子。") < text.index("被移走的句子。") < text.index("脚注里的说明。")
    assert "———" not in text
