"""Translation speed: our translate stage vs argostranslate's translate() vs the raw
batched CTranslate2 floor, on the same model and article, measured in one run.

Builds (or reuses, --package) the full-size synthetic package shaped like OPUS-MT zho-eng
(6+6 layers, d_model 512, post-norm, 65k vocabulary, int8, 30 output tokens per sentence),
installs it in a temporary packages folder and times, each in a fresh process:

- ours:   load the engine + translate stage (protection, n-best, alignment, repair), no cache
- floor:  load the model + one translate_batch over the same sentences (beam 4, one best
          hypothesis, no attention, the same int8, threads and token batches as ours) — what
          CTranslate2 itself needs
- argos:  argostranslate.translate.translate() per paragraph, defaults; its sentence splitter
          (MiniSBD, which downloads a model at run time) is replaced by our rule splitter,
          since nothing can be downloaded here
- argos+: the same with ARGOS_BATCH_SIZE=4096

plus the whole `bilingual run` process (wall, peak RSS), a re-run answered by the
translation memory, and `bilingual --help` start-up vs `python -c "import typer, rich"`.
Machines are noisy: the ratios are the figures.

    .venv/bin/python bench/translate_speed.py [--package FILE.argosmodel] [--device cuda]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent / "bilingual"
EXAMPLE = ROOT / "examples" / "wang-jian-sora.txt"


def prepared_document():
    from pipeline.edition import prepare
    from pipeline.read.formats import read_document
    from pipeline.glossary.loading import load_glossary

    return prepare(read_document(EXAMPLE), load_glossary(ROOT / "glossary" / "glossary.csv"))


def inner(mode: str, device: str) -> dict:
    """One measurement, in this (fresh) process; prints JSON."""
    document = prepared_document()
    paragraphs = [p.source_text for p in document.paragraphs]
    sentences = [s.zh for s in document.sentences]
    if mode == "ours":
        from pipeline.translate.engine import load_engine
        from pipeline.translate.stage import translate

        started = time.perf_counter()
        result = translate(document, load_engine(device))
        return {"seconds": time.perf_counter() - started, "sentences": result.translation.sentences}
    if mode == "floor":
        from floor import raw_translate_seconds

        return {"seconds": raw_translate_seconds(sentences, device), "sentences": len(sentences)}
    if mode == "argos":
        import argostranslate.sbd as sbd
        import argostranslate.translate as argos

        from pipeline.segment import split_sentences

        sbd.MiniSBDSentencizer.__init__ = lambda self, pkg: None
        sbd.MiniSBDSentencizer.split_sentences = lambda self, text: [s for _, s in split_sentences(text)]
        started = time.perf_counter()
        for paragraph in paragraphs:
            argos.translate(paragraph, "zh", "en")
        return {"seconds": time.perf_counter() - started, "sentences": len(sentences)}
    raise SystemExit(f"unknown mode {mode}")


def measure(args: list[str], env: dict[str, str], cwd: Path | None = None) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (MB) and stdout+stderr of one child process."""
    started = time.perf_counter()
    process = subprocess.Popen(args, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{output}")
    return wall, usage.ru_maxrss // 1024, output


def best_inner(mode: str, env: dict[str, str], device: str, runs: int, script: str = __file__, extra: tuple[str, ...] = ()) -> dict:
    """The fastest of ``runs`` fresh processes of ``script --inner MODE`` (the bench's own
    measuring mode), with its peak RSS."""
    results = []
    for _ in range(runs):
        _, rss, output = measure([sys.executable, script, "--inner", mode, "--device", device, *extra], env)
        data = json.loads(output.strip().splitlines()[-1])
        data["rss_mb"] = rss
        results.append(data)
    return min(results, key=lambda r: r["seconds"])


def synthetic_env(work: Path, package: Path | None, *, size: str, output_tokens: int) -> tuple[dict[str, str], Path]:
    """An environment of its own under ``work`` (home, caches, packages) with a synthetic
    model installed — ``package`` when given, else one built of the example's sentences."""
    from tests.synthetic_package import build_package

    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(work / "packages"), "HOME": str(work),
           "XDG_CACHE_HOME": str(work / "cache"), "XDG_DATA_HOME": str(work / "data"), "XDG_CONFIG_HOME": str(work / "config")}
    if package is None:
        corpus = EXAMPLE.read_text(encoding="utf-8").splitlines()
        package = build_package(work / f"{size}.argosmodel", corpus, size=size, output_tokens=output_tokens, quantization="int8")
    subprocess.run([str(BIN), "models", "install", str(package)], env=env, check=True, capture_output=True)
    return env, package


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--inner", help=argparse.SUPPRESS)
    parser.add_argument("--package", type=Path, help="reuse a built .argosmodel")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--runs", type=int, default=2, help="runs of our stage and the floor (best kept)")
    parser.add_argument("--skip-argos", action="store_true")
    args = parser.parse_args()
    if args.inner:
        print(json.dumps(inner(args.inner, args.device)))
        return


    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env, package = synthetic_env(work, args.package, size="opus", output_tokens=30)
        model_mb = sum(f.stat().st_size for f in (work / "packages").rglob("*") if f.is_file()) / 1e6
        print(f"model: {package.name}, {model_mb:.0f} MB installed; device {args.device}; {os.cpu_count()} cores")

        ours = best_inner("ours", env, args.device, args.runs)
        floor = best_inner("floor", env, args.device, args.runs)
        n = ours["sentences"]
        print(f"ours  (translate stage):         {ours['seconds']:6.2f} s  {n / ours['seconds']:6.1f} sent/s")
        print(f"floor (raw CTranslate2 batch):   {floor['seconds']:6.2f} s  {n / floor['seconds']:6.1f} sent/s")
        print(f"  ours / floor: {ours['seconds'] / floor['seconds']:.2f}  (target ≤ 1.2)")
        if not args.skip_argos:
            argos = best_inner("argos", env, "cpu", 1)
            raised = best_inner("argos", {**env, "ARGOS_BATCH_SIZE": "4096"}, "cpu", 1)
            print("argos translate() per paragraph (sentence splitter replaced by our rule splitter: its")
            print("MiniSBD model cannot be downloaded offline):")
            print(f"  defaults:                      {argos['seconds']:6.2f} s  {n / argos['seconds']:6.1f} sent/s  "
                  f"→ ours is {argos['seconds'] / ours['seconds']:.1f}× faster (target ≥ 6)")
            print(f"  ARGOS_BATCH_SIZE=4096:         {raised['seconds']:6.2f} s  {n / raised['seconds']:6.1f} sent/s  "
                  f"→ ours is {raised['seconds'] / ours['seconds']:.1f}× faster (target ≥ 2.5)")

        shutil.copy(EXAMPLE, work / "article.txt")
        run = [str(BIN), "run", "article.txt", "--cache", str(work / "tm.sqlite"), "-o", "out.docx", "--force",
               "--glossary", str(ROOT / "glossary" / "glossary.csv"), "--device", args.device]
        cold, cold_rss, _ = measure(run, env, work)
        warm, _, _ = measure(run, env, work)
        print(f"`bilingual run` whole process:   cold {cold:.2f} s, peak RSS {cold_rss} MB "
              f"(model {model_mb:.0f} MB + {cold_rss - model_mb:.0f} MB; target ≤ +400)")
        print(f"  re-run from the memory: {warm:.2f} s = {warm / cold:.2f} of cold (target ≤ 0.10)")

        helps = [measure([str(BIN), "--help"], env)[0] for _ in range(5)]
        imports = [measure([sys.executable, "-c", "import typer, rich"], env)[0] for _ in range(5)]
        print(f"`bilingual --help`: {min(helps):.2f} s; `import typer, rich`: {min(imports):.2f} s; "
              f"ratio {min(helps) / min(imports):.2f} (targets ≤ 0.5 s, ≤ 1.5)")


if __name__ == "__main__":
    main()
