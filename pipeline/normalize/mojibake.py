"""Mojibake: UTF-8 Chinese read as GBK/Windows-936 — whole lines, runs of punctuation, and
paragraph ends whose ``</p>`` lost its ``<`` to the broken bytes."""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.chinese import CJK_PUNCT, HAN as HAN_CHAR
from pipeline.document import Change
from pipeline.normalize.settings import DEFAULT, Settings

FULL_STOPS = "。！？"


MOJIBAKE_MARKS = CJK_PUNCT + "「」『』【】\u3000"


@lru_cache(maxsize=1)
def _mojibake_alphabet() -> str:
    """Characters that CJK punctuation becomes when its UTF-8 bytes are read as GBK or
    Windows-936 (``。”<`` → ``銆傗�<``, ``\u3000`` → ``銆€``), computed rather than listed
    so every mark is covered."""
    chars: set[str] = set()
    for a in MOJIBAKE_MARKS:
        for b in MOJIBAKE_MARKS + "<":
            chars.update((a + b).encode("utf-8").decode("gbk", errors="replace"))
    chars.add("€")  # Windows-936 reads byte 0x80 as €; Python's gbk codec does not
    return "".join(sorted(c for c in chars if ord(c) > 127))


@lru_cache(maxsize=1)
def _mojibake_run() -> re.Pattern[str]:
    return re.compile(f"[{re.escape(_mojibake_alphabet())}]{{2,}}")


def repair_mojibake_runs(text: str, line: int, settings: Settings = DEFAULT) -> tuple[str, list[Change]]:
    """Decode runs of GBK-read UTF-8 punctuation that survived whole, anywhere in a line.

    Only a run that decodes back into CJK punctuation or spaces is replaced, so the rare
    real characters of the alphabet (銆, 鈥) stay when they are text.

    >>> repair_mojibake_runs("銆€銆€王坚说", 1)[0]
    '\u3000\u3000王坚说'
    """
    changes: list[Change] = []

    def decode(m: re.Match[str]) -> str:
        run = m.group()
        try:
            original = b"".join(_cp936_bytes(c) for c in run).decode("utf-8")
        except UnicodeError:
            return run
        if not all(c in MOJIBAKE_MARKS for c in original):
            return run
        changes.append(Change("mojibake", line, m.start(), run, original))
        return original

    return _mojibake_run().sub(decode, text), changes


@lru_cache(maxsize=1)
def _remnant_pattern() -> re.Pattern[str]:
    junk = re.escape(_mojibake_alphabet() + "?!")
    return re.compile(f"([{junk}]+)/(?:p|div|span|section|li|td|h[1-6])>")


def repair_mojibake_remnants(text: str, line: int, settings: Settings = DEFAULT) -> tuple[str, list[Change]]:
    """Repair a paragraph end whose ``。”</p>`` went through a UTF-8/GBK mix-up.

    The closing tag lost its ``<`` to the broken byte sequence, which is how we know the
    junk before it was punctuation. We decode what bytes survive; if none do, the paragraph
    gets ``。`` (``？`` after a question), and ``”`` too when a quotation opened in it is
    still open.

    >>> repair_mojibake_remnants("它也就能创造世界?!?/p>", 1)[0]
    '它也就能创造世界。'
    >>> repair_mojibake_remnants("他说“能创造世界銆傗??/p>", 1)[0]
    '他说“能创造世界。”'
    """
    changes: list[Change] = []

    def repair(m: re.Match[str]) -> str:
        junk = m.group(1)
        recovered = junk.replace("?", "").replace("!", "").replace("\ufffd", "")
        try:
            recovered = recovered.encode("gbk", errors="ignore").decode("utf-8", errors="ignore")
        except UnicodeError:  # pragma: no cover - both codecs were told to ignore
            recovered = ""
        ends = [c for c in recovered if c in FULL_STOPS]
        before = text[: m.start()]
        fixed = ends[0] if ends else sentence_end(text[: m.start()])
        if before.count("“") > before.count("”"):
            fixed += "”"
        elif before.count("「") > before.count("」"):
            fixed += "」"
        changes.append(Change("remnant", line, m.start(), m.group(), fixed))
        return fixed

    return _remnant_pattern().sub(repair, text), changes


def repair_mojibake_line(text: str, line: int, settings: Settings = DEFAULT) -> tuple[str, list[Change]]:
    """Re-decode a line whose UTF-8 bytes were read as GBK/Windows-936 as a whole.

    Genuine Chinese text almost never re-encodes to valid UTF-8, so a line that does
    (with at most a lost byte or two) was mojibake. A lost final byte inside an open
    quotation is its closing mark.

    >>> repair_mojibake_line("鐜嬪潥璇达細鈥滃ソ鈥�", 1)[0]
    '王坚说：“好”'
    """
    if not HAN_CHAR.search(text) or not any(c in _mojibake_alphabet() for c in text):
        return text, []
    raw = b"".join(_cp936_bytes(c) for c in text)
    repaired = raw.decode("utf-8", errors="replace")
    lost = repaired.count("\ufffd")
    if repaired == text or lost > max(1, len(repaired) // 50) or not HAN_CHAR.search(repaired):
        return text, []
    if repaired.endswith("\ufffd") and repaired.count("“") > repaired.count("”"):
        repaired = repaired[:-1] + "”"
    repaired = repaired.replace("\ufffd", "")
    return repaired, [Change("mojibake", line, 0, text, repaired)]


def _cp936_bytes(char: str) -> bytes:
    """Windows-936 bytes of a character; a lost byte (U+FFFD) contributes none."""
    if char == "€":
        return b"\x80"
    try:
        return char.encode("gbk")
    except UnicodeEncodeError:
        return b""


# UTF-8 read as Windows-1252 or Latin-1: 中文 → ä¸­æ–‡. A lead byte of a CJK character
# (E3–E9) shows as ã–é followed by characters of the 0x80–0xBF range.
LATIN_MOJIBAKE = re.compile("[ãäåæçèé][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")


def repair_latin_mojibake(text: str, line: int, settings: Settings = DEFAULT) -> tuple[str, list[Change]]:
    """Re-decode UTF-8 that was read as Windows-1252 or Latin-1 (ftfy does the decoding; it
    is the reference for this kind).

    >>> repair_latin_mojibake("ä¸­æ–‡ç½‘ç«™", 1)[0]
    '中文网站'
    """
    if not LATIN_MOJIBAKE.search(text):
        return text, []
    import ftfy

    fixed = ftfy.fix_encoding(text)
    if fixed == text or len(HAN_CHAR.findall(fixed)) <= len(HAN_CHAR.findall(text)):
        return text, []
    return fixed, [Change("mojibake", line, 0, text, fixed)]


# A UTF-8 mark read as GBK whose last byte was lost: ，？！：；（） all begin EF BC (锛),
# 。、「」《》 begin E3 80 (銆); the lost byte shows as ? or U+FFFD.
LOST_BYTE = re.compile("([锛銆])[?\ufffd]")
# A question by its words: a final particle (吗 呢 吧 么), or an interrogative in the clause
# (几乎, 哪怕 and 几十 are not questions).
QUESTION = re.compile(r"[吗呢吧么嘛][”」』]?\s*$|什么|怎么|怎样|为什么|为何|如何|是否|难道|可否|多少|哪(?!怕)|谁|几(?!乎|十|百|千|万)")


def sentence_end(before: str, fallback: str = "。") -> str:
    """The mark a sentence whose end was lost gets, by its mood: ``？`` for a question.

    >>> sentence_end("我们明天还去吗"), sentence_end("他几乎每天都去"), sentence_end("这是为什么")
    ('？', '。', '？')
    """
    clause = re.split("[，。！？；]", before)[-1]
    return "？" if QUESTION.search(clause) else fallback


def repair_lost_byte_marks(text: str, line: int, settings: Settings = DEFAULT) -> tuple[str, list[Change]]:
    """A mark whose last byte was lost: inside a line ``，`` or ``、``; at its end ``？`` after
    a question (else ``！``) or ``。``.

    >>> repair_lost_byte_marks("他说锛?我们明天去吗锛?", 1)[0]
    '他说，我们明天去吗？'
    >>> repair_lost_byte_marks("北京銆\ufffd上海都有銆\ufffd", 1)[0], repair_lost_byte_marks("你去过北京吗銆?", 1)[0]
    ('北京、上海都有。', '你去过北京吗？')
    """
    changes: list[Change] = []

    def mark(m: re.Match[str]) -> str:
        at_end = not text[m.end():].strip()
        if m.group(1) == "锛":
            fixed = sentence_end(text[: m.start()], "！") if at_end else "，"
        else:
            fixed = sentence_end(text[: m.start()]) if at_end else "、"
        changes.append(Change("mojibake", line, m.start(), m.group(), fixed))
        return fixed

    return LOST_BYTE.sub(mark, text), changes
