"""Glossary enforcement through machine translation: protect, choose, verify, repair.

The strategy, chosen by experiment (README, "How glossary terms survive translation"):

1. **Inline targets.** Before MT, each glossary occurrence in the Chinese sentence is
   replaced by its English target (``王坚表示`` → ``Wang Jian表示``). NMT models copy Latin
   spans far more reliably than they translate names, and no placeholder has to survive
   SentencePiece decoding (argos turns ``_`` into spaces; OPUS-MT was never trained to copy
   ``__T0__``-style tokens). The protected sentence is also the translation-memory key, so
   editing one glossary entry retranslates exactly the sentences that contain it.
2. **Choose.** Of the engine's n-best hypotheses, take the best-scoring one that contains
   every required target the required number of times.
3. **Verify and repair.** Count each target in the chosen English (whole words, exact case).
   Right count: ``kept``. Too many (the model repeated it): extras removed, ``repaired``.
   Too few: a mangled spelling (``Wang-jian``, ``SORA``) is corrected, else the words the
   model aligned to the protected span (CTranslate2 attention) are replaced by the target,
   else the target is inserted at the proportional position: ``repaired``. ``missing`` only
   when repair is switched off or there is no translation at all.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from pipeline.document import TermHit


@dataclass(frozen=True)
class Hypothesis:
    """One engine output. ``alignment`` holds, per target token, its character span in
    ``text`` and the character offset in the source of the source token it attends to most."""

    text: str
    score: float = 0.0
    alignment: tuple[tuple[int, int, int], ...] = ()

    def to_json(self) -> dict:
        return {"text": self.text, "score": self.score, "alignment": [list(a) for a in self.alignment]}

    @staticmethod
    def from_json(data: dict) -> "Hypothesis":
        return Hypothesis(data["text"], data.get("score", 0.0), tuple(tuple(a) for a in data.get("alignment", ())))


@dataclass(frozen=True)
class Slot:
    """A glossary occurrence as it sits in the protected source: ``[start, end)`` holds
    ``target``."""

    target: str
    start: int
    end: int


@dataclass(frozen=True)
class Protected:
    text: str
    slots: tuple[Slot, ...] = field(default=())


def protect(zh: str, hits: list[TermHit], offset: int = 0) -> Protected:
    """Write each hit's target into the sentence. ``offset`` is the sentence's start in the
    paragraph (hits carry paragraph offsets).

    >>> p = protect("王坚表示，阿里云很好", [TermHit("王坚", "Wang Jian", "王坚", 0), TermHit("阿里云", "Alibaba Cloud", "阿里云", 5)])
    >>> p.text
    'Wang Jian表示，Alibaba Cloud很好'
    """
    parts: list[str] = []
    slots: list[Slot] = []
    position = 0
    length = 0
    for hit in sorted(hits, key=lambda h: h.start):
        start = hit.start - offset
        parts.append(zh[position:start])
        length += start - position
        parts.append(hit.target)
        slots.append(Slot(hit.target, length, length + len(hit.target)))
        length += len(hit.target)
        position = start + len(hit.text)
    parts.append(zh[position:])
    return Protected("".join(parts), tuple(slots))


def term_pattern(*targets: str) -> re.Pattern[str]:
    """Any of ``targets`` as a whole word (exact case): how a glossary target is counted in
    the English and marked in the edition. Longer targets are tried first.

    >>> [m.group() for m in term_pattern("Sora", "Sora AI").finditer("Sora AI, Soraya, Sora.")]
    ['Sora AI', 'Sora']
    """
    alternatives = "|".join(re.escape(t) for t in sorted(targets, key=len, reverse=True))
    return re.compile(r"(?<![A-Za-z0-9])(?:" + alternatives + r")(?![A-Za-z0-9])")


def _mangled_pattern(target: str) -> re.Pattern[str]:
    """Spellings of ``target`` that differ only in case or separators: ``Wang-jian``."""
    words = re.findall(r"[A-Za-z0-9]+|[^\sA-Za-z0-9]", target)
    body = r"[\s\-_·.]*".join(re.escape(w) for w in words)
    return re.compile(r"(?<![A-Za-z0-9])" + body + r"(?![A-Za-z0-9])", re.IGNORECASE)


def count_target(text: str, target: str) -> int:
    return len(term_pattern(target).findall(text))


def choose(hypotheses: list[Hypothesis], slots: tuple[Slot, ...]) -> Hypothesis:
    """The best-scoring hypothesis with every target the right number of times, else one
    with at least that many, else the best."""
    need = Counter(slot.target for slot in slots)
    if not hypotheses:
        return Hypothesis("")
    for exact in (True, False):
        for hypothesis in hypotheses:
            counts = {t: count_target(hypothesis.text, t) for t in need}
            if all((counts[t] == n) if exact else (counts[t] >= n) for t, n in need.items()):
                return hypothesis
    return hypotheses[0]


def needs_alignment(protected: Protected, hypothesis: Hypothesis) -> bool:
    """Whether some target is still absent after extras and mangled spellings are handled:
    only then does repair place words by alignment."""
    text = hypothesis.text
    need = Counter(slot.target for slot in protected.slots)
    for target, count in need.items():
        found = count_target(text, target)
        if found < count:
            _, found = _fix_mangled(text, target, count, found)
            if found < count:
                return True
    return False


def enforce(protected: Protected, hypothesis: Hypothesis, *, repair: bool = True) -> tuple[str, list[str]]:
    """Return the English and one status per slot (``kept``, ``repaired``, ``missing``)."""
    text = hypothesis.text
    statuses = ["kept"] * len(protected.slots)
    by_target: dict[str, list[int]] = {}
    for index, slot in enumerate(protected.slots):
        by_target.setdefault(slot.target, []).append(index)
    to_place: list[Slot] = []
    for target, indexes in by_target.items():
        need = len(indexes)
        found = count_target(text, target)
        if found == need:
            continue
        if not repair or not text.strip():
            for i in indexes[found:]:
                statuses[i] = "missing"
            continue
        for i in indexes[min(found, need):] if found < need else indexes:
            statuses[i] = "repaired"
        if found > need:
            text = _remove_extras(text, target, need)
            continue
        text, found = _fix_mangled(text, target, need, found)
        to_place.extend(protected.slots[i] for i in indexes[found:])
    for start, end, target in reversed(_placements(text, protected, to_place, hypothesis.alignment)):
        text = text[:start] + target + text[end:]
    return _tidy(text), statuses


def _placements(
    text: str, protected: Protected, slots: list[Slot], alignment: tuple[tuple[int, int, int], ...]
) -> list[tuple[int, int, str]]:
    """Where each missing target goes: over the words aligned to its span (replace), or
    after the words aligned before it, or at its proportional position (insert). Sorted,
    never overlapping."""
    usable = [a for a in alignment if a[1] <= len(text)]
    operations: list[tuple[int, int, str]] = []
    for slot in sorted(slots, key=lambda s: s.start):
        aligned = [a for a in usable if slot.start <= a[2] < slot.end]
        if aligned:
            start = _word_start(text, min(a[0] for a in aligned))
            end = _word_end(text, max(a[1] for a in aligned))
            operations.append((start, end, slot.target))
            continue
        if usable:
            before = [a for a in usable if a[2] < slot.start]
            position = _word_end(text, max(a[1] for a in before)) if before else 0
        else:
            position = _word_start(text, round(slot.start / max(1, len(protected.text)) * len(text)))
        operations.append((position, position, f" {slot.target} "))
    operations.sort(key=lambda op: (op[0], op[1]))
    resolved: list[tuple[int, int, str]] = []
    for start, end, target in operations:
        if resolved and start < resolved[-1][1]:  # overlaps the previous one: insert after it
            start = end = resolved[-1][1]
            target = f" {target.strip()} "
        resolved.append((start, end, target))
    return resolved


def _remove_extras(text: str, target: str, keep: int) -> str:
    matches = list(term_pattern(target).finditer(text))
    for m in reversed(matches[keep:]):
        text = text[: m.start()] + text[m.end() :]
    return text


def _fix_mangled(text: str, target: str, need: int, found: int) -> tuple[str, int]:
    def fix(m: re.Match[str]) -> str:
        nonlocal found
        if found >= need or m.group() == target:
            return m.group()
        found += 1
        return target

    return _mangled_pattern(target).sub(fix, text), found


def _word_start(text: str, index: int) -> int:
    index = max(0, min(index, len(text)))
    while 0 < index < len(text) and not text[index - 1].isspace():
        index -= 1
    return index


def _word_end(text: str, index: int) -> int:
    index = max(0, min(index, len(text)))
    while index < len(text) and not text[index].isspace():
        index += 1
    return index


def _tidy(text: str) -> str:
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    return re.sub(r"\s{2,}", " ", text).strip()
