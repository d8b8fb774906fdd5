"""The translation engine: an argos package's CTranslate2 model driven directly.

argostranslate's own ``translate()`` imports stanza/torch, needs a sentence-splitting model
at run time and decodes one sentence per batch. We already have sentences, so we encode
them with the package's SentencePiece model and translate the whole document in one
batched ``translate_batch`` call, sorted by length, with argos' decoding settings
(beam 4, length penalty 0.2, unknowns replaced) so the quality is the same.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.document import EngineInfo
from pipeline.errors import ModelError
from pipeline.models import InstalledPackage


@dataclass(frozen=True)
class DecodingSettings:
    beam_size: int = 4
    length_penalty: float = 0.2
    max_batch_tokens: int = 2048
    # Safety bound on output length, relative to the longest source in a call.
    max_length_ratio: float = 3.0
    max_length_extra: int = 16


def _threads() -> tuple[int, int]:
    """Two batches in parallel beat one batch on two threads at beam 4 (ENGINE_NOTES)."""
    cores = os.cpu_count() or 1
    inter = 2 if cores >= 2 else 1
    return inter, max(1, cores // inter)


class CTranslate2Engine:
    name = "argos-ctranslate2"

    def __init__(self, package: InstalledPackage, *, device: str = "cpu", settings: DecodingSettings | None = None):
        import ctranslate2
        import sentencepiece

        self.package = package
        self.settings = settings or DecodingSettings()
        self.device = device
        inter, intra = _threads()
        compute_type = "int8" if device == "cpu" else "auto"
        try:
            self._translator = ctranslate2.Translator(
                str(package.model_dir),
                device=device,
                compute_type=compute_type,
                inter_threads=inter,
                intra_threads=intra,
            )
            self._sp = sentencepiece.SentencePieceProcessor(model_file=str(package.tokenizer_path))
        except (RuntimeError, OSError, ValueError) as err:
            raise ModelError(f"cannot load the translation model ({err})", path=package.path) from None
        self._prefix = package.target_prefix

    @property
    def info(self) -> EngineInfo:
        return EngineInfo(self.name, self.package.name, self.package.version, self.device)

    def translate(self, sentences: Sequence[str]) -> list[str]:
        if not sentences:
            return []
        tokens = [self._sp.encode(s, out_type=str) for s in sentences]
        order = sorted(range(len(tokens)), key=lambda i: len(tokens[i]))
        batch = [tokens[i] for i in order]
        longest = max(len(t) for t in batch)
        s = self.settings
        try:
            results = self._translator.translate_batch(
                batch,
                target_prefix=[[self._prefix]] * len(batch) if self._prefix else None,
                beam_size=s.beam_size,
                length_penalty=s.length_penalty,
                replace_unknowns=True,
                max_batch_size=s.max_batch_tokens,
                batch_type="tokens",
                max_decoding_length=int(longest * s.max_length_ratio) + s.max_length_extra,
            )
        except RuntimeError as err:
            raise ModelError(f"the translation engine failed ({err})", path=self.package.path) from None
        out = [""] * len(sentences)
        for i, result in zip(order, results):
            pieces = result.hypotheses[0]
            if self._prefix and pieces and pieces[0] == self._prefix:
                pieces = pieces[1:]
            out[i] = self._sp.decode_pieces(pieces).replace("▁", " ").strip()
        return out


def resolve_device(device: str) -> str:
    """``auto`` means CUDA when CTranslate2 sees a GPU, else the CPU."""
    if device not in ("cpu", "cuda", "auto"):
        raise ModelError(f"unknown device {device!r} (use cpu, cuda or auto)")
    if device == "auto":
        import ctranslate2

        return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
    return device


def load_engine(device: str = "cpu") -> CTranslate2Engine:
    from pipeline.models import find_package

    return CTranslate2Engine(find_package(), device=resolve_device(device))
