"""The choices a user makes, each defined once: the CLI lists them in ``--help`` and the
library checks against the same values. Plain ``StrEnum`` s, so a member is also its text
(``Layout.review == "review"``) and this module stays light for start-up."""

from __future__ import annotations

from enum import StrEnum

from pipeline.errors import UsageError


class Layout(StrEnum):
    """``reader``: portrait, 中文 | English; ``review``: landscape, ID | Status | 中文 | English | Comment;
    ``learner``: the reader's, with pinyin over every word and the article's vocabulary."""

    reader = "reader"
    review = "review"
    learner = "learner"


class Align(StrEnum):
    """One table row per paragraph or per sentence (reader layout)."""

    paragraph = "paragraph"
    sentence = "sentence"


class Script(StrEnum):
    """``simplified`` converts to mainland simplified; ``keep`` leaves the script alone."""

    simplified = "simplified"
    keep = "keep"


class Device(StrEnum):
    cpu = "cpu"
    cuda = "cuda"
    auto = "auto"


class ExecutorKind(StrEnum):
    """Where a batch runs: this machine's processes, or a Ray cluster."""

    local = "local"
    ray = "ray"


class TermKind(StrEnum):
    """A glossary entry's kind; ``keep`` leaves the source as it is in the English."""

    name = "name"
    org = "org"
    product = "product"
    term = "term"
    keep = "keep"


class ImportFormat(StrEnum):
    omegat = "omegat"
    deepl = "deepl"
    tbx = "tbx"


class ExportFormat(StrEnum):
    omegat = "omegat"
    tbx = "tbx"


def values(choices: type[StrEnum]) -> tuple[str, ...]:
    """The values of a choice, in order.

    >>> values(Layout)
    ('reader', 'review', 'learner')
    """
    return tuple(member.value for member in choices)


def parse_level(text: str) -> int:
    """``HSK3`` / ``3`` / ``hsk 7-9`` → 3 / 3 / 7."""
    digits = "".join(c for c in text if c.isdigit() or c == "-").split("-")[0]
    if not digits or not 1 <= int(digits) <= 9:
        raise UsageError(f"--vocab-level {text!r}: use HSK1 … HSK9 (HSK 3.0 levels; 7-9 is one band)")
    return min(int(digits), 7)
