"""How a reading is written, one style each: Hanyu Pinyin with tone marks (``jìn``, words
written together, ``Xī'ān``), tone numbers (``jin4``, ``zhang3da4``), zhuyin (``ㄐㄧㄣˋ``,
syllables apart). The reading itself is decided in ``reading``; this is only its spelling,
as pypinyin keeps its styles apart from its converter.
"""

from __future__ import annotations

import re
from functools import lru_cache

STYLES = ("marks", "numbers", "zhuyin")
VOWEL_START = re.compile("[aeoāáǎàēéěèōóǒò]")


@lru_cache(maxsize=4096)
def to_marks(numbered: str) -> str:
    """``jin4`` → ``jìn``; ``r5`` (the 儿 of 劲儿, 一点儿) → ``r``, written onto its syllable: jìnr."""
    from pypinyin.contrib.tone_convert import to_tone

    if numbered == "r5":
        return "r"

    return to_tone(numbered.replace("v", "ü").removesuffix("5") if numbered.endswith("5") else numbered.replace("v", "ü"))


@lru_cache(maxsize=4096)
def to_numbers(marked: str) -> str:
    from pypinyin.contrib.tone_convert import to_tone3

    return to_tone3(marked, neutral_tone_with_five=True).replace("ü", "v")


def join_syllables(syllables: list[str], style: str, proper: bool) -> str:
    """Hanyu Pinyin: a word's syllables together, a syllable that starts with a, o or e set off
    (Xī'ān, jī'è); numbers: zhang3da4; zhuyin: syllables apart, as it is written."""
    if style == "zhuyin":
        return " ".join(style_syllable(s, style) for s in syllables)
    joined = ""
    for syllable in syllables:
        piece = style_syllable(syllable, style)
        joined += ("'" if joined and style == "marks" and VOWEL_START.match(syllable) else "") + piece
    return joined[:1].upper() + joined[1:] if proper else joined


def style_syllable(marked: str, style: str) -> str:
    """A tone-marked syllable in the chosen style (a syllable without a mark is neutral)."""
    if marked == "r":  # the 儿 of erhua: jìnr, jin4r, ㄐㄧㄣˋ ㄦ
        return "ㄦ" if style == "zhuyin" else "r"
    if style == "marks" or not re.fullmatch("[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+", marked.lower()):
        return marked
    from pypinyin.contrib.tone_convert import to_tone3

    if style == "numbers":
        return to_tone3(marked, neutral_tone_with_five=True)
    from pypinyin.style.bopomofo import BopomofoConverter

    return BopomofoConverter().to_bopomofo(marked)
