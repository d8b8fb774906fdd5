"""What an edition DOCX promises its own review reader: the one definition of the marks
the writer leaves and ``review import`` reads back.

- Every English text starts with a bookmark ``be_<segment id>_<hash of its English>``
  (``be_p3_s2_1a2b3c4d``), followed by ``_<hash of the speaker label's English>`` in a
  row that opens with a label: the reader finds the row's segment by it and sees whether
  the reviewer changed the English (or the label), without the original at hand. The
  English title carries one too (``be_p1_…``, bookmark number 0), so it is reviewable.
- The core properties' keywords carry ``rows=<N>``, so deleted rows are noticed, and the
  creator is ``bilingual-edition``, so a DOCX we wrote is told from a user's.
- The table's header cells are labelled bilingually (``中文 Chinese``, ``英文 English``).
"""

from __future__ import annotations

import hashlib
import re

CREATOR = "bilingual-edition"
GENERATOR_MARK = f"<dc:creator>{CREATOR}</dc:creator>".encode()
NO_COMMENT = "—"  # an empty Comment cell in the review layout
HEADER_LABELS = {"中文": "中文 Chinese", "English": "英文 English"}
BOOKMARK = re.compile(r"^be_(p\d+(?:_s\d+)?)_([0-9a-f]{8})(?:_([0-9a-f]{8}))?$")
ROWS = re.compile(r"rows=(\d+)")


def text_hash(text: str) -> str:
    return hashlib.sha1(text.strip().encode("utf-8")).hexdigest()[:8]


def bookmark_name(segment_id: str, english: str, label: str = "") -> str:
    """The bookmark of a row's English cell (or of the English title).

    >>> bookmark_name("p3.s2", "Hello"), bookmark_name("p4", "Hello", "Reporter")
    ('be_p3_s2_f7ff9e8b', 'be_p4_f7ff9e8b_d37b68f6')
    """
    name = f"be_{segment_id.replace('.', '_')}_{text_hash(english)}"
    return f"{name}_{text_hash(label)}" if label else name


def parse_bookmark(name: str) -> tuple[str, str, str | None] | None:
    """``(segment id, hash of the English, hash of the label or None)``, or None for a
    bookmark that is not ours.

    >>> parse_bookmark("be_p3_s2_f7ff9e8b"), parse_bookmark("_GoBack")
    (('p3.s2', 'f7ff9e8b', None), None)
    """
    m = BOOKMARK.match(name)
    return (m.group(1).replace("_", "."), m.group(2), m.group(3)) if m else None


def keywords(layout: str, align: str, rows: int) -> str:
    return f"bilingual edition; zh-CN; en-US; layout={layout}; align={align}; rows={rows}"


def rows_in(keywords_text: str) -> int | None:
    """The row count the writer recorded, or None for a DOCX without it."""
    m = ROWS.search(keywords_text or "")
    return int(m.group(1)) if m else None


def column_name(header: str) -> str:
    """A header cell's column: ``中文 Chinese`` → ``中文``, ``英文 English`` → ``English``."""
    header = header.strip()
    for name in ("中文", "English"):
        if name in header and not (name == "中文" and "English" in header):
            return name
    return header
