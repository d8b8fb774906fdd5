"""Normalizer throughput on a 1 MB damaged input, as a ratio to a baseline run in the same
process: OpenCC's t2s conversion of the same text (one library pass, the least any
normalizer of traditional text must do). Machines here are noisy; the ratio is the figure.

    .venv/bin/python bench/normalize_speed.py [--mb 1]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def best_of(runs: int, work) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from opencc import OpenCC

    from pipeline.document import Document
    from pipeline.normalize import normalize

    sample = (ROOT / "examples" / "wang-jian-sora.txt").read_text(encoding="utf-8")
    size = len(sample.encode("utf-8"))
    text = sample * max(1, round(args.mb * 1_000_000 / size))
    megabytes = len(text.encode("utf-8")) / 1_000_000
    lines = tuple(text.splitlines())

    small = best_of(args.runs, lambda: normalize(Document("sample", tuple(sample.splitlines()))))
    cc = OpenCC("t2s")
    baseline = best_of(args.runs, lambda: cc.convert(text))
    ours = best_of(args.runs, lambda: normalize(Document("bench", lines)))
    print(f"input: {megabytes:.2f} MB, {len(lines)} lines (the sample repeated)")
    print(f"sample article ({size / 1000:.1f} kB): {small * 1000:.0f} ms")
    print(f"baseline OpenCC t2s: {baseline:.2f} s, {megabytes / baseline:.2f} MB/s")
    print(f"normalize:           {ours:.2f} s, {megabytes / ours:.2f} MB/s")
    print(f"ratio normalize / t2s time: {ours / baseline:.2f}")


if __name__ == "__main__":
    main()
