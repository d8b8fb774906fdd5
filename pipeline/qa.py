"""Quality checks on every translated sentence: the failure modes argos' zh→en model is
known for. Each check is a small function returning a flag or None; flags go to the DOCX
(status and comments), the JSON (``flags`` per segment) and the run's summary line.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from pipeline.chinese import has_chinese
from pipeline.document import Document, Sentence

LATIN_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9.+\-]*[A-Za-z0-9+]|[A-Za-z]")
UNITS = {"万": 1e4, "亿": 1e8, "千": 1e3, "百": 1e2}


def untranslated(sentence: Sentence) -> str | None:
    """Han characters left in the English, or the English equal to the source.

    >>> untranslated(Sentence("p1.s1", "你好。", en="你好。"))
    'untranslated'
    """
    if not sentence.en.strip():
        return None
    if has_chinese(sentence.en) or sentence.en.strip() == sentence.zh.strip():
        return "untranslated"
    return None


def repetition(sentence: Sentence) -> str | None:
    """The same n-gram (1–4 words) three or more times in a row: a decoding loop.

    >>> repetition(Sentence("p1.s1", "…", en="the model the model the model works"))
    'repetition'
    """
    words = sentence.en.lower().split()
    for n in range(1, 5):
        for start in range(len(words) - 3 * n + 1):
            gram = words[start : start + n]
            if words[start + n : start + 2 * n] == gram and words[start + 2 * n : start + 3 * n] == gram:
                return "repetition"
    return None


CHINESE_NUMBER = re.compile(r"(\d+(?:[.,]\d+)*)\s*([万亿千百]?)")
ENGLISH_NUMBER = re.compile(r"(\d+(?:[.,]\d+)*)\s*(thousand|million|billion|trillion)?", re.IGNORECASE)
ENGLISH_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


def _values(text: str, pattern: re.Pattern[str] = CHINESE_NUMBER, scales: dict[str, float] = UNITS) -> set[float]:
    """Numbers as values, with and without their scale word: 720亿 → {720, 7.2e10};
    with the English pattern, 72 billion → {72, 7.2e10}; 1,000 → {1000}."""
    values = set()
    for m in pattern.finditer(text):
        try:
            value = float(m.group(1).replace(",", ""))
        except ValueError:
            continue
        values.add(value)
        if m.group(2):
            values.add(value * scales[m.group(2).lower()])
    return values


def _english_values(text: str) -> set[float]:
    return _values(text, ENGLISH_NUMBER, ENGLISH_SCALES)


def lost_tokens(sentence: Sentence) -> str | None:
    """A number or Latin token of the source missing from the English (``720亿`` →
    ``72 billion`` is fine; ``1000`` lost is not).

    >>> lost_tokens(Sentence("p1.s1", "共720亿参数", en="72 billion parameters"))
    >>> lost_tokens(Sentence("p1.s1", "用了1000块A100", en="used cards"))
    'lost: 1000, A100'
    """
    if not sentence.en.strip():
        return None
    missing = []
    target_values = _english_values(sentence.en)
    for m in CHINESE_NUMBER.finditer(sentence.zh):
        number = m.group(1)
        start, end = m.span(1)
        if start > 0 and re.match(r"[A-Za-z\-]", sentence.zh[start - 1]):
            continue  # part of a Latin token such as GPT-4
        if end < len(sentence.zh) and re.match(r"[A-Za-z]", sentence.zh[end]):
            continue  # part of a Latin token such as 3000E, H800
        if not (_values(m.group()) & target_values):
            missing.append(number)
    english_words = set(re.findall(r"[A-Za-z0-9][A-Za-z0-9.+\-]*", sentence.en))
    for token in LATIN_TOKEN.findall(sentence.zh):
        if len(token) > 1 and token not in english_words and token not in sentence.en:
            missing.append(token)
    return f"lost: {', '.join(dict.fromkeys(missing))}" if missing else None


def empty(sentence: Sentence) -> str | None:
    return "empty" if sentence.zh.strip() and not sentence.en.strip() else None


def length_ratio(sentence: Sentence) -> str | None:
    """English far longer or shorter than usual for the Chinese (about 0.4–8 characters of
    English per Chinese character in news text)."""
    zh, en = len(sentence.zh.strip()), len(sentence.en.strip())
    if zh < 6 or not en:
        return None
    ratio = en / zh
    return "length" if ratio < 0.4 or ratio > 8 else None


CHECKS = (empty, untranslated, repetition, lost_tokens, length_ratio)


def check_sentence(sentence: Sentence) -> tuple[str, ...]:
    return tuple(flag for check in CHECKS if (flag := check(sentence)))


def check_document(document: Document) -> Document:
    paragraphs = []
    for p in document.paragraphs:
        sentences = tuple(replace(s, flags=check_sentence(s) if s.origin == "mt" else ()) for s in p.sentences)
        paragraphs.append(replace(p, sentences=sentences))
    return document.with_paragraphs(paragraphs)


def flag_kind(flag: str) -> str:
    return "numbers" if flag.startswith("lost") else flag.split(":", 1)[0]


def qa_summary(document: Document) -> str:
    """``qa: 3 segments flagged (2 numbers, 1 repetition)``"""
    flagged = [s for s in document.sentences if s.flags]
    kinds = Counter(flag_kind(f) for s in flagged for f in s.flags)
    detail = ", ".join(f"{n} {kind}" for kind, n in kinds.most_common())
    return f"qa: {len(flagged)} segments flagged" + (f" ({detail})" if detail else "")
