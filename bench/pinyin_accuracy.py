"""Reading accuracy of the learner edition on sentences rich in heteronyms, written here
(``pinyin_gold.tsv``, 577 sentences in thirteen sets) with their dictionary readings (Xiàndài Hànyǔ Cídiǎn citation forms, neutral tones as it and
CC-CEDICT mark them: 学生 xuésheng, 朋友 péngyou, a noun's 上 light; no tone sandhi, 一/不 in their own tones) as the gold — beside pypinyin + jieba out of the box on the same text.

Syllable accuracy: every Han character's syllable (tone marks, case ignored). Heteronym
accuracy: only the characters pypinyin knows more than one reading for.

    .venv/bin/python bench/pinyin_accuracy.py
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

GOLD_FILE = Path(__file__).with_name("pinyin_gold.tsv")


def gold() -> list[tuple[str, str, str]]:
    """(set, sentence, readings) from ``pinyin_gold.tsv``: one syllable per Han character."""
    rows = []
    for line in GOLD_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, sentence, readings = line.split("\t")
            rows.append((name, sentence, readings))
    return rows


def _syllables(text: str) -> list[str]:
    return [unicodedata.normalize("NFC", s).lower() for s in text.split()]


def ours(sentence: str) -> list[str]:
    from pipeline.document import Document, Paragraph, Sentence
    from pipeline.learn.reading import read_words

    doc = Document("x", (sentence,), paragraphs=(Paragraph("p1", "body", sentence, 1, sentences=(Sentence("p1.s1", sentence),)),))
    out: list[str] = []
    for word, reading in read_words(doc).sentences[0].words:
        if reading:
            out += _split(reading, word)
    return out


def _split(reading: str, word: str) -> list[str]:
    """A word's reading back into one syllable per character: each character takes the
    longest of its possible readings (any tone) that the rest of the reading starts with."""
    from pypinyin import Style, pinyin

    rest = unicodedata.normalize("NFC", reading.replace(" ", "").replace("'", "").lower())
    syllables = []
    for index, char in enumerate(word):
        if index == len(word) - 1:
            syllables.append(rest)
            break
        options = sorted({unicodedata.normalize("NFC", r).lower() for r in pinyin(char, style=Style.TONE, heteronym=True)[0]}
                         | {unicodedata.normalize("NFC", r).lower() for r in pinyin(char, style=Style.NORMAL, heteronym=True)[0]},
                         key=len, reverse=True)
        chosen = next((o for o in options if rest.startswith(o)), rest[:1])
        syllables.append(chosen)
        rest = rest[len(chosen):]
    return syllables


def baseline(sentence: str) -> list[str]:
    import jieba
    from pypinyin import Style, lazy_pinyin

    words = [w for w in jieba.cut(sentence)]
    return [unicodedata.normalize("NFC", s).lower() for s in lazy_pinyin(words, style=Style.TONE, errors="ignore")
            if any("a" <= c <= "z" or c in "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü" for c in s)]


def score(reader, rows) -> tuple[int, int, int, int, list[str]]:
    from pypinyin import Style, pinyin

    syllables = right = hetero = hetero_right = 0
    wrong: list[str] = []
    for _, sentence, readings in rows:
        han = [c for c in sentence if "\u4e00" <= c <= "\u9fff"]
        expected, got = _syllables(readings), reader(sentence)
        assert len(expected) == len(han), sentence
        for char, e, g in zip(han, expected, got + [""] * (len(expected) - len(got))):
            syllables += 1
            right += e == g
            if len(pinyin(char, style=Style.TONE, heteronym=True)[0]) > 1:
                hetero += 1
                hetero_right += e == g
            if e != g:
                wrong.append(f"{char}:{g or '∅'}≠{e}")
    return syllables, right, hetero, hetero_right, wrong


def main() -> None:
    import jieba

    jieba.setLogLevel(60)
    rows = gold()
    sets = list(dict.fromkeys(name for name, _, _ in rows))
    for name, reader in (("ours (learner edition)", ours), ("pypinyin + jieba out of the box", baseline)):
        total = score(reader, rows)
        print(f"{name}: syllables {total[1]}/{total[0]} = {total[1] / total[0]:.3f}; heteronyms {total[3]}/{total[2]} = "
              f"{total[3] / total[2]:.3f} ({len(rows)} sentences)")
        for part in sets:
            n, r, h, hr, _ = score(reader, [row for row in rows if row[0] == part])
            print(f"   {part:8} syllables {r / n:.3f}  heteronyms {hr / h:.3f}")
        print("   wrong:", " ".join(total[4]) or "none")


if __name__ == "__main__":
    main()
