"""The review round-trip: run → a reviewer edits the English in Word → review import →
run again keeps the reviewer's English."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from pipeline.write.docx.review import read_review
from tests.conftest import EXAMPLE, ROOT, invoke

GLOSSARY = str(ROOT / "glossary" / "glossary.csv")




def run_edition(folder: Path, *extra: str) -> dict:
    result = invoke("run", "article.txt", "--glossary", GLOSSARY, "--cache", "tm.sqlite", "-o", "out.docx",
                    "--json", "out.json", "--force", *extra)
    assert result.exit_code == 0, result.output
    return json.loads((folder / "out.json").read_text(encoding="utf-8"))


def english_cell(document, row: int):
    table = document.tables[0]
    column = next(i for i, c in enumerate(table.rows[0].cells) if "English" in c.text)
    return table.rows[row].cells[column]


def rewrite(cell, text: str) -> None:
    """What a reviewer does in Word: replace the English, keep the bold speaker label."""
    paragraph = cell.paragraphs[0]
    runs = paragraph.runs
    keep = 1 if runs and runs[0].bold and runs[0].text.endswith(": ") else 0
    for run in runs[keep:]:
        run._r.getparent().remove(run._r)
    paragraph.add_run(text)


def rewrite_paragraph(paragraph, text: str) -> None:
    """Replace a paragraph's text as Word does: the runs change, the bookmark stays."""
    for run in paragraph.runs:
        run._r.getparent().remove(run._r)
    paragraph.add_run(text)


@pytest.fixture
def folder(with_model, in_tmp) -> Path:
    shutil.copy(EXAMPLE, in_tmp / "article.txt")
    return in_tmp


def test_reviewed_rows_survive_the_next_run(folder):
    first = run_edition(folder)
    edited = docx.Document(str(folder / "out.docx"))
    rewrite(english_cell(edited, 5), "Wang Jian: a reviewer's better sentence.")  # p6, a turn
    rewrite(english_cell(edited, 2), "Moreover, Wang Jian thinks Sora matters a great deal.")  # p3, lead
    edited.add_comment(english_cell(edited, 2).paragraphs[0].runs[-1], text="check the tone", author="Li Hua")
    edited.save(str(folder / "edited.docx"))

    result = invoke("review", "import", "edited.docx", "--cache", "tm.sqlite")
    assert result.exit_code == 0, result.output
    assert "p6\tchanged\tWang Jian: a reviewer's better sentence." in result.output
    assert "p3\tchanged\tMoreover, Wang Jian thinks Sora matters a great deal." in result.output
    assert "p3\tnote\tLi Hua: check the tone" in result.output
    assert "2 of 30 texts changed (the title and 29 rows)" in result.output

    second = run_edition(folder)
    by_id = {s["id"]: s for s in second["segments"]}
    assert by_id["p6"]["en"] == "Wang Jian: a reviewer's better sentence."
    assert by_id["p3"]["en"] == "Moreover, Wang Jian thinks Sora matters a great deal."
    assert all(s["origin"] == "human" for s in by_id["p3"]["sentences"])
    unchanged = [s for s in first["segments"] if s["id"] not in ("p3", "p6")]
    assert [by_id[s["id"]]["en"] for s in unchanged] == [s["en"] for s in unchanged]


def test_review_layout_round_trips_per_sentence(folder):
    run_edition(folder, "--layout", "review")
    edited = docx.Document(str(folder / "out.docx"))
    table = edited.tables[0]
    row = next(r for r in table.rows[1:] if r.cells[0].text == "p2.s2")
    rewrite(row.cells[3], "The reviewer's version of this sentence.")
    row.cells[4].paragraphs[0].runs[0].text = "fixed the register"
    edited.save(str(folder / "edited.docx"))
    result = invoke("review", "import", "edited.docx", "--cache", "tm.sqlite")
    assert "p2.s2\tchanged\tThe reviewer's version of this sentence." in result.output
    assert "p2.s2\tnote\tfixed the register" in result.output
    second = run_edition(folder, "--layout", "review")
    sentence = next(s for seg in second["segments"] for s in seg["sentences"] if s["id"] == "p2.s2")
    assert sentence["en"] == "The reviewer's version of this sentence." and sentence["origin"] == "human"


def _tracked_change(cell, deleted: str, inserted: str) -> None:
    """Replace the cell's English with tracked changes, as Word records them."""
    paragraph = cell.paragraphs[0]
    for run in paragraph.runs:
        run._r.getparent().remove(run._r)
    for tag, text_tag, text in (("w:del", "w:delText", deleted), ("w:ins", "w:t", inserted)):
        change = OxmlElement(tag)
        change.set(qn("w:id"), "901" if tag == "w:del" else "902")
        change.set(qn("w:author"), "Reviewer")
        run = OxmlElement("w:r")
        node = OxmlElement(text_tag)
        node.text = text
        run.append(node)
        change.append(run)
        paragraph._p.append(change)


def test_tracked_changes_are_read_with_insertions_accepted_and_deletions_removed(folder):
    run_edition(folder)
    edited = docx.Document(str(folder / "out.docx"))
    cell = english_cell(edited, 3)  # p4
    _tracked_change(cell, deleted=cell.text, inserted="The following is the conversation:")
    assert cell.paragraphs[0].text == ""  # what python-docx alone would read
    edited.save(str(folder / "edited.docx"))
    report = read_review(folder / "edited.docx")
    row = next(r for r in report.rows if r.id == "p4")
    assert row.changed and row.en == "The following is the conversation:"


def test_broken_rows_are_reported_not_guessed(folder):
    run_edition(folder)
    edited = docx.Document(str(folder / "out.docx"))
    table = edited.tables[0]
    merged = table.rows[4].cells
    merged[0].merge(merged[1])  # two cells merged
    table._tbl.remove(table.rows[7]._tr)  # a row deleted
    edited.save(str(folder / "edited.docx"))
    report = read_review(folder / "edited.docx")
    assert "the row after No. 4: 2 cells instead of 3 (merged or split); not read" in report.broken
    assert "1 row(s) deleted from the table (the edition had 29)" in report.broken
    assert len(report.broken) == 2
    assert len(report.rows) == 28 and not report.changed  # 27 rows and the title


def test_a_retyped_english_cell_is_one_problem_named_by_its_number(folder):
    run_edition(folder)
    edited = docx.Document(str(folder / "out.docx"))
    cell = edited.tables[0].rows[3].cells[2]  # No. 4
    for paragraph in cell.paragraphs:
        paragraph._p.getparent().remove(paragraph._p)
    cell.add_paragraph("Retyped from scratch.")
    edited.save(str(folder / "edited.docx"))
    report = read_review(folder / "edited.docx")
    assert report.broken == ["row No. 4: its bookmark was lost (the English cell retyped or pasted over, or a row added); not read"]


def test_the_title_and_speaker_labels_are_reviewable(folder):
    run_edition(folder)
    edited = docx.Document(str(folder / "out.docx"))
    title_english = edited.paragraphs[1]
    rewrite_paragraph(title_english, "Wang Jian on Sora")
    label_cell = edited.tables[0].rows[4].cells[2]  # No. 5, a turn opening with a bold label
    label_cell.paragraphs[0].runs[0].text = "SMD: "
    edited.save(str(folder / "edited.docx"))
    report = read_review(folder / "edited.docx")
    title = next(r for r in report.rows if r.id == "p1")
    assert title.changed and title.en == "Wang Jian on Sora"
    assert any(b.startswith("row No. 5: the speaker label's English was changed to 'SMD:'; ignored") for b in report.broken)
    result = invoke("review", "import", "edited.docx", "--cache", "tm.sqlite")
    assert "p1\tchanged\tWang Jian on Sora" in result.output
    again = invoke("run", "article.txt", "--glossary", GLOSSARY, "--cache", "tm.sqlite", "--json", "again.json", "-o", "again.docx")
    assert again.exit_code == 0, again.output
    assert json.loads((folder / "again.json").read_text(encoding="utf-8"))["title"]["en"] == "Wang Jian on Sora"


def test_a_file_that_is_not_an_edition_is_refused(folder):
    docx.Document().save(str(folder / "other.docx"))
    result = invoke("review", "import", "other.docx", "--cache", "tm.sqlite")
    assert result.exit_code == 1 and "no 中文 | English table" in result.output
    (folder / "text.docx").write_text("not a zip")
    result = invoke("review", "import", "text.docx", "--cache", "tm.sqlite")
    assert result.exit_code == 1 and "is not a DOCX file" in result.output


def test_review_import_of_a_page_or_a_damaged_file_is_one_line_and_leaves_no_memory(in_tmp: Path):
    from tests.conftest import invoke

    Path("edition.html").write_text("<html><body><p>正文</p></body></html>", encoding="utf-8")
    Path("broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    for name, message in (("edition.html", "is a web page, not the DOCX a reviewer returned"), ("broken.docx", "is not a DOCX")):
        result = invoke("review", "import", name, "--cache", "memory.sqlite")
        assert result.exit_code != 0 and message in result.output and "Package not found" not in result.output, result.output
        assert len(result.output.strip().splitlines()) == 1
        assert not Path("memory.sqlite").exists()
