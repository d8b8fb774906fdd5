"""The glossary entries a translator would make for an article, found by evidence.

A candidate earns points from each kind of evidence it has (the weights below; a row is
suggested at ``THRESHOLD``), so one strong sign or two weak ones make a suggestion:

- written in Latin script (``Sora``, ``Mistral AI``, ``GPT-4``, ``A100``): kept as written;
- a speaker's label (``南都：``, ``王坚：``) or the subject of ``表示/称/认为/说…``;
- jieba's part of speech: a person (``nr``, two to four characters, a common surname first),
  an organisation (``nt``), a place (``ns``), another proper noun (``nz``);
- a proper noun in CC-CEDICT (capitalised reading), whose English gloss becomes the target;
- an organisation's shape: a name before 报/社/部/局/公司/集团/大学… or before 创始人/董事长/CEO…;
- quotation marks around a short phrase (``“百模大战”``), recurrence across the article for
  a word jieba's dictionary does not know or rarely sees (``算力``, 12×);
- a short form of a longer candidate in the same text (南都 of 南方都市报), given its target.

Words common in general Chinese (jieba's dictionary frequency above ``COMMON_FREQUENCY``: 中国, 美国,
北京) are left to the engine, which renders them well. Targets where they can be known:
Latin kept as written, people in Hanyu Pinyin surname first (王坚 → Wang Jian, surnames in
their surname readings), CC-CEDICT's English for dictionary proper nouns; else empty — a
suggestion for the translator to fill in, which ``glossary check`` warns of and ``run`` skips.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.chinese import HAN, HAN_RANGES, han_count
from pipeline.document import Document
from pipeline.glossary.model import Glossary, GlossaryEntry

WEIGHTS = {
    "latin": 3.0, "speaker": 3.0, "person": 2.5, "says": 1.5, "dictionary": 2.0, "org shape": 2.0, "role": 1.5,
    "organisation": 2.0, "place": 1.0, "proper noun": 1.0, "quoted": 2.0, "recurring": 1.5, "short form": 2.0,
}
THRESHOLD = 2.0
COMMON_FREQUENCY = 5000  # jieba's dictionary frequency above which a word is everyday Chinese (欧洲 9 256, 中国 129 470)
LATIN_NAME = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9]*(?:[-+.&][A-Za-z0-9]+)*(?: (?:[A-Z][A-Za-z0-9]*)(?:[-+.][A-Za-z0-9]+)*)*")
SAYS = re.compile(rf"([{HAN_RANGES}]{{2,4}})(?:表示|称|认为|说|指出|强调|透露|坦言|直言|介绍|回应|告诉)")
ORG_SUFFIX = ("日报", "晚报", "都市报", "报", "社", "部", "局", "委员会", "公司", "集团", "大学", "学院", "银行", "协会",
              "研究院", "研究所", "实验室", "基金会", "电视台", "法院", "政府", "办公室", "机场", "航空", "中心", "医院", "网",
              "之声", "电视")
ROLE = re.compile(rf"([{HAN_RANGES}A-Za-z]{{2,8}}?)(?:创始人|董事长|首席执行官|CEO|总裁|总经理|发言人|旗下|联合创始人)")
QUOTED = re.compile(rf"[“「『\"《]([{HAN_RANGES}]{{2,12}})[”」』\"》]")  # a quoted term, or a title in 《》
TRANSLITERATION = set("阿埃艾奥巴贝本比波伯布达德迪蒂杜多厄恩法菲费弗福盖戈格古哈汉赫亨胡霍基吉加杰卡凯坎科克肯库奎拉莱兰朗劳勒雷里理利莉琳卢鲁伦罗洛马玛迈麦曼梅门米密姆穆纳内尼诺帕佩皮普奇乔切萨塞桑瑟森沙尚什史斯松苏索塔泰坦特汀托瓦威韦维温沃乌西希夏谢辛休伊尤约扎泽詹兹")
HONORIFICS = {"先生": "Mr", "女士": "Ms", "小姐": "Miss", "教授": "Professor", "博士": "Dr", "医生": "Dr"}
PROPER_TAGS = {"nr": "person", "nrfg": "person", "nrt": "person", "nt": "organisation", "ns": "place", "nz": "proper noun"}


@dataclass
class Candidate:
    source: str
    evidence: set[str] = field(default_factory=set)
    count: int = 0
    articles: Counter = field(default_factory=Counter)
    context: str = ""
    kind: str = "term"
    target: str = ""
    note: str = ""

    @property
    def score(self) -> float:
        return sum(WEIGHTS[e] for e in self.evidence) + 0.5 * math.log2(max(1, self.count))


@dataclass(frozen=True)
class Suggestion:
    entry: GlossaryEntry
    score: float
    count: int
    articles: tuple[tuple[str, int], ...]


def suggest(documents: Sequence[Document], glossary: Glossary | None = None) -> list[Suggestion]:
    """Suggested entries for these (prepared) documents, surest first; what the glossary
    holds (a source or an alias) left out."""
    from pipeline.learn.reading import _libraries

    _, posseg, _ = _libraries()  # jieba, its log silenced
    texts = {d.source_file: "\n".join(p.source_text for p in d.paragraphs) for d in documents}
    whole = "\n".join(texts.values())
    found: dict[str, Candidate] = {}

    def note(word: str, sign: str) -> None:
        word = word.strip()
        if len(word) >= 2 and (HAN.search(word) or sign == "latin"):
            found.setdefault(word, Candidate(word)).evidence.add(sign)

    for match in LATIN_NAME.finditer(whole):
        if re.search(r"[A-Z0-9]", match.group()) and 2 <= len(match.group()) <= 30 and not _an_identifier(match.group()):
            note(match.group(), "latin")
    for document in documents:
        for paragraph in document.paragraphs:
            if paragraph.speaker is not None:
                note(paragraph.speaker.zh, "speaker")
    words = [(w.word, w.flag) for w in posseg.cut(whole)]
    for word, flag in words:
        sign = PROPER_TAGS.get(flag)
        if sign == "person" and not (_person(word) and _could_be_a_name(word)):
            continue
        if sign and han_count(word) == len(word) and _rare(word, COMMON_FREQUENCY):
            note(word, sign)
    for match in SAYS.finditer(whole):
        name = _tail_word(match.group(1), words)
        if name and _person(name) and _could_be_a_name(name):
            note(name, "says")
    _organisations(words, note)
    for match in ROLE.finditer(whole):
        note(_tail_word(match.group(1), words) or match.group(1), "role")
    for match in QUOTED.finditer(whole):
        if _rare(match.group(1), 50):  # “市场化”, “综合”: everyday words in quotes are emphasis, not terms
            note(match.group(1), "quoted")
    _recurring(words, note)
    _dictionary(words, note)
    _short_forms(found, whole)
    return _ranked(found, texts, glossary)


def _an_identifier(text: str) -> bool:
    """A URL's slug or a generated id, not a name: lower-case words joined by hyphens
    (us-and-philippines-enhance…), or letters and digits mixed over a dozen characters."""
    return text.count("-") >= 3 and text == text.lower() or len(text) > 12 and len(re.findall(r"\d", text)) >= 3 and " " not in text


def _foreign(word: str) -> bool:
    """A transliterated foreign name (安德鲁 Andrew, 马尼拉 Manila): its characters are the
    ones transliteration uses; Hanyu Pinyin of them would be wrong, so no target is guessed."""
    return len(word) >= 3 and sum(c in TRANSLITERATION for c in word[1:]) == len(word) - 1


def _rare(word: str, most: int) -> bool:
    """Seen at most ``most`` times in jieba's dictionary's counts (a word it does not know: 0)."""
    import jieba

    return (jieba.dt.FREQ.get(word) or 0) <= most


def _could_be_a_name(word: str) -> bool:
    """Not an everyday word jieba took for a name: 白皮书 is a word (CC-CEDICT has it, not as a
    proper noun), 段时间 is 段 + 时间 (an everyday given "name")."""
    from pipeline.learn import dictionary

    from pipeline.learn.reading import COMPOUND_SURNAMES

    known = dictionary.entries(word)
    cut = 2 if word[:2] in COMPOUND_SURNAMES else 1
    given = word[cut:]
    for title in HONORIFICS:  # 陈先生: a surname and a title is a name
        given = given.removesuffix(title)
    return (not (known and not any(e.proper for e in known)) and (len(given) < 2 or _rare(given, COMMON_FREQUENCY))
            and (cut == 2 or len(word) == 2 or _rare(word[:2], COMMON_FREQUENCY))
            and not any(c in "您你我他她它们" for c in given))


def _person(word: str) -> bool:
    from pipeline.learn.reading import _person as reads_as_person

    return reads_as_person(word)


def _tail_word(text: str, words: list[tuple[str, str]]) -> str:
    """The last word of ``text`` as jieba cut the article (表示 follows a name, not 在表示)."""
    from jieba import lcut

    pieces = lcut(text)
    return pieces[-1] if pieces and len(pieces[-1]) >= 2 else ""


ORG_RUN = {"ns", "nz", "nt", "nrt", "j", "f", "n", "eng"}
PROPER_FLAGS = {"ns", "nz", "nt", "nrt", "j", "f", "eng"}


def _organisations(words: list[tuple[str, str]], note) -> None:
    """A name before an organisation's word: 南方 都市报, 美国 商务部 (a run of nouns with a
    proper one among them, ending in 报/部/公司… or a rare word ending so: not 行业 格局)."""
    for i, (word, flag) in enumerate(words):
        if not (word in ORG_SUFFIX or (word.endswith(ORG_SUFFIX) and _rare(word, 1000))) or not flag.startswith(("n", "j")):
            continue
        start = i
        while start > 0 and words[start - 1][1] in ORG_RUN and sum(len(w) for w, _ in words[start - 1:i + 1]) <= 12:
            start -= 1
        name = "".join(w for w, _ in words[start:i + 1])
        if start < i and han_count(name) == len(name) and any(f in PROPER_FLAGS for _, f in words[start:i]):
            note(name, "org shape")


def _recurring(words: list[tuple[str, str]], note) -> None:
    """Words the article repeats (3× or more) that general Chinese rarely uses."""
    import jieba

    counts = Counter(w for w, flag in words if len(w) >= 2 and han_count(w) == len(w) and flag.startswith(("n", "v", "j")))
    for word, count in counts.items():
        if count >= 3 and (jieba.dt.FREQ.get(word) or 0) < 20:
            note(word, "recurring")


def _dictionary(words: list[tuple[str, str]], note) -> None:
    """CC-CEDICT proper nouns among the article's words, or two or three of them together
    (英 伟达 is 英伟达), that general Chinese rarely uses (not 中国, 互联网)."""
    from pipeline.learn import dictionary

    if not dictionary.available():
        return
    seen: set[str] = set()
    for i in range(len(words)):
        if i and words[i - 1][1] == "m" and words[i][0].startswith("日"):  # a dateline's 5日电 (a dispatch of the 5th), not 日电 (NEC)
            continue
        for n in (3, 2, 1):
            word = "".join(w for w, _ in words[i:i + n])
            if 2 <= len(word) <= 6 and word not in seen and han_count(word) == len(word):
                seen.add(word)
                if _rare(word, 300) and any(e.proper for e in dictionary.entries(word)):
                    note(word, "dictionary")
                    break


def _short_forms(found: dict[str, Candidate], text: str) -> None:
    """南都 of 南方都市报: a two-character candidate (or word of the text said as a speaker)
    whose characters start the longer one's parts, in order."""
    longer = [c for c in found.values() if len(c.source) >= 4 and HAN.match(c.source)]
    for short in list(found.values()):
        if not 2 <= len(short.source) <= 3 or not HAN.match(short.source):
            continue
        for full in longer:
            if len(full.source) > len(short.source) and full.source[0] == short.source[0] and short.source not in full.source \
                    and _in_order(short.source[1:], full.source[1:]):
                short.evidence.add("short form")
                short.note = f"short form of {full.source}"
                break


def _in_order(chars: str, text: str) -> bool:
    """Every character of ``chars`` in ``text``, in that order (信通院 in 信息通信研究院)."""
    at = 0
    for c in chars:
        at = text.find(c, at) + 1
        if not at:
            return False
    return True


def _ranked(found: dict[str, Candidate], texts: dict[str, str], glossary: Glossary | None) -> list[Suggestion]:
    import jieba

    held = {s for e in (glossary.entries if glossary else ()) for s in e.spellings} | set(glossary.waiting if glossary else ())
    wanted = [c for c in found.values() if c.source not in held
              and ("latin" in c.evidence or (jieba.dt.FREQ.get(c.source) or 0) <= COMMON_FREQUENCY)]
    counts = _occurrences([c.source for c in wanted], texts)
    lines = [line for text in texts.values() for line in text.splitlines()]
    out = []
    for candidate in wanted:
        source = candidate.source
        candidate.articles = counts.get(source, Counter())
        candidate.count = sum(candidate.articles.values())
        if not candidate.count or candidate.score < THRESHOLD:
            continue
        kind, target, how = _rendering(candidate)
        line = next(line for line in lines if source in line)
        at = line.index(source)
        context = line[max(0, at - 12): at + len(source) + 12]
        why = ", ".join(sorted(candidate.evidence))
        where = ", ".join(f"{name} {n}×" for name, n in sorted(candidate.articles.items())) if len(texts) > 1 else ""
        note = "; ".join(filter(None, [candidate.note, how, f"{candidate.count}× ({why})", where, f"…{context}…"]))
        out.append(Suggestion(GlossaryEntry(source, target, (), kind, True, note), candidate.score, candidate.count,
                              tuple(sorted(candidate.articles.items()))))
    out.sort(key=lambda s: (-s.score, -s.count, s.entry.source))
    return _without_parts(out)


def _occurrences(sources: list[str], texts: dict[str, str]) -> dict[str, Counter]:
    """How often each source occurs in each text, in one pass over each (Aho–Corasick; a
    book has thousands of candidates). A Latin source counts only as a whole word."""
    import ahocorasick_rs

    counts: dict[str, Counter] = {}
    if not sources:
        return counts
    automaton = ahocorasick_rs.AhoCorasick(sources)
    for name, text in texts.items():
        for index, start, end in automaton.find_matches_as_indexes(text, overlapping=True):
            if text[start - 1:start].isascii() and text[start - 1:start].isalnum() or text[end:end + 1].isascii() and text[end:end + 1].isalnum():
                if sources[index][:1].isascii() or sources[index][-1:].isascii():
                    continue  # GPT-4 inside GPT-40, AI inside OpenAI
            counts.setdefault(sources[index], Counter())[name] += 1
    return counts


def _without_parts(suggestions: list[Suggestion]) -> list[Suggestion]:
    """A candidate that only ever occurs inside a longer suggestion is that one's part (阿里 in
    阿里云, Mistral in Mistral AI) and is left out; an abbreviation is kept."""
    kept = []
    for s in suggestions:
        longer = [o for o in suggestions if o.entry.source != s.entry.source and s.entry.source in o.entry.source]
        if longer and sum(o.count for o in longer) >= s.count and "short form" not in s.entry.note:
            continue
        kept.append(s)
    return kept


def _rendering(candidate: Candidate) -> tuple[str, str, str]:
    """The entry's kind, its target where it can be known, and where the target came from."""
    source, evidence = candidate.source, candidate.evidence
    if "latin" in evidence:
        return "keep", source, ""
    if evidence & {"person", "says"} and _foreign(source):
        return "name", "", "a foreign name: target yours to give"
    if evidence & {"person", "says"} or ("speaker" in evidence and _person(source)):
        title = next((t for t in HONORIFICS if source.endswith(t) and len(source) > len(t)), None)
        if title:  # 陈先生 Mr Chen, 李女士 Ms Li
            return "name", f"{HONORIFICS[title]} {name_pinyin(source[:-len(title)])}", "target: Hanyu Pinyin"
        return "name", name_pinyin(source), "target: Hanyu Pinyin"
    gloss = _gloss(source)
    kind = "org" if evidence & {"organisation", "org shape", "role", "speaker"} else ("name" if "place" in evidence else "term")
    if gloss:
        return kind, gloss, "target: CC-CEDICT"
    return kind, "", "target: yours to give"


def _gloss(word: str) -> str:
    """CC-CEDICT's English for a proper noun, when it reads as a name (Google, Amazon)."""
    from pipeline.learn import dictionary

    for entry in dictionary.entries(word):
        if entry.proper and entry.definitions:
            head = re.split(r"[,;(]", entry.definitions[0])[0].strip()
            if head[:1].isupper() and len(head.split()) <= 4 and not head.lower().startswith(("surname", "abbr")):
                return head
    return ""


def name_pinyin(name: str) -> str:
    """A Chinese person's name in Hanyu Pinyin as English writes it: surname first, the given
    name as one word, capitalised, no tones, a syllable starting with a, o or e set off
    (王坚 Wang Jian, 欧阳修 Ouyang Xiu, 曾国藩 Zeng Guofan, 张恩爱 Zhang En'ai).

    >>> name_pinyin("王坚"), name_pinyin("欧阳修"), name_pinyin("曾国藩"), name_pinyin("单田芳")
    ('Wang Jian', 'Ouyang Xiu', 'Zeng Guofan', 'Shan Tianfang')
    """
    from pypinyin import Style, lazy_pinyin

    from pipeline.learn.reading import COMPOUND_SURNAMES, SURNAMES

    cut = 2 if name[:2] in COMPOUND_SURNAMES else 1
    whole = lazy_pinyin(name, style=Style.NORMAL, v_to_u=True)  # pypinyin knows famous names whole (汪曾祺 Zēngqí)
    surname = [_toneless(s) for s in SURNAMES[name[:cut]].split()] if name[:cut] in SURNAMES else whole[:cut]
    given = [("zeng" if c == "曾" else s) for c, s in zip(name[cut:], whole[cut:])]  # 曾 in a given name: zēng (汪曾祺), not céng

    def word(syllables: list[str]) -> str:
        text = "".join(("'" if i and s[:1] in "aoe" else "") + s for i, s in enumerate(syllables))
        return text[:1].upper() + text[1:]

    return " ".join(filter(None, (word(surname), word(given))))


def _toneless(syllable: str) -> str:
    """zēng → zeng, lǚ → lü: tone marks off, the diaeresis kept."""
    kept = "".join(c for c in unicodedata.normalize("NFD", syllable) if not unicodedata.combining(c) or c == "\u0308")
    return unicodedata.normalize("NFC", kept)


def suggestion_csv(suggestions: Sequence[Suggestion]) -> str:
    """The rows as a glossary CSV (its header first): what `glossary check` reads."""
    from pipeline.glossary.formats import csv_line, new_glossary_text

    return new_glossary_text() + "".join(csv_line(s.entry) for s in suggestions)


def suggestions_from_run(path: Path) -> list[Suggestion]:
    """``glossary suggest --from-run OUT.json``: a row per term the run rendered several ways
    (its JSON's ``consistency``), the majority's rendering as the target."""
    import json

    from pipeline.errors import InputError

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        terms = data.get("consistency", []) if isinstance(data, dict) else None
        if not isinstance(terms, list):
            raise ValueError("no consistency list")
    except (OSError, ValueError) as err:
        raise InputError(f"is not the JSON of a run ({err})", path=path, hint="give the file `bilingual run … --json OUT.json` wrote") from None
    out = []
    for term in terms:
        counts = [(r["text"], r["count"]) for r in term.get("renderings", [])]
        if len(counts) < 2:
            continue
        (majority, n), total = counts[0], sum(c for _, c in counts)
        ways = ", ".join(f"“{text}” {c}×" for text, c in counts)
        kind = "name" if re.fullmatch(r"[A-Z][a-z'ü]+(?: [A-Z][a-z'ü]+)+", majority) else "term"
        entry = GlossaryEntry(term["source"], majority, (), kind, True, f"rendered {len(counts)} ways in {path.name}: {ways}")
        out.append(Suggestion(entry, n / total, total, ((path.name, total),)))
    return out
