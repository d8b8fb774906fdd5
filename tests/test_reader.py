"""Reading articles in the encodings scrapes really come in."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.read.text import read_article

TEXT = "阿里云创始人王坚：Sora的意义\n南都：你怎么看？\n王坚：这是一个很复杂的问题。\n"
TRADITIONAL = "阿里雲創始人王堅：Sora的意義\n南都：你怎麼看？\n王堅：這是一個很複雜的問題。\n"


@pytest.mark.parametrize(
    "encoding, text",
    [("utf-8", TEXT), ("utf-8-sig", TEXT), ("utf-16", TEXT), ("gb18030", TEXT), ("gbk", TEXT), ("big5", TRADITIONAL)],
)
def test_article_is_decoded_in_its_encoding(tmp_path: Path, encoding: str, text: str):
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode(encoding))
    assert read_article(path).text == text


def test_forced_encoding_wins(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_bytes(TEXT.encode("gb18030"))
    assert read_article(path, "gb18030").encoding == "gb18030"
    with pytest.raises(InputError, match="not valid utf-8"):
        read_article(path, "utf-8")


def test_crlf_and_cr_line_endings_number_lines_like_an_editor(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_bytes("标题\r\n第二行\r第三行\n".encode())
    assert read_article(path).lines == ["标题", "第二行", "第三行"]


@pytest.mark.parametrize(
    "data, message",
    [(b"", "empty"), (b"  \n\t\n", "empty"), (b"PK\x03\x04rest", "ZIP archive"), (b"\x00\x01\x02\x03\xff" * 20, "binary")],
)
def test_unusable_files_are_refused_with_a_reason(tmp_path: Path, data: bytes, message: str):
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match=message) as caught:
        read_article(path)
    assert str(path) in str(caught.value)
