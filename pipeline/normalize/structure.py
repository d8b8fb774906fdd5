"""Paragraph structure: which kept line is the title, the lead, body text or a Q&A turn,
and which labels (``南都：``, ``王坚：``) are speakers."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from pipeline.document import Paragraph, Speaker

SPEAKER = re.compile(r"^([^\s：:，。！？“”（）()、]{1,10})[：:](?=\S)")
KNOWN_SPEAKERS = {"记者", "主持人", "问", "答", "Q", "A", "编者", "提问", "回答"}


def speaker_candidate(text: str) -> str | None:
    """The label before a colon that may name a speaker.

    >>> speaker_candidate("南都：你怎么看？"), speaker_candidate("他说：好")
    ('南都', '他说')
    """
    m = SPEAKER.match(text)
    return m.group(1) if m else None


def paragraphs_of(kept: Sequence[tuple[int, str]]) -> tuple[Paragraph, ...]:
    """Paragraphs from the kept ``(source line, text)`` pairs, in order. Speakers are labels
    that open at least two paragraphs (or are generic interview labels such as 记者), so a
    lead that starts ``据报道：`` stays a lead."""
    labels = Counter(speaker_candidate(text) for _, text in kept[1:])
    speakers = {label for label, count in labels.items() if label and (count >= 2 or label in KNOWN_SPEAKERS)}
    paragraphs: list[Paragraph] = []
    seen_turn = False
    for index, (line, text) in enumerate(kept, start=1):
        pid = f"p{index}"
        label = speaker_candidate(text) if index > 1 else None
        if index == 1:
            paragraphs.append(Paragraph(pid, "title", text, line))
        elif label in speakers:
            seen_turn = True
            body = text[len(label) + 1 :].lstrip()
            paragraphs.append(Paragraph(pid, "turn", body, line, speaker=Speaker(label)))
        else:
            kind = "body" if seen_turn or (index > 2 and not speakers) else "lead"
            paragraphs.append(Paragraph(pid, kind, text, line))
    return tuple(paragraphs)
