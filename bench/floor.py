"""The raw CTranslate2 floor both benches compare against: the installed package's model
loaded directly and the given texts translated in one ``translate_batch``, with argos'
decoding settings and the same threads, compute type and token batches as our engine —
what CTranslate2 itself needs for the work. Model load included."""

from __future__ import annotations

import time
from collections.abc import Iterable


def raw_translate_seconds(texts: Iterable[str], device: str = "cpu") -> float:
    import ctranslate2
    import sentencepiece

    from pipeline.translate.decoding import threads
    from pipeline.translate.seq2seq import Seq2SeqEngine
    from pipeline.translate.models import find_model

    package = find_model()
    started = time.perf_counter()
    inter, intra = threads()
    translator = ctranslate2.Translator(
        str(package.model_dir), device=device, compute_type="int8" if device == "cpu" else "auto",
        inter_threads=inter, intra_threads=intra,
    )
    sp = sentencepiece.SentencePieceProcessor(model_file=str(package.source_tokenizer))
    tokens = sorted((sp.encode(t, out_type=str) for t in texts), key=len)
    batch_tokens = Seq2SeqEngine(package, device=device).max_batch_tokens
    translator.translate_batch(tokens, beam_size=4, length_penalty=0.2, max_batch_size=batch_tokens, batch_type="tokens")
    return time.perf_counter() - started
