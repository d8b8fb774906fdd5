"""The normalize stage: repair scraped Chinese text, line by line, and explain every change.

Each repair is a small rule ``rule(text, line, settings) -> (text, changes)`` with an example
in its docstring (the ftfy habit), grouped by family: ``markup`` (control characters, tags,
entities), ``mojibake``, ``annotations`` (pinyin after characters), ``script``,
``punctuation`` (marks, width, spaces). ``normalize`` then drops ``boilerplate`` lines and
gives the rest their ``structure``. Nothing is lost silently: a line is either a paragraph
of the result or a ``DroppedLine`` with its kind.

Order matters: mojibake and markup first (they hide the text), then pinyin annotations
(before script conversion, so the reading is checked against the character the scraper
annotated), then script, then punctuation (annotations used ASCII parentheses too).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from pipeline.document import Change, Document, DroppedLine
from pipeline.normalize.annotations import remove_pinyin_annotations
from pipeline.normalize.boilerplate import classify_boilerplate
from pipeline.normalize.layout import Line, drop_repeats, join_hard_wraps, related_marker, related_title
from pipeline.normalize.markup import remove_control_characters, remove_feed_markers, remove_markup
from pipeline.normalize.mojibake import (
    repair_latin_mojibake,
    repair_lost_byte_marks,
    repair_mojibake_line,
    repair_mojibake_remnants,
    repair_mojibake_runs,
)
from pipeline.normalize.punctuation import cell_separators, chinese_punctuation, collapse_whitespace, halfwidth_alphanumerics
from pipeline.normalize.script import convert_script
from pipeline.normalize.settings import DEFAULT, Rule, Settings
from pipeline.normalize.structure import paragraphs_of

if TYPE_CHECKING:
    from pipeline.glossary.entries import Glossary

RULES: tuple[Rule, ...] = (
    repair_latin_mojibake,  # before control characters go: Windows-1252's gaps show as C1 controls
    remove_control_characters,
    remove_feed_markers,
    repair_mojibake_line,
    repair_mojibake_remnants,
    repair_lost_byte_marks,
    repair_mojibake_runs,
    remove_markup,
    collapse_whitespace,
    remove_pinyin_annotations,
    convert_script,
    halfwidth_alphanumerics,
    chinese_punctuation,
    cell_separators,
)


def normalize_line(text: str, line: int = 1, settings: Settings = DEFAULT) -> tuple[str, list[Change]]:
    """Apply every repair to one line; return the text and the changes made, in order.

    >>> normalize_line("阿里雲創(chuàng)始人王坚说:\\"好\\"")[0]
    '阿里云创始人王坚说：“好”'
    """
    changes: list[Change] = []
    for rule in RULES:
        text, made = rule(text, line, settings)
        changes.extend(made)
    return text, changes


@dataclass(frozen=True)
class NormalizedLine:
    line: int
    original: str
    text: str
    changes: tuple[Change, ...]


def normalize_lines(lines: Iterable[str], settings: Settings = DEFAULT) -> list[NormalizedLine]:
    result = []
    for number, original in enumerate(lines, start=1):
        text, changes = normalize_line(original, number, settings)
        result.append(NormalizedLine(number, original, text, tuple(changes)))
    return result


def normalize(document: Document, *, script: str = "simplified", glossary: Glossary | None = None) -> Document:
    """Turn the document's source lines into paragraphs (title, lead, body, Q&A turns) and
    dropped lines, with every change the rules made to the kept ones: each line repaired,
    boilerplate dropped by kind (and the list of other articles after a ``往期推荐`` line),
    hard-wrapped lines joined, repeats dropped."""
    kept: list[Line] = []
    dropped: list[DroppedLine] = []
    in_related_list = False
    for item in normalize_lines(document.lines, Settings(script, glossary)):
        kind = classify_boilerplate(item.text)
        if kind == "page control" and related_marker(item.text):
            in_related_list = True
        elif kind is None and in_related_list and related_title(item.text):
            kind = "related links"
        elif kind is None:
            in_related_list = False
        if kind is not None:
            dropped.append(DroppedLine(item.line, kind, item.original))
        else:
            kept.append(Line(item.line, item.original, item.text, item.changes))
    kept, repeats = drop_repeats(kept)  # running heads go before hard wraps are joined across them
    kept = join_hard_wraps(kept)
    dropped = sorted(dropped + repeats, key=lambda d: d.line)
    return replace(
        document,
        paragraphs=paragraphs_of([(item.line, item.text) for item in kept]),
        dropped=tuple(dropped),
        changes=tuple(change for item in kept for change in item.changes),
    )


def normalized_text(document: Document) -> str:
    """The normalized article: one paragraph per line, title first, dropped lines out."""
    return "".join(p.source_text + "\n" for p in document.paragraphs)


def change_counts(changes: Iterable[Change]) -> dict[str, int]:
    return dict(Counter(c.kind for c in changes))


def change_report(document: Document) -> list[str]:
    """What ``normalize --report`` prints: changes by kind, then every dropped line."""
    counts = change_counts(document.changes)
    lines = ["changes: " + (", ".join(f"{kind} {n}" for kind, n in sorted(counts.items())) or "none"),
             f"paragraphs: {len(document.paragraphs)}; dropped lines: {len(document.dropped)}"]
    return lines + [f"  dropped line {item.line} ({item.kind}): {item.text}" for item in document.dropped]
