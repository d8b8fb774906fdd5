"""Sentence splitting: stable ids, exact coverage, bounded length."""

from __future__ import annotations

from hypothesis import given, strategies as st

from pipeline.document import Paragraph
from pipeline.segment import MAX_SENTENCE_CHARS, segment_paragraph, split_sentences


def test_sentences_end_at_chinese_marks_and_keep_closing_quotes():
    assert [s for _, s in split_sentences("他说：“走吧！”我们走了。好吗？")] == ["他说：“走吧！”", "我们走了。", "好吗？"]


def test_ids_are_paragraph_id_dot_s_number():
    p = segment_paragraph(Paragraph("p3", "body", "一。二。三", 5))
    assert [s.id for s in p.sentences] == ["p3.s1", "p3.s2", "p3.s3"]


def test_a_sentence_without_punctuation_is_bounded_for_the_engine():
    sentences = split_sentences("字" * 1000)
    assert len(sentences) == 5 and all(len(s) <= MAX_SENTENCE_CHARS for _, s in sentences)


def test_a_long_sentence_is_split_at_commas_first():
    clause = "这是一个相当长的分句" * 3 + "，"
    sentences = split_sentences(clause * 10 + "结束。")
    assert all(s.endswith("，") for _, s in sentences[:-1])


@given(st.text(alphabet="中文字。！？，“”ab .", max_size=600))
def test_sentences_cover_the_paragraph_in_order(text: str):
    sentences = split_sentences(text)
    position = 0
    for start, s in sentences:
        assert start >= position and text[start : start + len(s)] == s
        assert text[position:start].strip() == ""  # only whitespace between sentences
        assert 0 < len(s) <= MAX_SENTENCE_CHARS
        position = start + len(s)
    assert text[position:].strip() == ""
