"""Script: traditional characters → mainland simplified (OpenCC), 著/着 decided in
context, glossary spellings protected from conversion."""

from __future__ import annotations

from functools import lru_cache

from pipeline.chinese import HAN as HAN_CHAR, is_rare
from pipeline.document import Change
from pipeline.normalize.settings import DEFAULT, Settings, char_changes

# OpenCC keeps 著 (it is also a simplified character: 著名), so the aspect particle 着 that
# Taiwan-style text writes 著 (意味著, 討論著, 著急) stays wrong. In mainland text 著 lives in a
# small set of words; anywhere else, before a Han character, it is 着. Before punctuation it
# is 着 only after a common verb (等著。), since "鲁迅著。" means "written by".
ZHU_FORWARD = "名作称述者录书文有于"  # 著名, 著作, …: 著 opens the word
ZHU_BACKWARD = "显卓昭土名巨原编论专遗拙新译合大"  # 显著, 论著, …: 著 closes it
ZHE_VERBS = (
    "意味 随 接 有 带 看 等 拿 想 笑 说 走 坐 站 躺 活 忙 靠 朝 向 沿 顺 照 本 围绕 代表 存在 发挥 "
    "面临 扮演 承担 影响 决定 关系 伴随 跟 试 做 写 听 唱 穿 戴 抱 握 守 盯 望 盼 哭 喊 叫 "
    "藏 躲 开 关 挂 放 摆 留 背 领 拉 推 扶 提 捧 吃 喝 睡 醒 闭 张 睁 低 抬 指 含 怀 充满 包含 "
    "进行 经历 保持 维持 继续 注视 凝视 期待 等待 思考 考虑 关注 为 冲 对 挨 贴 连 讨论 研究 起"
).split()
# Conversions OpenCC gets wrong in context, as (wrong, right). Keep this table small and tested.
CONTEXT_FIXES: tuple[tuple[str, str], ...] = (("著作用", "着作用"),)  # 起著作用 = 起着 + 作用


def fix_zhe(text: str) -> str:
    """Decide each 著 of converted text: ``意味著什么`` → ``意味着什么``; ``著名`` stays.

    >>> fix_zhe("讨论著，很著急，著名，显著，土著，等著。鲁迅著。起著作用")
    '讨论着，很着急，著名，显著，土著，等着。鲁迅著。起着作用'
    """
    if "著" not in text:
        return text
    chars = list(text)
    for i, ch in enumerate(chars):
        if ch != "著":
            continue
        previous = text[i - 1] if i > 0 else ""
        following = text[i + 1] if i + 1 < len(text) else ""
        if following and following in ZHU_FORWARD and not text.startswith("著作用", i):
            continue
        if _ends_zhe_verb(text, i, min_length=2):  # 讨论著 beats 论著
            chars[i] = "着"
        elif previous and previous in ZHU_BACKWARD:
            continue
        elif HAN_CHAR.match(following) or _ends_zhe_verb(text, i):
            chars[i] = "着"
    fixed = "".join(chars)
    for wrong, right in CONTEXT_FIXES:
        fixed = fixed.replace(wrong, right)
    return fixed


def _ends_zhe_verb(text: str, index: int, min_length: int = 1) -> bool:
    return any(len(verb) >= min_length and text.endswith(verb, 0, index) for verb in ZHE_VERBS)


@lru_cache(maxsize=1)
def _t2s():
    """OpenCC's hk2s: t2s plus Hong Kong variant forms (衞 → 卫), which t2s leaves."""
    from opencc import OpenCC

    return OpenCC("hk2s")


def convert_script(text: str, line: int, settings: Settings = DEFAULT) -> tuple[str, list[Change]]:
    """Convert traditional characters to mainland simplified (OpenCC + context fixes).

    OpenCC converts across word boundaries and mangles names (徐乾學 → 徐干学), so glossary
    spellings are matched first and only the text between them is converted; a matched
    Chinese spelling becomes the entry's own source form.

    >>> convert_script("它意味著這一點，起著作用，著名的", 1)[0]
    '它意味着这一点，起着作用，著名的'
    >>> convert_script("嗰個人噚日話", 1)[0]
    '嗰个人噚日话'
    """
    if settings.script == "keep":
        return text, []
    glossary = settings.glossary
    pieces: list[str] = []
    position = 0
    for start, end, entry in glossary.matcher.find(text) if glossary else ():
        if not HAN_CHAR.search(text[start:end]):
            continue
        pieces.append(_convert(text[position:start]))
        pieces.append(entry.source)
        position = end
    pieces.append(_convert(text[position:]))
    converted = "".join(pieces)
    return converted, char_changes("script", line, text, converted)


def opencc_t2s(text: str) -> str:
    return _t2s().convert(text)


def simplified(text: str) -> str:
    """The text in mainland simplified, character for character where OpenCC keeps the length
    (it always does for running text): what jieba and pypinyin read best, for a reader that
    must not change the document's own script (the learner edition's readings)."""
    converted = _convert(text)
    return converted if len(converted) == len(text) else text


def is_traditional(text: str) -> bool:
    """Whether the text has a character that only traditional Chinese writes (雲, 這, 後).

    Simplified Chinese also writes some characters that OpenCC converts (藉 in 慰藉 and 狼藉,
    乾 in 乾隆, 於 as a surname): text without a traditional-only character is simplified
    already and is left exactly as it is.

    >>> is_traditional("阿里雲創始人"), is_traditional("心灵的慰藉，一片狼藉，乾隆年间")
    (True, False)
    """
    return any(_traditional_only(char) for char in text if HAN_CHAR.match(char))


@lru_cache(maxsize=8192)
def _traditional_only(char: str) -> bool:
    """OpenCC's plain t2s changes it and simplified Chinese does not write it. (hk2s alone
    would not do: it maps the simplified 抬 to 擡.)"""
    return char not in _shared_forms() and _plain_t2s().convert(char) != char


@lru_cache(maxsize=1)
def _plain_t2s():
    from opencc import OpenCC

    return OpenCC("t2s")


@lru_cache(maxsize=1)
def _shared_forms() -> frozenset[str]:
    """Characters OpenCC converts that are also simplified characters: those whose own form is
    among their conversions in OpenCC's table (``藉 → 藉 借``, ``乾 → 干 乾``, ``於 → 于 於``)."""
    from importlib.resources import files

    table = files("opencc").joinpath("dictionary", "TSCharacters.txt").read_text(encoding="utf-8")
    shared = set()
    for row in table.splitlines():
        source, _, targets = row.partition("\t")
        if source in targets.split():
            shared.add(source)
    return frozenset(shared)


def _variant_back(original: str, converted: str) -> bool:
    """hk2s read a simplified character as a Hong Kong variant and gave its traditional form
    (抬 → 擡, which t2s then leaves): the original stays."""
    return original != converted and converted in _dictionary_keys("HKVariants.txt") and not _traditional_only(original)


@lru_cache(maxsize=4)
def _dictionary_keys(name: str) -> frozenset[str]:
    from importlib.resources import files

    table = files("opencc").joinpath("dictionary", name).read_text(encoding="utf-8")
    return frozenset(row.partition("\t")[0] for row in table.splitlines())


def _convert(text: str) -> str:
    """OpenCC, 著/着 decided, and rare forms refused: OpenCC maps some characters outside the
    common-use list (Cantonese 嗰, 噚 and several hundred more) to extension-plane forms
    (𠮶, 㖊) that fonts lack and readers do not know; such a character keeps its own form.
    Text that is simplified already (``is_traditional`` false) is not converted: only its 著
    used as the particle 着 (起著作用, the one Taiwan spelling OpenCC keeps) is decided."""
    if not text or not is_traditional(text):
        return fix_zhe(text)
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        converted = "".join(o if (is_rare(c) and not is_rare(o)) or _variant_back(o, c) else c for o, c in zip(text, converted))
    return fix_zhe(converted)

