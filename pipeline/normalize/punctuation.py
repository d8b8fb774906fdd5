"""Punctuation, width and spaces: ASCII marks become full-width in Chinese context (never
inside URLs, numbers or Latin tokens), quotes, ellipses and dashes, full-width letters and
digits become ASCII, spaces between Chinese go."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence

from pipeline.chinese import CJK_PUNCT, HAN as HAN_CHAR, HAN_RANGES as HAN
from pipeline.document import Change
from pipeline.normalize.settings import DEFAULT, Settings

# A character that makes its neighbourhood "Chinese context" for punctuation.
CJK_CONTEXT = re.compile(f"[{HAN}{CJK_PUNCT}]")

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


def _is_chinese_full_stop(text: Sequence[str], index: int) -> bool:
    """``我们走了.`` ends a Chinese sentence; ``3.5``, ``U.S.`` and ``...`` do not."""
    before = text[index - 1] if index > 0 else None
    after = text[index + 1] if index + 1 < len(text) else None
    if not (before and HAN_CHAR.match(before) or before in ("”", "’", "）")):
        return False
    return after is None or after in " \t" or _is_cjk(after)


def chinese_punctuation(text: str, line: int, settings: Settings = DEFAULT) -> tuple[str, list[Change]]:
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

    def convert(i: int, new: str | None = None) -> None:
        new = new or FULL_WIDTH[chars[i]]
        changes.append(Change("punctuation", line, i, chars[i], new))
        chars[i] = new

    _convert_parentheses(chars, protected, convert)
    _convert_marks(chars, protected, convert)
    result, space_changes = _remove_spaces_around_cjk_punctuation("".join(chars), line)
    return result, changes + space_changes


def _convert_parentheses(chars: list[str], protected: list[bool], convert: Callable[[int], None]) -> None:
    """Parentheses pair up: a pair is Chinese if its content or either side is. A converted
    pair makes its neighbours Chinese context, so decide until nothing changes."""
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
        decided = {
            (start, end)
            for start, end in pending
            if HAN_CHAR.search(current[start + 1 : end])
            or _is_cjk(_neighbour(current, start, -1))
            or _is_cjk(_neighbour(current, end, 1))
        }
        for start, end in sorted(decided):
            convert(start)
            convert(end)
        pending = [pair for pair in pending if pair not in decided]
        if not decided:
            break


def _convert_marks(chars: list[str], protected: list[bool], convert: Callable[..., None]) -> None:
    """Full stops after Chinese, and ``,:;?!`` in Chinese context, decided on the text as
    converted so far (``（…）,`` follows its converted bracket). One pass: the nearest
    script on the left and "Han since the last sentence end" are carried along, the nearest
    script on the right is known beforehand (nothing right of the pass has changed yet), so
    a long line without letters (``1;1;1;…``) costs no more than a short one."""
    right: list[str | None] = [None] * len(chars)
    nearest: str | None = None
    for i in range(len(chars) - 1, -1, -1):
        right[i] = nearest
        nearest = _script(chars[i]) or nearest
    left: str | None = None
    han_in_clause = False
    for i, ch in enumerate(chars):
        if ch == "." and not protected[i] and _is_chinese_full_stop(chars, i):
            convert(i, "。")
        elif not protected[i] and ch in ",:;?!":
            before, after = _neighbour(chars, i, -1), _neighbour(chars, i, 1)
            if not (ch in ",:" and before and after and before.isdigit() and after.isdigit()):  # 1,000 and 10:30
                chinese = (han_in_clause or left == "cjk") if ch in "?!" else "cjk" in (left, right[i])
                if chinese:
                    convert(i)
        current = chars[i]
        left = _script(current) or left
        if current in CLAUSE_BREAKS:
            han_in_clause = False
        elif HAN_CHAR.match(current):
            han_in_clause = True


CLAUSE_BREAKS = "。！？.!?“「\""


def _script(ch: str) -> str | None:
    if _is_cjk(ch):
        return "cjk"
    return "latin" if ch.isalpha() else None


# A tab is a table's cell separator (readers join a row's cells with one): it is not one of
# the spaces between Chinese that go, and becomes one space at the end (``cell_separators``).
SPACE_NEAR_PUNCT = re.compile(f"[ \\u3000]+(?=[{CJK_PUNCT}])|(?<=[{CJK_PUNCT}])[ \\u3000]+")
SPACE_BETWEEN_HAN = re.compile(f"(?<=[{HAN}])[ \\u3000]+(?=[{HAN}])")


def _remove_spaces_around_cjk_punctuation(text: str, line: int) -> tuple[str, list[Change]]:
    changes: list[Change] = []

    def drop(m: re.Match[str]) -> str:
        changes.append(Change("space", line, m.start(), m.group(), ""))
        return ""

    text = SPACE_NEAR_PUNCT.sub(drop, text)
    text = SPACE_BETWEEN_HAN.sub(drop, text)
    return text, changes


FULLWIDTH_ALNUM = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")
# A full-width number with its signs: －５℃, ３０％, １，２００, ３．５ — the signs go narrow with
# the digits (a ，between digits is a thousands separator, not a clause's comma).
FULLWIDTH_NUMBER = re.compile(r"(?:[－＋](?=[０-９]))?[０-９]+(?:[，．：／](?=[０-９])[０-９]+)*％?")


def halfwidth_alphanumerics(text: str, line: int, settings: Settings = DEFAULT) -> tuple[str, list[Change]]:
    """Full-width Latin letters and digits become ASCII (``ＧＰＴ－４`` stays readable as
    ``GPT－4`` only for the letters; punctuation width is decided in Chinese context).

    >>> halfwidth_alphanumerics("２０２４年ＡＩ大模型", 1)[0]
    '2024年AI大模型'
    >>> halfwidth_alphanumerics("增长３０％，气温－５℃，共１，２００台", 1)[0]
    '增长30%，气温-5℃，共1,200台'
    """
    changes: list[Change] = []

    def narrow(m: re.Match[str]) -> str:
        after = unicodedata.normalize("NFKC", m.group())
        changes.append(Change("width", line, m.start(), m.group(), after))
        return after

    text = FULLWIDTH_NUMBER.sub(narrow, text)
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


def collapse_whitespace(text: str, line: int, settings: Settings = DEFAULT) -> tuple[str, list[Change]]:
    """Trim the line, collapse runs of spaces (including U+3000 and NBSP) to one, and drop
    spaces between two Han characters (Chinese does not separate words); a run holding a
    tab (cells of a table row) becomes one tab.

    >>> collapse_whitespace("\\u3000\\u3000王坚  说 ", 1)[0]
    '王坚说'
    >>> collapse_whitespace("型号 \\t 价格", 1)[0]
    '型号\\t价格'
    """
    collapsed = re.sub(r"[ \u3000\xa0]*\t[ \t\u3000\xa0]*", "\t", text.strip())
    collapsed = re.sub(r"[ \u3000\xa0]+", " ", collapsed)
    if _clauses_of_a_headline(collapsed):
        collapsed = collapsed.replace(" ", "\t")  # kept as one space (``cell_separators``)
    collapsed = SPACE_BETWEEN_HAN.sub("", collapsed)
    return collapsed, ([Change("space", line, 0, text, collapsed)] if collapsed != text else [])


GLOSS = re.compile(r"\([^()\s]{1,8}\)")


def _clauses_of_a_headline(text: str) -> bool:
    """A short line without sentence punctuation whose spaces part clauses of several
    characters each (``地铁5号线开通 首班车6点发车``), not a name spaced out by a scraper (``王 坚``).

    >>> _clauses_of_a_headline("地铁5号线开通 首班车6点发车"), _clauses_of_a_headline("王 坚 说")
    (True, False)
    >>> _clauses_of_a_headline("創(chuàng) 不不不不")  # found by the idempotence property test
    False
    """
    if " " not in text or len(text) > 40 or re.search("[，。！？；：,.!?;:]", text):
        return False
    pieces = [GLOSS.sub("", p) for p in text.split(" ")]  # a pinyin gloss, removed later, makes no clause longer
    return len(pieces) <= 4 and all(len(p) >= 4 and HAN_CHAR.search(p) for p in pieces)


def cell_separators(text: str, line: int, settings: Settings = DEFAULT) -> tuple[str, list[Change]]:
    """The tab between a table row's cells becomes one space, once no rule can take it for
    a space between Chinese (``地铁5号线开通 首班车6点发车`` keeps its space the same way).

    >>> cell_separators("型号\\t价格", 1)[0]
    '型号 价格'
    """
    changes = [Change("space", line, m.start(), "\t", " ") for m in re.finditer("\t", text)]
    return text.replace("\t", " "), changes


