"""Repair scraped Chinese text, line by line, and explain every change.

Each repair is a small rule ``(text, line) -> (text, changes)`` with an example in its
docstring (the ftfy habit). ``normalize_line`` applies them in order; ``normalize`` turns a
``Document``'s source lines into paragraphs and dropped lines. Nothing is lost silently: a
line is either a paragraph of the result or a ``DroppedLine`` with its kind.

Order matters: markup and mojibake first (they hide the text), then pinyin annotations
(before script conversion, so the reading is checked against the character the scraper
annotated), then script, then punctuation (annotations used ASCII parentheses too).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from typing import TYPE_CHECKING

from pipeline.document import Change, Document, DroppedLine, Paragraph, Speaker

if TYPE_CHECKING:
    from pipeline.glossary.entries import Glossary

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
HAN_CHAR = re.compile(f"[{HAN}]")
CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉「」『』【】…—·～"
# A character that makes its neighbourhood "Chinese context" for punctuation.
CJK_CONTEXT = re.compile(f"[{HAN}{CJK_PUNCT}]")

Rule = Callable[[str, int], tuple[str, list[Change]]]


# --- control characters, markup, entities -------------------------------------------------

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff\ud800-\udfff]")


def remove_control_characters(text: str, line: int) -> tuple[str, list[Change]]:
    """Remove control characters, zero-width marks and lone surrogates (they break DOCX).

    >>> remove_control_characters("王\\x07坚\\u200b", 1)[0]
    '王坚'
    """
    changes = [Change("control", line, m.start(), m.group(), "") for m in CONTROL.finditer(text)]
    return CONTROL.sub("", text), changes


TAG_NAMES = (
    "p|br|div|span|a|img|strong|b|i|em|u|s|h[1-6]|section|article|figure|figcaption|li|ul|ol|"
    "table|thead|tbody|tr|td|th|font|blockquote|sup|sub|hr|center|small|big|label|header|footer|nav|mark|wbr"
)
# A tag is a known HTML element with well-formed attributes, so "a<b 且 b>c" is text.
TAG = re.compile(
    rf"</?(?:{TAG_NAMES})"
    r"""(?:\s+[A-Za-z_:][-\w:.]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>]+))?)*\s*/?>""",
    re.IGNORECASE,
)
ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def remove_markup(text: str, line: int) -> tuple[str, list[Change]]:
    """Remove HTML tags and decode entities left by the scraper.

    >>> remove_markup("<p>王坚&nbsp;说&ldquo;好&rdquo;</p>", 1)[0]
    '王坚 说“好”'
    """
    changes: list[Change] = []

    def tag(m: re.Match[str]) -> str:
        changes.append(Change("markup", line, m.start(), m.group(), ""))
        return ""

    text = TAG.sub(tag, text)

    def entity(m: re.Match[str]) -> str:
        decoded = html.unescape(m.group())
        if decoded == m.group():
            return decoded
        decoded = decoded.replace("\xa0", " ")
        changes.append(Change("entity", line, m.start(), m.group(), decoded))
        return decoded

    for _ in range(3):  # double-escaped entities (&amp;nbsp;) decode in two rounds
        decoded = ENTITY.sub(entity, text)
        if decoded == text:
            break
        text = decoded
    return text, changes


# --- mojibake: UTF-8 punctuation read as GBK, the tag's "<" swallowed ------------------------

SENTENCE_END = "。！？"
CLOSERS = "”’」』）》"


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


def repair_mojibake_runs(text: str, line: int) -> tuple[str, list[Change]]:
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


def repair_mojibake_remnants(text: str, line: int) -> tuple[str, list[Change]]:
    """Repair a paragraph end whose ``。”</p>`` went through a UTF-8/GBK mix-up.

    The closing tag lost its ``<`` to the broken byte sequence, which is how we know the
    junk before it was punctuation. We decode what bytes survive; if none do, the paragraph
    gets ``。``, and ``”`` too when a quotation opened in it is still open.

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
        ends = [c for c in recovered if c in SENTENCE_END]
        before = text[: m.start()]
        fixed = ends[0] if ends else "。"
        if before.count("“") > before.count("”"):
            fixed += "”"
        elif before.count("「") > before.count("」"):
            fixed += "」"
        changes.append(Change("remnant", line, m.start(), m.group(), fixed))
        return fixed

    return _remnant_pattern().sub(repair, text), changes


def repair_mojibake_line(text: str, line: int) -> tuple[str, list[Change]]:
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


# --- pinyin annotations: 創(chuàng) -------------------------------------------------------

TONE_LETTERS = "a-zA-ZāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿêÊ\u0300-\u036f"
ANNOTATION = re.compile(f"([{HAN}])[ \\u3000]?[(（]\\s*([{TONE_LETTERS}]{{1,7}}[1-5]?)\\s*[)）]")


@lru_cache(maxsize=1)
def _reading_table() -> dict[int, str]:
    """pypinyin's per-character readings (with tones, heteronyms included).

    The table module is loaded on its own (~70 ms): importing it through the ``pypinyin``
    package runs the package's ``__init__``, which loads the phrase dictionary (~400 ms)
    that we do not use.
    """
    import importlib.util

    package = importlib.util.find_spec("pypinyin")
    if package is None or package.origin is None:  # pragma: no cover - a declared dependency
        raise ImportError("pypinyin is not installed")
    spec = importlib.util.spec_from_file_location(
        "_pypinyin_readings", Path(package.origin).with_name("pinyin_dict.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.pinyin_dict


TONE_MARKS = {"\u0304": "1", "\u0301": "2", "\u030c": "3", "\u0300": "4"}


@lru_cache(maxsize=8192)
def _readings(char: str) -> frozenset[str]:
    """Every accepted spelling of every reading of ``char``: ``chuàng``, ``chuang``, ``chuang4``."""
    readings: set[str] = set()
    for reading in _reading_table().get(ord(char), "").split(","):
        if not reading:
            continue
        decomposed = unicodedata.normalize("NFD", reading.lower())
        tone = next((TONE_MARKS[c] for c in decomposed if c in TONE_MARKS), "5")
        bare = "".join(c for c in decomposed if c not in TONE_MARKS)
        bare = unicodedata.normalize("NFC", bare)  # keeps ü
        for plain in {bare, bare.replace("ü", "v")}:
            readings.update({plain, plain + tone})
        readings.add(unicodedata.normalize("NFC", decomposed))
    return frozenset(readings)


def is_reading_of(annotation: str, char: str) -> bool:
    """True when ``annotation`` is a pinyin reading of ``char``, with or without tones.

    >>> is_reading_of("chuàng", "創"), is_reading_of("men", "們"), is_reading_of("NVIDIA", "達")
    (True, True, False)
    """
    syllable = unicodedata.normalize("NFC", annotation).lower().replace("v", "ü")
    readings = _readings(char)
    return syllable in readings or syllable.replace("ü", "v") in readings


def remove_pinyin_annotations(text: str, line: int) -> tuple[str, list[Change]]:
    """Remove a one-syllable pinyin gloss that directly follows the character it reads.

    Only a valid reading of that very character counts, so ``(NVIDIA)``, ``(QR code)``
    and a gloss after a quotation mark (``“卷”(juàn)``) are content and stay.

    >>> remove_pinyin_annotations("阿里雲創(chuàng)始人", 1)[0]
    '阿里雲創始人'
    >>> remove_pinyin_annotations("英偉(wěi)達(NVIDIA)", 1)[0]
    '英偉達(NVIDIA)'
    """
    changes: list[Change] = []
    shift = 0

    def strip(m: re.Match[str]) -> str:
        nonlocal shift
        char, syllable = m.group(1), m.group(2)
        if not is_reading_of(syllable, char):
            return m.group()
        removed = m.group()[1:]
        changes.append(Change("annotation", line, m.start() + 1 - shift, removed, ""))
        shift += len(removed)
        return char

    while True:  # a doubled annotation 創(chuàng)(chuàng) is still one
        shift = 0
        stripped = ANNOTATION.sub(strip, text)
        if stripped == text:
            return text, changes
        text = stripped


# --- script: traditional → mainland simplified ---------------------------------------------

# OpenCC keeps 著 (it is also a simplified character: 著名), so the aspect particle 着 that
# Taiwan-style text writes 著 (意味著, 討論著, 著急) stays wrong. In mainland text 著 lives in a
# small set of words; anywhere else, before a Han character, it is 着. Before punctuation it
# is 着 only after a common verb (等著。), since "鲁迅著。" means "written by".
ZHU_FORWARD = "名作称述者录书文说有于"  # 著名, 著作, …: 著 opens the word
ZHU_BACKWARD = "显卓昭土名巨原编论专遗拙新译合大"  # 显著, 论著, …: 著 closes it
ZHE_VERBS = (
    "意味 随 接 有 带 看 等 拿 想 笑 说 走 坐 站 躺 活 忙 靠 朝 向 沿 顺 照 本 围绕 代表 存在 发挥 "
    "面临 扮演 承担 影响 决定 关系 伴随 跟 试 做 写 听 唱 穿 戴 抱 握 守 盯 望 盼 哭 喊 叫 "
    "藏 躲 开 关 挂 放 摆 留 背 领 拉 推 扶 提 捧 吃 喝 睡 醒 闭 张 睁 低 抬 指 含 怀 充满 包含 "
    "进行 经历 保持 维持 继续 注视 凝视 期待 等待 思考 考虑 关注 为 冲 对 挨 贴 连 讨论 研究 起"
).split()
# Conversions OpenCC gets wrong in context, as (wrong, right). Keep this table small and tested.
CONTEXT_FIXES: tuple[tuple[str, str], ...] = (("著作用", "着作用"),)  # 起著作用 = 起着 + 作用


def fix_zhe(text: str) -> str:
    """Decide each 著 of converted text: ``意味著什么`` → ``意味着什么``; ``著名`` stays.

    >>> fix_zhe("讨论著，很著急，著名，显著，土著，等著。鲁迅著。起著作用")
    '讨论着，很着急，著名，显著，土著，等着。鲁迅著。起着作用'
    """
    if "著" not in text:
        return text
    chars = list(text)
    for i, ch in enumerate(chars):
        if ch != "著":
            continue
        previous = text[i - 1] if i > 0 else ""
        following = text[i + 1] if i + 1 < len(text) else ""
        if following and following in ZHU_FORWARD and not text.startswith("著作用", i):
            continue
        if _ends_zhe_verb(text, i, min_length=2):  # 讨论著 beats 论著
            chars[i] = "着"
        elif previous and previous in ZHU_BACKWARD:
            continue
        elif HAN_CHAR.match(following) or _ends_zhe_verb(text, i):
            chars[i] = "着"
    fixed = "".join(chars)
    for wrong, right in CONTEXT_FIXES:
        fixed = fixed.replace(wrong, right)
    return fixed


def _ends_zhe_verb(text: str, index: int, min_length: int = 1) -> bool:
    return any(len(verb) >= min_length and text.endswith(verb, 0, index) for verb in ZHE_VERBS)


@lru_cache(maxsize=1)
def _t2s():
    """OpenCC's hk2s: t2s plus Hong Kong variant forms (衞 → 卫), which t2s leaves."""
    from opencc import OpenCC

    return OpenCC("hk2s")


def convert_script(text: str, line: int, glossary: Glossary | None = None) -> tuple[str, list[Change]]:
    """Convert traditional characters to mainland simplified (OpenCC + context fixes).

    OpenCC converts across word boundaries and mangles names (徐乾學 → 徐干学), so glossary
    spellings are matched first and only the text between them is converted; a matched
    Chinese spelling becomes the entry's own source form.

    >>> convert_script("它意味著這一點，起著作用，著名的", 1)[0]
    '它意味着这一点，起着作用，著名的'
    """
    pieces: list[str] = []
    position = 0
    for start, end, entry in glossary.matcher.find(text) if glossary else ():
        if not HAN_CHAR.search(text[start:end]):
            continue
        pieces.append(_convert(text[position:start]))
        pieces.append(entry.source)
        position = end
    pieces.append(_convert(text[position:]))
    converted = "".join(pieces)
    return converted, _char_changes("script", line, text, converted)


def _convert(text: str) -> str:
    return fix_zhe(_t2s().convert(text)) if text else text


def _char_changes(kind: str, line: int, before: str, after: str) -> list[Change]:
    if before == after:
        return []
    if len(before) != len(after):
        return [Change(kind, line, 0, before, after)]
    return [Change(kind, line, i, a, b) for i, (a, b) in enumerate(zip(before, after)) if a != b]


# --- punctuation ---------------------------------------------------------------------------

# Tokens whose ASCII punctuation belongs to them: URLs, e-mail addresses, times, numbers.
PROTECTED = re.compile(
    r"(?:https?|ftp)://[^\s" + HAN + CJK_PUNCT + r"]+"
    r"|www\.[^\s" + HAN + CJK_PUNCT + r"]+"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
    r"|\d+(?:[.,:]\d+)+"
)
FULL_WIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}


def _is_cjk(ch: str | None) -> bool:
    return ch is not None and bool(CJK_CONTEXT.match(ch))


def _neighbour(text: Sequence[str], index: int, step: int) -> str | None:
    index += step
    while 0 <= index < len(text) and text[index] in " \t":
        index += step
    return text[index] if 0 <= index < len(text) else None


def _nearest_script(text: Sequence[str], index: int, step: int) -> str | None:
    """'cjk' or 'latin' for the nearest letter-bearing character, skipping digits,
    spaces and symbols: in ``增长3.5%,`` the comma's left context is 长, so Chinese."""
    index += step
    while 0 <= index < len(text):
        ch = text[index]
        if _is_cjk(ch):
            return "cjk"
        if ch.isalpha():
            return "latin"
        index += step
    return None


def _is_chinese_full_stop(text: Sequence[str], index: int) -> bool:
    """``我们走了.`` ends a Chinese sentence; ``3.5``, ``U.S.`` and ``...`` do not."""
    before = text[index - 1] if index > 0 else None
    after = text[index + 1] if index + 1 < len(text) else None
    if not (before and HAN_CHAR.match(before) or before in ("”", "’", "）")):
        return False
    return after is None or after in " \t" or _is_cjk(after)


def _clause_is_chinese(text: Sequence[str], index: int) -> bool:
    """A ? or ! closes a Chinese clause when Han text precedes it since the last sentence
    end or opening quote: ``你知道ChatGPT?`` → ``你知道ChatGPT？``."""
    start = index
    while start > 0 and text[start - 1] not in "。！？.!?“「\"":
        start -= 1
    return bool(HAN_CHAR.search("".join(text[start:index]))) or _nearest_script(text, index, -1) == "cjk"


def chinese_punctuation(text: str, line: int) -> tuple[str, list[Change]]:
    """Quotes, ellipses and dashes, then full-width marks, until nothing changes: each
    decision makes Chinese context for the next (``(chuàng)—不`` → ``（chuàng）——不``).
    """
    changes: list[Change] = []
    while True:
        marked, made = chinese_quotes_and_marks(text, line)
        marked, width_made = fullwidth_punctuation(marked, line)
        changes.extend(made + width_made)
        if marked == text:
            return text, changes
        text = marked


def fullwidth_punctuation(text: str, line: int) -> tuple[str, list[Change]]:
    """Apply ``_fullwidth_pass`` until nothing changes: each converted mark is Chinese
    context for its neighbours (``不,(chuàng)`` → ``不，（chuàng）``). Conversions only go
    from ASCII to full width, so this ends.
    """
    changes: list[Change] = []
    while True:
        converted, made = _fullwidth_pass(text, line)
        changes.extend(made)
        if converted == text:
            return converted, changes
        text = converted


def _fullwidth_pass(text: str, line: int) -> tuple[str, list[Change]]:
    """Use full-width ``，：；？！（）`` in Chinese context; ASCII stays inside Latin and
    numeric tokens (``GPT-4``, ``1,000``, ``10:30``, URLs, e-mail addresses).

    >>> fullwidth_punctuation("消息,阿里云在1,000台A100(一种AI芯片)上训练,对吗?", 1)[0]
    '消息，阿里云在1,000台A100（一种AI芯片）上训练，对吗？'
    """
    chars = list(text)
    protected = [False] * len(chars)
    for m in PROTECTED.finditer(text):
        for i in range(m.start(), m.end()):
            protected[i] = True
    changes: list[Change] = []

    def convert(i: int) -> None:
        new = FULL_WIDTH[chars[i]]
        changes.append(Change("punctuation", line, i, chars[i], new))
        chars[i] = new

    # Parentheses pair up: a pair is Chinese if its content or either side is. A converted
    # pair makes its neighbours Chinese context, so decide until nothing changes.
    pairs: list[tuple[int, int]] = []
    stack: list[int] = []
    for i, ch in enumerate(chars):
        if protected[i]:
            continue
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            pairs.append((stack.pop(), i))
    pending = sorted(pairs)
    while pending:
        current = "".join(chars)
        decided = [
            (start, end)
            for start, end in pending
            if HAN_CHAR.search(current[start + 1 : end])
            or _is_cjk(_neighbour(current, start, -1))
            or _is_cjk(_neighbour(current, end, 1))
        ]
        for start, end in decided:
            convert(start)
            convert(end)
        pending = [pair for pair in pending if pair not in decided]
        if not decided:
            break
    for i, ch in enumerate(chars):
        if ch == "." and not protected[i] and _is_chinese_full_stop(chars, i):
            chars[i] = "。"
            changes.append(Change("punctuation", line, i, ".", "。"))
            continue
        if protected[i] or ch not in ",:;?!":
            continue
        # Decide on the text as converted so far: "（…）," follows its converted bracket.
        before, after = _neighbour(chars, i, -1), _neighbour(chars, i, 1)
        if ch in ",:" and before and after and before.isdigit() and after.isdigit():
            continue  # 1,000 and 10:30
        if ch in "?!":
            chinese = _clause_is_chinese(chars, i)
        else:
            chinese = "cjk" in (_nearest_script(chars, i, -1), _nearest_script(chars, i, 1))
        if chinese:
            convert(i)
    result = "".join(chars)
    result, space_changes = _remove_spaces_around_cjk_punctuation(result, line)
    return result, changes + space_changes


SPACE_NEAR_PUNCT = re.compile(f"[ \\t\\u3000]+(?=[{CJK_PUNCT}])|(?<=[{CJK_PUNCT}])[ \\t\\u3000]+")
SPACE_BETWEEN_HAN = re.compile(f"(?<=[{HAN}])[ \\t\\u3000]+(?=[{HAN}])")


def _remove_spaces_around_cjk_punctuation(text: str, line: int) -> tuple[str, list[Change]]:
    changes: list[Change] = []

    def drop(m: re.Match[str]) -> str:
        changes.append(Change("space", line, m.start(), m.group(), ""))
        return ""

    text = SPACE_NEAR_PUNCT.sub(drop, text)
    text = SPACE_BETWEEN_HAN.sub(drop, text)
    return text, changes


FULLWIDTH_ALNUM = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")


def halfwidth_alphanumerics(text: str, line: int) -> tuple[str, list[Change]]:
    """Full-width Latin letters and digits become ASCII (``ＧＰＴ－４`` stays readable as
    ``GPT－4`` only for the letters; punctuation width is decided in Chinese context).

    >>> halfwidth_alphanumerics("２０２４年ＡＩ大模型", 1)[0]
    '2024年AI大模型'
    """
    changes: list[Change] = []

    def narrow(m: re.Match[str]) -> str:
        after = unicodedata.normalize("NFKC", m.group())
        changes.append(Change("width", line, m.start(), m.group(), after))
        return after

    return FULLWIDTH_ALNUM.sub(narrow, text), changes


ASCII_QUOTE = re.compile(r'"([^"\n]{0,300}?)"')
ELLIPSIS = re.compile(
    f"(?<=[{HAN}{CJK_PUNCT}])(?<!…)(?:\\.{{3,}}|。{{3,}}|…(?!…))|(?<!…)(?:\\.{{3,}}|。{{3,}})(?=[{HAN}])"
)
DASH = re.compile(f"(?<=[{HAN}{CJK_PUNCT}])(?<!—)(?:--|—(?!—)|－－)(?=[{HAN}{CJK_PUNCT}])")


def chinese_quotes_and_marks(text: str, line: int) -> tuple[str, list[Change]]:
    """In Chinese context: ASCII "…" become “…”, ``...``/``。。。`` become ``……`` and a
    doubled hyphen or single dash between Chinese becomes ``——``.

    >>> chinese_quotes_and_marks('他说"好的"...然后--走了', 1)[0]
    '他说“好的”……然后——走了'
    >>> chinese_quotes_and_marks('He said "fine"...', 1)[0]
    'He said "fine"...'
    """
    changes: list[Change] = []

    def quote(m: re.Match[str]) -> str:
        inner = m.group(1)
        outside = (_neighbour(text, m.start(), -1), _neighbour(text, m.end() - 1, 1))
        if not (HAN_CHAR.search(inner) or any(_is_cjk(c) for c in outside)):
            return m.group()
        replaced = f"“{inner}”"
        changes.append(Change("punctuation", line, m.start(), m.group(), replaced))
        return replaced

    def mark(replacement: str):
        def sub(m: re.Match[str]) -> str:
            changes.append(Change("punctuation", line, m.start(), m.group(), replacement))
            return replacement

        return sub

    text = ASCII_QUOTE.sub(quote, text)
    text = ELLIPSIS.sub(mark("……"), text)
    text = DASH.sub(mark("——"), text)
    return text, changes


def collapse_whitespace(text: str, line: int) -> tuple[str, list[Change]]:
    """Trim the line, collapse runs of spaces (including U+3000 and NBSP) to one, and drop
    spaces between two Han characters (Chinese does not separate words).

    >>> collapse_whitespace("\\u3000\\u3000王坚  说 ", 1)[0]
    '王坚说'
    """
    collapsed = SPACE_BETWEEN_HAN.sub("", re.sub(r"[ \t\u3000\xa0]+", " ", text).strip())
    return collapsed, ([Change("space", line, 0, text, collapsed)] if collapsed != text else [])


RULES: tuple[tuple[str, Rule], ...] = (
    ("control", remove_control_characters),
    ("mojibake", repair_mojibake_line),
    ("remnant", repair_mojibake_remnants),
    ("mojibake", repair_mojibake_runs),
    ("markup", remove_markup),
    ("space", collapse_whitespace),
    ("annotation", remove_pinyin_annotations),
    ("script", convert_script),
    ("width", halfwidth_alphanumerics),
    ("punctuation", chinese_punctuation),
)


def normalize_line(
    text: str, line: int = 1, *, script: str = "simplified", glossary: Glossary | None = None
) -> tuple[str, list[Change]]:
    """Apply every repair to one line; return the text and the changes made, in order."""
    changes: list[Change] = []
    for name, rule in RULES:
        if name == "script":
            if script == "keep":
                continue
            text, made = convert_script(text, line, glossary)
        else:
            text, made = rule(text, line)
        changes.extend(made)
    return text, changes


# --- boilerplate -------------------------------------------------------------------------

# Patterns describe the kind of line, not any one site's wording. They are matched on the
# normalized (simplified, full-width) text, so one pattern covers every script and spacing.
CAPTION = re.compile(
    r"(?:图源|图片来源|图片提供|图片由|图片作者|摄影|摄|供图|制图|配图|来源)[:：]|"
    r"^(?:图|图片|图为|资料图)[:：/]|[（(]图[/／]|图[/／][^，。]{1,12}$|^▲"
)
DISCLAIMER = re.compile(
    r"仅提供信息存储服务|不代表本(?:站|平台|网|号)|仅代表作者|版权归原作者|版权归.{0,12}所有|"
    r"转载请注明|未经.{0,10}(?:授权|许可).{0,10}(?:不得|禁止|严禁)|侵权.{0,12}(?:联系|删除|承担)|"
    r"如.{0,4}(?:对|有)本(?:稿件|文|文章|网站).{0,12}(?:异议|投诉|疑问|侵权)|免责声明|"
    r"(?:扫码|长按|点击).{0,10}(?:关注|二维码|阅读原文)|关注.{0,6}(?:公众号|微信号)|"
    r"^(?:责任编辑|责编|编辑|校对|审核|监制)[:：]\s*\S{1,12}$|"
    r"^(?:本文)?(?:来源|出处)[:：]\s*\S{1,20}$|"
    r"^[【\[]?(?:责任编辑|责编|编辑)[:：].{1,12}[】\]]?$|本文(?:来自|转载自|系).{0,12}(?:公众号|授权)|"
    r"^[（(]完[)）]$"
)
PLACEHOLDER = re.compile(r"^[-—=*·]{3,}$|^[\[【]?(?:图片|视频|广告|图)[\]】]?$")
METADATA = re.compile(r"^原标题[:：]|^(?:发布时间|发表时间|更新时间|阅读量|点赞数)[:：]")
BOILERPLATE_MAX = 160  # a longer line is a paragraph that happens to mention such words


def classify_boilerplate(text: str) -> str | None:
    """The kind of boilerplate a normalized line is, or None for article text.

    >>> classify_boilerplate("阿里云创始人王坚 图源：阿里云视频号")
    'caption'
    >>> classify_boilerplate("3、如对本稿件有异议或投诉，请联系：info@dsb.cn")
    'disclaimer'
    """
    if not text.strip():
        return "empty"
    if len(text) > BOILERPLATE_MAX:
        return None
    if DISCLAIMER.search(text):
        return "disclaimer"
    if METADATA.search(text):
        return "metadata"
    if PLACEHOLDER.search(text):
        return "placeholder"
    if CAPTION.search(text) and len(text) <= 80:
        return "caption"
    return None


# --- structure -----------------------------------------------------------------------------

SPEAKER = re.compile(r"^([^\s：:，。！？“”（）()、]{1,10})[：:](?=\S)")
KNOWN_SPEAKERS = {"记者", "主持人", "问", "答", "Q", "A", "编者", "提问", "回答"}


def _speaker_candidate(text: str) -> str | None:
    m = SPEAKER.match(text)
    return m.group(1) if m else None


@dataclass(frozen=True)
class NormalizedLine:
    line: int
    original: str
    text: str
    changes: tuple[Change, ...]


def normalize_lines(
    lines: Iterable[str], *, script: str = "simplified", glossary: Glossary | None = None
) -> list[NormalizedLine]:
    result = []
    for number, original in enumerate(lines, start=1):
        text, changes = normalize_line(original, number, script=script, glossary=glossary)
        result.append(NormalizedLine(number, original, text, tuple(changes)))
    return result


def normalize(document: Document, *, script: str = "simplified", glossary: Glossary | None = None) -> Document:
    """Turn the document's source lines into paragraphs (title, lead, body, Q&A turns)
    and dropped lines. Speakers are labels that open at least two paragraphs (or are
    generic interview labels such as 记者), so a lead that starts ``据报道：`` stays a lead.
    """
    kept: list[NormalizedLine] = []
    dropped: list[DroppedLine] = []
    changes: list[Change] = []
    for item in normalize_lines(document.lines, script=script, glossary=glossary):
        kind = classify_boilerplate(item.text)
        if kind is not None:
            dropped.append(DroppedLine(item.line, kind, item.original))
            continue
        kept.append(item)
        changes.extend(item.changes)

    labels = Counter(_speaker_candidate(item.text) for item in kept[1:])
    speakers = {label for label, count in labels.items() if label and (count >= 2 or label in KNOWN_SPEAKERS)}
    paragraphs: list[Paragraph] = []
    seen_turn = False
    for index, item in enumerate(kept, start=1):
        pid = f"p{index}"
        label = _speaker_candidate(item.text) if index > 1 else None
        if index == 1:
            paragraphs.append(Paragraph(pid, "title", item.text, item.line))
        elif label in speakers:
            seen_turn = True
            body = item.text[len(label) + 1 :].lstrip()
            paragraphs.append(Paragraph(pid, "turn", body, item.line, speaker=Speaker(label)))
        else:
            kind = "body" if seen_turn or (index > 2 and not speakers) else "lead"
            paragraphs.append(Paragraph(pid, kind, item.text, item.line))
    return replace(
        document,
        paragraphs=tuple(paragraphs),
        dropped=tuple(dropped),
        changes=tuple(changes),
    )


def normalized_text(document: Document) -> str:
    """The normalized article: one paragraph per line, title first, dropped lines out."""
    return "".join(p.source_text + "\n" for p in document.paragraphs)


def change_counts(changes: Iterable[Change]) -> dict[str, int]:
    return dict(Counter(c.kind for c in changes))
