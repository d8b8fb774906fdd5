"""`glossary suggest`: the entries a translator would make, found by evidence, with targets
where they can be known; measured on the example against the shipped glossary."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from pipeline.edition import prepare
from pipeline.glossary.loading import load_glossary
from pipeline.glossary.model import EMPTY_GLOSSARY
from pipeline.glossary.suggest import name_pinyin, suggest
from pipeline.read.formats import read_document
from tests.conftest import EXAMPLE, ROOT, invoke

SHIPPED = load_glossary(ROOT / "glossary" / "glossary.csv")


@pytest.fixture(scope="module")
def example_suggestions():
    return suggest([prepare(read_document(EXAMPLE))], EMPTY_GLOSSARY)


def test_on_the_example_with_an_empty_glossary_most_shipped_entries_come_back_with_little_noise(example_suggestions):
    expected = {e.source: e for e in SHIPPED.entries}
    got = {s.entry.source: s.entry for s in example_suggestions}
    recovered = set(expected) & set(got)
    assert len(recovered) >= 0.85 * len(expected), sorted(set(expected) - recovered)
    assert len(got) <= 3 * len(expected)
    for source in recovered:  # a target we give is the translator's, or empty for them to give
        assert got[source].target in ("", expected[source].target), (source, got[source].target)
    assert got["王坚"].target == "Wang Jian" and got["王坚"].kind == "name"
    assert got["Mistral AI"].kind == "keep" and got["GPT-4"].target == "GPT-4"
    assert got["谷歌"].target == "Google" and "CC-CEDICT" in got["谷歌"].note
    assert got["南都"].note.startswith("short form of 南方都市报")


def test_each_suggestion_says_how_often_and_where(example_suggestions):
    first = example_suggestions[0]
    assert first.entry.source == "王坚" and first.count == 17
    assert "17×" in first.entry.note and "…" in first.entry.note and "speaker" in first.entry.note
    scores = [s.score for s in example_suggestions]
    assert scores == sorted(scores, reverse=True)


def test_what_the_glossary_holds_is_not_suggested_again():
    held = suggest([prepare(read_document(EXAMPLE), SHIPPED)], SHIPPED)
    spellings = {s for e in SHIPPED.entries for s in e.spellings}
    assert not {s.entry.source for s in held} & spellings


@pytest.mark.parametrize("name, pinyin", [
    ("王坚", "Wang Jian"), ("欧阳修", "Ouyang Xiu"), ("曾国藩", "Zeng Guofan"), ("单田芳", "Shan Tianfang"),
    ("汪曾祺", "Wang Zengqi"), ("张恩爱", "Zhang En'ai"), ("吕布", "Lü Bu"), ("李小龙", "Li Xiaolong"),
])
def test_person_names_are_hanyu_pinyin_surname_first(name: str, pinyin: str):
    assert name_pinyin(name) == pinyin


def test_titles_foreign_names_and_everyday_words(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_text("陈先生表示，这家店开了三十年。李女士说，安德鲁也来过。\n这段时间，商家表示生意不错。一篇白皮书发布了。\n", encoding="utf-8")
    got = {s.entry.source: s.entry for s in suggest([prepare(read_document(path))], EMPTY_GLOSSARY)}
    assert got["陈先生"].target == "Mr Chen" and got["李女士"].target == "Ms Li"
    assert "安德鲁" not in got or got["安德鲁"].target == ""  # a transliteration: pinyin would be wrong
    assert not {"段时间", "商家", "白皮书"} & set(got)


def test_the_command_prints_rows_glossary_check_accepts_and_appends_them(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    empty = tmp_path / "empty.csv"
    empty.write_text("source,target,aliases,kind,case,note\n", encoding="utf-8")
    printed = invoke("glossary", "suggest", str(EXAMPLE), "--glossary", str(empty))
    assert printed.exit_code == 0, printed.output
    rows = list(csv.reader(io.StringIO(printed.stdout)))
    assert rows[0] == ["source", "target", "aliases", "kind", "case", "note"] and rows[1][:2] == ["王坚", "Wang Jian"]
    appended = invoke("glossary", "suggest", str(EXAMPLE), "--glossary", str(empty), "-o", "mine.csv")
    assert appended.exit_code == 0 and "added" in appended.output
    checked = invoke("glossary", "check", "mine.csv")
    assert checked.exit_code == 0 and "warning: no target for" in checked.output and " 0 errors" in checked.output
    again = invoke("glossary", "suggest", str(EXAMPLE), "--glossary", "mine.csv", "-o", "mine.csv")
    assert again.exit_code == 0 and "added 0 suggested rows" in again.output


def test_a_folder_gives_one_list_with_counts_per_article(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("王坚表示，阿里云很重要。王坚说，Sora不错。\n", encoding="utf-8")
    (folder / "b.txt").write_text("王坚认为，模型还要发展。OpenAI和Sora都有进展。\n", encoding="utf-8")
    result = invoke("glossary", "suggest", str(folder), "--glossary", str(ROOT / "tests" / "data" / "no-such.csv"))
    assert result.exit_code != 0  # a glossary named and missing is an error, not an empty list
    empty = tmp_path / "empty.csv"
    empty.write_text("source,target,aliases,kind,case,note\n", encoding="utf-8")
    result = invoke("glossary", "suggest", str(folder), "--glossary", str(empty))
    rows = {row[0]: row for row in csv.reader(io.StringIO(result.stdout))}
    assert "a.txt 2×" in rows["王坚"][5] and "b.txt 1×" in rows["王坚"][5]
    assert "a.txt 1×" in rows["Sora"][5] and "b.txt 1×" in rows["Sora"][5]
