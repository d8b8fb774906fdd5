"""Damage clean Chinese text the way scrapers do, to test the normalizer on articles it has
never seen. Each kind of damage is a function; ``damage_article`` combines them with a seed.

    python -m tests.damage   # rewrite tests/golden/articles/*.damaged.txt from the gold files

The damaged files are committed (golden inputs); the test suite checks that this generator
still produces them byte for byte, so the two cannot drift apart.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

ARTICLES = Path(__file__).parent / "golden" / "articles"
HAN = re.compile(r"[\u4e00-\u9fff]")
TO_ASCII = {"，": ",", "：": ":", "；": ";", "？": "?", "！": "!", "（": "(", "）": ")"}


@dataclass(frozen=True)
class Damage:
    script: str  # "per-char" (s2t one character at a time), "s2t", "s2tw"
    pinyin_rate: float
    toneless: bool
    markup: bool
    mojibake: tuple[str, ...]  # the mangled endings to use, in turn
    captions: tuple[str, ...]
    disclaimers: tuple[str, ...]
    empty_lines: bool
    control_chars: bool
    encoding: str
    newline: str
    seed: int
    ascii_quotes: bool = False  # “…” → "…"
    fullwidth_alnum: bool = False  # 2024 → ２０２４, AI → ＡＩ
    indent_mojibake: bool = False  # a "　　" paragraph indent read as GBK: 銆€銆€
    mojibake_line: int | None = None  # this line's UTF-8 read as GBK as a whole


def convert(text: str, config: str, per_char: bool = False) -> str:
    from opencc import OpenCC

    cc = OpenCC(config)
    return "".join(cc.convert(c) for c in text) if per_char else cc.convert(text)


def annotate(text: str, rate: float, toneless: bool, rng: random.Random) -> str:
    """``创始人`` → ``创(chuàng)始人``: a reading after some characters."""
    from pypinyin import Style, pinyin

    out = []
    for ch in text:
        out.append(ch)
        if HAN.match(ch) and rng.random() < rate:
            reading = pinyin(ch, style=Style.NORMAL if toneless else Style.TONE)[0][0]
            out.append(f"({reading})")
    return "".join(out)


def asciify(text: str) -> str:
    return "".join(TO_ASCII.get(c, c) for c in text)


def mangle_end(line: str, remnant: str) -> str:
    """Replace a paragraph's final 。 or 。” with a UTF-8/GBK remnant of ``。”</p>``."""
    for ending in ("。”", "。"):
        if line.endswith(ending):
            return line[: -len(ending)] + remnant
    return line


def widen(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)


def whole_line_mojibake(text: str) -> str:
    """What a browser shows for UTF-8 bytes read as Windows-936 (0x80 shows as €)."""
    return text.encode("utf-8").decode("gbk", errors="replace")


def damage_article(gold: list[str], d: Damage) -> bytes:
    rng = random.Random(d.seed)
    lines = []
    mojibake = list(d.mojibake)
    for index, line in enumerate(gold):
        if d.ascii_quotes:
            line = line.replace("“", '"').replace("”", '"')
        if d.fullwidth_alnum and index % 2 == 0:
            line = widen(line)
        line = annotate(line, d.pinyin_rate, d.toneless, rng)
        if d.script == "per-char":
            line = convert(line, "s2t", per_char=True)
        else:
            line = convert(line, d.script)
        line = asciify(line)
        if mojibake and index > 0 and (line.endswith("。") or line.endswith("。”")):
            line = mangle_end(line, mojibake.pop(0))
        elif d.markup and index > 0:
            line = f"<p>{line.replace('，', '，').replace(' ', '&nbsp;')}</p>"
        if d.control_chars and index % 3 == 1:
            line = line[:5] + "\u200b" + line[5:7] + "\x07" + line[7:]
        if d.indent_mojibake and index > 0:
            line = "銆€銆€" + line
        if d.mojibake_line == index:
            line = whole_line_mojibake(line)
        lines.append(line)
        if index == 1:
            lines.extend(d.captions)
        if d.empty_lines:
            lines.append("")
    lines.extend(d.disclaimers)
    return d.newline.join(lines).encode(d.encoding) + d.newline.encode(d.encoding)


CONFIGS: dict[str, Damage] = {
    "chip-report": Damage(
        script="per-char", pinyin_rate=0.08, toneless=False, markup=False,
        mojibake=("?!?/p>", "銆?/p>", "銆傗??/p>"),
        captions=("數據中心機房內景 圖源:視覺中國",),
        disclaimers=("1、本文僅代表作者觀點,不代表本站立場。", "2、如對本文有異議或投訴,請聯繫:tips@example.cn"),
        empty_lines=False, control_chars=False, encoding="utf-8", newline="\n", seed=3,
        fullwidth_alnum=True,
    ),
    "ev-interview": Damage(
        script="s2tw", pinyin_rate=0.06, toneless=True, markup=True,
        mojibake=(),
        captions=("<p>圖片來源:受訪者供圖</p>",),
        disclaimers=("<p>責任編輯:王芳</p>", "<p>轉載請註明出處。</p>"),
        empty_lines=True, control_chars=False, encoding="gb18030", newline="\r\n", seed=5,
        ascii_quotes=True,
    ),
    "teahouse-feature": Damage(
        script="s2t", pinyin_rate=0.07, toneless=False, markup=False,
        mojibake=("銆傗??/p>",),
        captions=("▲ 老茶館外景(資料圖)",),
        disclaimers=("免責聲明:本文內容來源於網絡,版權歸原作者所有。",),
        empty_lines=False, control_chars=True, encoding="utf-16", newline="\n", seed=7,
        indent_mojibake=True,
    ),
}


def damaged_bytes(name: str) -> bytes:
    gold = (ARTICLES / f"{name}.gold.txt").read_text(encoding="utf-8").splitlines()
    return damage_article(gold, CONFIGS[name])


if __name__ == "__main__":
    for name in CONFIGS:
        (ARTICLES / f"{name}.damaged.txt").write_bytes(damaged_bytes(name))
        print(f"wrote {name}.damaged.txt")
