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

from collections.abc import Callable, Sequence
from typing import Protocol

from pipeline.document import EngineInfo
from pipeline.errors import UsageError
from pipeline.options import Device, values
from pipeline.translate.decoding import DecodingSettings
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
