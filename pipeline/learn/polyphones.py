"""A trained reader for the polyphonic characters the dictionaries leave undecided.

``g2pM`` (Park & Lee, Interspeech 2020; Apache-2.0) is a one-layer BiLSTM over the
sentence's characters, trained on the CPP benchmark's training split, that ships with its
weights (1.7 MB, numpy only). For each polyphonic character it scores every reading the
character has; the best one and its probability are what the learner edition weighs
against its dictionaries and rules (``pipeline.learn.reading``). Its weights and code are the
package's; the forward pass is re-run here only to keep the probabilities, which the
package's own call throws away.

The package is the ``learner`` extra's, loaded on first use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.errors import UsageError


@dataclass(frozen=True)
class Guess:
    """The model's reading of one character (numbered: ``zhong4``, ``lv4``, ``le5``), its
    probability among the character's readings, and every reading's probability."""

    reading: str
    probability: float
    readings: tuple[tuple[str, float], ...] = ()

    def of(self, reading: str) -> float:
        return dict(self.readings).get(reading, 0.0)


@lru_cache(maxsize=1)
def _model():
    try:
        import numpy  # noqa: F401
        from g2pM import G2pM
    except ImportError:
        raise UsageError("the learner edition needs g2pM for polyphonic characters",
                         hint="pip install 'bilingual-edition[learner]' (or make test, which installs it)") from None
    return G2pM()


def polyphonic(char: str) -> bool:
    """Whether the model knows more than one reading for the character."""
    return len(_model().cedict.get(char, ())) > 1


def guesses(text: str) -> dict[int, Guess]:
    """The model's reading of every polyphonic character of ``text``, by index."""
    return guesses_many([text])[0]


PIECE = re.compile(r"[^。！？；!?;\n]*[。！？；!?;\n]*")
LONGEST = 120  # characters the model sees at once: a sentence, as it was trained on
BATCH = 256  # pieces run together: a step of the LSTM costs about the same for one as for all


def guesses_many(texts: list[str]) -> list[dict[int, Guess]]:
    """``guesses`` for many texts in batched passes: a long text cut between its sentences
    into pieces of at most LONGEST characters (the model was trained on sentences; a whole
    paragraph would make every step of the batch wait for the longest), the pieces run
    together in batches of like length — the LSTM's step costs about the same for one
    sentence as for a few hundred."""
    pieces: list[tuple[int, int, str]] = []  # (text, offset, piece)
    for number, text in enumerate(texts):
        start = 0
        for m in PIECE.finditer(text):  # sentences packed together up to LONGEST characters
            if m.end() - start > LONGEST and m.start() > start:
                pieces.append((number, start, text[start:m.start()]))
                start = m.start()
            while m.end() - start > LONGEST:  # a sentence longer than that: in windows
                pieces.append((number, start, text[start:start + LONGEST]))
                start += LONGEST
        if start < len(text):
            pieces.append((number, start, text[start:]))
    out: list[dict[int, Guess]] = [{} for _ in texts]
    ordered = sorted(range(len(pieces)), key=lambda k: len(pieces[k][2]))
    for batch in (ordered[k:k + BATCH] for k in range(0, len(ordered), BATCH)):
        for k, found in zip(batch, _batch([pieces[k][2] for k in batch])):
            number, offset, _ = pieces[k]
            out[number].update({offset + i: g for i, g in found.items()})
    return out


def _batch(texts: list[str]) -> list[dict[int, Guess]]:
    """One batched pass of the model over sentences of like length."""
    import numpy as np

    model = _model()
    wanted = [[i for i, c in enumerate(t) if len(model.cedict.get(c, ())) > 1] for t in texts]
    batch = [k for k, w in enumerate(wanted) if w]
    out: list[dict[int, Guess]] = [{} for _ in texts]
    if not batch:
        return out
    unknown, start, end = model.char2idx["<UNK>"], model.char2idx["시"], model.char2idx["끝"]
    rows = [[start] + [model.char2idx.get(c, unknown) for c in texts[k]] + [end] for k in batch]
    lengths = np.array([len(r) for r in rows])
    inputs = np.zeros((len(rows), lengths.max()), dtype=np.int32)
    for n, r in enumerate(rows):
        inputs[n, :len(r)] = r
    hidden = _hidden_states(model, inputs, lengths)  # [b, t, d]
    classes = _classes()
    for n, k in enumerate(batch):
        logits = model.fc_layer(hidden[n, [i + 1 for i in wanted[k]]])  # +1: the sentence-start token
        for row, index in zip(logits, wanted[k]):
            # the classes are every reading of every character; only this one's may win
            allowed = [classes[r] for r in model.cedict[texts[k][index]] if r in classes]
            if not allowed:
                continue
            scores = row[allowed] - row[allowed].max()
            probabilities = np.exp(scores) / np.exp(scores).sum()
            best = int(probabilities.argmax())
            names = [model.idx2class[a].replace("u:", "v") for a in allowed]
            out[k][index] = Guess(names[best], float(probabilities[best]), tuple(zip(names, map(float, probabilities))))
    return out


@lru_cache(maxsize=1)
def _classes() -> dict[str, int]:
    return {reading: index for index, reading in _model().idx2class.items()}


def _hidden_states(model, inputs, lengths):
    """The BiLSTM's states for a batch of sentences (the package's own cells): forward over
    each sentence, and backward over each sentence reversed within its own length."""
    import numpy as np

    batch, steps = inputs.shape
    reversed_inputs = np.zeros_like(inputs)
    for n, length in enumerate(lengths):
        reversed_inputs[n, :length] = inputs[n, :length][::-1]
    forward_in, backward_in = model.get_embedding(inputs), model.get_embedding(reversed_inputs)
    forward, backward, states_f, states_b = [], [], None, None
    for step in range(steps):
        states_f = model.fw_lstm_cell(forward_in[:, step], states_f)
        states_b = model.bw_lstm_cell(backward_in[:, step], states_b)
        forward.append(states_f[0])
        backward.append(states_b[0])
    forward, backward = np.stack(forward, axis=1), np.stack(backward, axis=1)
    for n, length in enumerate(lengths):  # back into each sentence's own order
        backward[n, :length] = backward[n, :length][::-1]
    return np.concatenate([forward, backward], axis=2)


# --- weighing the model against the dictionaries ------------------------------------------------

# How the dictionaries read a character (``reading._how``): in a word pypinyin's phrase
# dictionary has, in a word only CC-CEDICT has, alone inside a word of jieba's own, alone by its
# part of speech (得 de / dé), in its citation tone (一, 不: a convention, never weighed), alone
# by pypinyin's default reading.
SOURCES = ("word", "dictionary", "segment", "tagged", "citation", "alone")


def by_convention(char: str, best: str, ours: str, how: str, rule: bool) -> str:
    """The chosen reading, in our conventions: where it differs from the dictionaries' only
    in a neutral tone against a full one and a dictionary word or a proven rule gave ours
    (衣服 yīfu, 认识 rènshi, 桌子上 shang: CC-CEDICT and the Xiandai Hanyu Cidian), ours stays."""
    neutral_only = best != ours and best[:-1] == ours[:-1] and "5" in (best[-1:], ours[-1:])
    if rule or (neutral_only and (how in ("word", "dictionary") or char == "上")):
        return ours
    return best


@lru_cache(maxsize=1)
def trust() -> dict[str, tuple[int, float]]:
    """For each way the dictionaries read a character: below which jieba frequency of the
    character, and above which model probability, the model's reading wins — fitted by
    ``bench/fit_polyphones.py`` on the CPP development split and our own heteronym sentences."""
    import json
    from pathlib import Path

    data = json.loads(Path(__file__).with_name("polyphone_trust.json").read_text(encoding="utf-8"))
    return {how: (int(data["trust"][how]["below_frequency"]), float(data["trust"][how]["probability"])) for how in SOURCES}


def model_wins(how: str, frequency: int, probability: float, bars: dict[str, tuple[int, float]] | None = None) -> bool:
    """Whether the model's reading is taken: the character is rarer than the bar for how the
    dictionaries read it (a rare character's default reading is the dictionaries' weak spot; a
    common one's is the model's: 差 chà, not chāi) and the model is sure enough."""
    below, bar = (bars or trust())[how]
    return frequency < below and probability >= bar


def choose_reading(position: int, char: str, ours: str, how: str, rule: bool, guess: Guess, frequency: int = 0) -> str:
    """The reading of a polyphonic character: a proven rule's reading stands; else the
    model's where ``model_wins``; in our conventions for the neutral tone."""
    best = guess.reading if model_wins(how, frequency, guess.probability) else ours
    return by_convention(char, best, ours, how, rule)
