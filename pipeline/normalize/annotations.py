"""Pinyin annotations after characters (``創(chuàng)``): removed only when the syllable
really is a reading of the character before it."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from pipeline.chinese import HAN_RANGES as HAN
from pipeline.document import Change
from pipeline.normalize.settings import DEFAULT, Settings

TONE_LETTERS = "a-zA-ZāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿêÊ\u0300-\u036f"
# A gloss: pinyin with tone marks or a tone number (``v`` or ``u:`` for ü: ``lv4``, ``nu:3``),
# or zhuyin (``ㄓㄜˊ``, ``˙ㄉㄜ``), in parentheses right after the character it reads.
BOPOMOFO = "\u3105-\u312f\u31a0-\u31bf"
ZHUYIN_TONES = "ˊˇˋ˙"
ANNOTATION = re.compile(
    f"([{HAN}])[ \\u3000]?[(（]\\s*((?:[{TONE_LETTERS}]|u:){{1,7}}[1-5]?|[{ZHUYIN_TONES}]?[{BOPOMOFO}]{{1,4}}[{ZHUYIN_TONES}]?)\\s*[)）]"
)


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
    if re.search(f"[{BOPOMOFO}]", annotation):
        return _bare_zhuyin(annotation) in _zhuyin_readings(char)
    syllable = unicodedata.normalize("NFC", annotation).lower().replace("u:", "ü").replace("v", "ü")
    readings = _readings(char) | _readings(_simplified(char))  # 績 is known only as 绩
    return syllable in readings or syllable.replace("ü", "v") in readings


def _simplified(char: str) -> str:
    from pipeline.normalize.script import opencc_t2s

    converted = opencc_t2s(char)
    return converted if len(converted) == 1 else char


def _bare_zhuyin(text: str) -> str:
    return "".join(c for c in text if c not in ZHUYIN_TONES and not c.isdigit())


@lru_cache(maxsize=8192)
def _zhuyin_readings(char: str) -> frozenset[str]:
    """The zhuyin letters (tones left aside) of every reading of ``char``."""
    from pypinyin.style.bopomofo import BopomofoConverter

    converter = BopomofoConverter()
    found = set()
    for reading in _reading_table().get(ord(char), "").split(",") + _reading_table().get(ord(_simplified(char)), "").split(","):
        if reading:
            found.add(_bare_zhuyin(converter.to_bopomofo(reading)))
    return frozenset(found)


def remove_pinyin_annotations(text: str, line: int, settings: Settings = DEFAULT) -> tuple[str, list[Change]]:
    """Remove a one-syllable pinyin gloss that directly follows the character it reads.

    Only a valid reading of that very character counts, so ``(NVIDIA)``, ``(QR code)``
    and a gloss after a quotation mark (``“卷”(juàn)``) are content and stay.

    >>> remove_pinyin_annotations("阿里雲創(chuàng)始人", 1)[0]
    '阿里雲創始人'
    >>> remove_pinyin_annotations("英偉(wěi)達(NVIDIA)", 1)[0]
    '英偉達(NVIDIA)'
    >>> remove_pinyin_annotations("顯著(ㄓㄜˋ)的(˙ㄉㄜ)成績(jì)，綠(lv4)女(nu:3)", 1)[0]
    '顯著的成績，綠女'
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


