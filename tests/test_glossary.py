"""Loading the glossary CSV and finding its terms."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import GlossaryError
from pipeline.glossary.loading import load_glossary
from pipeline.glossary.model import Glossary, GlossaryEntry
from pipeline.glossary.matcher import find_in_text
from tests.conftest import ROOT

HEADER = "source,target,aliases,kind,case,note\n"


def write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "g.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_shipped_glossary_loads_with_the_required_entries():
    glossary = load_glossary(ROOT / "glossary" / "glossary.csv")
    targets = {e.source: e.rendering for e in glossary.entries}
    for source, target in {"王坚": "Wang Jian", "阿里云": "Alibaba Cloud", "南都": "Southern Metropolis Daily",
                           "Sora": "Sora", "英伟达": "NVIDIA", "算力": "computing power"}.items():
        assert targets[source] == target
    assert len(glossary.sha256) == 64


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030"])
def test_glossary_is_read_in_the_encodings_spreadsheets_save(tmp_path, encoding):
    glossary = load_glossary(write(tmp_path, HEADER + "王坚,Wang Jian,,name,,\n", encoding))
    assert glossary.entries[0].source == "王坚"


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "no header"),
        ("source\ttarget\n王坚\tWang Jian\n", "separated by tab"),
        ("a,b\n", "not a glossary CSV"),
        (HEADER + "王坚,Wang Jian,,person,,\n", "line 2: unknown kind 'person'"),
        (HEADER + ",Wang Jian,,name,,\n", "line 2: empty source"),
    ],
)
def test_broken_glossaries_are_refused_with_the_line(tmp_path, text, message):
    with pytest.raises(GlossaryError, match=message):
        load_glossary(write(tmp_path, text))


def test_missing_glossary_names_the_file(tmp_path):
    with pytest.raises(GlossaryError, match="no such glossary file"):
        load_glossary(tmp_path / "nope.csv")


def test_matching_is_leftmost_longest_and_latin_terms_match_whole_words():
    glossary = Glossary((GlossaryEntry("南都", "SMD"), GlossaryEntry("南方都市报", "SMD"), GlossaryEntry("GPT-4", "GPT-4", kind="keep")))
    hits = find_in_text("南方都市报说GPT-4和GPT-40不同，南都", glossary)
    assert [(h.text, h.start) for h in hits] == [("南方都市报", 0), ("GPT-4", 6), ("南都", 21)]


def test_regex_metacharacters_in_terms_are_literal():
    glossary = Glossary((GlossaryEntry("C++", "C++", kind="keep"), GlossaryEntry("a.b", "A.B")))
    assert [h.text for h in find_in_text("用C++和axb以及a.b", glossary)] == ["C++", "a.b"]


def test_aliases_and_case_insensitive_entries_match():
    glossary = Glossary((GlossaryEntry("王坚", "Wang Jian", aliases=("王堅",)), GlossaryEntry("sora", "Sora", case_sensitive=False)))
    assert [(h.source, h.text) for h in find_in_text("王堅谈SORA", glossary)] == [("王坚", "王堅"), ("sora", "SORA")]


def test_control_and_bidi_characters_in_a_glossary_cell_are_removed_with_a_warning(tmp_path):
    """A target is text that reaches every edition: a control character made the EPUB invalid
    XML, an override reversed the line. Cleaned where the glossary is read, and said."""
    from pipeline.glossary.loading import check_glossary

    path = tmp_path / "g.csv"
    glossary, problems = check_glossary("source,target\n国家统计局,National\x01 Bureau\u202e of Statistics\n", path)
    assert glossary.entries[0].target == "National Bureau of Statistics"
    assert (2, "warning", "control or bidi-override characters removed") in [(p.line, p.level, p.message) for p in problems]


def test_a_row_without_a_target_is_a_suggestion_skipped_and_counted(tmp_path):
    """`glossary suggest` leaves the target empty where it cannot know it; such a row is not
    an entry until the translator fills it in, and a run says how many it skipped."""
    from pipeline.glossary.loading import glossary_line

    glossary = load_glossary(write(tmp_path, HEADER + "王坚,Wang Jian,,name,,\n美国商务部,,,org,,a suggestion\n"))
    assert [e.source for e in glossary.entries] == ["王坚"] and glossary.waiting == ("美国商务部",)
    assert glossary_line(glossary).endswith("(1 entries; 1 rows without a target skipped)")
