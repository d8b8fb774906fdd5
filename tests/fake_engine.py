"""A scripted engine for logic tests: deterministic, instant, and it records its calls.

The product never uses it; tests of the stages' logic do, so they need no model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pipeline.document import EngineInfo


class FakeEngine:
    def __init__(self, script: Callable[[str], str] | None = None):
        self.script = script or (lambda zh: f"EN[{zh}]")
        self.calls: list[list[str]] = []

    @property
    def info(self) -> EngineInfo:
        return EngineInfo("fake", "fake-package", "0", "cpu")

    def translate(self, sentences: Sequence[str]) -> list[str]:
        self.calls.append(list(sentences))
        return [self.script(s) for s in sentences]
