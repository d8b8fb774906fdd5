"""The editing loop: a re-run after one glossary entry changed, as a ratio to a cold run.

Builds the full-size synthetic package (shaped like OPUS-MT zho-eng, int8, 30 output
tokens per sentence), installs it in a temporary packages folder, and times whole
`bilingual run` processes on the bundled example with a fresh translation memory:
cold, unchanged re-run, and re-run after one entry's target changed.

    .venv/bin/python bench/glossary_rerun.py
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent / "bilingual"


def timed_run(args: list[str], env: dict[str, str], cwd: Path) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run([str(BIN), *args], env=env, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return elapsed, done.stderr


def main() -> None:
    from tests.synthetic_package import build_package

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = {**os.environ, "ARGOS_PACKAGES_DIR": str(work / "packages"), "HOME": str(work), "XDG_CACHE_HOME": str(work / "cache")}
        corpus = (ROOT / "examples" / "wang-jian-sora.txt").read_text(encoding="utf-8").splitlines()
        package = build_package(work / "opus.argosmodel", corpus, size="opus", output_tokens=30, quantization="int8")
        subprocess.run([str(BIN), "models", "install", str(package)], env=env, check=True, capture_output=True)
        shutil.copy(ROOT / "examples" / "wang-jian-sora.txt", work / "article.txt")
        glossary = work / "glossary.csv"
        shutil.copy(ROOT / "glossary" / "glossary.csv", glossary)
        args = ["run", "article.txt", "--glossary", str(glossary), "--cache", str(work / "tm.sqlite"), "-o", "out.docx", "--force"]

        cold, cold_log = timed_run(args, env, work)
        unchanged, unchanged_log = timed_run(args, env, work)
        glossary.write_text(glossary.read_text(encoding="utf-8").replace("算力,computing power", "算力,compute"), encoding="utf-8")
        edited, edited_log = timed_run(args, env, work)

        def line(log: str) -> str:
            return next(l for l in log.splitlines() if l.startswith("translated"))

        print(f"cold run:                  {cold:.2f} s   {line(cold_log)}")
        print(f"re-run, unchanged:         {unchanged:.2f} s   {line(unchanged_log)}")
        print(f"re-run, one entry changed: {edited:.2f} s   {line(edited_log)}")
        print(f"ratio unchanged / cold:    {unchanged / cold:.2f}")
        print(f"ratio one-entry / cold:    {edited / cold:.2f}")
        changed = re.search(r"\((\d+) cached\)", line(edited_log))
        total = re.search(r"translated (\d+) sentences", line(edited_log))
        if changed and total:
            print(f"sentences retranslated after the edit: {int(total.group(1)) - int(changed.group(1))} (those containing 算力)")


if __name__ == "__main__":
    main()
