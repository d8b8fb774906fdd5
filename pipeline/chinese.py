"""What counts as Chinese text: one definition for every stage.

The ranges are the CJK Unified Ideographs (with Extension A), the Compatibility
Ideographs, and the supplementary planes' extensions B–G (names and rare characters of
Cantonese and classical text live there). Every stage that asks "is this Chinese?" —
the normalizer, the translate stage (copy or translate?), QA (Han left in the English),
the run's "no Chinese" warning — uses this pattern, so they never disagree.
"""

from __future__ import annotations

import re

HAN_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN = re.compile(f"[{HAN_RANGES}]")


def han_count(text: str) -> int:
    """How many Chinese characters ``text`` holds, without a list of them (on a 60 MB page
    ``len(HAN.findall(...))`` held a string object per character: a tenfold peak)."""
    return len(text) - len(HAN.sub("", text))
# Full-width marks of Chinese prose; with Han characters they make "Chinese context".
CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉「」『』【】…—·～"


def has_chinese(text: str) -> bool:
    """Whether ``text`` holds a Han character.

    >>> has_chinese("GPT-4 很强"), has_chinese("GPT-4")
    (True, False)
    """
    return HAN.search(text) is not None


def is_rare(char: str) -> bool:
    """In CJK Extension A or a supplementary plane: not a character of everyday text (the
    common-use list is in the Unified Ideographs block).

    >>> is_rare("𠮶"), is_rare("嗰")
    (True, False)
    """
    return "\u3400" <= char <= "\u4dbf" or ord(char) >= 0x20000
