"""Write a tiny GGUF model with the ``gguf`` package (llama.cpp's own writer): a one-layer
Llama with random weights, a SentencePiece-style vocabulary with byte fallback (so any text
tokenizes), English word pieces, ChatML's tokens and chat template — for a real llama.cpp
server to load and answer chat requests with.

Only the word pieces' rows of the output matrix are non-zero, so greedy decoding writes
English-looking words and never ends early: the server answers with words that depend on
the prompt, never with the JSON the prompt asks for (the engine's retry path), never empty.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

WORDS = ("the model translates every sentence of article cloud computing provides power large models need reviewer corrects "
         "English column names terms rendered exactly glossary says newsrooms hundreds articles week interview video market "
         "history internet").split()
CHATML = ("{% for message in messages %}<|im_start|>{{ message['role'] }}\n{{ message['content'] }}<|im_end|>\n{% endfor %}"
          "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}")


def build_gguf(path: Path, *, d: int = 64, heads: int = 2, ffn: int = 128, context: int = 8192, seed: int = 11) -> Path:
    import gguf

    tokens: list[bytes] = [b"<unk>", b"<s>", b"</s>", b"<|im_start|>", b"<|im_end|>"]
    types = [gguf.TokenType.UNKNOWN, gguf.TokenType.CONTROL, gguf.TokenType.CONTROL, gguf.TokenType.CONTROL, gguf.TokenType.CONTROL]
    tokens += [f"<0x{b:02X}>".encode() for b in range(256)]
    types += [gguf.TokenType.BYTE] * 256
    words = sorted(set(WORDS))
    tokens += ["▁".encode() + w.encode() for w in words]
    types += [gguf.TokenType.NORMAL] * len(words)
    scores = [0.0] * len(tokens)
    v = len(tokens)
    rng = np.random.default_rng(seed)

    def mat(rows: int, cols: int, scale: float) -> np.ndarray:
        return (rng.standard_normal((rows, cols)) * scale).astype(np.float32)

    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_name("synthetic-llama")
    writer.add_context_length(context)
    writer.add_embedding_length(d)
    writer.add_block_count(1)
    writer.add_feed_forward_length(ffn)
    writer.add_head_count(heads)
    writer.add_head_count_kv(heads)
    writer.add_rope_dimension_count(d // heads)
    writer.add_layer_norm_rms_eps(1e-5)
    writer.add_vocab_size(v)
    writer.add_file_type(gguf.LlamaFileType.ALL_F32)
    writer.add_tokenizer_model("llama")
    writer.add_token_list(tokens)
    writer.add_token_scores(scores)
    writer.add_token_types(types)
    writer.add_bos_token_id(1)
    writer.add_eos_token_id(4)  # <|im_end|> ends a turn
    writer.add_unk_token_id(0)
    writer.add_add_bos_token(False)
    writer.add_chat_template(CHATML)
    output = np.zeros((v, d), dtype=np.float32)
    first_word = v - len(words)
    output[first_word:] = mat(len(words), d, 1.0)
    tensors = {
        "token_embd.weight": mat(v, d, 1.0),
        "blk.0.attn_norm.weight": np.ones(d, dtype=np.float32),
        "blk.0.attn_q.weight": mat(d, d, 0.5 / np.sqrt(d)),
        "blk.0.attn_k.weight": mat(d, d, 0.5 / np.sqrt(d)),
        "blk.0.attn_v.weight": mat(d, d, 0.5 / np.sqrt(d)),
        "blk.0.attn_output.weight": mat(d, d, 0.5 / np.sqrt(d)),
        "blk.0.ffn_norm.weight": np.ones(d, dtype=np.float32),
        "blk.0.ffn_gate.weight": mat(ffn, d, 0.5 / np.sqrt(d)),
        "blk.0.ffn_up.weight": mat(ffn, d, 0.5 / np.sqrt(d)),
        "blk.0.ffn_down.weight": mat(d, ffn, 0.5 / np.sqrt(ffn)),
        "output_norm.weight": np.ones(d, dtype=np.float32),
        "output.weight": output,
    }
    for name, tensor in tensors.items():
        writer.add_tensor(name, tensor)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path
