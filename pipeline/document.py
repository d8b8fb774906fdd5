"""The document model that flows through every stage.

One ``Document`` carries the source lines, the paragraphs the normalizer kept, the lines it
dropped and why, and everything later stages learn (sentences, glossary hits, translations).
Stages never mutate it: each returns a new one (``dataclasses.replace``), so a stage can be
re-run or tested on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

ParagraphKind = Literal["title", "lead", "body", "turn"]
TermStatus = Literal["found", "kept", "repaired", "missing"]


@dataclass(frozen=True)
class Change:
    """One repair the normalizer made: ``kind`` (annotation, script, punctuation, …),
    1-based source ``line``, 0-based ``column`` in the text as that rule saw it."""

    kind: str
    line: int
    column: int
    before: str
    after: str


@dataclass(frozen=True)
class DroppedLine:
    """A source line that is not in the edition, and why (caption, disclaimer, empty, …)."""

    line: int
    kind: str
    text: str


@dataclass(frozen=True)
class Doubt:
    """A source line the normalizer kept without being sure it is article text: the scorer
    gave it ``probability`` of being residue of ``kind``, too little to drop it (article text
    is never lost on a guess). The user decides with ``--drop LINE`` or ``--keep LINE``."""

    line: int
    kind: str
    probability: float
    text: str


@dataclass(frozen=True)
class Decision:
    """A user's ruling on a source line (``--drop 3`` / ``--keep 7``), applied on the next run."""

    line: int
    action: Literal["drop", "keep"]


@dataclass(frozen=True)
class TermHit:
    """One occurrence of a glossary entry in a paragraph's Chinese text.

    ``start`` is the offset in ``Paragraph.zh``; ``text`` is what was matched (an alias or
    the source itself); ``source``/``target`` come from the entry.
    """

    source: str
    target: str
    text: str
    start: int
    kind: str = "term"
    status: TermStatus = "found"
    pinyin: str = ""  # the entry's own reading, if it gives one

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True)
class Sentence:
    """``origin`` is ``mt``, ``human`` (a reviewer's translation from the memory) or
    ``source`` (no Chinese in it: copied, not translated);
    ``flags`` are QA findings (``untranslated``, ``repetition``, ``lost: 1000``, …)."""

    id: str
    zh: str
    start: int = 0
    en: str = ""
    origin: str = "mt"
    flags: tuple[str, ...] = ()
    # The words of ``zh`` with their readings (the learner edition): ``(("银行", "yínháng"), ("。", ""))``;
    # a reading is "" for Latin, numbers and punctuation. Empty until ``pipeline.learn.reading`` runs.
    words: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Speaker:
    """A Q&A turn's label; ``from_glossary`` when its English is a glossary entry's."""

    zh: str
    en: str = ""
    from_glossary: bool = False


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the edition. ``zh`` is the text without the speaker label; the
    label of a Q&A turn (``南都：``) is in ``speaker``."""

    id: str
    kind: ParagraphKind
    zh: str
    line: int
    speaker: Speaker | None = None
    sentences: tuple[Sentence, ...] = ()
    terms: tuple[TermHit, ...] = ()

    @property
    def en(self) -> str:
        return " ".join(s.en.strip() for s in self.sentences if s.en.strip())

    @property
    def flags(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f for s in self.sentences for f in s.flags))

    def terms_in(self, sentence: Sentence) -> tuple[TermHit, ...]:
        """The glossary hits that lie wholly inside ``sentence`` (offsets stay the
        paragraph's): the one rule for "terms of a sentence", used by the translate stage
        (which protects them) and the DOCX (which marks them)."""
        end = sentence.start + len(sentence.zh)
        return tuple(h for h in self.terms if sentence.start <= h.start and h.end <= end)

    @property
    def source_text(self) -> str:
        """The paragraph as the normalized article has it, label included."""
        return f"{self.speaker.zh}：{self.zh}" if self.speaker else self.zh


@dataclass(frozen=True)
class Rendering:
    """How one repeated term the glossary does not hold came out in the English: each
    rendering and its count, the majority first (``pipeline.consistency``)."""

    source: str
    counts: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class EngineInfo:
    name: str  # the engine's kind and layout: argos-ctranslate2, ctranslate2-quickmt, llm-ctranslate2, openai-chat
    package: str  # the model's name
    version: str
    device: str

    @property
    def label(self) -> str:
        """How every edition names the engine (the DOCX and page source lines, the TMX header)."""
        return f"{self.package} {self.version} ({self.name}, {self.device})"


@dataclass(frozen=True)
class GlossaryInfo:
    path: str
    entries: int
    sha256: str


@dataclass(frozen=True)
class TranslationStats:
    """What the translate stage did: ``cached`` sentences were answered by the translation
    memory; ``translated`` distinct texts (sentences and speaker labels, deduplicated) went
    to the engine, in one call."""

    sentences: int
    unique: int
    cached: int
    translated: int
    seconds: float


@dataclass(frozen=True)
class SourceInfo:
    """Where the article came from, as its reader found it: the input ``format`` (``text``,
    ``html``, ``mhtml``, ``markdown``, ``docx``, ``stdin``), the encoding used, the page's
    canonical URL, site, author and date when it had them, and the page text the extractor
    left out, by kind, in characters (``removed``: navigation, scripts, comments…)."""

    format: str = "text"
    encoding: str = ""
    url: str = ""
    site: str = ""
    author: str = ""
    date: str = ""
    removed: tuple[tuple[str, int], ...] = ()

    def __post_init__(self) -> None:
        """Metadata comes from outside (a page's tags, front matter, a feed) and goes into every
        output: cleaned here, once — control and bidirectional-override characters removed
        (an ``&#1;`` made the EPUB invalid XML; an RLO reversed the source line), and a URL
        kept only when it is http(s) (a canonical ``javascript:…`` is not a source)."""
        for name in ("encoding", "site", "author", "date"):
            object.__setattr__(self, name, outside_text(getattr(self, name)))
        url = outside_text(self.url)
        object.__setattr__(self, "url", url if re.match(r"https?://[^\s]+$", url, re.I) else "")


UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]")


def readable_name(name: str) -> str:
    """A file name as text: bytes the file system could not decode as UTF-8 (Python keeps them
    as surrogates) read as GB18030, the other encoding Chinese file names come in, else
    replaced; control and bidi characters removed.

    >>> readable_name("/in/" + "文章".encode("gbk").decode("utf-8", "surrogateescape") + ".txt")
    '/in/文章.txt'
    """
    if any("\udc80" <= c <= "\udcff" for c in name):
        raw = name.encode("utf-8", "surrogateescape")
        try:
            name = raw.decode("gb18030")
        except UnicodeDecodeError:
            name = raw.decode("utf-8", "replace")
    return UNSAFE.sub("", name)


def outside_text(text: str) -> str:
    """A string from outside the article (metadata, a file name), safe to put in any output:
    control and bidi-override characters gone, whitespace collapsed.

    >>> outside_text("新华网\u202e\x01 首页 ")
    '新华网 首页'
    """
    return " ".join(UNSAFE.sub("", text).split())


@dataclass(frozen=True)
class Document:
    source_file: str
    lines: tuple[str, ...]
    paragraphs: tuple[Paragraph, ...] = ()
    dropped: tuple[DroppedLine, ...] = ()
    changes: tuple[Change, ...] = ()
    doubts: tuple[Doubt, ...] = ()  # kept lines that may not be article text
    decisions: tuple[Decision, ...] = ()  # the user's --drop/--keep rulings that were applied
    renderings: tuple[Rendering, ...] = ()  # repeated terms outside the glossary, as the English rendered them
    encoding: str = "utf-8"
    engine: EngineInfo | None = None
    glossary: GlossaryInfo | None = None
    translation: TranslationStats | None = None
    source: SourceInfo | None = None
    # Where each source line came from in its file (``heading``, ``paragraph``, ``table row``…),
    # parallel to ``lines``; empty for plain text, whose lines are the file's.
    origins: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # the file's name goes into every output: readable and safe there (a name in GBK bytes
        # reached the JSON encoder as surrogates and ended in a traceback)
        object.__setattr__(self, "source_file", readable_name(self.source_file))

    @property
    def title(self) -> Paragraph | None:
        if self.paragraphs and self.paragraphs[0].kind == "title":
            return self.paragraphs[0]
        return None

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(s for p in self.paragraphs for s in p.sentences)

    def with_paragraphs(self, paragraphs: tuple[Paragraph, ...] | list[Paragraph]) -> "Document":
        return replace(self, paragraphs=tuple(paragraphs))
