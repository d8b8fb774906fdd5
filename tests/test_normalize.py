"""The normalizer: each kind of scrape damage, the sample's golden output, invariants."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from pipeline.document import Document
from pipeline.normalize import normalize, normalize_line, normalized_text
from pipeline.normalize.annotations import remove_pinyin_annotations
from pipeline.normalize.boilerplate import classify_boilerplate
from pipeline.normalize.markup import remove_markup
from pipeline.normalize.mojibake import repair_mojibake_remnants
from pipeline.normalize.punctuation import fullwidth_punctuation
from pipeline.normalize.script import convert_script
from pipeline.normalize.settings import Settings
from tests.conftest import EXAMPLE

GOLDEN = Path(__file__).parent / "golden"
HAN = re.compile(r"[\u3400-\u9fff]")


def clean(text: str) -> str:
    return normalize_line(text)[0]


# --- pinyin annotations -------------------------------------------------------------------

@pytest.mark.parametrize(
    "damaged, repaired",
    [
        ("阿里雲創(chuàng)始人", "阿里云创始人"),
        ("行業(yè)", "行业"),
        ("我們(men)", "我们"),
        ("應(yīng)用", "应用"),  # default reading, not the one in context: still a reading
        ("數(shu4)據", "数据"),
        ("英偉(wěi)達(NVIDIA)", "英伟达（NVIDIA）"),
        ("爲（wèi）了", "为了"),
    ],
)
def test_pinyin_annotation_after_its_character_is_removed(damaged, repaired):
    assert clean(damaged) == repaired


@pytest.mark.parametrize(
    "text",
    [
        "A100(一種AI芯片)",
        "3000E(1E約等于1000PFlops-day)",
        "英偉達(NVIDIA)",
        "掃描(QR code)",
        "“卷”(juàn)",
        "醫生(yīshēng)",
        "大(xiǎo)",
    ],
)
def test_legitimate_parentheses_are_kept(text):
    repaired, changes = remove_pinyin_annotations(text, 1)
    assert repaired == text
    assert changes == []


def test_annotation_change_records_position_and_text():
    _, changes = remove_pinyin_annotations("阿里雲創(chuàng)始(shǐ)人", 7)
    assert [(c.kind, c.line, c.column, c.before) for c in changes] == [
        ("annotation", 7, 4, "(chuàng)"),
        ("annotation", 7, 5, "(shǐ)"),
    ]


# --- script --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "traditional, simplified",
    [
        ("爲羣衆服務", "为群众服务"),  # OpenCC s2t forms
        ("在這裡和裏面", "在这里和里面"),  # Taiwan form 裡
        ("這意味著", "这意味着"),
        ("它起著作用", "它起着作用"),
        ("著名的著作", "著名的著作"),
        ("有著名的學者", "有著名的学者"),
        ("隨著時間", "随着时间"),
        ("他們在討論著，很著急", "他们在讨论着，很着急"),  # s2tw (Taiwan) forms
        ("她著手研究，土著居民，成績顯著", "她着手研究，土著居民，成绩显著"),
        ("《吶喊》，魯迅著。", "《呐喊》，鲁迅著。"),  # "written by" stays
        ("為了保衞祖國，峯迴路轉", "为了保卫祖国，峰回路转"),  # Hong Kong forms (s2hk)
    ],
)
def test_traditional_becomes_mainland_simplified(traditional, simplified):
    assert convert_script(traditional, 1)[0] == simplified


def test_simplified_text_is_left_as_it_is():
    text = "这意味着著名学者的著作影响显著，随着时间推移，他们在里面讨论着。"
    assert convert_script(text, 1) == (text, [])


def test_script_keep_leaves_traditional_alone():
    document = normalize(Document("x.txt", ("阿里雲創(chuàng)始人王堅",)), script="keep")
    assert document.paragraphs[0].zh == "阿里雲創始人王堅"


# --- punctuation ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        ("3月12日消息,阿里云", "3月12日消息，阿里云"),
        ("王坚:Sora的意义", "王坚：Sora的意义"),
        ("你怎么看?", "你怎么看？"),
        ("太好了!", "太好了！"),
        ("第一;第二", "第一；第二"),
        ("A100(一种AI芯片)", "A100（一种AI芯片）"),
        ("对标GPT-4,而", "对标GPT-4，而"),
        ("共1,000台", "共1,000台"),
        ("在10:30开会", "在10:30开会"),
        ("增长3.5%,", "增长3.5%，"),
        ("请联系:info@example.cn", "请联系：info@example.cn"),
        ("网址:https://example.com/a?b=1,c", "网址：https://example.com/a?b=1,c"),
        ("He said: f(x), ok?", "He said: f(x), ok?"),
        ("“卷”、《书》——好", "“卷”、《书》——好"),
    ],
)
def test_chinese_context_gets_full_width_marks_and_latin_tokens_keep_ascii(text, expected):
    assert fullwidth_punctuation(text, 1)[0] == expected


# --- mojibake and markup -------------------------------------------------------------------

@pytest.mark.parametrize(
    "damaged, repaired",
    [
        ("甚至直言“如果能创造视频，它也就能创造世界?!?/p>", "甚至直言“如果能创造视频，它也就能创造世界。”"),
        ("这是一个问题銆?/p>", "这是一个问题。"),
        ("他说“好銆傗??/p>", "他说“好。”"),
    ],
)
def test_mangled_paragraph_end_is_repaired(damaged, repaired):
    assert repair_mojibake_remnants(damaged, 1)[0] == repaired


def test_markup_and_entities_are_removed():
    assert remove_markup("<p>王坚&nbsp;说&ldquo;好&rdquo;<br/>&amp;</p>", 1)[0] == "王坚 说“好”&"
    assert clean("<p>你好,世界</p>") == "你好，世界"


def test_a_less_than_sign_in_text_is_not_markup():
    assert clean("如果 a<b 且 b>c") == "如果 a<b 且 b>c"


# --- boilerplate ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    "line, kind",
    [
        ("阿里云创始人王坚 图源：阿里云视频号", "caption"),
        ("图片来源：视觉中国", "caption"),
        ("（图/新华社）", "caption"),
        ("2、电商号平台仅提供信息存储服务，如发现文章、图片等侵权行为，侵权责任由作者本人承担。", "disclaimer"),
        ("3、如对本稿件有异议或投诉，请联系：info@dsb.cn", "disclaimer"),
        ("转载请注明出处。", "disclaimer"),
        ("本文仅代表作者观点，不代表本站立场。", "disclaimer"),
        ("责任编辑：张三", "disclaimer"),
        ("【责任编辑：李四】", "disclaimer"),
        ("本文来自微信公众号“某某科技”", "disclaimer"),
        ("（完）", "disclaimer"),
        ("原标题：王坚谈Sora", "metadata"),
        ("[图片]", "placeholder"),
        ("------", "placeholder"),
        ("", "empty"),
        ("   ", "empty"),
    ],
)
def test_boilerplate_kinds_are_recognised(line, kind):
    assert classify_boilerplate(line) == kind


@pytest.mark.parametrize(
    "line",
    [
        "他说，这张图片来源于一次普通的采访，但是意义重大。",
        "王坚：我们今天所有看到的东西都是互联网发展的结果。",
        "南都：那么云计算是否有望解决当前的算力困境？",
    ],
)
def test_article_text_is_not_boilerplate(line):
    assert classify_boilerplate(line) is None


# --- structure and the sample --------------------------------------------------------------

def test_speakers_are_labels_that_open_several_paragraphs():
    lines = ("标题", "据报道：今天有一场采访。", "记者：你好？", "张三：你好。", "记者：再见？", "张三：再见。")
    document = normalize(Document("x.txt", lines))
    kinds = [(p.kind, p.speaker.zh if p.speaker else None) for p in document.paragraphs]
    assert kinds == [("title", None), ("lead", None), ("turn", "记者"), ("turn", "张三"), ("turn", "记者"), ("turn", "张三")]


def test_sample_matches_its_golden_normalization():
    document = normalize(Document(str(EXAMPLE), tuple(EXAMPLE.read_text(encoding="utf-8").splitlines())))
    expected = (GOLDEN / "wang-jian-sora.normalized.txt").read_text(encoding="utf-8")
    assert normalized_text(document) == expected


# --- invariants ----------------------------------------------------------------------------

HAN_CHARS = "阿里雲創始人王堅的意義不止在影響短視頻等行業們應用爲羣裏著名中文"
damaged_text = st.lists(
    st.one_of(
        st.text(alphabet=HAN_CHARS, min_size=1, max_size=8),
        st.sampled_from(["(chuàng)", "(men)", "(yè)", "(NVIDIA)", "(一種AI芯片)", "(QR code)", "“", "”", ",", ":", "?",
                         "!", "。", " ", "GPT-4", "1,000", "10:30", "<p>", "</p>", "&nbsp;", "?!?/p>", "銆?/p>", "\x07",
                         '"', "...", "--", "—", ".", "ＡＩ", "２０２４", "銆€", "&amp;nbsp;", "(chua\u0300ng)", "\u3000"]),
    ),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(damaged_text, min_size=1, max_size=6))
def test_normalizing_never_loses_chinese_text(lines):
    """Every Han character of the input is in a paragraph or a dropped line (hard-wrapped
    lines are joined into one paragraph), unless it was part of mojibake the normalizer
    repaired (and recorded as a change)."""
    document = normalize(Document("x.txt", tuple(lines)), script="keep")
    out = Counter(HAN.findall("".join(p.source_text for p in document.paragraphs) + "".join(d.text for d in document.dropped)))
    repairs = [c for c in document.changes if c.kind in ("remnant", "mojibake")]
    noise = Counter(HAN.findall("".join(c.before for c in repairs)))
    source = Counter(HAN.findall("".join(lines)))
    assert not (source - noise) - out
    if not repairs:
        assert source == out


@settings(max_examples=300, deadline=None)
@given(damaged_text)
def test_normalizing_is_idempotent(text):
    once = clean(text)
    assert clean(once) == once


# --- articles we wrote and damaged ourselves (tests/damage.py) -----------------------------

ARTICLES = GOLDEN / "articles"
ARTICLE_NAMES = ["chip-report", "ev-interview", "teahouse-feature"]


def character_error_rate(hypothesis: str, reference: str) -> float:
    """Levenshtein distance over characters, divided by the reference length."""
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(hypothesis, reference) / max(1, len(reference))


def normalize_file(path: Path) -> Document:
    from pipeline.edition import read_document

    return normalize(read_document(path))


@pytest.mark.parametrize("name", ARTICLE_NAMES)
def test_damaged_article_files_are_what_the_generator_makes(name):
    from tests.damage import damaged_bytes

    assert (ARTICLES / f"{name}.damaged.txt").read_bytes() == damaged_bytes(name)


@pytest.mark.parametrize(
    "name, gold",
    [(name, ARTICLES / f"{name}.gold.txt") for name in ARTICLE_NAMES]
    + [("wang-jian-sora", GOLDEN / "wang-jian-sora.normalized.txt")],
)
def test_damaged_articles_are_repaired_to_their_gold(name, gold):
    source = EXAMPLE if name == "wang-jian-sora" else ARTICLES / f"{name}.damaged.txt"
    document = normalize_file(source)
    expected = gold.read_text(encoding="utf-8")
    produced = normalized_text(document)
    assert produced.count("\n") == expected.count("\n")  # paragraph count exact
    assert character_error_rate(produced, expected) <= 0.003
    assert produced == expected
    # no annotation left, no boilerplate left
    assert not re.search(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[)）]", produced.replace("（juàn）", ""))
    assert not any(classify_boilerplate(line) for line in produced.splitlines())
    assert {d.kind for d in document.dropped} <= {"caption", "disclaimer", "empty"}
    assert {"caption", "disclaimer"} <= {d.kind for d in document.dropped}


def test_legitimate_parentheses_survive_in_the_damaged_articles():
    produced = "".join(normalized_text(normalize_file(ARTICLES / f"{n}.damaged.txt")) for n in ARTICLE_NAMES)
    for kept in ("英伟达（NVIDIA）", "（以下简称“信通院”）", "扫码（QR code）", "‘卷’（juàn）"):
        assert kept in produced


def test_character_error_rate_counts_edits():
    assert character_error_rate("abc", "abc") == 0
    assert character_error_rate("abd", "abc") == pytest.approx(1 / 3)
    assert character_error_rate("", "ab") == 1


def test_script_conversion_does_not_touch_glossary_names():
    from pipeline.glossary.model import Glossary, GlossaryEntry

    glossary = Glossary((GlossaryEntry("徐乾学", "Xu Qianxue", aliases=("徐乾學",), kind="name"), GlossaryEntry("字节跳动", "ByteDance", kind="org")))
    assert convert_script("徐乾學說字節跳動很好", 1)[0] == "徐干学说字节跳动很好"  # what OpenCC alone does
    assert convert_script("徐乾學說字節跳動很好", 1, Settings(glossary=glossary))[0] == "徐乾学说字节跳动很好"
    document = normalize(Document("x.txt", ("徐乾學(xué)與乾隆",)), glossary=glossary)
    assert document.paragraphs[0].zh == "徐乾学与乾隆"


# --- eight genres the normalizer had never seen (tests/genres.py) ----------------------------

from tests.genres import CLEAN as GENRES, damaged as genre_damaged, gold as genre_gold  # noqa: E402

GENRE_DIR = GOLDEN / "genres"


@pytest.mark.parametrize("genre", sorted(GENRES))
def test_each_genre_is_repaired_to_its_gold(genre: str):
    damaged = (GENRE_DIR / f"{genre}.damaged.txt").read_text(encoding="utf-8")
    assert damaged == genre_damaged(genre)  # the committed file is what the generator makes
    document = normalize(Document(f"{genre}.txt", tuple(damaged.splitlines())))
    gold = (GENRE_DIR / f"{genre}.gold.txt").read_text(encoding="utf-8")
    assert gold == genre_gold(genre)
    assert normalized_text(document) == gold
    assert len(document.paragraphs) == len(gold.splitlines())


@pytest.mark.parametrize(
    "genre, kinds",
    [
        ("wechat-repost", {"disclaimer", "credit", "placeholder", "page control", "related links"}),
        ("weibo-post", {"counts", "page control", "truncated preview"}),
        ("pdf-explainer", {"page number", "running head"}),
        ("literary-review", {"unreadable"}),
        ("hongkong-report", {"caption", "page control"}),
        ("learner-interview", {"counts", "page control"}),
    ],
)
def test_residue_is_listed_by_its_kind(genre: str, kinds: set[str]):
    document = normalize(Document(f"{genre}.txt", tuple(genre_damaged(genre).splitlines())))
    assert kinds <= {d.kind for d in document.dropped}


def test_the_genres_character_error_rate_is_within_half_a_percent():
    distance = length = 0
    for genre in GENRES:
        document = normalize(Document(f"{genre}.txt", tuple(genre_damaged(genre).splitlines())))
        distance += character_error_rate(normalized_text(document), genre_gold(genre)) * len(genre_gold(genre))
        length += len(genre_gold(genre))
    assert distance / length <= 0.005


@pytest.mark.parametrize(
    "line",
    ["这篇文章的观点，我完全赞同。", "转发这条微博的人很多，评论也很热烈。", "他说：“分享是美德。”", "图书馆新增了五千册图书。",
     "第三章 城市与记忆", "2023年全国新能源汽车销量突破900万辆。"],
)
def test_article_lines_that_mention_ui_words_are_kept(line: str):
    assert classify_boilerplate(line) is None
