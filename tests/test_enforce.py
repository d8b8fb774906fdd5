"""Glossary enforcement through MT, driven by a scripted engine that keeps, mangles, drops
or duplicates the protected terms — and by the real engine on the synthetic model."""

from __future__ import annotations

import re

import pytest

from pipeline.document import Document, Paragraph
from pipeline.translate.enforce import Hypothesis, choose, enforce, protect
from pipeline.glossary.model import Glossary, GlossaryEntry
from pipeline.glossary.matcher import find_terms
from pipeline.segment import segment
from pipeline.translate.stage import translate
from tests.fake_engine import FakeEngine

GLOSSARY = Glossary(
    (
        GlossaryEntry("王坚", "Wang Jian", kind="name"),
        GlossaryEntry("阿里云", "Alibaba Cloud", kind="org"),
        GlossaryEntry("南都", "Southern Metropolis Daily", kind="org"),
        GlossaryEntry("Sora", "Sora", kind="keep"),
    )
)
ARTICLE = (
    "王坚表示，阿里云和南都都在谈Sora。",
    "南都问王坚：阿里云的Sora计划如何？",
    "王坚说，王坚自己也不知道。",
)


def prepared(lines=ARTICLE) -> Document:
    paragraphs = tuple(Paragraph(f"p{i}", "body", line, i) for i, line in enumerate(lines, start=1))
    return find_terms(segment(Document("x.txt", lines, paragraphs=paragraphs)), GLOSSARY)


def english_words(protected: str) -> str:
    """A stand-in English: the Latin parts of the protected source (the inline targets)."""
    return " ".join(re.findall(r"[A-Za-z][A-Za-z ]*[A-Za-z]|[A-Za-z]", protected)) + " said things."


BEHAVIOURS = {
    "keeps": english_words,
    "mangles": lambda s: english_words(s).replace("Wang Jian", "wang-jian").replace("Sora", "SORA"),
    "drops": lambda s: "Someone said something about a company.",
    "duplicates": lambda s: english_words(s) + " " + english_words(s),
    "renders wrongly": lambda s: english_words(s).replace("Southern Metropolis Daily", "Southern Capital"),
}


@pytest.mark.parametrize("behaviour", list(BEHAVIOURS))
def test_every_occurrence_ends_kept_or_repaired_with_the_right_count(behaviour):
    result = translate(prepared(), FakeEngine(BEHAVIOURS[behaviour]))
    for paragraph in result.paragraphs:
        assert paragraph.terms and all(t.status in ("kept", "repaired") for t in paragraph.terms)
        for sentence in paragraph.sentences:
            expected = {}
            for hit in paragraph.terms:
                if sentence.start <= hit.start < sentence.start + len(sentence.zh):
                    expected[hit.target] = expected.get(hit.target, 0) + 1
            for target, count in expected.items():
                found = len(re.findall(rf"(?<![A-Za-z]){re.escape(target)}(?![A-Za-z])", sentence.en))
                assert found == count, (behaviour, sentence.en, target)


def test_a_model_that_keeps_the_terms_leaves_them_kept():
    result = translate(prepared(), FakeEngine(BEHAVIOURS["keeps"]))
    assert {t.status for p in result.paragraphs for t in p.terms} == {"kept"}


def test_dropped_terms_are_repaired_not_reported_missing():
    result = translate(prepared(), FakeEngine(BEHAVIOURS["drops"]))
    assert {t.status for p in result.paragraphs for t in p.terms} == {"repaired"}


def test_without_repair_dropped_terms_are_missing():
    result = translate(prepared(), FakeEngine(BEHAVIOURS["drops"]), repair=False)
    assert {t.status for p in result.paragraphs for t in p.terms} == {"missing"}


def test_the_engine_sees_the_targets_written_into_the_source():
    engine = FakeEngine(BEHAVIOURS["keeps"])
    translate(prepared(), engine)
    assert "Wang Jian表示，Alibaba Cloud和Southern Metropolis Daily都在谈Sora。" in engine.calls[0]


def test_the_best_hypothesis_with_every_target_is_chosen():
    protected = protect("王坚来了", [find_terms_hit("王坚", 0)])
    hypotheses = [Hypothesis("Someone came", -1.0), Hypothesis("Wang Jian came", -1.5)]
    assert choose(hypotheses, protected.slots).text == "Wang Jian came"
    engine = FakeEngine(lambda s: ["He arrived.", "Wang Jian arrived."] if "Wang Jian" in s else ["ok"])
    result = translate(prepared(("王坚来了。",)), engine)
    assert result.paragraphs[0].en == "Wang Jian arrived."
    assert result.paragraphs[0].terms[0].status == "kept"


def test_repair_replaces_the_words_aligned_to_the_term():
    protected = protect("南都问", [find_terms_hit("南都", 0, "Southern Metropolis Daily")])
    # "Southern Capital" attends to the protected span (source offsets 0..24).
    hypothesis = Hypothesis("Southern Capital asked", 0.0, ((0, 8, 3), (9, 16, 10), (17, 22, 26)))
    en, statuses = enforce(protected, hypothesis)
    assert en == "Southern Metropolis Daily asked" and statuses == ["repaired"]


def find_terms_hit(text: str, start: int, target: str = "Wang Jian"):
    from pipeline.document import TermHit

    return TermHit(text, target, text, start)


def test_translation_memory_makes_a_rerun_call_nothing(tmp_path):
    from pipeline.translate.memory import TranslationMemory

    memory = TranslationMemory(tmp_path / "tm.sqlite")
    first_engine, second_engine = FakeEngine(BEHAVIOURS["drops"]), FakeEngine(BEHAVIOURS["drops"])
    first = translate(prepared(), first_engine, memory)
    second = translate(prepared(), second_engine, memory)
    assert second_engine.calls == []
    assert second.translation.cached == second.translation.sentences and second.translation.translated == 0
    assert [p.en for p in first.paragraphs] == [p.en for p in second.paragraphs]
    assert [t.status for p in second.paragraphs for t in p.terms] == [t.status for p in first.paragraphs for t in p.terms]


def test_changing_one_entry_retranslates_only_the_sentences_that_contain_it(tmp_path):
    from pipeline.translate.memory import TranslationMemory

    memory = TranslationMemory(tmp_path / "tm.sqlite")
    translate(prepared(), FakeEngine(BEHAVIOURS["keeps"]), memory)
    changed = Glossary(tuple(GlossaryEntry("Sora", "SORA video model", kind="product") if e.source == "Sora" else e for e in GLOSSARY.entries))
    document = find_terms(segment(prepared().with_paragraphs(
        Paragraph(p.id, p.kind, p.zh, p.line) for p in prepared().paragraphs)), changed)
    engine = FakeEngine(BEHAVIOURS["keeps"])
    result = translate(document, engine, memory)
    assert sorted(engine.calls[0]) == sorted(
        s for s in engine.calls[0] if "SORA video model" in s
    ) and len(engine.calls[0]) == 2
    assert result.translation.translated == 2
