"""Polyphone accuracy on CPP, the public benchmark of the g2pM paper: its development split
(``../shared/cpp/``, not in this repository), one marked polyphonic character per sentence.

The split was cut once, before any tuning: every third sentence (line numbers 3, 6, 9, …) is
set aside and scored at first sight; the rest is what the disambiguator is fitted and tuned
on. Strict: the reading as CPP labels it. Lenient: a neutral tone against a full one on the
same syllable is forgiven — CPP gives a word-internal syllable its citation tone where
CC-CEDICT and the Xiandai Hanyu Cidian (our conventions, kept) write it neutral (衣服 fu2).

    .venv/bin/python bench/cpp_accuracy.py [--set tune|aside|all] [--systems ours,pypinyin,g2pm] [--wrong 40]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CPP = ROOT.parent / "shared" / "cpp"
MARK = "\u2581"


@dataclass(frozen=True)
class Item:
    """A sentence, the index of its marked character, and that character's CPP label."""

    number: int  # line number in dev.sent, from 1
    text: str
    index: int
    label: str  # numbered, ü as v, neutral 5: le5, lv4, r5

    @property
    def char(self) -> str:
        return self.text[self.index]

    @property
    def aside(self) -> bool:
        return self.number % 3 == 0


def items(which: str = "all") -> list[Item]:
    if not CPP.is_dir():
        raise SystemExit(f"{CPP} is absent: the benchmark is read from ../shared/cpp/ beside the checkout")
    sentences = (CPP / "dev.sent").read_text(encoding="utf-8").splitlines()
    labels = (CPP / "dev.lb").read_text(encoding="utf-8").splitlines()
    out = []
    for number, (marked, label) in enumerate(zip(sentences, labels), start=1):
        index = marked.index(MARK)
        text = marked.replace(MARK, "")
        out.append(Item(number, text, index, label.strip().replace("u:", "v")))
    return [i for i in out if which == "all" or i.aside == (which == "aside")]


def strict(got: str, label: str) -> bool:
    return got == label


def lenient(got: str, label: str) -> bool:
    """The same syllable, and the same tone unless one of the two is neutral."""
    return got == label or (got[:-1] == label[:-1] and "5" in (got[-1:], label[-1:]))


def numbered(marked: str) -> str:
    from pypinyin.contrib.tone_convert import to_tone3

    if marked == "r":
        return "r5"
    return to_tone3(marked.lower(), neutral_tone_with_five=True).replace("ü", "v")


def ours(item: Item) -> str:
    """The learner edition's reading of the marked character, in its sentence."""
    from pipeline.learn.reading import _segmenter, read_sentence

    at = 0
    for original, _, _, syllables in read_sentence(item.text, _segmenter(())):
        if at <= item.index < at + len(original):
            if syllables is None or isinstance(syllables, str):
                return ""
            return numbered(syllables[item.index - at])
        at += len(original)
    return ""


def pypinyin_alone(item: Item) -> str:
    """pypinyin out of the box: its phrase dictionary over the sentence, as it segments it."""
    from pypinyin import Style, pinyin

    readings = pinyin(item.text, style=Style.TONE3, neutral_tone_with_five=True, errors=lambda chars: list(chars))
    return readings[item.index][0].replace("ü", "v")


_G2PM = None


def g2pm(item: Item) -> str:
    global _G2PM
    if _G2PM is None:
        from g2pM import G2pM

        _G2PM = G2pM()
    return _G2PM(item.text, tone=True, char_split=True)[item.index].replace("u:", "v")


SYSTEMS = {"ours": ours, "pypinyin": pypinyin_alone, "g2pm": g2pm}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=("tune", "aside", "all"), default="tune")
    parser.add_argument("--systems", default="ours,pypinyin,g2pm")
    parser.add_argument("--wrong", type=int, default=0, help="print this many of ours' misses")
    args = parser.parse_args()
    chosen = items(args.set)
    for name in args.systems.split(","):
        run = SYSTEMS[name]
        started = time.perf_counter()
        got = [run(item) for item in chosen]
        seconds = time.perf_counter() - started
        s = sum(strict(g, i.label) for g, i in zip(got, chosen))
        l_ = sum(lenient(g, i.label) for g, i in zip(got, chosen))
        print(f"{name:9} strict {s / len(chosen):.4f}  lenient {l_ / len(chosen):.4f}  ({len(chosen)} sentences, "
              f"{len({i.char for i in chosen})} characters, {seconds:.1f} s)")
        if name == "ours" and args.wrong:
            misses = Counter(f"{i.char} {g}≠{i.label}" for g, i in zip(got, chosen) if not lenient(g, i.label))
            print("   misses:", "  ".join(f"{k}×{n}" if n > 1 else k for k, n in misses.most_common(args.wrong)))


if __name__ == "__main__":
    main()
