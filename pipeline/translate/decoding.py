"""How CTranslate2 decodes for every engine kind that runs it in process (the seq2seq
``Translator``, the LLM ``Generator``): beam and n-best settings, threads, token batches.
Apart from ``engine`` (which chooses among the kinds) so that each kind's module imports it
without importing the module that imports them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass


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


def threads() -> tuple[int, int]:
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
