"""The engine interface and the choice of engine by the installed model.

Every kind of model is one ``Engine``: sentences in, n-best hypotheses out, and token
alignments of given translations where the model can give them. ``translate_many`` and the
batch driver see only this interface. The kinds, one module each:

- ``seq2seq``: a CTranslate2 ``Translator`` — argos packages (the default) and model folders
  (quickmt, OPUS-MT, M2M-100, NLLB);
- ``llm``: a CTranslate2 ``Generator`` (a decoder-only LLM) prompted in process;
- ``endpoint``: an OpenAI-compatible chat endpoint (llama.cpp's server, Ollama, vLLM).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from pipeline.document import EngineInfo
from pipeline.errors import UsageError
from pipeline.options import Device, values
from pipeline.translate.enforce import Hypothesis
from pipeline.translate.models import InstalledModel


class Engine(Protocol):
    warnings: list[str]

    @property
    def info(self) -> EngineInfo: ...

    @property
    def cache_key(self) -> str:
        """What, besides the source text, decides the output (kind, model, version, decoding
        or prompt): the translation memory's key."""
        ...

    def translate(
        self, sentences: Sequence[str], on_result: Callable[[int, list[Hypothesis]], None] | None = None
    ) -> list[list[Hypothesis]]: ...

    def align(
        self, pairs: Sequence[tuple[str, str]], on_result: Callable[[int], None] | None = None
    ) -> list[tuple[tuple[int, int, int], ...]]:
        """Per pair, (target start, target end, source offset) triples; empty where the
        engine cannot align (a repair then places a term by its proportional position)."""
        ...


@dataclass(frozen=True)
class DecodingSettings:
    beam_size: int = 4
    length_penalty: float = 0.2
    # Source tokens per batch. On 2 CPU cores 512 is as fast as 2048 (two batches decode in
    # parallel, so more, smaller batches balance better) and peaks ~270 MB lower; a GPU
    # wants large batches to stay busy.
    max_batch_tokens: int | None = None
    # Safety bound on output length, relative to the longest source in a call.
    max_length_ratio: float = 3.0
    max_length_extra: int = 16
    # n-best: glossary enforcement prefers a hypothesis that already has every target.
    num_hypotheses: int = 4


def _threads() -> tuple[int, int]:
    """Two batches in parallel beat one batch on two threads at beam 4 (measured: about
    1.4× on 2 cores; README, "Speed, memory and the GPU")."""
    cores = os.cpu_count() or 1
    inter = 2 if cores >= 2 else 1
    return inter, max(1, cores // inter)


def length_batches(order: Sequence[int], width: Callable[[int], int], budget: int) -> list[list[int]]:
    """Consecutive runs of ``order`` whose padded size (examples × widest) fits ``budget``
    tokens; an example wider than the budget gets a batch of its own.

    >>> length_batches([0, 1, 2, 3], lambda i: [2, 3, 3, 9][i], 8)
    [[0, 1], [2], [3]]
    """
    batches: list[list[int]] = [[]]
    widest = 0
    for i in order:
        padded = max(widest, width(i))
        if batches[-1] and (len(batches[-1]) + 1) * padded > budget:
            batches.append([])
            padded = width(i)
        batches[-1].append(i)
        widest = padded
    return batches if batches[0] else []


def check_device(device: str) -> None:
    if device not in values(Device):
        raise UsageError(f"unknown device {device!r} (use {', '.join(values(Device))})")


def resolve_device(device: str) -> tuple[str, str | None]:
    """The device to use and, when CUDA was asked for but no GPU is visible, a warning.
    ``auto`` means CUDA when CTranslate2 sees a GPU, else the CPU, silently."""
    check_device(device)
    if device == "cpu":
        return device, None
    import ctranslate2

    try:
        gpus = ctranslate2.get_cuda_device_count()
    except RuntimeError:
        gpus = 0
    if gpus > 0:
        return "cuda", None
    warning = None if device == "auto" else "CUDA was asked for but no CUDA device is visible; translating on the CPU"
    return "cpu", warning


def make_engine(model: InstalledModel, *, device: str = "cpu", settings: DecodingSettings | None = None) -> Engine:
    """The engine for an installed model, by its kind (loaded on first use)."""
    if model.kind == "llm":
        from pipeline.translate.llm import GeneratorEngine

        return GeneratorEngine(model, device=device)
    from pipeline.translate.seq2seq import Seq2SeqEngine

    return Seq2SeqEngine(model, device=device, settings=settings)


def load_engine(device: str = "cpu", model: str | None = None, endpoint: str | None = None) -> Engine:
    """The engine for the installed zh→en model (``model`` names one when several are), or
    for a chat endpoint (``endpoint``: ``openai:URL``; ``model`` is then the served model)."""
    if endpoint:
        from pipeline.translate.endpoint import ChatEndpointEngine

        return ChatEndpointEngine.from_option(endpoint, model)
    from pipeline.translate.models import find_model

    resolved, warning = resolve_device(device)
    engine = make_engine(find_model(model), device=resolved)
    if warning:
        engine.warnings.append(warning)
    return engine
