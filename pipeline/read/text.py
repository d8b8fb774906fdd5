"""Read an article file into text: the input edge of the pipeline.

Scraped articles arrive as UTF-8 (with or without BOM), UTF-16 from Windows tools, or in
the legacy GB18030/GBK and Big5 encodings. We detect which, because a wrong guess turns
the whole article into mojibake that no later stage can repair.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import BilingualError, InputError, unreadable

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
BINARY_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"PK\x03\x04", "a ZIP archive (or DOCX)"),
    (b"%PDF", "a PDF document"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "an executable"),
)
# The most frequent characters of Chinese prose, in both scripts. Text decoded with the
# right codec is full of them; the wrong legacy codec yields rare characters instead.
COMMON = set(
    "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过"
    "家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见"
    "经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话"
    "這個們來為說會對時過後現經頭長裏麼與發見實點種聲話將兩開動進從應關問題電產業術場"
)
LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class SourceText:
    path: Path
    text: str
    encoding: str

    @property
    def lines(self) -> list[str]:
        return split_lines(self.text)


def split_lines(text: str) -> list[str]:
    """Lines as the file numbers them (CRLF, CR and LF all end a line)."""
    lines = LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def read_user_file(
    path: Path, error: type[BilingualError] = InputError, *, kind: str = "an article file", missing: str = "no such file"
) -> bytes:
    """The bytes of a file the user named, or ``error`` worded once for every reason: an
    article, a glossary, any input."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise error(missing, path=path, hint=f"check the name and the folder (relative paths start in {Path.cwd()})") from None
    except IsADirectoryError:
        raise error(f"is a directory, not {kind}", path=path) from None
    except PermissionError:
        raise error("permission denied: the file cannot be read", path=path) from None
    except OSError as err:
        raise error(unreadable(err), path=path) from None


def read_article(path: Path, encoding: str | None = None) -> SourceText:
    """Read ``path`` and decode it, detecting the encoding unless one is given."""
    return SourceText(path, *decode_article(read_user_file(path), path, encoding))


def decode_article(data: bytes, path: Path, encoding: str | None = None) -> tuple[str, str]:
    if not data.strip():
        raise InputError("the file is empty", path=path)
    if encoding:
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}", path=path,
                             hint="give a codec name such as utf-8, gb18030, big5 or utf-16, or leave out --encoding") from None
        except UnicodeDecodeError as err:
            raise InputError(f"is not valid {encoding} (byte {err.start})", path=path,
                             hint="leave out --encoding to detect the encoding, or name the file's real one") from None
    for bom, name in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                raise InputError(f"starts with a {name} byte-order mark but is not valid {name}", path=path) from None
    for magic, what in BINARY_MAGIC:
        if data.startswith(magic):
            raise InputError(f"is {what}, not a text article", path=path)
    utf16 = _bomless_utf16(data) or _chinese_utf16(data)
    if utf16:
        return data.decode(utf16), utf16
    stray = data.count(0)
    if stray:  # a few NUL bytes among text (a damaged copy) are removed; many control bytes mean binary
        controls = sum(data.count(bytes([b])) for b in range(32) if b not in (9, 10, 12, 13))
        if controls > max(8, len(data) // 200):
            raise InputError("is a binary file, not a text article", path=path)
        text, name = decode_article(data.replace(b"\x00", b""), path)
        return text, f"{name} ({stray} NUL byte{'s' if stray > 1 else ''} removed)"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for name in ("gb18030", "big5"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        candidates.append((sum(ch in COMMON for ch in text), name, text))
    if not candidates:
        # Mostly UTF-8 with a few broken bytes (a truncated download, a stray surrogate):
        # keep the article, mark the damage with U+FFFD, and say so.
        text = data.decode("utf-8", errors="replace")
        bad = len(re.findall("\ufffd+", text))
        if bad <= max(3, len(text) // 100):
            return text, f"utf-8 ({bad} invalid byte sequence{'s' if bad > 1 else ''} replaced)"
        raise InputError(
            "is not UTF-8, GB18030 or Big5 text",
            path=path,
            hint="pass --encoding NAME if you know its encoding",
        )
    _, name, text = max(candidates)
    return text, name


def _chinese_utf16(data: bytes) -> str | None:
    """Chinese UTF-16 without BOM: hardly any NUL byte to tell it by (only its line ends and
    Latin letters have them), so it is told by what it decodes to — common Chinese
    characters, few control characters — where UTF-8 and GB18030 give nothing sensible.

    >>> _chinese_utf16("中文标题\\n这是第二行的中文内容。\\n".encode("utf-16-le"))
    'utf-16-le'
    """
    if len(data) % 2 or len(data) < 4:
        return None
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError:
        pass
    for name in ("utf-16-le", "utf-16-be"):
        try:
            text = data[:8000].decode(name, errors="strict")
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t")
        common = sum(ch in COMMON for ch in text)
        if controls == 0 and common >= max(2, len(text) // 10):
            return name if _decodes(data, name) else None
    return None


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM shows as every other byte being NUL in Latin-heavy text."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / len(sample[0::2])
    odd_nuls = sample[1::2].count(0) / len(sample[1::2])
    for name, nuls in (("utf-16-le", odd_nuls), ("utf-16-be", even_nuls)):
        if nuls > 0.3:
            return name if _decodes(data, name) else None
    return None


def _decodes(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
        return True
    except UnicodeDecodeError:
        return False
