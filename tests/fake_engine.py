"""A scripted engine for logic tests: deterministic, instant, and it records its calls.

The script maps a source text to one translation or to several (n-best, best first).
The product never uses it; tests of the stages' logic do, so they need no model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pipeline.document import EngineInfo
from pipeline.translate.enforce import Hypothesis


class FakeEngine:
    cache_key = "fake|0"

    def __init__(self, script: Callable[[str], str | list[str]] | None = None):
        self.script = script or (lambda zh: f"EN[{zh}]")
        self.calls: list[list[str]] = []

    @property
    def info(self) -> EngineInfo:
        return EngineInfo("fake", "fake-package", "0", "cpu")

    def align(self, pairs, on_result=None):
        """No attention in a scripted engine: repairs fall back to proportional placement."""
        self.aligned = list(pairs)
        for index in range(len(pairs)) if on_result else ():
            on_result(index)
        return [() for _ in pairs]

    def translate(self, sentences: Sequence[str], on_result=None) -> list[list[Hypothesis]]:
        self.calls.append(list(sentences))
        out = []
        for index, s in enumerate(sentences):
            result = self.script(s)
            texts = [result] if isinstance(result, str) else result
            out.append([Hypothesis(t, -float(i)) for i, t in enumerate(texts)])
            if on_result:
                on_result(index, out[-1])
        return out
