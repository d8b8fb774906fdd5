"""`bilingual --help` start-up against `python -c "import typer, rich"` (the floor any typer
CLI pays), the median of repeated runs, the two alternating so that the machine's noise
falls on both alike. The ratio is the figure (target ≤ 1.5).

    .venv/bin/python bench/cli_startup.py [--runs 21]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent / "bilingual"


def seconds(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    helps, imports = [], []
    seconds([str(BIN), "--help"])  # the first run fills the file cache for both
    for _ in range(args.runs):
        helps.append(seconds([str(BIN), "--help"]))
        imports.append(seconds([sys.executable, "-c", "import typer, rich"]))
    help_s, import_s = statistics.median(helps), statistics.median(imports)
    print(f"`bilingual --help`: median {help_s * 1000:.0f} ms; `import typer, rich`: median {import_s * 1000:.0f} ms "
          f"({args.runs} runs each) → ratio {help_s / import_s:.2f} (target ≤ 1.5)")


if __name__ == "__main__":
    main()
