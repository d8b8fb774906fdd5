"""One name, one rendering: a repeated name the glossary lacks, rendered two ways by a
reviewer whose English came back through `review import`, is flagged in QA, the summary,
the JSON and the review layout's Comment column, and `glossary suggest --from-run` offers
the majority as a row."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import docx

from pipeline.consistency import _aligned_words, _name_in
from tests.conftest import invoke
from tests.test_review import rewrite

ARTICLE = ("新能源汽车公司的新计划\n李明表示，公司今年会推出三款新车。\n记者问李明，价格会不会下降。\n李明认为，电池成本还在下降。\n"
           "李明说，明年还会扩大产能。\n")
EMPTY = "source,target,aliases,kind,case,note\n"


def test_a_name_rendered_two_ways_by_a_reviewer_is_flagged_and_offered_as_a_row(with_model: Path, in_tmp: Path):
    Path("article.txt").write_text(ARTICLE, encoding="utf-8")
    Path("empty.csv").write_text(EMPTY, encoding="utf-8")
    common = ("--glossary", "empty.csv", "--cache", "tm.sqlite", "--layout", "review", "--align", "sentence", "--force")
    assert invoke("run", "article.txt", "-o", "out.docx", *common).exit_code == 0
    edited = docx.Document("out.docx")
    rows = [r for r in edited.tables[0].rows[1:] if "李明" in r.cells[2].text or "李明" in r.cells[1].text]
    assert len(rows) == 4
    for row, english in zip(rows, ["Li Ming said the company will launch three new cars this year.",
                                   "A reporter asked Li Ming whether prices would fall.",
                                   "Ming Li believes battery costs are still falling.",
                                   "Li Ming said capacity will grow next year."]):
        rewrite(row.cells[3], english)
    edited.save("edited.docx")
    assert invoke("review", "import", "edited.docx", "--cache", "tm.sqlite").exit_code == 0

    second = invoke("run", "article.txt", "-o", "again.docx", "--json", "again.json", *common)
    assert second.exit_code == 0, second.output
    assert "qa: 李明 rendered 2 ways: “Li Ming” 3×, “Ming Li” 1×" in second.output
    data = json.loads(Path("again.json").read_text(encoding="utf-8"))
    assert {"source": "李明", "renderings": [{"text": "Li Ming", "count": 3}, {"text": "Ming Li", "count": 1}]} in data["consistency"]
    flagged = [s for seg in data["segments"] for s in seg["sentences"] if any(f.startswith("rendered") for f in s["flags"])]
    assert [s["en"] for s in flagged] == ["Ming Li believes battery costs are still falling."]
    assert flagged[0]["flags"][-1] == "rendered: 李明 as “Ming Li” (elsewhere “Li Ming” 3×)"
    comments = [r.cells[-1].text for r in docx.Document("again.docx").tables[0].rows[1:]]
    assert any("李明 as “Ming Li”" in c for c in comments)

    offered = invoke("glossary", "suggest", "--from-run", "again.json")
    rows = list(csv.reader(io.StringIO(offered.stdout)))
    assert rows[1][:4] == ["李明", "Li Ming", "", "name"] and "rendered 2 ways" in rows[1][5]


def test_a_name_is_found_whatever_the_order_of_its_parts_and_other_terms_by_alignment():
    assert _name_in("Then Jian Wang spoke.", "Wang Jian") == "Jian Wang"
    assert _name_in("Wang said so.", "Wang Jian") == "Wang"
    assert _name_in("Nobody said so.", "Wang Jian") == ""
    english = "the computing power grows"
    assert _aligned_words(english, ((4, 9, 0), (10, 15, 1), (16, 21, 5)), 0, 2) == "computing power"
