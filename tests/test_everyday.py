"""Everyday use as a newcomer meets it: where the command and the glossary are, what each
count counts, and errors that say what to do."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, ROOT, invoke

BIN = Path(sys.executable).parent / "bilingual"


@pytest.fixture
def article(in_tmp: Path) -> Path:
    shutil.copy(EXAMPLE, in_tmp / "article.txt")
    return in_tmp / "article.txt"


def test_hints_name_the_command_as_this_user_can_type_it(in_tmp: Path, without_model: Path):
    shutil.copy(EXAMPLE, in_tmp / "article.txt")
    env = {**os.environ, "PATH": "/usr/bin:/bin"}  # .venv/bin is not on PATH: only `make` was run
    done = subprocess.run([str(BIN), "run", "article.txt"], cwd=in_tmp, env=env, capture_output=True, text=True)
    assert done.returncode == 2
    assert f"install it with `{BIN} models install`" in done.stderr


def test_a_run_names_its_glossary_or_says_how_to_give_one(with_model: Path, article: Path, monkeypatch):
    none = invoke("run", "article.txt", "--no-cache")
    assert none.exit_code == 0
    assert "glossary: none — pass --glossary FILE, set BILINGUAL_GLOSSARY, or put one at ./glossary/glossary.csv or" in none.output
    monkeypatch.setenv("BILINGUAL_GLOSSARY", str(ROOT / "glossary" / "glossary.csv"))
    named = invoke("run", "article.txt", "--no-cache")
    assert f"glossary: {ROOT / 'glossary' / 'glossary.csv'} (21 entries): 57 occurrences in the text" in named.output
    assert "26 as speaker labels" in named.output


def test_the_users_glossary_lives_in_the_config_folder(with_model: Path, article: Path, monkeypatch, tmp_path: Path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    added = invoke("glossary", "add", "王坚", "Wang Jian", "--kind", "name")
    mine = tmp_path / "config" / "bilingual-edition" / "glossary.csv"
    assert added.exit_code == 0 and f"to {mine}" in added.output and mine.is_file()
    used = invoke("run", "article.txt", "--no-cache")
    assert f"glossary: {mine} (1 entries)" in used.output


def test_glossary_hits_without_a_glossary_is_an_error(article: Path):
    result = invoke("glossary", "hits", "article.txt")
    assert result.exit_code == 1 and result.output.startswith("error: no glossary to look for — pass --glossary FILE")


def test_hits_and_run_count_the_same_things(with_model: Path, article: Path):
    glossary = ROOT / "glossary" / "glossary.csv"
    hits = invoke("glossary", "hits", "article.txt", "--glossary", glossary)
    assert "21 of them occur, 83 times (57 in the text, 26 as speaker labels)" in hits.output
    run = invoke("run", "article.txt", "--glossary", glossary, "--no-cache")
    assert "57 occurrences in the text" in run.output and "26 as speaker labels" in run.output


@pytest.mark.parametrize(
    "args, message, hint",
    [
        (("normalize", "missing.txt"), "missing.txt: no such file", "check the name and the folder"),
        (("normalize", "article.txt", "--encoding", "klingon"), "unknown encoding 'klingon'", "give a codec name such as utf-8"),
        (("normalize", "article.txt", "--encoding", "ascii"), "is not valid ascii (byte 0)", "leave out --encoding"),
    ],
)
def test_errors_say_what_to_do(article: Path, args, message, hint):
    result = invoke(*args)
    assert result.exit_code == 1 and message in result.output and f" — {hint}" in result.output


def test_a_tab_separated_glossary_is_answered_with_the_import_command(article: Path):
    Path("terms.tsv").write_text("王坚\tWang Jian\n", encoding="utf-8")
    result = invoke("glossary", "hits", "article.txt", "--glossary", "terms.tsv")
    assert result.exit_code == 1 and "columns are separated by tab" in result.output
    assert "converted by `bilingual glossary import terms.tsv --from omegat`" in result.output


def test_the_metadata_line_counts_the_title_with_the_paragraphs(with_model: Path, article: Path):
    import docx

    assert invoke("run", "article.txt", "--no-cache", "-o", "a.docx").exit_code == 0
    edition = docx.Document("a.docx")
    meta = edition.paragraphs[2].text
    assert "30 paragraphs (the title and No. 2–30), 94 sentences" in meta
    first_row = edition.tables[0].rows[1].cells
    assert first_row[0].text == "2"  # No. 2 is p2, the first paragraph after the title
