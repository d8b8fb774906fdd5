"""The sequence-to-sequence engine: a CTranslate2 ``Translator`` driven directly.

argostranslate's own ``translate()`` imports stanza/torch, needs a sentence-splitting model
at run time and decodes one sentence per batch. We already have sentences, so we encode
them with the model's SentencePiece model and translate the whole document in one
batched ``translate_batch`` call, sorted by length, with argos' decoding settings
(beam 4, length penalty 0.2, unknowns replaced) so the quality is the same. The same code
runs the model folders (quickmt, OPUS-MT, M2M-100, NLLB), which differ only in tokenizers
and language tokens.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pipeline.document import EngineInfo
from pipeline.errors import ModelError
from pipeline.translate.decoding import DecodingSettings, length_batches, threads
from pipeline.translate.enforce import Hypothesis
from pipeline.translate.models import InstalledModel


class Seq2SeqEngine:
    """A CTranslate2 ``Translator``: an argos package, or a model folder (quickmt, OPUS-MT,
    M2M-100, NLLB). They differ only in their tokenizers and the language tokens around a
    sentence, which the installed model gives."""

    def __init__(self, package: InstalledModel, *, device: str = "cpu", settings: DecodingSettings | None = None):
        self.package = package
        self.name = "argos-ctranslate2" if package.kind == "argos" else f"ctranslate2-{package.card.get('layout', 'seq2seq')}"
        self.settings = settings or DecodingSettings()
        self.device = device
        self.warnings: list[str] = []
        self._translator = None
        self._prefix = package.target_prefix
        self._around = (package.source_prefix, package.source_suffix)

    def _load(self) -> None:
        """Load the model on first use: a run answered from the translation memory never
        imports ctranslate2 nor reads the model."""
        import ctranslate2
        import sentencepiece

        package = self.package
        inter, intra = threads()
        try:
            self._sp = sentencepiece.SentencePieceProcessor(model_file=str(package.source_tokenizer))
            self._target_sp = (self._sp if package.target_tokenizer == package.source_tokenizer
                               else sentencepiece.SentencePieceProcessor(model_file=str(package.target_tokenizer)))
        except (RuntimeError, OSError, ValueError) as err:
            raise ModelError(f"cannot load the tokenizer ({err})", path=package.path) from None
        while True:
            try:
                self._translator = ctranslate2.Translator(
                    str(package.model_dir),
                    device=self.device,
                    compute_type="int8" if self.device == "cpu" else "auto",
                    inter_threads=inter,
                    intra_threads=intra,
                )
                return
            except (RuntimeError, OSError, ValueError) as err:
                if self.device == "cpu":
                    raise ModelError(f"cannot load the translation model ({err})", path=package.path) from None
                # CTranslate2's PyPI build needs CUDA 12 (libcublas.so.12); without it, the CPU.
                self.warnings.append(f"CUDA was asked for but is unusable ({err}); translating on the CPU")
                self.device = "cpu"

    @property
    def loaded(self) -> bool:
        """Whether the model is in memory (a run answered by the memory never loads it)."""
        return self._translator is not None

    @property
    def info(self) -> EngineInfo:
        return EngineInfo(self.name, self.package.name, self.package.version, self.device)

    @property
    def max_batch_tokens(self) -> int:
        if self.settings.max_batch_tokens:
            return self.settings.max_batch_tokens
        return 512 if self.device == "cpu" else 8192

    @property
    def cache_key(self) -> str:
        """What, besides the source text, decides the output: package and decoding."""
        s = self.settings
        return f"{self.name}|{self.package.name}|{self.package.version}|beam={s.beam_size}|lp={s.length_penalty}|n={s.num_hypotheses}"

    def translate(
        self, sentences: Sequence[str], on_result: Callable[[int, list[Hypothesis]], None] | None = None
    ) -> list[list[Hypothesis]]:
        """n-best hypotheses per sentence, best first.

        ``translate_iterable`` keeps ``inter_threads`` batches decoding at once and yields
        results in input order as batches finish. CTranslate2 decodes the longest batch
        first, so sentences go in longest first: then results arrive as the work is done
        (shortest first, the first one comes after the whole document) and
        ``on_result(index, hypotheses)`` hears of each — a caller stores finished work
        before an interruption, and a progress bar moves with the decoding.
        """
        if not sentences:
            return []
        if self._translator is None:
            self._load()
        tokens = [self._encode(s) for s in sentences]
        order = sorted(range(len(tokens)), key=lambda i: len(tokens[i]), reverse=True)
        batch = [tokens[i] for i in order]
        longest = max(len(t) for t in batch)
        s = self.settings
        out: list[list[Hypothesis]] = [[] for _ in sentences]
        try:
            results = self._translator.translate_iterable(
                batch,
                target_prefix=[[self._prefix]] * len(batch) if self._prefix else None,
                beam_size=max(s.beam_size, s.num_hypotheses),
                num_hypotheses=s.num_hypotheses,
                length_penalty=s.length_penalty,
                replace_unknowns=True,
                return_scores=True,
                max_batch_size=self.max_batch_tokens,
                batch_type="tokens",
                max_decoding_length=int(longest * s.max_length_ratio) + s.max_length_extra,
            )
            for i, result in zip(order, results):
                out[i] = self._hypotheses(result)
                if on_result:
                    on_result(i, out[i])
        except RuntimeError as err:
            raise ModelError(f"the translation engine failed ({err})", path=self.package.path) from None
        return out

    def _hypotheses(self, result) -> list[Hypothesis]:
        hypotheses = []
        for n, pieces in enumerate(result.hypotheses):
            if self._prefix and pieces and pieces[0] == self._prefix:
                pieces = pieces[1:]
            text = self._target_sp.decode_pieces(pieces).replace("▁", " ").strip()
            hypotheses.append(Hypothesis(text, float(result.scores[n])))
        return hypotheses

    def align(
        self, pairs: Sequence[tuple[str, str]], on_result: Callable[[int], None] | None = None
    ) -> list[tuple[tuple[int, int, int], ...]]:
        """Token alignments of given translations, from attention in a forced decode.

        An alignment must not change with what else a run translates, or a resumed run
        would place repaired terms differently from an uninterrupted one. Attention from a
        *beam search* does change with batch neighbours (issue 7); a forced decode's does
        not (bit-identical to a batch of one, tested), so pairs are decoded in padded
        batches of similar length: each batch stops at the end of its longest prefix
        instead of decoding on to the end of the longest pair, and all batches are queued
        at once so ``inter_threads`` of them run in parallel.
        """
        if not pairs:
            return []
        if self._translator is None:
            self._load()
        sources = [self._encode(source) for source, _ in pairs]
        prefixes = [([self._prefix] if self._prefix else []) + self._target_sp.encode(target, out_type=str) for _, target in pairs]
        order = sorted(range(len(pairs)), key=lambda i: (len(prefixes[i]), len(sources[i])))
        batches = length_batches(order, lambda i: max(len(sources[i]), len(prefixes[i])), self.max_batch_tokens)
        attention: dict[int, list] = {}
        try:
            pending = [
                (
                    batch,
                    self._translator.translate_batch(
                        [sources[i] for i in batch],
                        target_prefix=[prefixes[i] for i in batch],
                        beam_size=1,
                        max_decoding_length=max(len(prefixes[i]) for i in batch),
                        return_attention=True,
                        asynchronous=True,
                    ),
                )
                for batch in batches
            ]
            for batch, results in pending:
                for i, result in zip(batch, results):
                    result = result.result()
                    attention[i] = (result.attention[0] if result.attention else [])[: len(prefixes[i])]
                    if on_result:
                        on_result(i)
        except RuntimeError as err:
            raise ModelError(f"the translation engine failed ({err})", path=self.package.path) from None
        alignments = []
        for i, source in enumerate(sources):
            pieces, weights = prefixes[i], attention[i]
            if self._prefix:
                pieces, weights = pieces[1:], weights[1:]
            before, after = self._around
            offsets = _piece_offsets(source[len(before):len(source) - len(after)])
            ends = [offsets[-1] if offsets else 0] * len(after)
            alignments.append(self._alignment(pieces, weights, [0] * len(before) + offsets + ends))
        return alignments

    def _encode(self, sentence: str) -> list[str]:
        before, after = self._around
        return [*before, *self._sp.encode(sentence, out_type=str), *after]

    def _alignment(self, pieces: list[str], attention, source_offsets: list[int]) -> tuple[tuple[int, int, int], ...]:
        text = self._target_sp.decode_pieces(pieces).replace("▁", " ")
        stripped = len(text) - len(text.lstrip())
        text = text.strip()
        alignment = []
        position = 0
        for piece, weights in zip(pieces, attention):
            length = len(piece.replace("▁", " "))
            start, end = max(0, position - stripped), max(0, position + length - stripped)
            position += length
            usable = list(weights[: len(source_offsets)])
            if usable and end > start:
                best = max(range(len(usable)), key=usable.__getitem__)
                alignment.append((start, min(end, len(text)), source_offsets[best]))
        return tuple(alignment)


def _piece_offsets(pieces: list[str]) -> list[int]:
    """Character offset of each SentencePiece piece in the original text (the leading ▁
    is SentencePiece's own dummy prefix, not a character of the text)."""
    offsets = []
    position = 0
    for index, piece in enumerate(pieces):
        text = piece.replace("▁", " ")
        if index == 0 and text.startswith(" "):
            text = text[1:]
        offsets.append(position)
        position += len(text)
    return offsets
