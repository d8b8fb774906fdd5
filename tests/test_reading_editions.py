"""Reading editions: the web page and the EPUB, from the same Document as the DOCX — the
suffix of -o chooses, --format where there is no -o, --sides for one language; the page
seen in a real browser at a phone's and a desktop's width, the book checked by epubcheck."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest

from tests.conftest import EXAMPLE, ROOT, invoke

GLOSSARY = ROOT / "glossary" / "glossary.csv"
EPUBCHECK = Path("/usr/share/java/epubcheck.jar")
CHROMIUM = shutil.which("chromium")


@pytest.fixture
def folder(with_model: Path, in_tmp: Path) -> Path:
    shutil.copy(EXAMPLE, in_tmp / "article.txt")
    return in_tmp


def run(*args: str):
    result = invoke("run", "article.txt", "--glossary", GLOSSARY, "--no-cache", "-q", *args)
    assert result.exit_code == 0, result.output
    return result


def test_the_suffix_of_o_chooses_the_writer_and_format_works_without_it(folder: Path):
    run("-o", "a.html")
    run("-o", "a.epub")
    run("--format", "html")
    assert Path("a.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert zipfile.ZipFile("a.epub").read("mimetype") == b"application/epub+zip"
    assert Path("output/article.html").is_file() and not Path("output/article.docx").exists()
    run("--format", "html")  # its own page at the default place is refreshed, as the DOCX is


def test_the_page_is_valid_html5_self_contained_and_escapes_everything(folder: Path):
    import html5lib

    Path("article.txt").write_text("标题<script>alert(1)</script>\n正文里有<b>标签</b>和&amp;。\n", encoding="utf-8")
    run("-o", "a.html", "--script", "keep")
    page = Path("a.html").read_text(encoding="utf-8")
    html5lib.HTMLParser(strict=True).parse(page)  # raises on any parse error
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown as text, never run
    assert "http://" not in page and "https://" not in page and "<link" not in page  # nothing fetched
    assert 'lang="zh-CN"' in page and 'lang="en"' in page


def test_the_page_marks_terms_with_their_entry_and_hides_qa_flags_behind_a_toggle(folder: Path):
    run("-o", "a.html")
    page = Path("a.html").read_text(encoding="utf-8")
    assert '<mark class="term" title="王坚 → Wang Jian (name, repaired)">王坚</mark>' in page
    assert 'id="show-flags"' in page and 'class="flags"' in page and 'id="only-en"' in page
    assert "Left out of the edition" in page and "@media print" in page


@pytest.mark.parametrize("sides, absent, present", [("en", "3月12日消息", "Wang Jian"), ("zh", 'lang="en"', "3月12日消息")])
def test_one_language_only_in_every_format(folder: Path, sides: str, absent: str, present: str):
    run("-o", "a.html", "--sides", sides)
    run("-o", "a.epub", "--sides", sides)
    run("-o", "a.docx", "--sides", sides)
    page = Path("a.html").read_text(encoding="utf-8").split("</header>", 1)[1].split('<aside class="appendix">')[0]
    assert absent not in page and present in page
    chapter = zipfile.ZipFile("a.epub").read("OEBPS/article-0001.xhtml").decode("utf-8")
    body = chapter.split("<body>")[1].split('<div class="appendix">')[0]
    assert absent not in body.split("</h1>")[-1] and present in body
    header = [c.text for c in docx.Document("a.docx").tables[0].rows[0].cells]
    assert header == ["No.", "英文 English" if sides == "en" else "中文 Chinese"]


@pytest.mark.skipif(not EPUBCHECK.exists(), reason="epubcheck is not installed (Debian package epubcheck; .ci/run installs it)")
def test_epubcheck_finds_nothing_wrong_with_the_example_and_a_twenty_article_book(folder: Path):
    from tests.articles import generate_articles

    run("-o", "a.epub")
    generate_articles(Path("in"), 20)
    batch = invoke("batch", "in", "-o", "out", "--glossary", GLOSSARY, "--no-cache", "-q", "--format", "html,epub", "--book", "book.epub")
    assert batch.exit_code == 0, batch.output
    assert len(list(Path("out").rglob("*.epub"))) == 20 and len(list(Path("out").rglob("*.html"))) == 20
    assert len(zipfile.ZipFile("book.epub").read("OEBPS/nav.xhtml").decode().split("<li>")) == 21
    for book in ("a.epub", "book.epub"):
        done = subprocess.run(["java", "-jar", str(EPUBCHECK), book], capture_output=True, text=True, timeout=300)
        assert done.returncode == 0 and "No errors or warnings detected" in done.stdout, done.stdout + done.stderr


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (Debian package chromium; .ci/run installs it)")
@pytest.mark.parametrize("width", [390, 1280])
def test_the_page_shows_both_languages_in_a_real_browser(folder: Path, tmp_path: Path, width: int):
    run("-o", "a.html")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", f"--window-size={width},1400"]
    url = (folder / "a.html").as_uri()
    dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", url], capture_output=True, text=True, timeout=120).stdout
    assert "阿里云创始人" in dom and "Wang Jian" in dom
    shot = folder / f"shot-{width}.png"
    subprocess.run([CHROMIUM, *flags, "--hide-scrollbars", f"--screenshot={shot}", url], capture_output=True, timeout=120)
    assert shot.stat().st_size > 20_000  # a rendered page, not a blank one


def test_the_json_still_comes_beside_a_page(folder: Path):
    run("-o", "a.html", "--json", "a.json")
    assert json.loads(Path("a.json").read_text(encoding="utf-8"))["title"]["zh"].startswith("阿里云")


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (Debian package chromium; .ci/run installs it)")
def test_a_long_url_and_a_long_word_wrap_on_a_phone(with_model: Path, in_tmp: Path, tmp_path: Path):
    """A 400-character URL and a 300-letter word made the page 4 106 px wide on a 500 px
    screen; they wrap now (the width a browser lays the page out at is the screen's)."""
    url = "https://example.com/" + "a" * 400
    Path("article.txt").write_text(f"标题\n详见{url}。\n这个词很长：{'x' * 300}。\n", encoding="utf-8")
    run("-o", "a.html")
    page = Path("a.html").read_text(encoding="utf-8").replace(
        "</body>", "<script>document.body.setAttribute('data-width', document.documentElement.scrollWidth)</script></body>")
    Path("measured.html").write_text(page, encoding="utf-8")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
             "--window-size=500,900"]
    dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", (in_tmp / "measured.html").as_uri()], capture_output=True, text=True, timeout=120).stdout
    width = int(re.search(r'data-width="(\d+)"', dom).group(1))
    assert width <= 520, width


def test_learner_lines_never_break_inside_a_latin_word_or_an_emoji_sequence():
    from pipeline.write.rows import joined_words

    pieces = [("他", "他"), ("用", "用"), ("GPT", "GPT"), ("-", "-"), ("4", "4"), ("和", "和"),
              ("👨", "👨"), ("\u200d", "\u200d"), ("👩", "👩"), ("\u200d", "\u200d"), ("👧", "👧"), ("。", "。")]
    assert joined_words(pieces, "|") == "他|用|GPT-4|和|👨\u200d👩\u200d👧。"



def test_a_zero_width_joiner_inside_an_emoji_survives_the_normalizer():
    """The normalizer removes zero-width marks (they hide names from the glossary), but the one
    between two pictographs makes one emoji of them: without it a family is four faces."""
    from pipeline.normalize.markup import remove_control_characters

    family = "👨\u200d👩\u200d👧\u200d👦"
    assert remove_control_characters(f"王\u200d坚和{family}🇨🇳。", 1)[0] == f"王坚和{family}🇨🇳。"
