"""Tone colours for the learner edition: each syllable of a reading, and the character it
reads, in the colour of its tone — the scheme learners already know from their dictionary.

Two schemes are offered, by the apps that made tone colours a learner's habit: ``pleco``
(tone 1 red, 2 green, 3 blue, 4 purple, neutral grey — Pleco's defaults) and ``hanping``
(1 blue, 2 green, 3 orange, 4 red — Hanping's order of hues); ``none`` leaves the text black.
One definition for the web page, the EPUB and the DOCX.
"""

from __future__ import annotations

import re
import unicodedata

from pipeline.errors import UsageError

SCHEMES: dict[str, dict[int, str]] = {
    "pleco": {1: "E30000", 2: "02B31C", 3: "1510F0", 4: "8900BF", 5: "777777"},
    "hanping": {1: "2C7BD6", 2: "2E9E3A", 3: "E08A00", 4: "D62020", 5: "808080"},
    "none": {},
}
MARKS = {"\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4}  # combining macron, acute, caron, grave
VOWELS = "aeiouüvêAEIOUÜ"
# A syllable of Hanyu Pinyin as this tool writes words (apostrophes before a, o, e): an
# optional initial, its vowels, and a final n/ng/r only where no vowel follows (xīnán is
# xī + nán, not xīn + án).
SYLLABLE = re.compile(
    r"(?:[zcs]h|[bpmfdtnlgkhjqxrzcsyw])?[aeiouüvê\u0300-\u030c]+(?:ng(?![aeiouüvê])|n(?![aeiouüvê]))?(?:r(?![aeiouüvê]))?"
    r"|[mn]g?[\u0300-\u030c]?|hm|hng", re.I)


def check_scheme(name: str) -> str:
    if name not in SCHEMES:
        raise UsageError(f"--tone-colors {name!r}: use {', '.join(SCHEMES)}")
    return name


def tone(syllable: str) -> int:
    """The tone of a tone-marked syllable (5: neutral, no mark).

    >>> tone("zhī"), tone("dào"), tone("le"), tone("ǹg")
    (1, 4, 5, 4)
    """
    for char in unicodedata.normalize("NFD", syllable):
        if char in MARKS:
            return MARKS[char]
    return 5


def syllables(reading: str) -> list[str]:
    """A word's reading cut into its syllables, as written (marks kept, capitals too).

    >>> syllables("zhīdào"), syllables("Xī'ān"), syllables("xīnán"), syllables("yīhuìr"), syllables("jìnr")
    (['zhī', 'dào'], ['Xī', 'ān'], ['xī', 'nán'], ['yī', 'huìr'], ['jìnr'])
    """
    decomposed = unicodedata.normalize("NFD", reading)
    out = []
    for piece in re.split(r"[' \u00a0-]+", decomposed):
        out += [unicodedata.normalize("NFC", m.group()) for m in SYLLABLE.finditer(piece)]
    return out


def colour(scheme: str, syllable: str) -> str:
    """The hex colour of the syllable's tone in the scheme ("" for ``none``)."""
    return SCHEMES[scheme].get(tone(syllable), "")


def coloured(word: str, reading: str, scheme: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(characters, syllables) of a word, each with its colour: the reading's syllables
    always; the characters too where there is one syllable to a character (erhua's 儿 and a
    Latin letter inside a word leave the characters uncoloured)."""
    parts = syllables(reading)
    marked = [(s, colour(scheme, s)) for s in parts]
    if len(parts) == len(word):
        return [(c, colour(scheme, s)) for c, s in zip(word, parts)], marked
    return [(word, "")], marked
