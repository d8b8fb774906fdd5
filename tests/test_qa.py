"""QA checks, each driven by a scripted engine that produces that failure."""

from __future__ import annotations

import pytest

from pipeline.document import Document, Paragraph
from pipeline.edition import build_edition
from pipeline.qa import qa_summary
from pipeline.segment import segment
from tests.fake_engine import FakeEngine

SOURCE = "我们用了1000块A100训练了720亿参数的模型。"


def edition(script) -> Document:
    document = segment(Document("x.txt", (SOURCE,), paragraphs=(Paragraph("p1", "body", SOURCE, 1),)))
    return build_edition(document, FakeEngine(script))


GOOD = "We trained a model with 72 billion parameters on 1000 A100 cards."


@pytest.mark.parametrize(
    "script, flag",
    [
        (lambda s: s, "untranslated"),  # output equal to input
        (lambda s: "We used 1000 A100 训练 72 billion.", "untranslated"),  # Han left in the English
        (lambda s: "We we we we trained 1000 A100 72 billion parameters.", "repetition"),
        (lambda s: "the model the model the model 1000 A100 72 billion", "repetition"),
        (lambda s: "We trained a model with 72 billion parameters on A100 cards.", "lost: 1000"),
        (lambda s: "We trained a model with 72 billion parameters on 1000 cards.", "lost: A100"),
        (lambda s: "", "empty"),
        (lambda s: "We trained it: 1000 A100 72 billion " + "and more words " * 40, "length"),
    ],
    ids=["equal-to-input", "han-left", "word-loop", "phrase-loop", "lost-number", "lost-latin", "empty", "length"],
)
def test_each_failure_is_flagged(script, flag):
    flags = edition(script).paragraphs[0].sentences[0].flags
    assert flag in flags, flags


def test_a_good_translation_is_not_flagged_and_unit_conversions_count_as_kept():
    assert edition(lambda s: GOOD).paragraphs[0].flags == ()


def test_summary_line_counts_segments_and_kinds():
    document = edition(lambda s: "We we we we trained it.")
    assert qa_summary(document) == "qa: 1 segments flagged (1 repetition, 1 numbers)"
