"""Reading throughput of the learner edition (segmentation, readings in context, the
polyphone model batched over the article as ``read_words`` runs it, orthography)
as a ratio to a baseline run in the same process: jieba's cut with pypinyin's lazy_pinyin
over the same text, out of the box — the least a pinyin-over-words edition must do. Also
the ratio for the text four times as long (near-linear reading gives about 4).

    .venv/bin/python bench/reading_speed.py [--copies 4]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.normalize_speed import best_of  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    import jieba
    from pypinyin import lazy_pinyin

    from pipeline.learn.reading import _segmenter, lines_words, sentence_words

    jieba.setLogLevel(60)
    lines = [line for line in (ROOT / "examples" / "wang-jian-sora.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
    segmenter = _segmenter(())
    list(sentence_words(lines[0], segmenter))  # loads the dictionaries
    lazy_pinyin(list(jieba.cut(lines[0])))
    chars = sum(map(len, lines))

    lines_words(lines[:2], segmenter)  # loads the polyphone model

    def ours(copies: int) -> None:
        lines_words(lines * copies, segmenter)  # as read_words does: the model batched over the article

    def baseline() -> None:
        for line in lines:
            lazy_pinyin(list(jieba.cut(line)))

    one, many, base = best_of(args.runs, lambda: ours(1)), best_of(args.runs, lambda: ours(args.copies)), best_of(args.runs, baseline)
    print(f"input: the example article, {len(lines)} lines, {chars} characters")
    print(f"baseline jieba + lazy_pinyin: {base * 1000:.0f} ms, {chars / base:.0f} characters/s")
    print(f"learner reading:              {one * 1000:.0f} ms, {chars / one:.0f} characters/s")
    print(f"ratio reading / baseline time: {one / base:.2f}")
    print(f"ratio {args.copies}x text / 1x text: {many / one:.2f}")


if __name__ == "__main__":
    main()
