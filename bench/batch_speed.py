"""Batch throughput: `bilingual batch` on N articles vs N sequential `bilingual run` calls,
and the Ray executor's overhead vs the local one — measured in one run on this machine.

Generates N articles (tests/articles.py: real Chinese clauses recombined into new sentences,
damaged as scrapers do; --shared: whole paragraphs shared between articles), builds
(or reuses, --package) a synthetic package, and times whole processes, each mode with its
own fresh translation memory:

- sequential: N `bilingual run` processes, one after the other (sharing one memory, as a
              user's loop would)
- local:      `bilingual batch IN --executor local`
- ray:        `bilingual batch IN --executor ray` (a local Ray started by the command)

Ratios are the figures; machines are noisy.

    .venv/bin/python bench/batch_speed.py [--articles 50] [--size tiny|opus] [--package F] [--device cuda]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent / "bilingual"
GLOSSARY = ROOT / "glossary" / "glossary.csv"


def timed(args: list[str], env: dict[str, str], cwd: Path) -> float:
    started = time.perf_counter()
    result = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stderr}")
    return time.perf_counter() - started


def floor(folder: Path, device: str) -> float:
    """The raw CTranslate2 floor on the same work: every distinct sentence of the articles
    as the translate stage sends it (protected), in one call."""
    from floor import raw_translate_seconds
    from pipeline.edition import prepare
    from pipeline.read.formats import read_document
    from pipeline.glossary.loading import load_glossary
    from pipeline.translate.stage import planned_texts

    glossary = load_glossary(GLOSSARY)
    texts: set[str] = set()
    for path in sorted(folder.rglob("*.txt")):
        texts.update(planned_texts(prepare(read_document(path), glossary)))
    return raw_translate_seconds(texts, device)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--size", choices=["tiny", "opus"], default="tiny", help="synthetic model shape (opus: full size)")
    parser.add_argument("--package", type=Path, help="reuse a built .argosmodel")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--skip-ray", action="store_true")
    parser.add_argument("--skip-sequential", action="store_true")
    parser.add_argument("--shared", action="store_true", help="articles share whole paragraphs (default: nearly all sentences new)")
    parser.add_argument("--inner-floor", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner_floor:
        print(floor(args.inner_floor, args.device))
        return

    from tests.articles import generate_articles
    from tests.synthetic_package import build_package

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = {**os.environ, "ARGOS_PACKAGES_DIR": str(work / "packages"), "HOME": str(work), "RAY_ADDRESS": "",
               "XDG_CACHE_HOME": str(work / "cache"), "XDG_DATA_HOME": str(work / "data"), "XDG_CONFIG_HOME": str(work / "config")}
        package = args.package
        if package is None:
            corpus = (ROOT / "examples" / "wang-jian-sora.txt").read_text(encoding="utf-8").splitlines()
            package = build_package(work / "synthetic.argosmodel", corpus, size=args.size, output_tokens=30 if args.size == "opus" else 6,
                                    quantization="int8")
        subprocess.run([str(BIN), "models", "install", str(package)], env=env, check=True, capture_output=True)
        paths = generate_articles(work / "in", args.articles, mixed=not args.shared)
        common = ["--glossary", str(GLOSSARY), "--device", args.device, "-q"]

        sequential = 0.0
        for path in [] if args.skip_sequential else paths:
            out = work / "seq" / path.relative_to(work / "in").with_suffix(".docx")
            out.parent.mkdir(parents=True, exist_ok=True)
            sequential += timed([str(BIN), "run", str(path), "-o", str(out), "--cache", str(work / "seq.sqlite"), *common], env, work)
        local = timed([str(BIN), "batch", "in", "-o", "local", "--json", "--cache", str(work / "local.sqlite"), *common], env, work)
        zh = [
            sentence["zh"]
            for p in (work / "local").rglob("*.json")
            if not p.name.startswith(".")
            for segment in json.loads(p.read_text(encoding="utf-8"))["segments"]
            for sentence in segment["sentences"]
        ]
        sentences = len(zh)
        raw = subprocess.run([sys.executable, __file__, "--inner-floor", str(work / "in"), "--device", args.device],
                             env=env, capture_output=True, text=True, check=True)
        floor_seconds = float(raw.stdout.strip().splitlines()[-1])
        ray = None
        if not args.skip_ray:
            ray = timed([str(BIN), "batch", "in", "-o", "ray", "--executor", "ray", "--cache", str(work / "ray.sqlite"), *common], env, work)

        print(f"{args.articles} articles, {sentences} sentences ({len(set(zh))} distinct); model {package.name} ({args.size}); device {args.device}; "
              f"{os.cpu_count()} cores")
        if sequential:
            print(f"sequential `bilingual run` × {args.articles}: {sequential:7.2f} s  {sentences / sequential:7.1f} sent/s")
        print(f"`batch --executor local`:        {local:7.2f} s  {sentences / local:7.1f} sent/s"
              + (f"  → {sequential / local:.1f}× the sequential throughput" if sequential else ""))
        print(f"raw CTranslate2, the same distinct sentences in one call (model load included): {floor_seconds:.2f} s "
              f"→ `batch` reaches {floor_seconds / local:.0%} of the raw rate end to end")
        if ray is not None:
            print(f"`batch --executor ray`:          {ray:7.2f} s  {sentences / ray:7.1f} sent/s  "
                  f"→ Ray's overhead: {ray / local:.2f}× local's time (+{ray - local:.1f} s)")


if __name__ == "__main__":
    main()
