"""A long book through `bilingual run`: time and peak memory of a 300-chapter EPUB (and of
a 30-chapter one, the ratio showing how the run grows), then of the same run again on its
translation memory — measured in one run on this machine, each in a fresh process.

The chapters are made as tests/articles.py makes a newsroom's batch (real Chinese clauses
of our gold articles recombined, nearly every sentence new), ten paragraphs each, with a footnote in every tenth chapter; the tiny
synthetic model translates (its speed is not a real model's: the figures show what the
pipeline around the engine costs — reading, normalizing, the suggestions' tagging, the
writers).

    .venv/bin/python bench/book_scaling.py [--chapters 300] [--small 30] [--package F]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from translate_speed import BIN, measure, synthetic_env  # noqa: E402


def make_book(path: Path, chapters: int, work: Path) -> tuple[int, int]:
    """An EPUB of ``chapters`` chapters; returns its paragraphs and Chinese characters."""
    import random
    import re

    from tests.articles import ARTICLES
    from tests.test_epub_in import pack

    rng = random.Random(chapters)
    gold = [line for path in sorted(ARTICLES.glob("*.gold.txt")) for line in path.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    clauses = [c for line in gold for c in re.split(r"[，。；！？：“”]", line) if len(c) >= 4]
    bodies, paragraphs, chars = [], 0, 0
    for number in range(1, chapters + 1):
        lines = ["".join("，".join(rng.sample(clauses, rng.randint(2, 3))) + "。" for _ in range(rng.randint(2, 4))) for _ in range(10)]
        note = '<a epub:type="noteref" href="#n1">1</a>' if number % 10 == 0 else ""
        body = f"<h1>第{number}章</h1>" + "".join(f"<p>{line}{note if i == 0 else ''}</p>" for i, line in enumerate(lines))
        body += '<aside epub:type="footnote" id="n1"><p>本章数据来自国家统计局。</p></aside>' if note else ""
        bodies.append((f"text/ch{number:04}.xhtml", f"第{number}章", body))
        paragraphs += len(lines) + bool(note)
        chars += sum(len(line) for line in lines)
    pack(path, bodies)
    return paragraphs, chars


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chapters", type=int, default=300)
    parser.add_argument("--small", type=int, default=30)
    parser.add_argument("--package", type=Path, help="reuse a built .argosmodel")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env, _ = synthetic_env(work, args.package, size="tiny", output_tokens=6)
        figures = {}
        for chapters in (args.small, args.chapters):
            book = work / f"book-{chapters}.epub"
            paragraphs, chars = make_book(book, chapters, work)
            memory = work / f"tm-{chapters}.sqlite"
            run = [str(BIN), "run", str(book), "--format", "epub,docx,html", "--json", str(work / f"{chapters}.json"),
                   "--cache", str(memory), "--force", "-q"]
            first = measure(run, env, work)
            again = measure(run, env, work)
            figures[chapters] = (first, again)
            print(f"{chapters:4} chapters, {paragraphs} paragraphs, {chars / 1000:.0f}k characters, {book.stat().st_size / 1e6:.2f} MB EPUB:")
            print(f"     first run {first[0]:6.1f} s, peak {first[1]:4} MB;  re-run on its memory {again[0]:6.1f} s, peak {again[1]:4} MB")
        (small_first, small_again), (big_first, big_again) = figures[args.small], figures[args.chapters]
        scale = args.chapters / args.small
        print(f"{args.chapters} / {args.small} chapters ({scale:.0f}× the text): first run {big_first[0] / small_first[0]:.1f}× the time, "
              f"re-run {big_again[0] / small_again[0]:.1f}× (linear: {scale:.0f}×; start-up is in both)")


if __name__ == "__main__":
    main()
