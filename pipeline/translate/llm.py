"""The in-process LLM translator: a decoder-only model in CTranslate2 format (converted from
Qwen2/Qwen3, Llama, Mistral or Gemma with ``ct2-transformers-converter``, its
``tokenizer.json`` and ``tokenizer_config.json`` copied beside ``model.bin``), prompted with
its own chat template (``pipeline.translate.prompt``), greedy.

Groups go one after another: each group's context is the translation of the one before, so
they cannot run side by side. An LLM gives no attention alignment we can trust, so a repaired
glossary term is placed by its proportional position.
"""

from __future__ import annotations

from pipeline.document import EngineInfo
from pipeline.errors import ModelError
from pipeline.translate.decoding import threads
from pipeline.translate.models import InstalledModel
from pipeline.translate.prompt import MAX_NEW_TOKENS, PROMPT_VERSION, ContextTooLong, PromptedEngine, render_chat, reply_budget



class GeneratorEngine(PromptedEngine):
    name = "llm-ctranslate2"
    settings = None  # decoding is fixed: greedy, the prompt's version in the key

    def __init__(self, model: InstalledModel, *, device: str = "cpu"):
        self.package = model
        self.device = device
        self.warnings: list[str] = []
        self._generator = None

    @property
    def info(self) -> EngineInfo:
        return EngineInfo(self.name, self.package.name, self.package.version, self.device)

    @property
    def cache_key(self) -> str:
        return f"{self.name}|{self.package.name}|{self.package.version}|prompt={PROMPT_VERSION}|greedy"

    def _load(self) -> None:
        import ctranslate2

        try:
            from tokenizers import Tokenizer
        except ImportError:
            raise ModelError("an LLM model needs the tokenizers and jinja2 packages", path=self.package.path,
                             hint="pip install 'bilingual-edition[llm]'") from None
        inter, intra = threads()
        try:
            self._tokenizer = Tokenizer.from_file(str(self.package.path / "tokenizer.json"))
            self._generator = ctranslate2.Generator(str(self.package.model_dir), device=self.device,
                                                    compute_type="int8" if self.device == "cpu" else "auto",
                                                    inter_threads=1, intra_threads=inter * intra)
        except (RuntimeError, OSError, ValueError, Exception) as err:  # tokenizers raises its own Exception type
            raise ModelError(f"cannot load the LLM ({err})", path=self.package.path) from None
        config = self.package.card
        self._stops = [t for t in config.get("stop_tokens", []) if isinstance(t, str)]
        self._context = int(config.get("context", 4096))

    def _chat(self, messages: list[dict[str, str]]) -> str:
        prompt = render_chat(self.package.path, messages)
        tokens = self._tokenizer.encode(prompt, add_special_tokens=False).tokens
        room = self._context - len(tokens)
        if room < 16:
            if len(messages[-1]["content"]) > 2 * len(tokens) // 3 and "\n[" not in messages[-1]["content"]:
                raise ModelError(f"one sentence's prompt ({len(tokens)} tokens) does not fit the model's context of {self._context} tokens",
                                 path=self.package.path)
            raise ContextTooLong(len(tokens))
        try:
            result = self._generator.generate_batch(
                [tokens], max_length=min(MAX_NEW_TOKENS, reply_budget(messages), room), sampling_topk=1,
                include_prompt_in_result=False, end_token=self._stops or None)
        except RuntimeError as err:
            raise ModelError(f"the translation engine failed ({err})", path=self.package.path) from None
        return self._tokenizer.decode(result[0].sequences_ids[0], skip_special_tokens=True)

    def _ready(self) -> None:
        if self._generator is None:
            self._load()
