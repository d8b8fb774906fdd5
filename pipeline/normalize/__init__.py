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

from pipeline.document import Change, Decision, Document, Doubt, DroppedLine
from pipeline.normalize.annotations import remove_pinyin_annotations
from pipeline.normalize.features import LineFacts, line_features
from pipeline.normalize.layout import Line, drop_repeats, join_hard_wraps
from pipeline.normalize.markup import (
    remove_control_characters,
    remove_feed_markers,
    remove_glued_widgets,
    remove_markup,
    remove_section_numbers,
)
from pipeline.normalize.mojibake import (
    repair_latin_mojibake,
    repair_lost_byte_marks,
    repair_mojibake_line,
    repair_mojibake_remnants,
    repair_mojibake_runs,
)
from pipeline.normalize.parting import part_lines
from pipeline.normalize.punctuation import cell_separators, chinese_punctuation, collapse_whitespace, halfwidth_alphanumerics
from pipeline.normalize.scorer import residue_kind, residue_probability, verdict
from pipeline.normalize.script import convert_script
from pipeline.normalize.settings import DEFAULT, Rule, Settings
from pipeline.normalize.structure import paragraphs_of

if TYPE_CHECKING:
    from pipeline.glossary.model import Glossary

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
    remove_glued_widgets,  # after punctuation: a widget glued after a sentence's end, now full-width
    remove_section_numbers,
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


def normalize_lines(lines: Iterable[str], settings: Settings = DEFAULT) -> list[Line]:
    result = []
    for number, original in enumerate(lines, start=1):
        text, changes = normalize_line(original, number, settings)
        result.append(Line(number, original, text, tuple(changes)))
    return result


# Reader origins of lines that may be a paste's hard wraps: a text file's lines. A block a
# structured reader gave (a page's paragraph or table row, Markdown's list item, a DOCX
# paragraph) is never joined to the next: a 300-row table is not one paragraph.
PASTED = {"line"}
# Reader origins that are never article text: a capture's ![](…), [](…), ****, and a
# caption the page itself marks as one (<figcaption>, class="caption").
FURNITURE = {"image", "link", "markup", "caption"}


def normalize(document: Document, *, script: str = "simplified", glossary: Glossary | None = None,
              decisions: Iterable[Decision] = ()) -> Document:
    """Turn the document's source lines into paragraphs (title, lead, body, Q&A turns) and
    dropped lines, with every change the rules made to the kept ones.

    Each line is repaired; a line holding several (a flattened headline and its 原标题, a
    review and its replies) is parted; then each line's fate is weighed by the scorer
    (``pipeline.normalize.scorer``): dropped with its kind, kept, or kept and marked doubtful.
    The user's ``decisions`` (``--drop``/``--keep``) overrule it. Repeats are dropped and
    hard-wrapped lines joined last."""
    rulings = {d.line: d.action for d in decisions}
    weighed, dropped = weigh_lines(document, Settings(script, glossary))
    kept: list[Line] = []
    doubts: list[Doubt] = []
    for item in weighed:
        fate = rulings.get(item.line.line) or verdict(item.probability)
        if fate == "drop":
            kind = residue_kind(item.facts) if item.line.line not in rulings else "dropped by request"
            dropped.append(DroppedLine(item.line.line, kind, item.line.original))
            continue
        if fate == "doubt":
            doubts.append(Doubt(item.line.line, residue_kind(item.facts), round(item.probability, 3), item.line.original))
        kept.append(item.line)
    chapters = {item.line.line for item in weighed if item.origin == "chapter"}  # a book's: each starts afresh
    kept, repeats = drop_repeats(kept, chapters)  # running heads go before hard wraps are joined across them
    pasted = {item.line.line for item in weighed if item.origin in PASTED}
    kept = join_hard_wraps(kept, pasted)
    dropped = sorted(dropped + repeats, key=lambda d: d.line)
    gone = {d.line for d in dropped if d.kind != "empty"} - {line.line for line in kept}
    return replace(
        document,
        paragraphs=paragraphs_of([(item.line, item.text) for item in kept]),
        dropped=tuple(dropped),
        changes=tuple(change for item in kept for change in item.changes),
        doubts=tuple(d for d in doubts if d.line not in gone),
        decisions=tuple(Decision(line, action) for line, action in sorted(rulings.items())),
    )


@dataclass(frozen=True)
class Weighed:
    """A line that is not empty, as the scorer sees it: the repaired line, where the reader
    found it, its features and the probability that it is not article text."""

    line: Line
    origin: str
    facts: LineFacts
    probability: float


def weigh_lines(document: Document, settings: Settings = DEFAULT) -> tuple[list[Weighed], list[DroppedLine]]:
    """Every line repaired and parted, then weighed; empty lines and a reader's furniture
    (an image or link block without text) are dropped outright."""
    origins = document.origins or ("line",) * len(document.lines)
    candidates: list[tuple[Line, str]] = []
    dropped: list[DroppedLine] = []
    for item in part_lines(normalize_lines(document.lines, settings)):
        origin = origins[item.line - 1] if item.line <= len(origins) else "line"
        if not item.text.strip() or origin in FURNITURE:
            dropped.append(DroppedLine(item.line, "empty" if not item.text.strip() else origin, item.original))
        else:
            candidates.append((item, origin))
    facts = line_features([item.text for item, _ in candidates], [origin for _, origin in candidates])
    return [Weighed(item, origin, fact, residue_probability(fact)) for (item, origin), fact in zip(candidates, facts)], dropped


def normalized_text(document: Document) -> str:
    """The normalized article: one paragraph per line, title first, dropped lines out."""
    return "".join(p.source_text + "\n" for p in document.paragraphs)


def change_counts(changes: Iterable[Change]) -> dict[str, int]:
    return dict(Counter(c.kind for c in changes))


def change_report(document: Document) -> list[str]:
    """What ``normalize --report`` prints: changes by kind, every dropped line, then every
    line kept without certainty (with the probability that it is residue), and the rulings."""
    counts = change_counts(document.changes)
    lines = ["changes: " + (", ".join(f"{kind} {n}" for kind, n in sorted(counts.items())) or "none"),
             f"paragraphs: {len(document.paragraphs)}; dropped lines: {len(document.dropped)}; doubtful lines: {len(document.doubts)}"]
    lines += [f"  dropped line {item.line} ({item.kind}): {item.text}" for item in document.dropped]
    lines += [f"  doubtful line {d.line} (kept; {d.probability:.0%} likely {d.kind}): {d.text}" for d in document.doubts]
    return lines + [f"  line {d.line}: {d.action} (as asked)" for d in document.decisions]
