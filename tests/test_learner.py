"""The learner edition: pinyin over every word (ruby, one per word), readings that follow
their word, Hanyu Pinyin orthography, the glossary's readings, the article's vocabulary as a
table, TSV and an Anki deck, and the JSON's words."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import docx
import pytest

from pipeline.document import Document, Paragraph, Sentence
from pipeline.learn.reading import read_words, reading
from tests.conftest import EXAMPLE, ROOT, invoke

GLOSSARY = ROOT / "glossary" / "glossary.csv"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def folder(with_model: Path, in_tmp: Path) -> Path:
    shutil.copy(EXAMPLE, in_tmp / "article.txt")
    return in_tmp


@pytest.mark.parametrize(
    "word, proper, style, expected",
    [("重庆", True, "marks", "Chóngqìng"), ("银行", False, "marks", "yínháng"), ("长大", False, "marks", "zhǎngdà"),
     ("了解", False, "marks", "liǎojiě"), ("了", False, "marks", "le"), ("西安", True, "marks", "Xī'ān"),
     ("长大", False, "numbers", "zhang3da4"), ("了解", False, "zhuyin", "ㄌㄧㄠˇ ㄐㄧㄝˇ")],
)
def test_a_reading_follows_its_word(word: str, proper: bool, style: str, expected: str):
    assert reading(word, style, proper=proper) == expected


def document(text: str) -> Document:
    return Document("x.txt", (text,), paragraphs=(Paragraph("p2", "body", text, 2, sentences=(Sentence("p2.s1", text),)),))


def test_words_cover_the_sentence_and_latin_or_numbers_have_no_reading():
    words = read_words(document("他在重庆银行工作了3年，用GPT-4。")).sentences[0].words
    assert "".join(w for w, _ in words) == "他在重庆银行工作了3年，用GPT-4。"
    readings = dict(words)
    assert readings["重庆"] == "Chóngqìng" and readings["银行"] == "yínháng" and readings["了"] == "le"
    assert readings["3"] == "" and readings["GPT"] == "" and readings["，"] == ""


def test_glossary_names_stay_whole_and_its_readings_win(tmp_path: Path):
    from pipeline.edition import prepare
    from pipeline.glossary.loading import load_glossary

    path = tmp_path / "g.csv"
    path.write_text("source,target,aliases,kind,case,note,pinyin\n王坚,Wang Jian,,name,,,\n阿里云,Alibaba Cloud,,org,,,Ālǐ Yún\n",
                    encoding="utf-8")
    prepared = prepare(Document("x.txt", ("标题", "阿里云创始人王坚说了很多。")), load_glossary(path))
    words = dict(read_words(prepared).sentences[1].words)
    assert words["王坚"] == "Wáng Jiān" and words["阿里云"] == "Ālǐ Yún"


def test_the_learner_docx_has_one_ruby_per_word_and_review_import_ignores_the_readings(folder: Path):
    result = invoke("run", "article.txt", "--layout", "learner", "-o", "l.docx", "--json", "l.json", "--glossary", GLOSSARY, "--no-cache", "-q")
    assert result.exit_code == 0, result.output
    xml = zipfile.ZipFile("l.docx").read("word/document.xml").decode("utf-8")
    assert xml.count("<w:ruby>") > 500 and "<w:rt>" in xml
    data = json.loads(Path("l.json").read_text(encoding="utf-8"))
    words = data["segments"][1]["sentences"][0]["words"]
    assert ["创始人", "chuàngshǐrén"] in words and ["12", ""] in words
    from pipeline.write.docx.review import read_review

    rows = {r.id: r for r in read_review(Path("l.docx")).rows}
    assert rows["p2"].zh == data["segments"][1]["zh"]  # the key never includes pinyin
    assert "Vocabulary" in "\n".join(p.text for p in docx.Document("l.docx").paragraphs)


def test_the_learner_page_and_its_vocabulary_files(folder: Path):
    result = invoke("run", "article.txt", "--layout", "learner", "-o", "l.html", "--glossary", GLOSSARY, "--no-cache", "-q",
                    "--vocab-level", "HSK6")
    assert result.exit_code == 0, result.output
    page = Path("l.html").read_text(encoding="utf-8")
    assert "<ruby>创始人<rt>chuàngshǐrén</rt></ruby>" in page  # a word, not a character
    tsv = Path("l.tsv").read_text(encoding="utf-8").splitlines()
    assert tsv[0] == "word\tpinyin\tgloss\tlevel (HSK 3.0, GF 0025-2021)\tcount\tsentence"
    rows = {line.split("\t")[0]: line.split("\t") for line in tsv[1:]}
    assert rows["王坚"][2] == "Wang Jian"  # a glossary term takes the glossary's English
    assert all(r[3] in ("6", "7-9", "—") for r in rows.values())  # HSK6 and above only
    with zipfile.ZipFile("l.apkg") as deck:
        assert any(name.startswith("collection.anki2") for name in deck.namelist())


def test_the_learner_options_work_in_batch(folder: Path):
    Path("in").mkdir()
    shutil.copy(EXAMPLE, "in/a.txt")
    result = invoke("batch", "in", "-o", "out", "--layout", "learner", "--pinyin", "numbers", "--format", "html", "--no-cache", "-q")
    assert result.exit_code == 0, result.output
    assert "<rt>chuang4shi3ren2</rt>" in Path("out/a.html").read_text(encoding="utf-8")
    assert Path("out/a.tsv").is_file() and Path("out/a.apkg").is_file()


def test_learner_html_breaks_lines_between_words_never_before_a_comma():
    """Each word stays whole with its reading (a name split across lines left its reading over
    the English column); lines break between words, not before a comma or after a quote."""
    from pipeline.write.rows import joined_words

    pieces = [("他", "<r>他</r>"), ("说", "<r>说</r>"), ("，", "，"), ("“", "“"), ("好", "<r>好</r>"), ("”", "”")]
    assert joined_words(pieces, "|") == "<r>他</r>|<r>说</r>，|“<r>好</r>”"



# --- what learners ask for: tone colours, a pinyin line, Anki's fields, known words --------------

def test_tone_colours_in_the_page_the_epub_and_the_docx(folder: Path):
    """Each syllable and its character in the colour of the tone, Pleco's scheme: 创 chuàng
    (4, purple) 始 shǐ (3, blue) 人 rén (2, green); in the page, the EPUB and the DOCX."""
    args = ("run", "article.txt", "--layout", "learner", "--glossary", GLOSSARY, "--no-cache", "-q", "--tone-colors", "pleco", "--force")
    assert invoke(*args, "-o", "c.html").exit_code == 0
    page = Path("c.html").read_text(encoding="utf-8")
    assert ('<ruby><span style="color:#8900BF">创</span><span style="color:#1510F0">始</span><span style="color:#02B31C">人</span>'
            '<rt><span style="color:#8900BF">chuàng</span><span style="color:#1510F0">shǐ</span><span style="color:#02B31C">rén</span></rt></ruby>') in page
    assert "Levels: HSK 3.0" in page and "GF 0025-2021" in page
    assert invoke(*args, "-o", "c.epub").exit_code == 0
    chapter = zipfile.ZipFile("c.epub").read("OEBPS/article-0001.xhtml").decode("utf-8")
    assert '<span style="color:#8900BF">chuàng</span>' in chapter
    assert invoke(*args, "-o", "c.docx").exit_code == 0
    xml = zipfile.ZipFile("c.docx").read("word/document.xml").decode("utf-8")
    assert '<w:color w:val="8900BF"/>' in xml and '<w:color w:val="02B31C"/>' in xml


def test_hanping_colours_and_none():
    from pipeline.learn.tones import colour, coloured

    assert [colour("hanping", s) for s in ("mā", "má", "mǎ", "mà", "ma")] == ["2C7BD6", "2E9E3A", "E08A00", "D62020", "808080"]
    assert coloured("一会儿", "yīhuìr", "pleco")[0] == [("一会儿", "")]  # erhua: characters left uncoloured
    assert coloured("银行", "yínháng", "none") == ([("银", ""), ("行", "")], [("yín", ""), ("háng", "")])


def test_a_pinyin_line_above_each_sentence_for_e_readers_without_ruby(folder: Path):
    result = invoke("run", "article.txt", "--layout", "learner", "-o", "l.epub", "--glossary", GLOSSARY, "--no-cache", "-q",
                    "--ruby", "line")
    assert result.exit_code == 0, result.output
    chapter = zipfile.ZipFile("l.epub").read("OEBPS/article-0001.xhtml").decode("utf-8")
    assert "<ruby>" not in chapter and '<p class="pinyin"' in chapter
    assert "chuàngshǐrén" in chapter and "创始人" in chapter


def test_bad_learner_options_are_one_line(folder: Path):
    for args, message in ((("--tone-colors", "rainbow"), "--tone-colors 'rainbow'"), (("--ruby", "above"), "--ruby 'above'"),
                          (("--known", "missing.txt"), "missing.txt")):
        result = invoke("run", "article.txt", "--layout", "learner", "--no-cache", *args)
        assert result.exit_code in (1, 64) and message in result.output and len(result.output.strip().splitlines()) == 1, result.output


def test_known_words_are_left_out_of_the_vocabulary(folder: Path):
    Path("known.txt").write_text("# words I know\n创始人\n阿里雲\n\n", encoding="utf-8")
    args = ("run", "article.txt", "--layout", "learner", "-o", "k.html", "--glossary", GLOSSARY, "--no-cache", "-q", "--vocab-level", "HSK1")
    assert invoke(*args).exit_code == 0
    before = {line.split("\t")[0] for line in Path("k.tsv").read_text(encoding="utf-8").splitlines()[1:]}
    assert invoke(*args, "--known", "known.txt", "--force").exit_code == 0
    after = {line.split("\t")[0] for line in Path("k.tsv").read_text(encoding="utf-8").splitlines()[1:]}
    assert "创始人" in before and before - after == {"创始人", "阿里云"} & before


def test_the_anki_notes_have_learners_fields_and_ids_that_update_on_import(folder: Path):
    import sqlite3

    args = ("run", "article.txt", "--layout", "learner", "-o", "a.html", "--glossary", GLOSSARY, "--no-cache", "-q")
    assert invoke(*args).exit_code == 0

    def notes(deck: str) -> dict[str, tuple[str, int]]:
        with zipfile.ZipFile(deck) as z:
            Path("collection.anki2").write_bytes(z.read("collection.anki2"))
        with sqlite3.connect("collection.anki2") as db:
            models = json.loads(db.execute("select models from col").fetchone()[0])
            fields = [f["name"] for f in next(iter(models.values()))["flds"]]
            assert fields == ["Hanzi", "Pinyin", "English", "Sentence", "Sentence English", "HSK"]
            return {row[0].split("\x1f")[0]: (row[1], row[2]) for row in db.execute("select flds, guid, mid from notes")}

    first = notes("a.apkg")
    Path("b.txt").write_text(Path("article.txt").read_text(encoding="utf-8"), encoding="utf-8")
    assert invoke("run", "b.txt", "--layout", "learner", "-o", "b.html", "--glossary", GLOSSARY, "--no-cache", "-q").exit_code == 0
    second = notes("b.apkg")
    assert first and first == second  # the same words: the same note ids and note type, whatever the deck


def test_a_default_learner_run_refreshes_its_own_vocabulary_files(folder: Path):
    """Run again at the default place: the edition, its TSV and its deck are refreshed (they
    blocked the re-run with `already exists`); a TSV the user rewrote is not."""
    args = ("run", "article.txt", "--layout", "learner", "--format", "html", "--no-cache", "-q")
    assert invoke(*args).exit_code == 0
    assert invoke(*args).exit_code == 0, "a re-run refreshes what it wrote"
    Path("output/article.tsv").write_text("my own notes\n", encoding="utf-8")
    result = invoke(*args)
    assert result.exit_code != 0 and "article.tsv: already exists" in result.output
