"""The reading of every word, for the learner edition: a stage of its own, after translation.

Words come from jieba, its dictionary extended with the glossary's sources so names stay
whole; a word jieba's statistical guesser invented (他中, 里教: no dictionary has them) is cut
again by the dictionary alone, unless it looks like a person's name. Readings, in order of
trust: the glossary entry's ``pinyin``; pypinyin's phrase dictionary, so heteronyms follow
their word (重庆 Chóngqìng, 银行 yínháng, 长大 zhǎngdà, 了解 liǎojiě beside the particle 了
le); CC-CEDICT (``dictionary``) for words pypinyin lacks, the neutral tones and erhua it
leaves out (漂亮 piàoliang, 一会儿 yīhuìr) and the words it misreads (质朴 zhìpǔ); and where
neither dictionary decides — a character alone, a word of jieba's only, a word CC-CEDICT has
twice — the neighbours do (``heteronyms``: 得 dé / de / děi, 一只 zhī, 种了 zhòng, 背着书包 bēi).
Traditional text is read as its simplified twin and keeps its own script.

Hanyu Pinyin orthography: a word's syllables written together, proper names capitalised (a
proper noun is what jieba tags as a name and CC-CEDICT does not list as a common word), a
person's surname and given name apart (王坚 Wáng Jiān; surnames in their surname readings:
曾 Zēng, 单 Shàn); Latin words, numbers and punctuation have no reading. Tone sandhi is not
written (the dictionaries' convention: 一 yī, 不 bù as citation forms).
Both libraries are the ``learner`` extra: the other editions never load them.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from pipeline.learn import dictionary
from pipeline.chinese import HAN
from pipeline.document import Document
from pipeline.errors import UsageError
from pipeline.learn.styles import STYLES, join_syllables, to_marks, to_numbers
from pipeline.learn.heteronyms import NUMERAL, HETERONYM_RULES, by_context, by_sense

PROPER = {"nr", "ns", "nt", "nz", "nrt", "nrfg"}  # jieba's tags for persons, places, organisations, other names
PERSON = {"nr", "nrfg", "nrt"}
# A one-character word whose reading its part of speech decides where its neighbours do not
# (很长 cháng / 长大 zhǎng, 还 hái / 还书 huán, 走得快 de / 得奖 dé, …)
BY_PART_OF_SPEECH = {
    "长": {"a": "cháng", "v": "zhǎng"}, "还": {"d": "hái", "v": "huán"}, "得": {"ud": "de", "v": "dé"},
    "地": {"uv": "de", "n": "dì"}, "数": {"v": "shǔ", "n": "shù", "m": "shù"}, "种": {"v": "zhòng", "q": "zhǒng", "n": "zhǒng"},
    "教": {"v": "jiāo"}, "觉": {"n": "jiào"}, "为": {"p": "wèi", "v": "wéi"}, "盛": {"v": "chéng", "a": "shèng"},
    "场": {"q": "chǎng"}, "干": {"v": "gàn", "a": "gān"}, "少": {"a": "shǎo", "d": "shǎo"},
    "着": {"uz": "zhe"}, "了": {"ul": "le"}, "发": {"v": "fā"}, "重": {"a": "zhòng"}, "当": {"p": "dāng"},
}
CITATION = {"一": "yī", "不": "bù"}  # in their own tones wherever pypinyin applies sandhi (一样 yíyàng → yīyàng)
SURNAMES = {"曾": "zēng", "单": "shàn", "解": "xiè", "仇": "qiú", "朴": "piáo", "查": "zhā", "区": "ōu", "乐": "yuè",
            "华": "huà", "任": "rén", "覃": "qín", "缪": "miào", "翟": "zhái", "纪": "jǐ", "宁": "nìng", "盖": "gě",
            "燕": "yān", "尉迟": "yù chí", "长孙": "zhǎng sūn", "万俟": "mò qí", "澹台": "tán tái", "秘": "bì", "种": "chóng",
            "员": "yùn", "召": "shào", "繁": "pó", "句": "gōu", "折": "shé", "祭": "zhài", "过": "guō", "能": "nài"}
COMPOUND_SURNAMES = {"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "慕容", "司徒", "西门", "尉迟", "长孙", "夏侯",
                     "万俟", "澹台", "公孙", "宇文", "轩辕", "端木", "独孤", "南宫", "闻人", "呼延", "百里"}
# some three hundred common surnames: a word jieba guessed that starts with one (and has no
# function word after it) is taken for a person's name and stays whole
COMMON_SURNAMES = set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜"
                      "崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊"
                      "葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆"
                      "蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿"
                      "桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝")
CONTEXT_CHARS = 16  # characters of context each side (a sentence-long look would make reading quadratic)
NOT_IN_NAMES = set("的了是在和与及或也都就还又才很不没有说对把被让给从向到为这那个们着过吗呢吧啊地得之而等要会能")
# A syllable pypinyin could read (𠮷 has none), the interjections' too: 嗯 ń ňg ǹ, 呣 ḿ m̀,
# 哼 hng, 噷 hm, 欸 ê̄ (a combining mark after m or ê).
PINYIN = re.compile("(?:[a-zA-ZāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüĀÁǍÀĒÉĚÈŌÓǑÒńňǹḿêếềÊ][\u0300-\u030c]?)+")


@lru_cache(maxsize=1)
def _libraries():
    try:
        import jieba
        import jieba.posseg
        import pypinyin
        import pypinyin.constants
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
    tokenizer.check_initialized()
    segmenter = posseg.POSTokenizer(tokenizer)
    list(segmenter.cut("初"))  # loads the tags, the glossary's with them
    return segmenter


def cut_words(text: str, segmenter) -> list[tuple[str, str]]:
    """(word, part of speech) covering the text. jieba's plain cut finds the words (its
    tagger's own cut spends seconds on the unknown stretches of a real article); a word's tag is
    its dictionary's. A word jieba guessed rather than found (not in its dictionary) is kept
    only if it reads as a person's name (李明华, tagged nr); else it is cut again by the
    dictionary (他中了: 他 / 中 / 了)."""
    known, tags = segmenter.tokenizer.FREQ, segmenter.word_tag_tab
    out: list[tuple[str, str]] = []
    for word in segmenter.tokenizer.cut(text, HMM=True):
        if len(word) == 1 or not HAN.search(word) or known.get(word):
            out.append((word, tags.get(word, "x")))
            continue
        if _person(word):
            out.append((word, "nr"))
        else:
            out += [(p.word, p.flag) for p in segmenter.cut(word, HMM=False)]
    return out


def _person(word: str) -> bool:
    """A word jieba guessed that reads as a person's name: two or three characters, a common
    surname first (or a compound one), no function word or common verb after it (王说 is
    王 / 说)."""
    cut = 2 if word[:2] in COMPOUND_SURNAMES else 1
    return (2 <= len(word) <= cut + 2 and (cut == 2 or word[0] in COMMON_SURNAMES)
            and not any(c in NOT_IN_NAMES for c in word[cut:]))


def read_words(document: Document, *, style: str = "marks") -> Document:
    """Every sentence with ``words``: (text, reading) pairs covering its Chinese exactly.
    The glossary terms found in the document stay whole words, with their own reading when
    their entry gives one."""
    if style not in STYLES:
        raise UsageError(f"--pinyin {style!r}: use {', '.join(STYLES)}")
    hits = [h for p in document.paragraphs for h in p.terms]
    own = {h.text: h.pinyin for h in hits if h.pinyin}
    segmenter = _segmenter(tuple(sorted({(h.text, "nr" if h.kind == "name" else "nz") for h in hits if HAN.search(h.text)})))
    texts = [s.zh for p in document.paragraphs for s in p.sentences]
    words = iter(lines_words(texts, segmenter, style, own))
    paragraphs = [replace(p, sentences=tuple(replace(s, words=tuple(next(words))) for s in p.sentences)) for p in document.paragraphs]
    return document.with_paragraphs(paragraphs)


def lines_words(texts: list[str], segmenter, style: str = "marks", own: dict[str, str] | None = None) -> list[list]:
    """``sentence_words`` for many sentences, the polyphone model run over all of them in one
    batch (an article's reading stays within twice a plain jieba + pypinyin pass)."""
    from pipeline.learn import polyphones

    guessed = polyphones.guesses_many([_simplified(t) for t in texts])
    return [list(sentence_words(t, segmenter, style, own, guessed=g)) for t, g in zip(texts, guessed)]


def sentence_words(text: str, segmenter, style: str = "marks", own: dict[str, str] | None = None, *, guessed: dict | None = None):
    """(word, reading) for each word of the text, each read in the context of the sentence."""
    for original, word, tag, syllables in read_sentence(text, segmenter, own, guessed=guessed):
        if syllables is None:
            yield original, ""
        elif isinstance(syllables, str):  # the glossary's own reading, as its entry writes it
            yield original, syllables
        else:
            proper_head = _proper_head(word, segmenter.word_tag_tab)
            yield original, _written(word, tag, [s for s in syllables if PINYIN.fullmatch(s)], style, proper_head)


def read_sentence(text: str, segmenter, own: dict[str, str] | None = None, *, guessed: dict | None = None, decide=None):
    """(original, word, tag, syllables) for each word of the text: ``syllables`` one
    tone-marked syllable per character (a character no dictionary reads keeps itself), the
    glossary entry's reading as a string, or None for a word without Chinese.

    A polyphonic character is read twice — by the dictionaries and rules, and by the trained
    model (``polyphones``; ``guessed``: its guesses for this text, batched by the caller) —
    and ``decide`` (``polyphones.choose_reading``, or a recorder when the weighing is fitted) picks."""
    from pipeline.learn import polyphones

    own = own or {}
    start, previous = 0, ("", "")
    read = _simplified(text)  # traditional text (--script keep) is read as its simplified twin
    guessed = polyphones.guesses(read) if guessed is None else guessed
    decide = decide or polyphones.choose_reading
    for word, tag in cut_words(read, segmenter):
        end = start + len(word)  # the rules look a few words away at most; a cut-off window
        before = "\x00" + read[start - CONTEXT_CHARS:start] if start > CONTEXT_CHARS else read[:start]  # starts with no clause
        after, original, start = read[end:end + CONTEXT_CHARS], text[start:end], end
        if not HAN.search(word):
            yield original, word, tag, None
        elif original in own or word in own:
            yield original, word, tag, own.get(original, own.get(word, ""))
        else:
            syllables = _syllables(word, tag, before, after, segmenter.word_tag_tab)
            if len(word) == 1 and (word, "v") == previous and tag == "v":
                syllables = [_neutral(syllables[0])]  # 走 走, cut apart: still a verb doubled
            elif word == "上" and previous[1][:1] in ("n", "s", "r") and not re.match("[了过着]", after):
                syllables = ["shang"]  # after a noun, "on": light, as the Xiandai Hanyu Cidian writes it (桌子上 zhuōzi shang)
            yield original, word, tag, _weighed(word, tag, syllables, start - len(word), before, after, guessed, decide,
                                                segmenter.tokenizer.FREQ)
        previous = (word, tag)


def _weighed(word: str, tag: str, syllables: list[str], at: int, before: str, after: str, guessed: dict, decide,
             frequency: dict[str, int]) -> list[str]:
    """The word's syllables with each polyphonic character's reading weighed against the
    model's guess (``decide``); a character the model does not know keeps the dictionaries'."""
    if not any(at + i in guessed for i in range(len(word))) or len(syllables) != len(word):
        return syllables
    out = list(syllables)
    for i, char in enumerate(word):
        guess = guessed.get(at + i)
        if guess is None or not PINYIN.fullmatch(out[i]) or guess.reading not in _readings(char):
            continue  # the model chooses among the dictionaries' readings only
        how = _how(word, tag, i)
        rule = how == "citation" or by_context(char, before + word[:i], word[i + 1:] + after) is not None
        ours = to_numbers(out[i])
        chosen = decide(at + i, char, ours, how, rule, guess, frequency.get(char, 0))
        if chosen != ours:
            out[i] = to_marks(chosen)
    return out


def _how(word: str, tag: str, index: int) -> str:
    """How the dictionaries read the character at ``index`` (``polyphones.SOURCES``): in a
    word of pypinyin's phrases or of CC-CEDICT's — for a word of jieba's own, in the
    dictionary word of it that holds the character, as ``_syllables`` reads it — or alone, by
    its part of speech, in its citation tone (一, 不), or by pypinyin's default."""
    _, _, pypinyin = _libraries()
    phrases = pypinyin.constants.PHRASES_DICT
    if len(word) > 1 and not (word in phrases or dictionary.entries(word)):
        at = 0
        for piece in _pieces(word, phrases):
            if at <= index < at + len(piece):
                word, index = piece, index - at
                break
            at += len(piece)
        if len(word) == 1:
            return "segment"
    if len(word) > 1:
        return "word" if word in phrases else "dictionary" if dictionary.entries(word) else "segment"
    if word in CITATION:
        return "citation"
    return "tagged" if BY_PART_OF_SPEECH.get(word, {}).get(tag) else "alone"


@lru_cache(maxsize=8192)
def _readings(char: str) -> frozenset[str]:
    """Every reading the dictionaries know for the character, numbered (lv4, le5): pypinyin's
    and CC-CEDICT's entries of the character alone."""
    _, _, pypinyin = _libraries()
    known = {to_numbers(r) for r in pypinyin.pinyin(char, style=pypinyin.Style.TONE, heteronym=True)[0]}
    return frozenset(known | {e.syllables[0].lower() for e in dictionary.entries(char) if len(e.syllables) == 1})


@lru_cache(maxsize=1024)
def _simplified(text: str) -> str:
    from pipeline.normalize.script import simplified

    return simplified(text)


def _syllables(word: str, tag: str, before: str, after: str, tags: dict[str, str] | None = None) -> list[str]:
    """One tone-marked syllable per character (a character pypinyin cannot read keeps itself).
    ``tags``: jieba's dictionary tags, for the pieces of a word read one by one."""
    tags = tags or {}
    _, _, pypinyin = _libraries()
    base = [s[0] for s in pypinyin.pinyin(word, style=pypinyin.Style.TONE, errors=lambda chars: list(chars))]
    if len(base) != len(word):
        return base
    if len(word) == 1:
        chosen = by_context(word, before, after) or BY_PART_OF_SPEECH.get(word, {}).get(tag)
        return [chosen or CITATION.get(word, base[0])]
    sense = by_sense(word, before, after)
    if sense:
        return sense.split()
    cited = [CITATION.get(c, s) if _toned(s) else s for c, s in zip(word, base)]
    tentative = len(word) == 3 and word[2] == "看"  # AA看, "try doing": A is a verb whatever its tag
    if word[0] == word[1] and (tentative or len(word) == 2 and tags.get(word[0], tag)[:1] == "v") and not dictionary.entries(word):
        head = by_context(word[0], before, word[1:] + after) or cited[0]  # a verb doubled: its second syllable
        return [head, _neutral(head)] + cited[2:]  # light (想想 xiǎngxiang, 试试 shìshi, 数数看 shǔshukàn)
    if not _counted(word):
        known = word in pypinyin.constants.PHRASES_DICT
        found = _from_dictionary(word, cited, before, after, neutral_only=known, proper=tag in PROPER)
        if found or known:
            found = found or cited
            if word[-1] == "上" and tags.get(word[:-1], "")[:1] in ("n", "s") and not any(not e.proper for e in dictionary.entries(word)):
                found = found[:-1] + ["shang"]  # 山上, as 桌子 上: a noun's "on" is light
            particle = len(word) == 2 and word[1] in "着了过" and by_context(word[1], before + word[0], after)
            return found[:1] + [particle] if particle else found  # 没想着办法: the sentence reads the particle
        pieces = _pieces(word, pypinyin.constants.PHRASES_DICT)
        if len(pieces) > 1:  # a word of jieba's only (很漂亮): its dictionary words, in turn
            out: list[str] = []
            for piece in pieces:
                out += _syllables(piece, tags.get(piece, ""), before + word[:len(out)], word[len(out) + len(piece):] + after, tags)
            if pieces[-1] == "上" and (len(pieces[-2]) > 1 or tags.get(pieces[-2], "")[:1] in ("n", "s")):
                out[-1] = "shang"  # 操场上: a noun and its "on", light
            return out
    # neither dictionary has the word (or it is a count, 一场 / 这只, which its noun decides):
    # its characters are read in the sentence, each as if it stood alone
    return [by_context(c, before + word[:i], word[i + 1:] + after) or s for i, (c, s) in enumerate(zip(word, cited))]


def _counted(word: str) -> bool:
    """A numeral or demonstrative with its measure word (一场, 这只, 三行): the phrase
    dictionary's one reading of the pair cannot know the noun that follows."""
    return len(word) <= 3 and re.fullmatch(f"{NUMERAL}+.", word) is not None and word[-1] in HETERONYM_RULES


def _pieces(word: str, phrases) -> list[str]:
    """The word cut into the longest words either dictionary has, left to right."""
    pieces, start = [], 0
    while start < len(word):
        end = next((e for e in range(len(word), start + 1, -1)
                    if word[start:e] != word and (word[start:e] in phrases or dictionary.entries(word[start:e]))), start + 1)
        pieces.append(word[start:end])
        start = end
    return pieces


def _misread(word: str, numbered: list[str], entries: list[list[str]]) -> bool:
    """pypinyin's phrase and every CC-CEDICT entry disagree on a syllable neither reads neutral
    (质朴 zhìpiáo / zhìpǔ, 照片 zhàopiān / zhàopiàn, 数以万计 shǔ / shù, 温差 wēnchà / wēnchā):
    CC-CEDICT is taken — on the commonest such words it is right about nine times in ten. Not
    where pypinyin reads a proper noun's entry (明朝 Míngcháo), a word ending in a particle (到了
    dàole, not CC-CEDICT's dàoliǎo "finally"), or the two differ only in ü and u (绿林 lùlín)."""
    if word[-1] in "了的着过地得" or any(e.proper and e.syllables == numbered for e in dictionary.entries(word)):
        return False
    return all(any(_differs(a, b) for a, b in zip(numbered, e)) for e in entries)


def _differs(ours: str, theirs: str) -> bool:
    """Two numbered syllables that disagree, neither of them neutral nor only in ü and u."""
    return ours != theirs and not ours.endswith("5") and not theirs.endswith("5") and ours.replace("v", "u") != theirs.replace("v", "u")


def _neutral(syllable: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", syllable) if c not in "\u0304\u0301\u030c\u0300"))


def _toned(syllable: str) -> bool:
    return any(c in "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ" for c in syllable)


def _from_dictionary(word: str, syllables: list[str], before: str, after: str, *, neutral_only: bool,
                     proper: bool = False) -> list[str] | None:
    """CC-CEDICT's reading of the word. Where it has several (背着 bēizhe "carrying" / bèizhe
    "turning one's back"; 土地 tǔdì "land" / tǔdi "local god"), the sentence picks among them
    as it would for the character alone (背着书包 bēi); where it still has several, the one
    that agrees with pypinyin wins. With ``neutral_only`` (pypinyin's phrases have the word) only
    its neutral tones are taken (漂亮 piàoliang, 结实 jiēshi, 困难 kùnnan), and only for a
    syllable the entry reads with pypinyin's letters."""
    entries = ([e.syllables for e in dictionary.entries(word) if not e.proper and len(e.syllables) == len(word)]
               or [e.syllables for e in dictionary.entries(word) if proper and len(e.syllables) == len(word)])  # 孔子 Kǒngzǐ
    numbered = [to_numbers(s) for s in syllables]
    for index, char in enumerate(word):
        decided = by_context(char, before + word[:index], word[index + 1:] + after)
        if not decided or not entries:
            continue
        narrowed = [e for e in entries if e[index] == to_numbers(decided)]
        if narrowed:
            entries = narrowed
        elif numbered[index] == to_numbers(decided) and all(_differs(numbered[index], e[index]) for e in entries):
            return syllables  # the sentence sides with pypinyin (落下了一本书 làxià; CC-CEDICT has only luòxià)
    if not entries:
        return None
    if numbered in entries:
        return syllables
    if not neutral_only or _misread(word, numbered, entries):
        return [to_marks(s) for s in entries[0]]
    closest = max(entries, key=lambda e: sum(a[:-1] == b[:-1] and (a == b or a.endswith("5")) for a, b in zip(e, numbered)))
    return [to_marks(theirs) if theirs.endswith("5") and (theirs[:-1] == ours[:-1] or (char == "儿" and theirs == "r5")) else mine
            for char, theirs, ours, mine in zip(word, closest, numbered, syllables)]


def _proper(word: str, tag: str) -> bool:
    """jieba tags it as a name and CC-CEDICT does not list it as a common word (jieba tags 明白
    and 玉米 as persons; CC-CEDICT reads them míngbai, yùmǐ)."""
    return tag in PROPER and not any(not e.proper for e in dictionary.entries(word))


def _proper_head(word: str, tags: dict[str, str]) -> bool:
    """A word of jieba's only that starts with a place or a name (湖南人, 上海人): Hanyu Pinyin
    capitalises it (Húnánrén) as it does the name alone."""
    if len(word) < 3 or dictionary.entries(word):
        return False
    head = next((word[:e] for e in range(len(word) - 1, 1, -1) if dictionary.entries(word[:e])), "")
    return bool(head) and tags.get(head, "") in PROPER and _proper(head, tags.get(head, ""))


def _written(word: str, tag: str, syllables: list[str], style: str, proper_head: bool = False) -> str:
    """The word as Hanyu Pinyin writes it. A proper noun is capitalised and, as its CC-CEDICT
    entry parts it, the name apart from its generic part (北京市 Běijīng Shì, 长江 Cháng Jiāng);
    a person's surname apart from the given name, in its surname reading (曾国藩 Zēng Guófān)."""
    if not _proper(word, tag):
        return join_syllables(syllables, style, proper_head)
    cut = 2 if word[:2] in COMPOUND_SURNAMES else 1
    parted = next((e.pinyin.split() for e in dictionary.entries(word) if e.proper and len(e.syllables) == len(word)), None)
    if not parted and tag in PERSON and 2 <= len(word) <= 4 and (cut == 2 or word[0] in COMMON_SURNAMES):
        surname = SURNAMES.get(word[:cut])
        return " ".join(join_syllables(part, style, True) for part in ((surname.split() if surname else syllables[:cut]), syllables[cut:]))
    if not parted or style == "zhuyin":
        return join_syllables(syllables, style, True)
    starts = [i for i, s in enumerate(parted) if s[:1].isupper()] + [len(word)]
    return " ".join(join_syllables(syllables[a:b], style, True) for a, b in zip(starts, starts[1:]) if a < b)


def reading(word: str, style: str = "marks", *, proper: bool = False) -> str:
    """The word's reading out of context, syllables together (zhuyin: separated by spaces).

    >>> reading("银行"), reading("重庆", proper=True), reading("长大", "numbers"), reading("了解", "zhuyin")
    ('yínháng', 'Chóngqìng', 'zhang3da4', 'ㄌㄧㄠˇ ㄐㄧㄝˇ')
    """
    return join_syllables(_syllables(word, "", "", ""), style, proper)
