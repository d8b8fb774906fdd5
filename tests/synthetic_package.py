"""Build a synthetic argos zh→en package: a real CTranslate2 transformer and a real
SentencePiece model, zipped as ``.argosmodel``.

The real model cannot be downloaded here, so tests and benchmarks exercise the product's
real loading and translation code on this one. The weights are random except for a few
that make the output usable in tests:

* The decoder's learned position encodings carry one "clock" dimension that is strongly
  negative before step ``output_tokens`` and strongly positive from it on; only the EOS
  row of the output projection reads that dimension. Every translation is therefore
  exactly ``output_tokens`` pieces long, whatever the beam search does.
* Every piece but EOS and whole Latin words (``▁model``) gets a large negative projection
  bias, so outputs are English-looking words: never empty, never Chinese.
* Cross-attention stays random, so the output depends on the source sentence.

CTranslate2's speed does not depend on weight values, so a full-size build (``size="opus"``)
is a fair stand-in for OPUS-MT zho-eng in benchmarks.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# Output pieces are whole Latin words, so a translation reads "▁cloud▁model▁the" → "cloud model the".
WORD_PIECE = re.compile(r"^▁[A-Za-z]+$")


@dataclass(frozen=True)
class ModelShape:
    layers: tuple[int, int]
    d_model: int
    heads: int
    ffn: int
    vocab_size: int
    pre_norm: bool


SHAPES = {
    "tiny": ModelShape(layers=(1, 1), d_model=64, heads=2, ffn=128, vocab_size=600, pre_norm=True),
    # Shaped like OPUS-MT zho-eng (Marian transformer-base); post-norm like the real model.
    "opus": ModelShape(layers=(6, 6), d_model=512, heads=8, ffn=2048, vocab_size=65000, pre_norm=False),
}

ENGLISH = """The model translates every sentence of the article in one batch.
Cloud computing provides the computing power that large models need.
A reviewer corrects the English column and the corrections come back.
Names and terms are rendered exactly as the glossary says.
Newsrooms translate hundreds of articles with one glossary every week.
The interview discusses video generation, markets and the history of the internet.
"""


def _training_text(corpus: list[str]) -> list[str]:
    lines = [line for line in corpus if line.strip()]
    lines += ENGLISH.splitlines() * 3
    return lines


def _train_sentencepiece(lines: list[str], vocab_size: int, symbols: tuple[str, ...] = ()) -> bytes:
    import sentencepiece as spm

    model = io.BytesIO()
    # Every character needs a piece of its own, so the vocabulary grows with the corpus.
    vocab_size = max(vocab_size, len(set("".join(lines))) + 200)
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=model,
        vocab_size=vocab_size,
        character_coverage=1.0,
        model_type="unigram",
        hard_vocab_limit=False,
        minloglevel=2,
        user_defined_symbols=list(symbols),
    )
    return model.getvalue()


def _vocabulary(sp_model: bytes) -> list[str]:
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_proto=sp_model)
    return [sp.id_to_piece(i) for i in range(sp.get_piece_size())]


def _build_spec(vocab: list[str], shape: ModelShape, output_tokens: int, seed: int, source_vocab: list[str] | None = None):
    """``vocab`` is the target's (and the source's, unless ``source_vocab`` is given: a
    model folder with two tokenizers)."""
    import ctranslate2

    rng = np.random.default_rng(seed)
    source_vocab = source_vocab or vocab
    d, f, v = shape.d_model, shape.ffn, len(vocab)
    std = 0.5 / np.sqrt(d)

    def mat(rows: int, cols: int, scale: float = std) -> np.ndarray:
        return (rng.standard_normal((rows, cols)) * scale).astype(np.float32)

    def zeros(n: int) -> np.ndarray:
        return np.zeros(n, dtype=np.float32)

    def norm(spec) -> None:
        spec.gamma = np.ones(d, dtype=np.float32)
        spec.beta = zeros(d)

    clock = d - 1  # the residual dimension that only the position encodings write

    def writes_residual(weight: np.ndarray) -> np.ndarray:
        """Sublayers never write the clock dimension…"""
        weight[clock, :] = 0.0
        return weight

    def reads_residual(weight: np.ndarray) -> np.ndarray:
        """…nor read it, so it cannot swamp their attention."""
        weight[:, clock] = 0.0
        return weight

    def decoder_norm(spec) -> None:
        """Post-norm models normalize the residual after every sublayer, which would wash
        the clock out; a large gain on its dimension keeps it dominant, layer after layer."""
        norm(spec)
        spec.gamma[clock] = 10.0

    spec = ctranslate2.specs.TransformerSpec.from_config(
        shape.layers, shape.heads, pre_norm=shape.pre_norm
    )
    enc, dec = spec.encoder, spec.decoder
    enc.embeddings[0].weight = mat(len(source_vocab), d, 1.0 / np.sqrt(d))
    dec_embeddings = mat(v, d, 1.0 / np.sqrt(d))
    dec_embeddings[:, clock] = 0.0
    dec.embeddings.weight = dec_embeddings
    if shape.pre_norm:
        norm(enc.layer_norm)
        decoder_norm(dec.layer_norm)
    for layer in enc.layer:
        norm(layer.self_attention.layer_norm)
        layer.self_attention.linear[0].weight = mat(3 * d, d)
        layer.self_attention.linear[0].bias = zeros(3 * d)
        layer.self_attention.linear[1].weight = mat(d, d)
        layer.self_attention.linear[1].bias = zeros(d)
        norm(layer.ffn.layer_norm)
        layer.ffn.linear_0.weight = mat(f, d)
        layer.ffn.linear_0.bias = zeros(f)
        layer.ffn.linear_1.weight = mat(d, f)
        layer.ffn.linear_1.bias = zeros(d)
    for layer in dec.layer:
        decoder_norm(layer.self_attention.layer_norm)
        layer.self_attention.linear[0].weight = reads_residual(mat(3 * d, d))
        layer.self_attention.linear[0].bias = zeros(3 * d)
        layer.self_attention.linear[1].weight = writes_residual(mat(d, d))
        layer.self_attention.linear[1].bias = zeros(d)
        decoder_norm(layer.attention.layer_norm)
        layer.attention.linear[0].weight = reads_residual(mat(d, d))
        layer.attention.linear[0].bias = zeros(d)
        layer.attention.linear[1].weight = mat(2 * d, d)
        layer.attention.linear[1].bias = zeros(2 * d)
        layer.attention.linear[2].weight = writes_residual(mat(d, d, 4 * std))
        layer.attention.linear[2].bias = zeros(d)
        decoder_norm(layer.ffn.layer_norm)
        layer.ffn.linear_0.weight = reads_residual(mat(f, d))
        layer.ffn.linear_0.bias = zeros(f)
        layer.ffn.linear_1.weight = writes_residual(mat(d, f))
        layer.ffn.linear_1.bias = zeros(d)

    max_positions = 1024
    steps = np.arange(max_positions)[:, None]
    rates = 1.0 / (10000 ** (np.arange(d)[None, :] / d))
    positions = (0.1 * np.sin(steps * rates)).astype(np.float32)
    positions[:, clock] = np.where(np.arange(max_positions) < output_tokens, -3.0, 20.0)
    dec.position_encodings.encodings = positions

    projection = mat(v, d, 1.0)
    projection[:, clock] = 0.0
    eos = vocab.index("</s>")
    projection[eos, :] = 0.0
    bias = zeros(v)
    projection[eos, clock] = 5.0
    for i, piece in enumerate(vocab):
        if not WORD_PIECE.match(piece):
            bias[i] = -100.0
    bias[eos] = 0.0
    dec.projection.weight = projection
    dec.projection.bias = bias

    spec.register_source_vocabulary(source_vocab)
    spec.register_target_vocabulary(vocab)
    return spec


def build_package(
    destination: Path,
    corpus: list[str],
    *,
    size: str = "tiny",
    output_tokens: int = 6,
    seed: int = 1234,
    package_version: str = "0.0.1-synthetic",
    from_code: str = "zh",
    to_code: str = "en",
    quantization: str | None = None,
) -> Path:
    """Write ``destination`` (an ``.argosmodel`` zip) and return its path.

    ``corpus`` is the text the SentencePiece model is trained on (add the article you
    will translate so its characters are in the vocabulary).
    """
    shape = SHAPES[size]
    sp_model = _train_sentencepiece(_training_text(corpus), shape.vocab_size)
    vocab = _vocabulary(sp_model)
    # A small corpus gives a small SentencePiece model; pad the model's vocabulary to the
    # shape's size (never produced: their bias is -100) so the output projection costs what
    # the real model's does.
    vocab += [f"<unused{i}>" for i in range(shape.vocab_size - len(vocab))]
    spec = _build_spec(vocab, shape, output_tokens, seed)
    name = f"translate-{from_code}_{to_code}-synthetic"
    with tempfile.TemporaryDirectory() as tmp:
        model_dir = Path(tmp) / "model"
        model_dir.mkdir()
        spec.validate()
        spec.optimize(quantization=quantization)
        spec.save(str(model_dir))
        metadata = {
            "package_version": package_version,
            "argos_version": "1.11.0",
            "from_code": from_code,
            "from_name": "Chinese",
            "to_code": to_code,
            "to_name": "English",
            "type": "translate",
        }
        destination.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(destination, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(f"{name}/metadata.json", json.dumps(metadata, indent=2))
            zf.writestr(f"{name}/sentencepiece.model", sp_model)
            zf.writestr(f"{name}/README.md", "Synthetic test package: random weights.\n")
            for file in sorted(model_dir.iterdir()):
                zf.write(file, f"{name}/model/{file.name}")
    return destination


FOLDER_TOKENIZERS = {  # layout: source and target tokenizer file names (one name: shared)
    "quickmt": ("src.spm.model", "tgt.spm.model"),
    "opus-mt": ("source.spm", "target.spm"),
    "m2m100": ("sentencepiece.bpe.model",),
    "nllb": ("sentencepiece.bpe.model",),
}
LANGUAGE_SYMBOLS = {"m2m100": ("__zh__", "__en__"), "nllb": ("zho_Hans", "eng_Latn")}


def build_folder(destination: Path, corpus: list[str], *, layout: str = "quickmt", size: str = "tiny",
                 output_tokens: int = 6, seed: int = 1234) -> Path:
    """Write a CTranslate2 model folder as its publisher ships it — quickmt-zh-en's layout
    (``model.bin``, ``config.json``, source and target vocabularies, ``src.spm.model`` and
    ``tgt.spm.model``), a converted OPUS-MT (``source.spm``, ``target.spm``), or M2M-100 /
    NLLB (one ``sentencepiece.bpe.model`` with language tokens) — with random weights."""
    shape = SHAPES[size]
    files = FOLDER_TOKENIZERS[layout]
    symbols = LANGUAGE_SYMBOLS.get(layout, ())
    if len(files) == 2:
        source_sp = _train_sentencepiece([line for line in corpus if line.strip()], shape.vocab_size)
        target_sp = _train_sentencepiece(ENGLISH.splitlines() * 3, 200)
        source_vocab, vocab = _vocabulary(source_sp), _vocabulary(target_sp)
    else:
        source_sp = target_sp = _train_sentencepiece(_training_text(corpus), shape.vocab_size, symbols)
        source_vocab = vocab = _vocabulary(source_sp)
    vocab = vocab + [f"<unused{i}>" for i in range(max(0, shape.vocab_size - len(vocab)))]
    source_vocab = vocab if len(files) == 1 else source_vocab
    spec = _build_spec(vocab, shape, output_tokens, seed, source_vocab)
    spec.validate()
    spec.optimize()
    destination.mkdir(parents=True, exist_ok=True)
    spec.save(str(destination))
    (destination / files[0]).write_bytes(source_sp)
    (destination / files[-1]).write_bytes(target_sp)
    (destination / "README.md").write_text(f"Synthetic {layout}-layout model: random weights.\n", encoding="utf-8")
    return destination
