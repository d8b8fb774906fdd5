"""Readings of heteronyms that no phrase dictionary can give: the character stands alone
(得 dé / de / děi, 还 hái / huán, 只 zhǐ / zhī) or in a word the dictionaries lack (数着,
睡午觉), so its neighbours decide. Each rule says which reading the character takes when
the text before it ends with — or the text after it starts with — certain words; the first
rule that matches wins, and a character no rule matches keeps the dictionary's reading.

The rules are grammar, not examples: a measure word after a numeral or a demonstrative (一只
zhī, 这种 zhǒng, 一场雨 cháng / 一场比赛 chǎng), a verb before its object or its 了 (种了
zhòng, 数钱 shǔ, 倒茶 dào), a result after a verb (睡着 zháo, 刮倒 dǎo, 打中 zhòng), a modal
before a verb (我得走 děi), an adverb's 地 before a verb (高兴地笑 de).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.chinese import HAN_RANGES

NUMERAL = "[一二两三四五六七八九十百千万几多半每各某这那哪此该0-9０-９]"
PRONOUN = "(?:我|你|您|他|她|它|们|咱|谁|大家|自己|别人|人家)"
ADVERB = "(?:就|还|也|都|总|才|又|必|却|可|真|倒|只|先|再|今天|明天|现在|一定|可能|恐怕|肯定|必须|所以|那|这|那么|于是)"
DEGREE = "(?:很|非常|太|更|十分|挺|特别|比较|相当|越来越|越|那么|这么|这样|那样|满头|满脸|要命|厉害|不得了|不错|一清二楚|津津有味|乱七八糟|井井有条|头头是道)"
AMOUNT = "(?:[一半满两几][杯碗壶盆勺瓶桶锅盘碟]|[一]?些|点|一点)"
LIQUID = "(?:水|茶|酒|汤|油|咖啡|牛奶|奶|饮料|果汁|啤酒|红酒|醋|酱油|开水|热水|凉水|垃圾)"
CLAUSE_START = "(?:^|[，。！？；：、,.!?;:\\s“”「」])"
END = "(?:$|[，。！？；：、,.!?;:\\s”」）)])"


@dataclass(frozen=True)
class HeteronymRule:
    reading: str
    before: re.Pattern | None = None  # searched in the text before the character: it must end there
    after: re.Pattern | None = None  # matched at the text after it
    not_after: re.Pattern | None = None

    def matches(self, before: str, after: str) -> bool:
        return ((self.before is None or self.before.search(before) is not None)
                and (self.after is None or self.after.match(after) is not None)
                and (self.not_after is None or self.not_after.match(after) is None))


def rule(reading: str, *, before: str | None = None, after: str | None = None, not_after: str | None = None) -> HeteronymRule:
    """A rule from patterns; ``<han>`` in a pattern is any Han character."""
    def compiled(pattern: str | None, template: str = "{}") -> re.Pattern | None:
        return re.compile(template.format(pattern.replace("<han>", f"[{HAN_RANGES}]"))) if pattern else None

    return HeteronymRule(reading, compiled(before, "(?:{})$"), compiled(after), compiled(not_after))


HETERONYM_RULES: dict[str, tuple[HeteronymRule, ...]] = {
    "得": (
        rule("de", after=DEGREE),
        rule("dé", before=f"{PRONOUN}|{ADVERB}|{CLAUSE_START}|中|后|时|次|年|里|上|又|曾|已|已经|终于|试|赛|者|员|队|家|手", after="了|过|到"),
        rule("děi", before=f"{PRONOUN}|{ADVERB}|{CLAUSE_START}"),
    ),
    "地": (
        rule("dì", after=f"{END}|[上下里中方区面点址图球铁毯板位主理带势形震域产道底摊价皮基质盘税]"),  # -ly needs a verb after it
        rule("dì", before="把|被|将|在|到|从|块|片|这|那|一|各|此|该|本|外|满|遍|土|草|田|雪|山|平|空|回|落|倒|种|扫|拖|着|的|大|天|全|耕|入|占|买|卖|租|分|征|整|翻|锄|浇|犁"),
        rule("de", before="<han>{2}", after="<han>"),
    ),
    "着": (
        rule("zháo", before="不|得|没有?[想找猜见睡买借碰抓逮捉遇够用点]"),  # 没想着办法: did not hit on
        rule("zháo", before="睡|找|猜|见|摸|碰|点|烧|够|买|借|逮|抓|捉|遇|冻|饿|吓|急|用|打", after=f"了|{END}"),
    ),
    "了": (rule("liǎo", before="不", not_after="[解结却断悟如若然]"),),
    "还": (
        rule("huán", after="给|钱|书|债|款|贷|清|账|帐|手|击|价|原|礼|愿|乡|俗|魂|本|回[来去]?[了，。]"),
        rule("huán", before="没|没有|不|要|得|去|来|借|想|会|能|该|快|按时|及时|已经|必须|准备|拒绝|无力|归|偿|退|送|交|奉|讨|欠|一定|马上|立刻|赶紧|先|再",
             after=f"{PRONOUN}|了|过|{END}|[这那][本些笔]"),
        rule("huán", before="把<han>{1,6}", after=f"{PRONOUN}|给|了|回|清|上|{END}"),  # 把钱还你
    ),
    "长": (
        rule("cháng", before="很|太|多|真|最|较|更|不|老|这么|那么|这样|那样|好|挺|过|够|变|延|拉|放|超|十分|有|又|细|漫|悠|特|相当|非常|比较|那|这"),
        rule("cháng", after="[一二两三四五六七八九十百千万几半0-9０-９]", not_after="一岁|[一两几]个?[头辈]"),  # 桥长五百米
        rule("zhǎng", after="得|大|高|满|出|成|了|着|起|胖|肉|个|势|相|辈|老|官|子|者|女|孙|兄|姐|进|在|到|上|芽|草|毛|疮"),
    ),
    "只": (rule("zhī", before=NUMERAL,
                not_after="是|有|要|能|会|好|不|在|想|需|剩|用|知|为|对|限|怕|得|说|看|听|做|管|顾|见|可|靠|花|占|差|比|给|让|把|被|从|到|够|准|许|求|因|当|该|身|字"),),
    "种": (
        rule("zhòng", after="[一几两三四五六七八九十百千]+[棵株亩片行垄颗粒]"),  # 种一棵树: a verb before its count
        rule("zhǒng", before=f"{NUMERAL}|[良品物兵语树火工剧险菌病杂播选变同其何]"),
        rule("zhòng", after="[这那一几两三些]|了|着|过|的|地|田|树|菜|花|草|粮|麦|稻|豆|瓜|果|药|庄|植|下|上|出|在|满|得|棉|玉米|蔬|茶|竹|水稻|葡萄"),
    ),
    "数": (
        rule("shù", after="[十百千万亿以]"),
        rule("shǔ", after="了|着|过|不|得|到|钱|一数|[来去]数|星|清|一下|羊|票|日子|落|人头|数|一遍"),
        rule("shǔ", before="数了|数一|来|去|不可|屈指可|一一|细|倒"),
    ),
    "倒": (
        rule("dào", after=f"(?:了|上|满|出|进)?{AMOUNT}?{LIQUID}|进|入|出|掉|满|是|也|不|挺|很|还|过来|退|计时|影|立|映|序|转|流|车|腾|像|要|让|有|没|给"),
        rule("dào", before="往<han>{1,6}[里中内上]|向<han>{1,6}[里中内]|给<han>{1,4}"),  # 往碗里倒 (a fall has no 往)
        rule("dǎo", before="摔|跌|打|推|撞|刮|吹|压|扳|绊|累|病|晕|放|翻|滑|醉|卧|颠|栽|拜|昏|扑|砍|拉|击|踢|倾|绝|潦|难|吓|冻|晒|熏|震"),
        rule("dǎo", after=f"了|下|在|{END}|塌|闭|台|霉|卖|班|手|戈|在地"),
    ),
    "场": (rule("cháng", after="(?:<han>{1,4}的)?(?:大|小|暴|及时|特大)?(?:雨|雪|谈判|交易|骗局|闹剧|悲剧|变革|改革|争夺战|持久战|拉锯战|战|仗|恋爱|交锋|博弈|较量|浩劫|冰雹|霜|火|病|灾|战争|战役|大战|战斗|风波|风暴|地震|梦|噩梦|误会|纠纷|冲突|争论|争吵|官司|革命|运动|浩劫|空欢喜|虚惊|洪水|瘟疫|疫情|危机|恶战|劫难|灾难|辩论|斗争|事故|车祸)"),
           rule("chǎng"),),
    "量": (
        rule("liáng", after="了|一量|体温|血压|身高|体重|尺寸|一下|过|着|好|出|衣服|长度|距离|地"),
        rule("liáng", before="来|去|要|先|再|测|丈|打|掂|衡|思|估|商|酌|给他|给她|给我|给你"),
    ),
    "重": (
        rule("zhòng", before="很|太|更|最|不|挺|好|越|这么|那么|非常|特别|十分|比较|相当|有|加|过|超|偏|负|举|体|贵|隆|稳|严|保|珍|尊|慎|庄|着"),
        rule("chóng", after="新|来|做|写|说|读|修|建|复|演|播|返|申|审|考|选|启|装|组|拍|画|印|试|练|逢|游|犯|叠|温|开|排|整|提|算|定|看|走|回|打|听|学|置|设|生|现|聚|发|归|获|见|振|上|洗|订|编|录|找|挂|铸|塑|制|唱|判|构|申|议|谈"),
    ),
    "中": (
        rule("zhòng", before="打|射|猜|考|选|押|投|抽|砸|踢|刺|一举|百发百", not_after="间|心|央|国|文|学|午|年|等|部|外|华|期|层|级|旬"),
        rule("zhòng", before="说|看|相|点|击|命", after="了|过|要害|目标"),
        rule("zhòng", before=f"{PRONOUN}|{CLAUSE_START}|又|没|都|也|才|就|终于|竟然|居然", after="了|过|[奖标彩毒暑弹枪邪风计]"),
    ),
    "觉": (rule("jiào", before="睡|午|一|个|大|好|懒|小|早|回笼|整|半|那|这|一大|[一个]好"),
           rule("jiào", after=f"{END}|了$|睡"),),
    "为": (rule("wéi", before="(?<![可所难])以<han>{1,8}", not_after="了|什么|何"),  # 以 X 为 Y
           rule("wéi", before="成|作|认|(?<!可)以|称|视|选|改|变|转|化|分|列|定|评|封|立|任|命|奉|尊|推|被|誉|更|升|扩|划|缩|折|合|归|辟|大有可|无能|胡作非"),
           rule("wéi", after="主|止|准|首|生|期|数|伍|限|重|难|所|人[^民们家]|官|政|非")),
    "背": (rule("bēi", after="(?:着|起|上|了|过)?(?:[一两几]?[大小]?[个袋包筐捆箱桶篓])?(?:书包|背包|包袱|包|孩子|小孩|行李|箱子|袋子|筐|枪|柴|黑锅|债|老人|娃|篓|米|面|菜|柴火|起来|走|在身|在背|在肩)|(?:着|起|上|了)?[一两几][大小]?[袋包筐捆箱桶篓]"),
           rule("bēi", before="(?:书包|背包|包袱|包|孩子|行李|箱子|袋子|筐|枪|柴)(?:往肩上|在肩上|上肩)?"),),
    "教": (rule("jiāo", after=f"{PRONOUN}|书|课|会|给|过|了|着|学生|孩子|英语|汉语|中文|数学|唱|画|写|读|说|做|怎么|大家|[他她我你]们|小|人|跳|弹|开|游"),),
    "行": (rule("háng", before=NUMERAL, after="字|诗|文字|代码|数据|树|泪|小字|内|业|里|中|当|干|的|[，。！？]|$|[0-9]"),),
    "调": (rule("tiáo", after="一下|一调|好|整|高|低|大|小|成|了一下|得|匀|味|试|准|慢|快|亮|暗|皮|和|节|解|教|控|剂|色|温|音|频|制|理|养|停|侃|戏|笑|唆|料"),),
    "干": (
        rule("gān", before="晾|晒|烘|吹|擦|烤|风|吸|喝|烧|榨|洗|弄|很|太|比较|变|抹|蒸|熬|舔|吃|挺|特别|非常|更|有点|有些"),
        rule("gān", after="净|燥|旱|杯|脆|果|粮|枯|冰|扰|涉|预|草|柴|瘪|巴|硬|透|裂|涸"),
    ),
    "空": (rule("kòng", before="有|没|没有|抽|得|闲|留|填|补|腾|偷", not_after="气|间|中|调|军|前|虚|白"),),
    "转": (rule("zhuàn", after="圈|了[一几两三]?圈|来转去|动|速|盘|悠|轮|台|椅|个不停|了起来"),),
    "扎": (rule("zā", after="(?:了|着|起|成|好)?(?:头发|辫子|起来|马尾|个|成|彩|带|紧|腰带|辫|一束|一捆)"),),
    "涨": (rule("zhàng", after="红|得通红|得满脸|得发紫|满|大|脸|破|价[^格]"),),
    "曲": (rule("qǔ", before=NUMERAL, not_after="线|折"),),
    "处": (rule("chǔ", after="理|置|罚|分|决|境|世|事|于"),),
    "弹": (rule("dàn", before=f"{NUMERAL}[颗枚发]?|子|炸|导|枪|炮|飞|核|手|氢|原子|霰|弓|流|中"), rule("tán")),  # alone, the verb: 弹琴, 弹了一下
    "没": (rule("mò", after="收|落|顶|齿|世|入水"),),
    "落": (rule("là", after="下了[一两几]|下[一两几]|在家|在车上|在办公室|东西|了东西"),),
    "露": (rule("lòu", after="面|脸|馅|一手|富|底|马脚|怯|头|相|了馅"),),
    "过": (rule("guò", before="[吹走跑飞路经穿跨越闯渡游爬跳滚流开驶擦掠划淌绕飘传度挺熬撑躲逃闪跃翻迈]"),  # 吹过: past, through
           rule("guo", before="(?<![经通超越路走跑飞穿跨渡闯难])[去来看见听说吃用做学到干当读写住试玩遇]",
                not_after="来|去|头|分|程|年|节|日|后|夜|问|期|敏|失|错|度|滤|往|境|关|河|桥|街|马路|路|门|江|海|山|线|半|时|量|剩|早|晚|于|多|少|目|户|继|世|奖|招|火|渡|道|场|秤|瘾|硬|火|意"),),
    "模": (rule("mú", after="样|子|具|板"),),
    "称": (rule("chèn", after="心|职|身|意"),),
    "冲": (rule("chòng", after="着|他|她|我|你|[这那]|劲|床"),),
    "担": (rule("dàn", before=f"{NUMERAL}|扁|重"),),
    "累": (rule("lěi", before="积|连|牵|拖|日积月"),),
    "待": (rule("dāi", after="一会|一下|会儿|在|着|了[一几两三半好]|[一几两三半]天|几|多久|多长|下去|不住|不下|得住|够|上|满"),),
    "削": (rule("xiāo"),),  # alone it is the verb (削皮, 削铅笔); xuē only in words (剥削, 削弱)
    "挣": (rule("zhēng", after="扎|开|脱不"), rule("zhèng")),  # 挣钱, 挣了 zhèng; 挣扎 zhēng
    "折": (rule("shé", after="(?:了)?(?:不少|很多|一半|大半|许多)?(?:钱|本|兵|将)"),
           rule("shé", before="腿|胳膊|骨头|树枝|棍子|绳子|杆子|筷子|手指|脚|骨", after=f"了|{END}")),
    "卡": (rule("qiǎ", after="在|住|壳|着|得|脖子|喉咙"), rule("qiǎ", before="被|鱼刺|骨头")),
    "扇": (rule("shān", after="扇子|扇|风|了|着|耳光|火|他|她|我|你", not_after="门|窗"),),
    "吐": (rule("tù", after="了一地|了一身|了一床|了满地|血|得满地|了起来|个不停|白沫"), rule("tù", before="呕|上吐下|喝多了|恶心得|想|要")),
    "系": (rule("jì", after="好|上|紧|着|鞋带|领带|安全带|围巾|扣子|个结|了个|成|在|绳"),),
    "闷": (rule("mèn", before="(?:心里|心中|心头|心情|感到|觉得|闷闷|纳|烦|苦|愁)(?:很|有点|有些|太|特别|非常|真|好|挺)?"),
           rule("mēn", before="(?:房间|屋子|屋里|车里|车内|空气|天气|教室|室内|里面|里|这儿|这里|屋)(?:很|有点|有些|太|特别|非常|真|好)?"),
           rule("mēn", after="热|声|头|得慌|在")),
    "宿": (rule("xiǔ", before=NUMERAL, not_after="舍|命|主|营|将|敌|怨|愿"),),
    "薄": (rule("bó", before="单|淡|微|浅|稀|轻|刻|厚此|妄自菲"),),
}


def by_context(char: str, before: str, after: str) -> str | None:
    """The reading the character's neighbours decide, tone-marked; None where no rule says."""
    return by_context_of(HETERONYM_RULES.get(char, ()), before, after)


# Words whose dictionaries give two readings of the same letters, one of them neutral, for two
# senses (东西 dōngxi "thing" / dōngxī "east and west"): the everyday sense unless the
# sentence says otherwise. Readings are tone-marked syllables, space-separated.
SENSES: dict[str, tuple[HeteronymRule, ...]] = {
    "东西": (rule("dōng xī", after="方|南北|两|走向|向|长|宽|部|线|对峙|之间|文化|合璧"), rule("dōng xi")),
    "地方": (rule("dì fāng", after="政府|官员|财政|法规|保护|特色|经济|当局|性|戏|病|志|色彩|选举|税|债|党|领导|干部|立法|人大|媒体|银行|企业|官|上的|和中央|与中央|各级|一级|层面|部门|主义|自治|势力|口音|方言|剧|民族"),
             rule("dì fāng", before="中央(?:和|与|及|、)?|由|各|在"), rule("dì fang")),
    "多少": (rule("duō shǎo", after="有些|有点|有一些|带|还|会|能|也|都|受|影响"), rule("duō shao")),
    "结实": (rule("jiē shí", after="累累|了|的果"), rule("jiē shi")),
    "大夫": (rule("dà fū", before="士|卿|医官|御史|光禄|谏议|上|中|下", after="之|们之|为官"), rule("dài fu")),
    "精神": (rule("jīng shen", before="很|真|挺|太|不|特别|非常|显得|看起来|更|多|格外|十分|精精|蛮|好"), rule("jīng shén")),
    "人家": (rule("rén jiā", before=f"{NUMERAL}户|[几千百万多]户|户|农|富|穷|大户|小户|好|这户|那户|山里|村里"), rule("rén jia")),
    "地道": (rule("dì dào", before="挖|一条|进入|通过|秘密|地下|这条|那条", after="战|里|口"), rule("dì dao")),
    "大意": (rule("dà yi", before="粗心|不能|千万|别|太|很|一时|马虎|疏忽"), rule("dà yì")),
    "利害": (rule("lì hai", before="很|太|真|好|得|多|那么|这么"), rule("lì hài")),
    "对头": (rule("duì tou", before="老|死|冤家|是|的"), rule("duì tóu")),
    "运气": (rule("yùn qì", after="功|于|丹田"), rule("yùn qi")),
    "过去": (rule("guò qu", after="了|吧|啦|呀|一趟|看看|一下"),  # 一年又过去了: passed; 过去的事: the past
             rule("guò qu", before="又|已经|就这样|走|跑|飞|冲|扑|游|爬|挤|递|晕|昏|混|熬|忍|睡|看|望|转"), rule("guò qù")),
    "生意": (rule("shēng yì", before="充满|一片|富有|满是|毫无", after="盎然|勃勃|[，。]?春"), rule("shēng yi")),
    "故事": (rule("gù shì", before="奉行|虚应|照章|如|因循"), rule("gù shi")),
}


def by_sense(word: str, before: str, after: str) -> str | None:
    """A two-sense word's reading in this sentence, or None for a word of one sense."""
    return by_context_of(SENSES.get(word, ()), before, after)


def by_context_of(rules: tuple[HeteronymRule, ...], before: str, after: str) -> str | None:
    return next((r.reading for r in rules if r.matches(before, after)), None)
