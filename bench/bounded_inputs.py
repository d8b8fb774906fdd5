"""Time and peak memory of the inputs that must stay bounded (issue 25): a DOCX whose parts
would inflate to 1 GiB (refused from the zip's directory), a 60 MB page, and `bilingual
extract` of a page at 4 MB and 32 MB (the ratio near 8 is linear). Each is run in a fresh
process; peak memory is that process's maximum RSS.

    .venv/bin/python bench/bounded_inputs.py [--page-mb 60]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.extract_scaling import ROOT, page  # noqa: E402


def bomb(path: Path, megabytes: int) -> None:
    """A DOCX of zeros: ~1 MB on disk per GiB inflated."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b"\0" * (1 << 20)
            for _ in range(megabytes):
                part.write(chunk)


def measured(*command: str) -> tuple[float, int, int]:
    """Seconds, peak RSS in MB and exit code of one command in a child process (run alone:
    ``RUSAGE_CHILDREN`` keeps the largest child's peak, so each is wrapped in its own shell)."""
    probe = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
             "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode; "
             "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024, rc)")
    out = subprocess.run([sys.executable, "-c", probe, *command], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), int(out[1]), int(out[2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page-mb", type=int, default=60)
    parser.add_argument("--bomb-mb", type=int, default=1024)
    args = parser.parse_args()
    cli = str(Path(sys.executable).with_name("bilingual"))
    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        bomb(here / "bomb.docx", args.bomb_mb)
        size = (here / "bomb.docx").stat().st_size / 1e6
        t, m, rc = measured(cli, "run", str(here / "bomb.docx"), "-o", str(here / "bomb-out.docx"))
        print(f"DOCX bomb ({size:.1f} MB → {args.bomb_mb} MiB): exit {rc} in {t:.1f} s, peak {m} MB")
        for megabytes in (4, 32, args.page_mb):
            (here / f"p{megabytes}.html").write_text(page(megabytes), encoding="utf-8")
        rows = {mb: measured(cli, "extract", str(here / f"p{mb}.html")) for mb in (4, 32, args.page_mb)}
        for mb, (t, m, rc) in rows.items():
            print(f"extract of a {mb} MB page: exit {rc} in {t:.1f} s, peak {m} MB")
        print(f"time ratio 32 MB / 4 MB: {rows[32][0] / rows[4][0]:.1f} (8 is linear)")


if __name__ == "__main__":
    main()
