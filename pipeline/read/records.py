"""Crawler exports read as what they are: a CSV or JSON file of posts (weibo-crawler, review
dumps, comment exports) is a list of records, one text field each, with the rest metadata.

A ``.txt`` that is such an export is recognised by its content (``looks_like_records``): a
CSV header whose rows parse into the same number of fields, or JSON holding a list of
objects. The text field is the column whose values carry the most Chinese, so no list of
column names decides it (``正文``, ``text``, ``review`` all come out the same way). Each
record's text becomes lines (its own line breaks and ``<br />`` kept as breaks); dates and
links stay metadata, never paragraphs.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass

from pipeline.chinese import han_count

RECORD_BREAK = re.compile(r"<br\s*/?>|</p>|\r\n|\r|\n", re.I)
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?$")
MAX_FIELD = 16 * 1024 * 1024
SENTENCE_MARK = re.compile("[，。！？；：、“”]")


@dataclass(frozen=True)
class Records:
    """The text of each record, the name of the field it came from, and the first date seen."""

    texts: tuple[str, ...]
    field: str
    date: str = ""


def looks_like_records(text: str) -> bool:
    """A CSV table with a header and at least one row of the same width, or JSON records.

    >>> looks_like_records("id,正文,日期\\n1,今天天气很好，我们去公园散步了。,2024-09-10\\n")
    True
    >>> looks_like_records("标题\\n第一段，有逗号，但不是表格。\\n第二段。\\n")
    False
    """
    return read_records(text) is not None


def read_records(text: str) -> Records | None:
    """The records of a CSV or JSON export, or None when the text is not one."""
    stripped = text.lstrip("\ufeff").strip()
    if stripped[:1] in "[{":
        return _json_records(stripped)
    return _csv_records(stripped)


def record_lines(records: Records) -> list[str]:
    """One line per line of each record's text, in file order; empty records give nothing."""
    lines: list[str] = []
    for text in records.texts:
        lines.extend(piece.strip() for piece in RECORD_BREAK.split(text) if piece.strip())
    return lines


def _csv_records(text: str) -> Records | None:
    first = text.split("\n", 1)[0]
    if first.count(",") + first.count("\t") == 0 or len(first) > 1000:
        return None
    dialect = "excel-tab" if first.count("\t") > first.count(",") else "excel"
    csv.field_size_limit(MAX_FIELD)
    try:
        rows = list(csv.reader(io.StringIO(text), dialect))
    except csv.Error:
        return None
    header, body = rows[0], [row for row in rows[1:] if any(cell.strip() for cell in row)]
    width = len(header)
    # Crawlers write ragged rows (a post that is not a repost leaves the repost columns out),
    # never longer ones; a header is short names, none of them a sentence.
    if width < 2 or not body or any(not 2 <= len(row) <= width for row in body):
        return None
    if len(set(header)) != width or any(not h.strip() or len(h) > 40 or SENTENCE_MARK.search(h) or h.strip().isdigit()
                                        for h in header):
        return None  # a number is no column's name ("王坚1,000" is a line of text with a comma in it)
    if len(body) < 2 and not any(re.fullmatch(r"[A-Za-z_][\w ]{0,30}", h.strip()) for h in header):
        return None  # one row under Chinese "names": two lines of text, not an export
    columns = {name: [row[i] if i < len(row) else "" for row in body] for i, name in enumerate(header)}
    return _records(columns)


def _json_records(text: str) -> Records | None:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    items = _record_list(data)
    if not items:
        return None
    names = list(dict.fromkeys(key for item in items for key, value in item.items() if isinstance(value, str)))
    columns = {name: [str(item.get(name, "") or "") for item in items] for name in names}
    return _records(columns)


def _record_list(data: object) -> list[dict] | None:
    """The list of objects in a JSON export: the top level, or the longest list one level down
    (``{"user": {…}, "weibo": [{…}, …]}``)."""
    if isinstance(data, list) and data and all(isinstance(item, dict) for item in data):
        return data
    if isinstance(data, dict):
        lists = [value for value in data.values() if isinstance(value, list) and value and all(isinstance(i, dict) for i in value)]
        if lists:
            return max(lists, key=len)
    return None


def _records(columns: dict[str, list[str]]) -> Records | None:
    """The column with the most Chinese per record is the text; a date column gives the date."""
    if not columns:
        return None
    field = max(columns, key=lambda name: sum(han_count(v) for v in columns[name]))
    values = columns[field]
    if sum(han_count(v) for v in values) < 4 * len(values) ** 0.5:
        return None
    dates = [v.strip() for name, vs in columns.items() if name != field for v in vs if DATE.match(v.strip())]
    return Records(tuple(values), field, dates[0] if dates else "")
