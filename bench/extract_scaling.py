"""How reading a page scales with its size: a page of prose at 1× and 8× (default 4 MB and
32 MB), read as `bilingual extract` reads it; prints the time ratio (near-linear gives about
8) and the peak memory of each, measured in a child process.

    .venv/bin/python bench/extract_scaling.py [--mb 4]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARAGRAPH = "<p>" + "国家统计局今天发布数据，今年前三季度国内生产总值同比增长百分之五，经济运行总体平稳。" * 3 + "</p>\n"


def page(megabytes: int) -> str:
    n = megabytes * 1024 * 1024 // len(PARAGRAPH.encode("utf-8"))
    return ("<html><head><title>前三季度经济运行总体平稳_新闻</title></head><body><h1>前三季度经济运行总体平稳</h1>"
            f"<div class='article'>{PARAGRAPH * n}</div></body></html>")


def read(path: Path) -> tuple[float, int]:
    """Seconds and peak RSS (MB) of reading the page in a fresh process."""
    code = f"from pathlib import Path; from pipeline.read.formats import read_document; read_document(Path({str(path)!r}))"
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
    return time.perf_counter() - started, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        small, large = Path(folder) / "small.html", Path(folder) / "large.html"
        small.write_text(page(args.mb), encoding="utf-8")
        large.write_text(page(args.mb * 8), encoding="utf-8")
        (t1, m1), (t8, m8) = read(small), read(large)
    print(f"{args.mb} MB: {t1:.1f} s, peak {m1} MB; {args.mb * 8} MB: {t8:.1f} s, peak {m8} MB; time ratio {t8 / t1:.1f} (8 is linear)")


if __name__ == "__main__":
    main()
