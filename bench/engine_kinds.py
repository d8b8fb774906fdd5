"""Each engine kind against its raw CTranslate2 floor, in one run, on the example article:

- a model folder in quickmt's layout, shaped like quickmt-zh-en / OPUS-MT (6+6 layers,
  d_model 512, int8, 30 output tokens a sentence; random weights), and the same in NLLB's
  layout (language tokens around each sentence);
- a decoder-only LLM folder (tiny, random weights: it never writes the JSON asked for, so
  every group is asked again a sentence at a time — the worst case of the protocol).

"ours" is the translate stage (protection, n-best, alignment, repair; for the LLM the
prompts, their rendering and the reading of replies) with the engine `load_engine` picks;
"floor" is CTranslate2 alone doing the same decoding work: for the Translator one
``translate_batch`` over the same tokens (language tokens included, beam 4, one best, the
same threads and token batches); for the LLM the very ``generate_batch`` calls ours made,
replayed. Model load included in both. Each in a fresh process; best of ``--runs``.

    .venv/bin/python bench/engine_kinds.py [--runs 2] [--device cuda] [--kinds quickmt,nllb,llm]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from translate_speed import BIN, EXAMPLE, best_inner, measure, prepared_document  # noqa: E402


def inner(mode: str, model: str, device: str) -> dict:
    from pipeline.translate.engine import load_engine
    from pipeline.translate.models import find_model
    from pipeline.translate.stage import translate

    document = prepared_document()
    installed = find_model(model)
    if mode == "ours":
        started = time.perf_counter()
        result = translate(document, load_engine(device, model))
        return {"seconds": time.perf_counter() - started, "sentences": result.translation.sentences}
    if installed.kind == "llm":
        return {"seconds": _llm_floor(document, model, device), "sentences": len(document.sentences)}
    return {"seconds": _translator_floor(document, model, device), "sentences": len(document.sentences)}


def _translator_floor(document, model: str, device: str) -> float:
    import ctranslate2

    from pipeline.translate.decoding import threads
    from pipeline.translate.engine import make_engine
    from pipeline.translate.models import find_model
    from pipeline.translate.stage import protected_sentences

    installed = find_model(model)
    texts = list(dict.fromkeys(p.text for p in protected_sentences(document).values()))
    started = time.perf_counter()
    inter, intra = threads()
    translator = ctranslate2.Translator(str(installed.model_dir), device=device, compute_type="int8" if device == "cpu" else "auto",
                                       inter_threads=inter, intra_threads=intra)
    engine = make_engine(installed, device=device)
    engine._load()  # its tokenizers (SentencePiece: milliseconds); the floor uses the same encoding
    tokens = sorted((engine._encode(t) for t in texts), key=len)
    prefix = [[installed.target_prefix]] * len(tokens) if installed.target_prefix else None
    translator.translate_batch(tokens, target_prefix=prefix, beam_size=4, length_penalty=0.2,
                               max_batch_size=engine.max_batch_tokens, batch_type="tokens")
    return time.perf_counter() - started


def _llm_floor(document, model: str, device: str) -> float:
    """The generate_batch calls our engine makes, recorded (prompt tokens and settings), then
    replayed on a freshly loaded Generator: CTranslate2's own share of the work."""
    import ctranslate2

    from pipeline.translate.engine import load_engine
    from pipeline.translate.models import find_model
    from pipeline.translate.stage import translate

    engine = load_engine(device, model)
    engine._load()
    calls = []
    real = engine._generator

    class Recorder:
        def generate_batch(self, tokens, **settings):
            calls.append((tokens, settings))
            return real.generate_batch(tokens, **settings)

    engine._generator = Recorder()
    translate(document, engine)
    installed = find_model(model)
    started = time.perf_counter()
    generator = ctranslate2.Generator(str(installed.model_dir), device=device, compute_type="int8" if device == "cpu" else "auto",
                                      inter_threads=1, intra_threads=os.cpu_count() or 1)
    for tokens, settings in calls:
        generator.generate_batch(tokens, **settings)
    return time.perf_counter() - started


def best(mode: str, model: str, env: dict[str, str], device: str, runs: int) -> dict:
    return best_inner(mode, env, device, runs, __file__, ("--model", model))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--inner", help=argparse.SUPPRESS)
    parser.add_argument("--model", help=argparse.SUPPRESS)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--kinds", default="quickmt,nllb,llm")
    args = parser.parse_args()
    if args.inner:
        print(json.dumps(inner(args.inner, args.model, args.device)))
        return

    from tests.synthetic_llm import build_llm_folder
    from tests.synthetic_package import build_folder

    corpus = EXAMPLE.read_text(encoding="utf-8").splitlines()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = {**os.environ, "ARGOS_PACKAGES_DIR": str(work / "packages"), "BILINGUAL_MODELS_DIR": str(work / "models"),
               "HOME": str(work), "XDG_CACHE_HOME": str(work / "cache"), "XDG_DATA_HOME": str(work / "data")}
        print(f"device {args.device}; {os.cpu_count()} cores; example article; best of {args.runs}")
        for kind in args.kinds.split(","):
            folder = work / "built" / f"{kind}-zh-en"
            if kind == "llm":
                build_llm_folder(folder, corpus)
            else:
                build_folder(folder, corpus, layout=kind, size="opus", output_tokens=30)
            measure([str(BIN), "models", "install", str(folder)], env)
            ours, floor = best("ours", folder.name, env, args.device, args.runs), best("floor", folder.name, env, args.device, args.runs)
            n = ours["sentences"]
            print(f"{kind:8s} ours {ours['seconds']:6.2f} s ({n / ours['seconds']:6.1f} sent/s)   floor {floor['seconds']:6.2f} s "
                  f"({n / floor['seconds']:6.1f} sent/s)   ours/floor {ours['seconds'] / floor['seconds']:.2f}   peak {ours['rss_mb']} MB")


if __name__ == "__main__":
    main()
