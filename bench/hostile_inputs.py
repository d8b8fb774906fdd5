"""Hostile use of the readers and writers (issue 25's kinds): each case is made in a fresh
folder, run through the `bilingual` command as a user would type it (in a child process,
with a synthetic translation model installed), and judged by what the user is left with:

- ``whole``: it worked and every piece of text that should be there is, once;
- ``one-line error``: a non-zero exit with one `error:` line, and nothing written;
- ``FAIL (…)``: a traceback, lost or doubled text, a clobbered file, invalid output, or a
  wrong outcome — what a release must not have.

Prints one row per case and the count of each ending. The tests hold the same cases as
specifications; this script is the tally the issue asks for.

    .venv/bin/python bench/hostile_inputs.py
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CLI = str(Path(sys.executable).with_name("bilingual"))
PARAGRAPHS = [
    "国家统计局今天发布数据，今年前三季度国内生产总值同比增长百分之五，经济运行总体平稳。",
    "分产业看，第一产业增加值增长百分之三，第二产业增长百分之五，第三产业增长百分之五点二。",
    "专家表示，下一阶段要继续扩大内需，稳定就业，推动经济持续回升向好，为全年目标打下基础。",
    "统计局新闻发言人说，外部环境依然复杂，但我国经济长期向好的基本面没有改变，信心正在恢复。",
]
HEADLINE = "前三季度经济运行总体平稳"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str
    folder: Path


@dataclass(frozen=True)
class Case:
    kind: str
    name: str
    make: Callable[[Path], list[str]]  # builds the inputs in the folder; the command's arguments
    judge: Callable[[Outcome], str]  # "" when the user is left with what they should be; else what is wrong


def page(body: str, head: str = "") -> str:
    return f"<html><head><title>{HEADLINE}_新闻_示例网</title>{head}</head><body><h1>{HEADLINE}</h1>{body}</body></html>"


def paragraphs() -> str:
    return "".join(f"<p>{p}</p>" for p in PARAGRAPHS)


def write(folder: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


def docx_with(folder: Path, name: str, body_xml: str = "", extra: dict[str, bytes] | None = None,
              edit: Callable[[bytes], bytes] | None = None) -> Path:
    import docx
    from docx.oxml import parse_xml

    made = docx.Document()
    made.add_paragraph(PARAGRAPHS[0])
    if body_xml:
        body = made.element.body
        element = parse_xml(body_xml)
        for block in list(element) if element.tag.endswith("}body") else [element]:  # several blocks come in a w:body
            body.insert(len(body) - 1, block)
    plain = folder / "plain.docx"
    made.save(plain)
    path = folder / name
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml" and edit:
                data = edit(data)
            target.writestr(item, data)
        for member, data in (extra or {}).items():
            target.writestr(member, data)
    plain.unlink()
    return path


# --- judges ---------------------------------------------------------------------------------

def one_line_error(*fragments: str) -> Callable[[Outcome], str]:
    def judge(o: Outcome) -> str:
        lines = [line for line in o.err.splitlines() if line.strip()]
        if "Traceback" in o.err:
            return "traceback"
        if o.code == 0:
            return "no error"
        if len([line for line in lines if line.startswith("error:")]) != 1:
            return f"not one error line: {o.err[:120]!r}"
        missing = [f for f in fragments if f not in o.err]
        return f"message lacks {missing}" if missing else ""
    return judge


def prints_once(*pieces: str, absent: tuple[str, ...] = ()) -> Callable[[Outcome], str]:
    def judge(o: Outcome) -> str:
        if o.code != 0 or "Traceback" in o.err:
            return f"exit {o.code}: {o.err.strip()[-160:]}"
        wrong = [p for p in pieces if o.out.count(p) != 1]
        there = [p for p in absent if p in o.out]
        return (f"not once: {wrong}" if wrong else "") + (f" present: {there}" if there else "")
    return judge


def all_of(*judges: Callable[[Outcome], str]) -> Callable[[Outcome], str]:
    return lambda o: "; ".join(filter(None, (j(o) for j in judges)))


def files_hold(check: Callable[[Path], str]) -> Callable[[Outcome], str]:
    return lambda o: check(o.folder)


def ran() -> Callable[[Outcome], str]:
    return lambda o: "" if o.code == 0 and "Traceback" not in o.err else f"exit {o.code}: {o.err.strip()[-160:]}"


def valid_xml_everywhere(o: Outcome) -> str:
    """Every EPUB member and XHTML file written parses as XML; no control or bidi-override
    character in any (the inputs, ``in_*``, are left out)."""
    problems = []
    for path in o.folder.rglob("*"):
        if path.name.startswith("in_"):
            continue
        members = []
        if path.suffix == ".epub":
            with zipfile.ZipFile(path) as zf:
                members = [(f"{path.name}:{n}", zf.read(n)) for n in zf.namelist() if n.endswith((".xhtml", ".opf", ".ncx"))]
        elif path.suffix == ".html":
            members = [(path.name, path.read_bytes())]
        for name, data in members:
            text = data.decode("utf-8", "replace")
            if any(ch in text for ch in "\x01\u202e\u202d"):
                problems.append(f"{name} holds a control/bidi character")
            if name.endswith((".xhtml", ".opf", ".ncx")):
                try:
                    ElementTree.fromstring(data)
                except ElementTree.ParseError as err:
                    problems.append(f"{name}: {err}")
    return "; ".join(problems)


# --- the cases ------------------------------------------------------------------------------

def cases() -> list[Case]:
    c: list[Case] = []

    def add(kind: str, name: str, make, judge) -> None:
        c.append(Case(kind, name, make, judge))

    lost = "text lost or merged"
    add(lost, "paragraphs 300 levels deep", lambda f: ["extract", write(f, "deep.html", page("<div>" * 300 + paragraphs() + "</div>" * 300))],
        prints_once(*PARAGRAPHS))
    add(lost, "old page, <font> never closed", lambda f: ["normalize", write(f, "font.html", page("".join(
        f"<font size=3><p>第{i}段正文，旧网页的字体标签从来没有关闭。" for i in range(400))), "gb18030")],
        lambda o: "" if all(f"第{i}段正文" in o.out for i in range(400)) and o.out.count("\n") >= 400 else "paragraphs lost or merged")
    add(lost, "paragraphs parted by <br><br>", lambda f: ["extract", write(f, "br.html", page("<div>" + "<br><br>".join(PARAGRAPHS) + "</div>"))],
        lambda o: "" if all(f"{p}\n" in o.out for p in PARAGRAPHS) else "merged")
    rows = "".join(f"<tr><td>第{i:03d}号</td><td>北京市朝阳区某某街道某某社区</td><td>已完成</td></tr>" for i in range(300))
    add(lost, "a page's 300-row table", lambda f: ["normalize", write(f, "table.html", page(paragraphs() + f"<table>{rows}</table>"))],
        lambda o: "" if o.out.count("已完成") == 300 and max(map(len, o.out.splitlines())) < 400 else "rows joined")
    add(lost, "Markdown: a 300-item list", lambda f: ["normalize", write(f, "list.md", "# 标题\n\n" + "\n".join(
        f"- 第{i:03d}项：北京市朝阳区某某街道某某社区已经完成" for i in range(300)))],
        lambda o: "" if o.out.count("已经完成") == 300 and max(map(len, o.out.splitlines())) < 400 else "items joined")
    add(lost, "Markdown: a 300-row pipe table", lambda f: ["normalize", write(f, "table.md", "# 标题\n\n| 编号 | 地址 | 状态 |\n|---|---|---|\n" + "\n".join(
        f"| 第{i:03d}号 | 北京市朝阳区某某街道 | 已完成 |" for i in range(300)))],
        lambda o: "" if o.out.count("已完成") == 300 and max(map(len, o.out.splitlines())) < 400 else "rows joined")
    add(lost, "plain text: lines a reader gave as separate (a list)", lambda f: ["normalize", write(f, "list.txt", HEADLINE + "\n\n" + "\n".join(
        f"{i}. 北京市朝阳区某某街道某某社区已经完成了改造工作" for i in range(1, 60)))],
        lambda o: "" if o.out.count("已经完成了改造工作") == 59 and o.out.count("\n") >= 59 else "items joined")
    ns = (f'{W} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:v="urn:schemas-microsoft-com:vml" '
          'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"')
    add(lost, "DOCX: content controls", lambda f: ["normalize", docx_with(f, "sdt.docx",
        f'<w:sdt {ns}><w:sdtContent><w:p><w:r><w:t>{PARAGRAPHS[1]}</w:t></w:r></w:p></w:sdtContent></w:sdt>')], prints_once(PARAGRAPHS[1]))
    add(lost, "DOCX: a text box (DrawingML + VML fallback)", lambda f: ["normalize", docx_with(f, "box.docx",
        f'<w:p {ns}><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r>'
        f'<w:t>{PARAGRAPHS[2]}</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape>'
        f'<v:textbox><w:txbxContent><w:p><w:r><w:t>{PARAGRAPHS[2]}</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict>'
        '</mc:Fallback></mc:AlternateContent></w:r></w:p>')], prints_once(PARAGRAPHS[2]))
    add(lost, "DOCX: a nested table", lambda f: ["normalize", docx_with(f, "nested.docx",
        f'<w:tbl {ns}><w:tr><w:tc><w:p><w:r><w:t>外表格</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>内表格里的文字</w:t></w:r></w:p>'
        '</w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>')], prints_once("内表格里的文字"))
    add(lost, "DOCX: a tracked move", lambda f: ["normalize", docx_with(f, "move.docx",
        f'<w:body {ns}><w:p><w:moveFrom w:id="1" w:author="a"><w:r><w:t>{PARAGRAPHS[3]}</w:t></w:r></w:moveFrom></w:p>'
        f'<w:p><w:r><w:t>{PARAGRAPHS[1]}</w:t></w:r></w:p><w:p><w:moveTo w:id="2" w:author="a"><w:r><w:t>{PARAGRAPHS[3]}</w:t></w:r></w:moveTo></w:p></w:body>'
        )], lambda o: prints_once(PARAGRAPHS[3])(o) or ("" if o.out.index(PARAGRAPHS[1]) < o.out.index(PARAGRAPHS[3]) else "at its old place"))
    add(lost, "DOCX: footnotes and endnotes", lambda f: ["normalize", docx_with(f, "notes.docx", extra={
        "word/footnotes.xml": f'<w:footnotes {W}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:t>———</w:t></w:r></w:p></w:footnote>'
                              f'<w:footnote w:id="1"><w:p><w:r><w:t>{PARAGRAPHS[2]}</w:t></w:r></w:p></w:footnote></w:footnotes>'.encode(),
        "word/endnotes.xml": f'<w:endnotes {W}><w:endnote w:id="1"><w:p><w:r><w:t>{PARAGRAPHS[3]}</w:t></w:r></w:p></w:endnote></w:endnotes>'.encode()})],
        prints_once(PARAGRAPHS[2], PARAGRAPHS[3], absent=("———",)))
    add(lost, "DOCX: an external entity", lambda f: ["normalize", docx_with(f, "entity.docx", edit=lambda d: d.replace(
        b"?>", b'?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/hostname">]>', 1).replace("增长".encode(), b"&x;", 1))],
        one_line_error("declares XML entities"))
    add(lost, "a 'please enable JavaScript' shell", lambda f: ["run", write(f, "app.html", page(
        "<noscript>We're sorry but this app doesn't work properly without JavaScript enabled. Please enable it to continue.</noscript>"
        "<div id=app></div><script src=app.js></script>").replace(f"<h1>{HEADLINE}</h1>", "")), "-o", f / "app.docx"],
        one_line_error("only asks for JavaScript"))
    add(lost, "a page with its article in a JSON script only (WeChat text share)", lambda f: ["extract", write(f, "share.html",
        "<html><head><title>分享</title></head><body><div id='js_content'>分享</div><script>var content_noencode = '"
        + "\\n".join(PARAGRAPHS) + "';</script></body></html>")], prints_once(*PARAGRAPHS))

    dec = "decoding by the bytes"
    add(dec, "Big5 bytes under a GB2312 declaration", lambda f: ["extract", write(f, "big5.html",
        "<html><head><meta charset='gb2312'><title>臺灣的新聞報導</title></head><body><h1>臺灣的新聞報導</h1>"
        + "".join(f"<p>這是第{i}段正文，記者在現場採訪了許多當地居民，他們表示對於這項政策感到非常擔憂。</p>" for i in range(6))
        + "</body></html>", "big5")], prints_once("這是第5段正文，記者在現場採訪"))
    add(dec, "a UTF-16 page with its BOM", lambda f: ["extract", write(f, "u16.html", page(paragraphs()), "utf-16")], prints_once(*PARAGRAPHS))
    add(dec, "XHTML with <?xml encoding=gb2312?>", lambda f: ["extract", write(f, "x.xhtml", '<?xml version="1.0" encoding="gb2312"?>\n'
        + page(paragraphs()), "gb18030")], prints_once(*PARAGRAPHS))
    add(dec, "a GBK page, a few broken sequences", lambda f: ["extract", write(f, "broken.html", page(paragraphs(), "<meta charset=gbk>")
        .encode("gb18030").replace("今天".encode("gb18030"), b"\xff\xff", 1))], prints_once(*PARAGRAPHS[1:]))
    add(dec, "GBK text under a Big5 declaration", lambda f: ["extract", write(f, "gbk.html", page(paragraphs(), "<meta charset=big5>"), "gb18030")],
        prints_once(*PARAGRAPHS))

    bound = "bounded time and memory"
    add(bound, "a DOCX inflating to 1 GiB", lambda f: ["run", bomb(f / "bomb.docx"), "-o", f / "b.docx"], one_line_error("would inflate to"))

    meta = "untrusted metadata"
    add(meta, "javascript: canonical URL, &#1; and U+202E in the site name", lambda f: [
        "run", write(f, "in_m.html", page(paragraphs(), "<link rel=canonical href='javascript:alert(1)'>"
                                       "<meta property='og:site_name' content='示例&#1;新闻\u202e网'>")), "-o", f / "m.epub", "--json", f / "m.json"],
        all_of(ran(), valid_xml_everywhere, files_hold(lambda d: "" if "javascript" not in (d / "m.json").read_text() else "javascript: URL kept")))
    add(meta, "a control character in a glossary target", lambda f: [
        "run", write(f, "g.txt", "\n".join(PARAGRAPHS)), "-o", f / "g.html", "--glossary",
        write(f, "glossary.csv", "source,target\n国家统计局,National\x01 Bureau\u202e of Statistics\n")],
        lambda o: valid_xml_everywhere(o) if o.code == 0 else one_line_error("glossary")(o))
    add(meta, "a file name in GBK bytes", lambda f: ["run", gbk_named(f), "-o", f / "out.docx", "--json", f / "out.json"],
        all_of(ran(), files_hold(lambda d: "" if "文章" in (d / "out.json").read_text(encoding="utf-8") else "name lost")))

    md = "Markdown as meant"
    add(md, "YAML front matter", lambda f: ["extract", write(f, "fm.md", "---\ntitle: 元数据里的标题\nauthor: 某人\n---\n\n# " + HEADLINE
        + "\n\n" + "\n\n".join(PARAGRAPHS))], lambda o: prints_once(HEADLINE, *PARAGRAPHS, absent=("author: 某人\n", "title:", "---"))(o)
        or ("" if "author: 某人" in o.err else "front matter not kept as metadata"))
    add(md, "raw HTML blocks", lambda f: ["normalize", write(f, "raw.md", f"# {HEADLINE}\n\n<script>var x = '脚本内容';</script>\n\n"
        "<style>p {{ color: red }}</style>\n\n<!-- 注释内容 -->\n\n" + "\n\n".join(PARAGRAPHS))],
        prints_once(*PARAGRAPHS, absent=("脚本内容", "注释内容", "color")))
    add(md, "only link definitions", lambda f: ["run", write(f, "links.md", "[a]: https://example.com\n[b]: https://example.org \"标题\"\n"),
        "-o", f / "l.docx"], one_line_error())

    outs = "outputs that must not be replaced"
    add(outs, "batch --book naming an existing file", lambda f: batch_into(f, "--book", write(f, "mine.epub", "mine")),
        all_of(one_line_error("already exists"), files_hold(lambda d: "" if (d / "mine.epub").read_text() == "mine" else "clobbered")))
    add(outs, "batch --book naming an input article", lambda f: batch_into(f, "--book", f / "in" / "a.txt"),
        all_of(one_line_error(), files_hold(lambda d: "" if (d / "in" / "a.txt").read_text().startswith(PARAGRAPHS[0]) else "clobbered")))
    add(outs, "batch --book in a missing folder", lambda f: batch_into(f, "--book", f / "nowhere" / "b.epub"),
        all_of(one_line_error("does not exist"), files_hold(lambda d: "" if not list((d / "out").glob("*.docx")) else "translated first")))
    add(outs, "batch --book naming one of the batch's outputs", lambda f: batch_into(f, "--book", f / "out" / "a.epub", "--format", "epub"),
        one_line_error())
    add(outs, "learner layout run twice", lambda f: learner_twice(f), ran())
    add(outs, "review import of a web page", lambda f: ["review", "import", write(f, "r.html", page(paragraphs())), "--cache", f / "tm.sqlite"],
        all_of(one_line_error("web page"), files_hold(lambda d: "" if not (d / "tm.sqlite").exists() else "a memory was created")))
    add(outs, "-o naming the input", lambda f: ["run", write(f, "same.html", page(paragraphs())), "-o", f / "same.html", "--force"],
        all_of(one_line_error("overwrite the input"), files_hold(lambda d: "" if "<h1>" in (d / "same.html").read_text() else "clobbered")))

    folders = "folders as people have them"
    add(folders, "a page saved complete (page_files/)", lambda f: saved_complete(f), all_of(ran(), files_hold(
        lambda d: "" if sorted(p.name for p in (d / "out").glob("*.docx")) == ["page.docx"] else f"editions: {sorted(p.name for p in (d / 'out').glob('*.docx'))}")))
    add(folders, "batch in -o in", lambda f: in_place(f), all_of(ran(), files_hold(
        lambda d: "" if {"a.docx", "b_docx.docx"} <= {p.name for p in (d / "in").glob("*.docx")} else f"{sorted(p.name for p in (d / 'in').iterdir())}")))
    add(folders, "batch work/articles -o work", lambda f: articles_under_output(f), all_of(ran(), files_hold(
        lambda d: "" if (d / "work" / "a.docx").exists() else "no article found")))
    add(folders, "a symbolic link to a folder", lambda f: linked_folder(f), lambda o: ran()(o) or ("" if "symbolic link" in o.err else "skipped silently"))

    msgs = "clear messages"
    add(msgs, "a .docm", lambda f: ["run", docm(f), "-o", f / "o.docx"], all_of(one_line_error("macro"), lambda o: "Python internals" if "BytesIO" in o.err else ""))
    add(msgs, "an ODT named .docx", lambda f: ["run", zip_of(f, "odt.docx", {"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"}),
                                               "-o", f / "o.docx"], one_line_error("OpenDocument"))
    add(msgs, "an XLSX named .docx", lambda f: ["run", zip_of(f, "x.docx", {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<w/>"}),
                                                "-o", f / "o.docx"], one_line_error("Excel"))
    add(msgs, "a damaged document.xml", lambda f: ["run", docx_with(f, "bad.docx", edit=lambda d: d[: len(d) // 2]), "-o", f / "o.docx"],
        one_line_error("damaged"))

    layout = "layouts that survive odd text"
    add(layout, "learner layout: a ZWJ family, a flag, GPT-4", lambda f: ["run", write(f, "e.txt", PARAGRAPHS[0] + "👨\u200d👩\u200d👧\u200d👦🇨🇳GPT-4模型。\n"),
        "--layout", "learner", "-o", f / "e.html"],
        all_of(ran(), files_hold(lambda d: "" if all(s in (d / "e.html").read_text() for s in ("👨\u200d👩\u200d👧\u200d👦", "🇨🇳", "GPT-4")) else "broken apart")))

    left = "round two's leftovers"
    add(left, "a memory damaged inside (run)", lambda f: ["run", write(f, "a.txt", "\n".join(PARAGRAPHS)), "-o", f / "a.docx", "--cache", damaged_memory(f)],
        one_line_error("damaged"))
    add(left, "a memory damaged inside (cache stats)", lambda f: ["cache", "stats", "--cache", damaged_memory(f)], one_line_error("damaged"))
    add(left, "ARGOS_PACKAGES_DIR naming a file", lambda f: ["models", "list", "ENV:ARGOS_PACKAGES_DIR=" + str(write(f, "pk", "x"))],
        one_line_error("is a file"))

    more = "variants"
    add(more, "an article page with a <noscript> notice inside", lambda f: ["extract", write(f, "ns.html", page(
        paragraphs() + "<noscript>请启用JavaScript以查看评论</noscript>"))], prints_once(*PARAGRAPHS))
    add(more, "a UTF-8 page declaring GBK", lambda f: ["extract", write(f, "u8.html", page(paragraphs(), "<meta charset=gbk>"))],
        prints_once(*PARAGRAPHS))
    add(more, "a Big5 page declaring Big5", lambda f: ["extract", write(f, "b5.html",
        "<html><head><meta charset=big5><title>臺灣的新聞報導</title></head><body><h1>臺灣的新聞報導</h1>"
        + "".join(f"<p>這是第{i}段正文，記者在現場採訪了許多當地居民，他們表示對於這項政策感到非常擔憂。</p>" for i in range(6))
        + "</body></html>", "big5")], prints_once("這是第5段正文，記者在現場採訪"))
    add(more, "a control character and U+202E in the canonical URL and title (HTML edition)", lambda f: [
        "run", write(f, "in_u.html", page(paragraphs(), "<link rel=canonical href='https://example.com/a&#1;b\u202ec'>").replace(
            f"<title>{HEADLINE}", f"<title>{HEADLINE}\u202e&#1;")), "-o", f / "u.html"],
        all_of(ran(), valid_xml_everywhere))
    add(more, "a control character in the file name (EPUB edition)", lambda f: [
        "run", write(f, "in_a\x01b\u202e.txt", "\n".join(PARAGRAPHS)), "-o", f / "a.epub"], all_of(ran(), valid_xml_everywhere))
    add(more, "a DOCTYPE in the footnotes of a DOCX", lambda f: ["normalize", docx_with(f, "fn.docx", extra={
        "word/footnotes.xml": f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "实体">]><w:footnotes {W}><w:footnote w:id="1"><w:p><w:r>'
                              '<w:t>脚注&e;</w:t></w:r></w:p></w:footnote></w:footnotes>'.encode()})], one_line_error("declares XML entities"))
    add(more, "a DOCX with no text", lambda f: ["run", docx_empty(f), "-o", f / "o.docx"], one_line_error())
    add(more, "Markdown of front matter only (its title is its text)", lambda f: ["normalize", write(f, "fm.md", "---\ntitle: 只有标题\n---\n")],
        prints_once("只有标题"))
    add(more, "a page whose article is a 300-row table only", lambda f: ["normalize", write(f, "only.html", page(f"<table>{rows}</table>"))],
        lambda o: "" if o.out.count("已完成") == 300 else f"{o.out.count('已完成')} rows")
    add(more, "batch --book with a control character in an article's name", lambda f: batch_named(f), all_of(ran(), valid_xml_everywhere))
    return c


def docx_empty(folder: Path) -> Path:
    import docx

    path = folder / "empty.docx"
    docx.Document().save(path)
    return path


def batch_named(folder: Path) -> list:
    write(folder / "in_articles", "a\x01\u202eb.txt", "\n".join(PARAGRAPHS))
    (folder / "out").mkdir()
    return ["batch", folder / "in_articles", "-o", folder / "out", "--book", folder / "book.epub"]


def bomb(path: Path) -> Path:
    from bench.bounded_inputs import bomb as make

    make(path, 1024)
    return path


def gbk_named(folder: Path) -> Path:
    name = os.fsdecode("文章.txt".encode("gbk"))
    return write(folder, name, "\n".join(PARAGRAPHS))


def batch_into(folder: Path, *options) -> list:
    for name, text in (("a.txt", PARAGRAPHS[0] + PARAGRAPHS[1]), ("b.txt", PARAGRAPHS[2] + PARAGRAPHS[3])):
        write(folder / "in", name, text)
    (folder / "out").mkdir(exist_ok=True)
    return ["batch", folder / "in", "-o", folder / "out", *options]


def learner_twice(folder: Path) -> list:
    article = write(folder, "l.txt", "\n".join(PARAGRAPHS))
    subprocess.run([CLI, "run", article, "--layout", "learner", "-q"], cwd=folder, check=True, capture_output=True)
    return ["run", article, "--layout", "learner", "-q"]


def saved_complete(folder: Path) -> list:
    write(folder / "in", "page.html", page(paragraphs()))
    write(folder / "in" / "page_files", "frame.html", page("<p>框架里的广告文字，不是文章。</p>"))
    write(folder / "in" / "page_files", "script.txt", "var a = 1;")
    (folder / "out").mkdir()
    return ["batch", folder / "in", "-o", folder / "out"]


def in_place(folder: Path) -> list:
    write(folder / "in", "a.txt", "\n".join(PARAGRAPHS))
    import docx

    made = docx.Document()
    made.add_paragraph(PARAGRAPHS[1])
    made.save(folder / "in" / "b.docx")
    return ["batch", folder / "in", "-o", folder / "in"]


def articles_under_output(folder: Path) -> list:
    write(folder / "work" / "articles", "a.txt", "\n".join(PARAGRAPHS))
    return ["batch", folder / "work" / "articles", "-o", folder / "work"]


def linked_folder(folder: Path) -> list:
    write(folder / "in", "a.txt", "\n".join(PARAGRAPHS))
    write(folder / "elsewhere", "b.txt", "\n".join(PARAGRAPHS))
    (folder / "in" / "more").symlink_to(folder / "elsewhere", target_is_directory=True)
    (folder / "out").mkdir()
    return ["batch", folder / "in", "-o", folder / "out"]


def docm(folder: Path) -> Path:
    path = docx_with(folder, "macro.docx")
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml")
    return zip_of(folder, "macro.docm", members)


def zip_of(folder: Path, name: str, members: dict) -> Path:
    path = folder / name
    with zipfile.ZipFile(path, "w") as zf:
        for member, data in members.items():
            zf.writestr(member, data)
    return path


def damaged_memory(folder: Path) -> Path:
    """A memory that opens and fails at the first query: a table's pages overwritten."""
    path = folder / "tm.sqlite"
    if path.exists():
        return path
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE t (x TEXT)")
        db.executemany("INSERT INTO t VALUES (?)", [("国家统计局" * 50,)] * 400)
    data = bytearray(path.read_bytes())
    data[4096 * 2: 4096 * 6] = b"\xa5" * (4096 * 4)
    path.write_bytes(bytes(data))
    return path


def packages(folder: Path) -> Path:
    """A packages folder holding the synthetic model (real CTranslate2 weights, random)."""
    from tests.synthetic_package import build_package

    corpus = (ROOT / "examples" / "wang-jian-sora.txt").read_text(encoding="utf-8").splitlines()
    package = build_package(folder / "synthetic.argosmodel", corpus, output_tokens=6)
    installed = folder / "packages"
    installed.mkdir()
    subprocess.run([CLI, "models", "install", package], env={**os.environ, "ARGOS_PACKAGES_DIR": str(installed)},
                   check=True, capture_output=True)
    return installed


def run_case(case: Case, folder: Path, env: dict[str, str]) -> str:
    args = [str(a) for a in case.make(folder)]
    env = dict(env)
    for arg in [a for a in args if a.startswith("ENV:")]:
        key, value = arg[4:].split("=", 1)
        env[key] = value
        args.remove(arg)
    done = subprocess.run([CLI, *args], cwd=folder, env=env, capture_output=True, timeout=300)
    outcome = Outcome(done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace"), folder)
    try:
        wrong = case.judge(outcome)
    except Exception as err:  # a judge that cannot read what was left is a failure of the case, not of the tally
        wrong = f"{type(err).__name__}: {err}"
    if "Traceback" in outcome.err and "traceback" not in wrong:
        wrong = "traceback; " + wrong
    if wrong:
        return f"FAIL ({wrong})"
    return "one-line error" if outcome.code else "whole"


def main() -> None:
    with tempfile.TemporaryDirectory() as top:
        top_path = Path(top)
        os.environ.update(ARGOS_PACKAGES_DIR=str(packages(top_path)), XDG_CACHE_HOME=str(top_path / "cache"))
        env = dict(os.environ)
        endings: Counter[str] = Counter()
        kind = ""
        all_cases = cases()
        for number, case in enumerate(all_cases, 1):
            folder = top_path / f"case{number:02d}"
            folder.mkdir()
            ending = run_case(case, folder, env)
            endings[ending.split(" (")[0]] += 1
            if case.kind != kind:
                kind = case.kind
                print(f"\n{kind}")
            print(f"  {number:2d}. {case.name}: {ending}")
        print(f"\n{len(all_cases)} cases: " + ", ".join(f"{n} {e}" for e, n in endings.most_common()))


if __name__ == "__main__":
    main()
