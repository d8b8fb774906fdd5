"""Build a synthetic decoder-only LLM folder as ``ct2-transformers-converter --copy_files
tokenizer.json tokenizer_config.json`` leaves a real one (Qwen's layout): a real CTranslate2
``TransformerDecoderModelSpec`` with random weights, a real byte-level BPE ``tokenizer.json``
trained here, and a ChatML chat template in ``tokenizer_config.json``.

Like the synthetic argos package, its output is English-looking words (every token but
``Ġword`` pieces has a large negative bias) that depend on the prompt; it never writes the
JSON the prompt asks for, so every group is asked again one sentence at a time — the path a
real model takes when its reply is malformed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np

from tests.synthetic_package import ENGLISH

CHATML = ("{% for message in messages %}<|im_start|>{{ message['role'] }}\n{{ message['content'] }}<|im_end|>\n{% endfor %}"
          "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}")
SPECIALS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
WORD = re.compile(r"^Ġ[A-Za-z]+$")


def _tokenizer(corpus: list[str], vocab_size: int):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=SPECIALS,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    prompt_words = ["Translate each sentence into English JSON translations id en context glossary terms system user assistant"]
    tokenizer.train_from_iterator(corpus + ENGLISH.splitlines() * 3 + prompt_words, trainer)
    return tokenizer


def build_llm_folder(destination: Path, corpus: list[str], *, layers: int = 1, d_model: int = 64, heads: int = 2,
                     vocab_size: int = 1200, seed: int = 7) -> Path:
    import ctranslate2

    tokenizer = _tokenizer([line for line in corpus if line.strip()], vocab_size)
    vocab = [token for token, _ in sorted(tokenizer.get_vocab().items(), key=lambda item: item[1])]
    rng = np.random.default_rng(seed)
    d, f, v = d_model, 4 * d_model, len(vocab)

    def mat(rows: int, cols: int, scale: float = 0.5 / np.sqrt(d)) -> np.ndarray:
        return (rng.standard_normal((rows, cols)) * scale).astype(np.float32)

    def norm(spec) -> None:
        spec.gamma = np.ones(d, dtype=np.float32)
        spec.beta = np.zeros(d, dtype=np.float32)

    spec = ctranslate2.specs.TransformerDecoderModelSpec.from_config(layers, heads, pre_norm=True,
                                                                     activation=ctranslate2.specs.Activation.GELU)
    decoder = spec.decoder
    decoder.embeddings.weight = mat(v, d, 1.0)
    decoder.position_encodings.encodings = (0.1 * rng.standard_normal((4096, d))).astype(np.float32)
    norm(decoder.layer_norm)
    for layer in decoder.layer:
        norm(layer.self_attention.layer_norm)
        layer.self_attention.linear[0].weight = mat(3 * d, d)
        layer.self_attention.linear[0].bias = np.zeros(3 * d, dtype=np.float32)
        layer.self_attention.linear[1].weight = mat(d, d)
        layer.self_attention.linear[1].bias = np.zeros(d, dtype=np.float32)
        norm(layer.ffn.layer_norm)
        layer.ffn.linear_0.weight = mat(f, d)
        layer.ffn.linear_0.bias = np.zeros(f, dtype=np.float32)
        layer.ffn.linear_1.weight = mat(d, f)
        layer.ffn.linear_1.bias = np.zeros(d, dtype=np.float32)
    decoder.projection.weight = mat(v, d, 1.0)
    decoder.projection.bias = np.array([0.0 if WORD.match(token) else -100.0 for token in vocab], dtype=np.float32)
    spec.register_vocabulary(vocab)
    spec.config.bos_token = spec.config.unk_token = "<|endoftext|>"
    spec.config.eos_token = "<|im_end|>"
    spec.validate()
    spec.optimize()
    destination.mkdir(parents=True, exist_ok=True)
    spec.save(str(destination))
    tokenizer.save(str(destination / "tokenizer.json"))
    (destination / "tokenizer_config.json").write_text(json.dumps(
        {"chat_template": CHATML, "eos_token": "<|im_end|>", "bos_token": None, "model_max_length": 4096}), encoding="utf-8")
    (destination / "README.md").write_text("Synthetic decoder-only model: random weights.\n", encoding="utf-8")
    return destination
