"""Eight articles of genres the normalizer had never seen, written clean first, then damaged
the way their sources damage them; the clean text is the golden repair.

``damaged(name)`` builds the damaged text from the clean one (deterministic), and
``python -m tests.genres`` writes both beside each other in ``tests/golden/genres/`` so a
reader can look at them. Residue lines are inserted where their sources put them; they must
come out as dropped lines, and the gold must come out exactly.
"""

from __future__ import annotations

import sys
from pathlib import Path

FOLDER = Path(__file__).parent / "golden" / "genres"

CLEAN = {
    "wechat-repost": """\
一家社区书店的十年：在城市角落守护阅读
十年前，李女士在老城区的一条小巷里开了一家只有二十平方米的书店。那时很多人劝她，实体书店早就不赚钱了。
她没有放弃。书店每周举办一次读书会，从最初的三五个人，慢慢发展到每次都有四五十位读者参加。
疫情期间，书店一度停业三个月。老读者们自发在网上团购图书，帮助书店渡过了最困难的时期。
如今，这家书店已经成为社区的文化中心。孩子们放学后会来这里写作业，老人们喜欢在窗边看报纸。
李女士说：“书店不只是卖书的地方，更是人和人相遇的地方。”
""",
    "weibo-post": """\
高铁新线今天开通，我去体验了一下
早上七点，我在新站坐上了首趟列车。全线最高时速达到三百五十公里，从市区到机场只要十八分钟，比以前快了一倍多。
车厢里很安静，座位也比想象中宽敞。不少乘客一路都在拍照，还有人专门带着孩子来“打卡”。
唯一的遗憾是新站离地铁口还有一段距离，希望以后能开通接驳巴士。
网友小林：太好了，以后去机场方便多了！
网友阿杰：下周出差就去试试，听说车票还打折。
""",
    "taiwan-report": """\
花莲山区学校迎来新图书馆
花莲县一所山区小学日前启用了新建的图书馆，全校六十多名学生终于有了属于自己的阅读空间。
校长表示，过去学校只有一间狭小的图书室，许多书籍因为受潮而损坏，孩子们只能在教室里看书。
这座图书馆由当地企业捐资兴建，馆内藏书超过5000册，还设有电脑区和亲子阅读区。
一名五年级学生笑着说：“以后下课就可以来这里看漫画和故事书了。”
县政府表示，未来将持续关注偏乡学校的教育资源，让更多孩子享有同样的学习环境。
""",
    "hongkong-report": """\
旧区重建项目展开咨询 居民关注租金上涨
市区重建局昨日公布旧区重建项目的初步方案，并展开为期两个月的公众咨询。
方案建议在原址兴建住宅及社区设施，并保留部分具有历史价值的唐楼外墙。
不少街坊担心重建后租金上涨。住了三十多年的陈伯说：“嗰啲新楼我哋点住得起？我只想留喺度。”
有区议员认为，当局应为受影响的小商户提供合理补偿，并协助他们在区内另觅铺位。
市建局表示，会在咨询期内举办多场居民大会，听取各方意见后再修订方案。
""",
    "press-release": """\
新一代家用储能电池正式发布
某新能源科技公司今日在深圳发布新一代家用储能电池，产品主要面向城市家庭和小型商户。
新产品采用磷酸铁锂电芯，循环寿命超过6000次，能量效率较上一代提升30%。
产品在-5℃的低温环境下仍可正常充放电，适合北方地区冬季使用。
主要参数如下：
型号 容量 质保
HB-10 10千瓦时 10年
HB-20 20千瓦时 12年
公司表示，首批1,200台产品将于下月交付，售价较同类产品低约15%。
""",
    "learner-interview": """\
专访中文老师王芳：学汉语最难的是什么？
记者：很多外国学生觉得汉语很难，您怎么看？
王芳：其实汉语的语法并不复杂，真正的难点是声调和汉字。比如“绿色”和“女儿”，发音不准，意思就完全不同了。
记者：您有什么好的学习方法推荐给大家吗？
王芳：我建议每天坚持听和读，哪怕只有十五分钟。另外，多和中国朋友聊天，是提高口语最快的办法。
记者：谢谢您接受我们的采访。
""",
    "pdf-explainer": """\
一图读懂城市垃圾分类新规
从今年七月起，本市正式实施新的生活垃圾分类管理规定，居民需要将生活垃圾分为可回收物、有害垃圾、厨余垃圾和其他垃圾四类，并投放到相应的收集容器中。
可回收物主要包括废纸、塑料、玻璃、金属和织物等，居民应尽量保持清洁干燥，避免污染，以便进入再生利用环节，提高资源回收的效率。
有害垃圾包括废电池、废灯管、过期药品和油漆桶等，需要单独投放到红色收集容器，由专业机构进行无害化处理，防止对环境造成危害。
对于违反规定的单位和个人，管理部门将先进行劝导和教育；拒不改正的，将依法处以罚款，情节严重的还将记入信用记录。
""",
    "literary-review": """\
在时间的河流里打捞记忆——评长篇小说《远山》
《远山》是作家林默沉寂八年之后的新作。小说以一个西南小镇为背景，讲述了三代人半个世纪的命运沉浮。
作者的语言克制而细腻，很少直接抒情，却总能在平淡的叙述中让读者感受到巨大的情感力量。
小说最动人的部分，是祖母在灯下为孙女讲述往事的那一章。那些琐碎的细节，构成了一个家族最珍贵的记忆。
当然，小说也并非没有遗憾。后半部分节奏略显仓促，几个重要人物的结局交代得过于简单。
但瑕不掩瑜，《远山》仍是近年来难得一见的佳作，值得每一位喜欢文学的读者细细品读。
""",
}


def _lines(name: str) -> list[str]:
    return CLEAN[name].splitlines()


def _gbk_read_as_utf8(text: str) -> str:
    return text.encode("gbk").decode("utf-8", errors="replace")


def damaged(name: str) -> str:
    """The clean article as its source damages it."""
    from opencc import OpenCC

    lines = _lines(name)
    if name == "wechat-repost":
        out = ["以下文章来源于城市书房 ，作者 小周", lines[0], "点击上方蓝字关注我们", "编辑 | 周小舟", *lines[1:3],
               "图片来源于网络，侵删", *lines[3:], "- END -", "往期推荐", "老街上的最后一家照相馆", "他在山里种了二十年茶",
               "一座城市的早餐地图", "长按识别二维码关注我们", "阅读原文", "分享 收藏 点赞 在看"]
    elif name == "weibo-post":
        preview = lines[1][:24] + "...展开全文c"
        out = [lines[0], "5月20日 08:13 来自 iPhone客户端", preview, *lines[1:4], "转发 1.2万 评论 356 赞 2万",
               "按热度 按时间", lines[4], "5-20 09:02 来自广东 回复 赞17", "2楼", lines[5], "5-20 09:15 来自上海 回复 赞8",
               "收起全文d"]
    elif name == "taiwan-report":
        tw = OpenCC("s2twp")
        out = [tw.convert(line) for line in lines]
        out[1] = out[1].replace("學", "學(ㄒㄩㄝˊ)", 1).replace("圖", "圖(ㄊㄨˊ)", 1)
        out[2] = out[2].replace("著", "著(ㄓㄜ˙)", 1) if "著" in out[2] else out[2]
        out[4] = out[4].replace("“", "「").replace("”", "」").replace("的", "的(˙ㄉㄜ)", 1)
        out[4] = out[4].replace("「", "“").replace("」", "”")
        out.insert(3, "（記者 王大明 攝）")
        out[4] = out[4].replace("5000", "５０００")
    elif name == "hongkong-report":
        hk = OpenCC("s2hk")
        out = [hk.convert(line) for line in lines]
        out.insert(3, "市建局提供的重建範圍示意圖（市建局供圖）")
        out.append("分享到：微信 微博 Facebook")
    elif name == "press-release":
        out = list(lines)
        out[2] = out[2].replace("6000", "６０００").replace("30%", "３０％")
        out[3] = out[3].replace("-5℃", "－５℃")
        out[5:8] = [row.replace(" ", "\t") for row in out[5:8]]
        out[8] = out[8].replace("1,200", "１，２００").replace("15%", "１５％")
        out += ["相关新闻", "免责声明：本文内容由企业提供，不代表本网观点。"]
    elif name == "learner-interview":
        out = [lines[0], "HSK 4 | 生词 12 个", "点击查看拼音", *lines[1:]]
        out[4] = out[4].replace("绿色", "绿(lv4)色").replace("女儿", "女(nu:3)儿").replace("声调", "声(sheng1)调")
        out[6] = out[6].replace("聊天", "聊(liao2)天")
    elif name == "pdf-explainer":
        out = [lines[0]]
        width = 24
        for number, paragraph in enumerate(lines[1:], start=1):
            out += [paragraph[i:i + width] for i in range(0, len(paragraph), width)]
            if number in (2, 3):
                out += [f"· {number + 10} ·", "城市管理工作手册 2024"]
        out.append("· 14 ·")
    elif name == "literary-review":
        out = list(lines)
        out[2] = out[2].encode("utf-8").decode("cp1252", errors="replace") if False else _cp1252(out[2])
        out[4] = out[4].replace("，", "锛?", 1)
        out[5] = out[5][:-1] + "锛?" if out[5].endswith("。") else out[5]
        out.insert(4, _gbk_read_as_utf8("这一段原文在转存时损坏了，已经无法恢复。"))
    else:  # pragma: no cover
        raise KeyError(name)
    return "\n".join(out) + "\n"


def _cp1252(text: str) -> str:
    """UTF-8 bytes shown as Windows-1252 (undefined bytes as Latin-1), as a mis-set page shows them."""
    out = []
    for byte in text.encode("utf-8"):
        try:
            out.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out)


def gold(name: str) -> str:
    """The golden repair: the clean article (the literary review's last mark was a ！ lost
    to the damage, and the repair cannot know; its gold says what the repair gives)."""
    text = CLEAN[name]
    if name == "literary-review":
        text = text.replace("细细品读。", "细细品读！")
    return text


if __name__ == "__main__":  # python -m tests.genres: write the files to look at
    FOLDER.mkdir(parents=True, exist_ok=True)
    for genre in CLEAN:
        (FOLDER / f"{genre}.damaged.txt").write_text(damaged(genre), encoding="utf-8")
        (FOLDER / f"{genre}.gold.txt").write_text(gold(genre), encoding="utf-8")
    print(f"wrote {len(CLEAN) * 2} files to {FOLDER}", file=sys.stderr)
