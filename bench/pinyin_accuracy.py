"""Reading accuracy of the learner edition on sentences rich in heteronyms, written here
with their dictionary readings (Xiàndài Hànyǔ Cídiǎn citation forms, neutral tones as it and
CC-CEDICT mark them: 学生 xuésheng, 朋友 péngyou; no tone sandhi, 一/不 in their own tones) as the gold — beside pypinyin + jieba out of the box on the same text.

Syllable accuracy: every Han character's syllable (tone marks, case ignored). Heteronym
accuracy: only the characters pypinyin knows more than one reading for.

    .venv/bin/python bench/pinyin_accuracy.py
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# (sentence, its readings: one syllable per Han character, in order)
GOLD = [
    ("他在重庆的银行工作了很多年。", "tā zài chóng qìng de yín háng gōng zuò le hěn duō nián"),
    ("孩子长大了，也了解了父母的辛苦。", "hái zi zhǎng dà le yě liǎo jiě le fù mǔ de xīn kǔ"),
    ("这条河很长，两岸的风景很好看。", "zhè tiáo hé hěn cháng liǎng àn de fēng jǐng hěn hǎo kàn"),
    ("他还没还我借给他的书。", "tā hái méi huán wǒ jiè gěi tā de shū"),
    ("我们得早点出发，不然就赶不上车了。", "wǒ men děi zǎo diǎn chū fā bù rán jiù gǎn bu shàng chē le"),
    ("这次比赛他得了第一名。", "zhè cì bǐ sài tā dé le dì yī míng"),
    ("音乐会让大家都很快乐。", "yīn yuè huì ràng dà jiā dōu hěn kuài lè"),
    ("他睡着了，手里还拿着一本书。", "tā shuì zháo le shǒu lǐ hái ná zhe yī běn shū"),
    ("这个问题很重要，我们要重新考虑。", "zhè ge wèn tí hěn zhòng yào wǒ men yào chóng xīn kǎo lǜ"),
    ("他为人很好，总是为别人着想。", "tā wéi rén hěn hǎo zǒng shì wèi bié ren zhuó xiǎng"),
    ("首都的交通很便利，票价也很便宜。", "shǒu dū de jiāo tōng hěn biàn lì piào jià yě hěn pián yi"),
    ("经过调查，公司决定调整价格。", "jīng guò diào chá gōng sī jué dìng tiáo zhěng jià gé"),
    ("这两种方法差不多，但结果有差别。", "zhè liǎng zhǒng fāng fǎ chà bù duō dàn jié guǒ yǒu chā bié"),
    ("老师数了数学生的人数。", "lǎo shī shǔ le shǔ xué sheng de rén shù"),
    ("我觉得他昨天睡了一个好觉。", "wǒ jué de tā zuó tiān shuì le yī gè hǎo jiào"),
    ("这个传说一直流传到今天。", "zhè ge chuán shuō yī zhí liú chuán dào jīn tiān"),
    ("她的头发很长，发型也很漂亮。", "tā de tóu fa hěn cháng fà xíng yě hěn piào liang"),
    ("他干活很认真，衣服总是很干净。", "tā gàn huó hěn rèn zhēn yī fu zǒng shì hěn gān jìng"),
    ("放假以后，他们去看了一场真假难辨的魔术。", "fàng jià yǐ hòu tā men qù kàn le yī chǎng zhēn jiǎ nán biàn de mó shù"),
    ("飞机开始下降，敌人终于投降了。", "fēi jī kāi shǐ xià jiàng dí rén zhōng yú tóu xiáng le"),
    ("教书的老师在教室里教学生写字。", "jiāo shū de lǎo shī zài jiào shì lǐ jiāo xué sheng xiě zì"),
    ("这次会议的结果很好，大家都结实了新朋友。", "zhè cì huì yì de jié guǒ hěn hǎo dà jiā dōu jiē shi le xīn péng you"),
    ("有空的时候，我喜欢看天空。", "yǒu kòng de shí hou wǒ xǐ huan kàn tiān kōng"),
    ("树叶落了，他落下了一本书。", "shù yè luò le tā là xià le yī běn shū"),
    ("这道题很难，他遇到了很多困难。", "zhè dào tí hěn nán tā yù dào le hěn duō kùn nan"),
    ("他很勉强地同意了，因为对方很强大。", "tā hěn miǎn qiǎng de tóng yì le yīn wèi duì fāng hěn qiáng dà"),
    ("这首歌曲的旋律有点曲折。", "zhè shǒu gē qǔ de xuán lǜ yǒu diǎn qū zhé"),
    ("少年时他很少说话。", "shào nián shí tā hěn shǎo shuō huà"),
    ("他每年都回一次省城看望父母。", "tā měi nián dōu huí yī cì shěng chéng kàn wàng fù mǔ"),
    ("晚会很盛大，服务员盛了一碗汤。", "wǎn huì hěn shèng dà fú wù yuán chéng le yī wǎn tāng"),
    ("他似乎不太高兴，和平时似的。", "tā sì hū bù tài gāo xìng hé píng shí shì de"),
    ("我相信他，他的相貌也很和善。", "wǒ xiāng xìn tā tā de xiàng mào yě hěn hé shàn"),
    ("他应该答应我们的要求。", "tā yīng gāi dā ying wǒ men de yāo qiú"),
    ("农民种了一种新的小麦。", "nóng mín zhòng le yī zhǒng xīn de xiǎo mài"),
    ("他打中了目标，成为中国冠军。", "tā dǎ zhòng le mù biāo chéng wéi zhōng guó guàn jūn"),
    ("地球自转一周是一天，他转身离开了。", "dì qiú zì zhuàn yī zhōu shì yī tiān tā zhuǎn shēn lí kāi le"),
    ("大家都参加了会议，还吃了人参。", "dà jiā dōu cān jiā le huì yì hái chī le rén shēn"),
    ("这本书的内容很好，我爱好读书。", "zhè běn shū de nèi róng hěn hǎo wǒ ài hào dú shū"),
]


def _syllables(text: str) -> list[str]:
    return [unicodedata.normalize("NFC", s).lower() for s in text.split()]


def ours(sentence: str) -> list[str]:
    from pipeline.document import Document, Paragraph, Sentence
    from pipeline.reading import read_words

    doc = Document("x", (sentence,), paragraphs=(Paragraph("p1", "body", sentence, 1, sentences=(Sentence("p1.s1", sentence),)),))
    out: list[str] = []
    for word, reading in read_words(doc).sentences[0].words:
        if reading:
            out += _split(reading, word)
    return out


def _split(reading: str, word: str) -> list[str]:
    """A word's reading back into one syllable per character: each character takes the
    longest of its possible readings (any tone) that the rest of the reading starts with."""
    from pypinyin import Style, pinyin

    rest = unicodedata.normalize("NFC", reading.replace(" ", "").replace("'", "").lower())
    syllables = []
    for index, char in enumerate(word):
        if index == len(word) - 1:
            syllables.append(rest)
            break
        options = sorted({unicodedata.normalize("NFC", r).lower() for r in pinyin(char, style=Style.TONE, heteronym=True)[0]}
                         | {unicodedata.normalize("NFC", r).lower() for r in pinyin(char, style=Style.NORMAL, heteronym=True)[0]},
                         key=len, reverse=True)
        chosen = next((o for o in options if rest.startswith(o)), rest[:1])
        syllables.append(chosen)
        rest = rest[len(chosen):]
    return syllables


def baseline(sentence: str) -> list[str]:
    import jieba
    from pypinyin import Style, lazy_pinyin

    words = [w for w in jieba.cut(sentence)]
    return [unicodedata.normalize("NFC", s).lower() for s in lazy_pinyin(words, style=Style.TONE, errors="ignore")
            if any("a" <= c <= "z" or c in "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü" for c in s)]


def main() -> None:
    from pypinyin import pinyin, Style

    import jieba

    jieba.setLogLevel(60)
    for name, reader in (("ours (learner edition)", ours), ("pypinyin + jieba out of the box", baseline)):
        syllables = right = hetero = hetero_right = 0
        wrong: list[str] = []
        for sentence, gold in GOLD:
            han = [c for c in sentence if "\u4e00" <= c <= "\u9fff"]
            expected, got = _syllables(gold), reader(sentence)
            assert len(expected) == len(han), sentence
            for char, e, g in zip(han, expected, got + [""] * (len(expected) - len(got))):
                syllables += 1
                right += e == g
                if len(pinyin(char, style=Style.TONE, heteronym=True)[0]) > 1:
                    hetero += 1
                    hetero_right += e == g
                if e != g:
                    wrong.append(f"{char}:{g or '∅'}≠{e}")
        print(f"{name}: syllables {right}/{syllables} = {right / syllables:.3f}; heteronyms {hetero_right}/{hetero} = "
              f"{hetero_right / hetero:.3f}")
        print("   wrong:", " ".join(wrong))


if __name__ == "__main__":
    main()
