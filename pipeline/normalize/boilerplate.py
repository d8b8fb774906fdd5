"""Boilerplate: the lines of a scraped page that are not the article (captions,
disclaimers, metadata, placeholders), recognised by kind, not by one site's wording."""

from __future__ import annotations

import re

# Patterns describe the kind of line, not any one site's wording. They are matched on the
# normalized (simplified, full-width) text, so one pattern covers every script and spacing.
CAPTION_LINE = re.compile(
    r"(?:图源|图片来源|图片提供|图片由|图片作者|摄影|摄|供图|制图|配图|来源)[:：]|"
    r"^(?:图|图片|图为|资料图)[:：/]|^图为\S|[（(]图[/／]|图[/／][^，。]{1,12}$|^▲|"
    # a credit in brackets at the end of a short line: （新华社记者 某某 摄）, （某某供图）, （视觉中国）
    r"[（(][^（）()]{0,24}(?:摄|供图|图片|视觉中国|图虫|东方IC)[)）]$"
)
DISCLAIMER = re.compile(
    r"仅提供信息存储服务|不代表本(?:站|平台|网|号)|仅代表作者|版权归原作者|版权归.{0,12}所有|"
    r"转载请注明|未经.{0,10}(?:授权|许可).{0,10}(?:不得|禁止|严禁)|侵权.{0,12}(?:联系|删除|承担)|"
    r"如.{0,4}(?:对|有)本(?:稿件|文|文章|网站).{0,12}(?:异议|投诉|疑问|侵权)|免责声明|"
    r"(?:扫码|长按|点击).{0,10}(?:关注|二维码|阅读原文)|关注.{0,6}(?:公众号|微信号)|"
    r"^(?:责任编辑|责编|编辑|校对|审核|监制)[:：]\s*\S{1,12}$|"
    r"^(?:本文)?(?:来源|出处)[:：]\s*\S{1,20}$|"
    r"^[【\[]?(?:责任编辑|责编|编辑)[:：].{1,12}[】\]]?$|本文(?:来自|转载自|系).{0,12}(?:公众号|授权)|"
    r"^[（(]完[)）]$|仅供其表达个人看法|(?:并不|不)(?:表明|代表).{0,8}(?:立场|观点)|侵删|"
    r"^以下文章来源于|图片来源于网络|^本文(?:转载|转自|来源)"
)
# The words of a page's controls: a short line made of them is a button bar, a link list
# heading or a comment widget, not article text (分享到：微信 微博 QQ空间, 【关闭窗口】【打印本稿】).
UI_WORDS = (
    "分享到 分享 收藏 点赞 在看 转发 评论 举报 打印本稿 打印 关闭窗口 关闭 返回首页 返回顶部 返回 首页 上一篇 下一篇 "
    "相关新闻 相关阅读 相关文章 热门推荐 推荐阅读 延伸阅读 跟贴热词 跟贴 网友评论 发表评论 查看评论 我要评论 "
    "微信 微博 朋友圈 QQ空间 QQ 豆瓣 更多 字号 大 中 小 纠错 复制链接 扫一扫 手机看 订阅 登录 注册 "
    "阅读原文 往期推荐 往期回顾 点击查看拼音 查看拼音 展开全文 收起全文 按热度 按时间 写留言 留言 置顶 私信 "
    "下载App 打开App 查看更多 加载更多 全部评论 热门评论 最新评论 精选留言 "
    "Facebook Twitter WhatsApp Telegram LINE Email 脸书 推特 电邮 邮件"
).split()
UI_LINE = re.compile(r"^(?:[\s【】\[\]|｜/·•:：、，,>＞]*(?:" + "|".join(sorted(map(re.escape, UI_WORDS), key=len, reverse=True)) + r"))+[\s【】\[\]|｜/·•:：、，,>＞]*$")
PLACEHOLDER = re.compile(r"^[-—=*·]{3,}$|^[\[【]?(?:图片|视频|广告|图)[\]】]?$|^[-—=*·\s]*(?:END|THE END|完|全文完)[-—=*·\s]*$", re.I)
# Who wrote, edited, laid out: ``编辑 | 某某``, ``文 | 张三 编辑 | 李四``, ``撰文：某某``.
CREDIT_ROLE = r"(?:责任编辑|编辑|责编|校对|审核|监制|排版|美编|文字|文|图|作者|撰文|摄影|视频|出品|策划|统筹|来源|主编|记者)"
EDITING_ROLE = r"(?:责任编辑|编辑|责编|校对|审核|监制|排版|美编|撰文|摄影|出品|策划|统筹|主编)"
CREDIT = re.compile(  # a bar or slash after any role; a colon only after an editing role (记者： opens a Q&A turn),
    # or after any role when two credits share the line (作者：未知责任编辑：某某)
    rf"^(?:(?:{CREDIT_ROLE}\s*[|｜/]|{EDITING_ROLE}\s*[:：])\s*[^\s|｜/:：，。]{{1,12}}\s*)+$|"
    rf"^(?:{CREDIT_ROLE}\s*[:：]\s*[^\s|｜/:：，。]{{1,12}}?\s*){{2,}}$"
)
PAGE_NUMBER = re.compile(r"^(?:[-—·•.\s]*\d{1,4}[-—·•.\s]*|第\s*\d{1,4}\s*页(?:\s*[/／共]\s*\d{1,4}\s*页?)?|\d{1,4}\s*[/／]\s*\d{1,4})$")
# A line of counts and comment metadata: 转发 1.2万 评论 356 赞 2万 · 5-20 08:13 来自广东 回复 赞17 · 2楼
COUNT_TOKEN = re.compile(
    r"\d{4}[-/.年]\d{1,2}(?:[-/.月]\d{1,2}日?)?|\d{1,2}[-/月]\d{1,2}日?|\d{1,2}:\d{2}(?::\d{2})?|\d+\s*楼|\d+\s*(?:分钟|小时|天)前|刚刚|昨天|今天|"
    r"来自\s*\S{1,16}|IP属地[:：]?\s*\S{1,8}|\d+(?:\.\d+)?\s*(?:万|亿|w|W|k|K)?\+?|\s+|[|｜·•/、，,:：()（）\[\]【】]"
)
COUNT_WORDS = ("转发 评论 赞 点赞 回复 收藏 分享 阅读 在看 播放 浏览 关注 粉丝 举报 置顶 楼主 作者 按热度 按时间 热度 时间 "
               "查看 更多 展开 收起 全文 展开全文 收起全文 生词 个 HSK 级 难度 词汇 拼音 点击查看拼音 原创 发表于 发布于").split()
# GBK bytes decoded as UTF-8: replacement characters, and the Greek, Cyrillic, Armenian,
# Hebrew and Arabic letters that valid two-byte sequences happen to make.
UNREADABLE = re.compile("[\ufffd\u0370-\u06ff]")
METADATA = re.compile(r"^原标题[:：]|^(?:发布时间|发表时间|更新时间|阅读量|点赞数)[:：]")
BOILERPLATE_MAX = 160  # a longer line is a paragraph that happens to mention such words


def classify_boilerplate(text: str) -> str | None:
    """The kind of boilerplate a normalized line is, or None for article text.

    >>> classify_boilerplate("阿里云创始人王坚 图源：阿里云视频号")
    'caption'
    >>> classify_boilerplate("3、如对本稿件有异议或投诉，请联系：info@dsb.cn")
    'disclaimer'
    >>> classify_boilerplate("【关闭窗口】【打印本稿】"), classify_boilerplate("分享到：微信 微博 QQ空间")
    ('page control', 'page control')
    >>> classify_boilerplate("（新华社记者 李明 摄）"), classify_boilerplate("他说：“分享是美德。”")
    ('caption', None)
    >>> [classify_boilerplate(s) for s in ("编辑 | 张三", "· 12 ·", "- END -", "转发 1.2万 评论 356", "2楼")]
    ['credit', 'page number', 'placeholder', 'counts', 'counts']
    """
    if not text.strip():
        return "empty"
    if len(text) > BOILERPLATE_MAX:
        return None
    if DISCLAIMER.search(text):
        return "disclaimer"
    if METADATA.search(text):
        return "metadata"
    if PLACEHOLDER.search(text):
        return "placeholder"
    if CAPTION_LINE.search(text) and len(text) <= 80:
        return "caption"
    if len(text) <= 40 and UI_LINE.match(text):
        return "page control"
    if len(text) <= 60 and (CREDIT.match(text) or PAGE_NUMBER.match(text)):
        return "credit" if CREDIT.match(text) else "page number"
    if len(text) <= 60 and _counts_line(text):
        return "counts"
    bad = len(UNREADABLE.findall(text))
    if bad >= 3 and bad >= 0.15 * len(text.replace(" ", "")):
        return "unreadable"
    return None


COUNT_WORD = re.compile("|".join(sorted(map(re.escape, COUNT_WORDS), key=len, reverse=True)))


def _counts_line(text: str) -> bool:
    """A line made only of counts, dates, times, places and the words of a feed's widgets,
    with at least one such word: 转发 1.2万 评论 356 赞 2万, 5-20 08:13 来自广东 回复 赞17, 2楼.

    >>> _counts_line("转发 1.2万 评论 356 赞 2万"), _counts_line("5-20 08:13 来自广东 回复 赞17"), _counts_line("全年增长5%")
    (True, True, False)
    """
    rest = COUNT_WORD.sub(" ", text)
    if rest == text and not re.search(r"来自|\d+\s*楼|IP属地", text):
        return False
    return not COUNT_TOKEN.sub("", rest).strip()


