"""Web pages we build ourselves around our gold articles, as real saved pages are built: a
news portal (navigation, breadcrumbs, share bar, ads, scripts, a caption and credits in the
article, related news, comments), a WeChat article (body hidden until scripts run, title
only in og:title and #activity-name), a blog (sidebar, tags, comments). Each can be saved
as UTF-8, as UTF-8 under a GBK ``<meta>`` (what a browser's "save page" does), or as GBK.
"""

from __future__ import annotations

import html
from pathlib import Path

ARTICLES = Path(__file__).parent / "golden" / "articles"
CHROME = [  # text that must never reach the edition
    "首页", "国内新闻", "财经频道", "您的位置", "分享到", "广告招商热线", "热门排行", "相关新闻", "网友评论",
    "这篇文章写得真好", "var _hmt", "function(", "版权所有", "京ICP证", "推荐阅读", "猜你喜欢", "上一篇：", "下一篇：",
    "侧边栏的文章分类", "博主的其他文章", "留言板",
]
CREDITS = ["（新华社记者 王小明 摄）", "责任编辑：赵六", "原标题：一个不同的原始标题"]


def gold(name: str) -> list[str]:
    return (ARTICLES / f"{name}.gold.txt").read_text(encoding="utf-8").splitlines()


def _paragraphs(lines: list[str]) -> str:
    out = []
    for line in lines:
        speaker, sep, rest = line.partition("：")
        if sep and len(speaker) <= 6 and rest:
            out.append(f"<p><strong>{html.escape(speaker)}：</strong>{html.escape(rest)}</p>")
        else:
            out.append(f"<p>{html.escape(line)}</p>")
    return "\n".join(out)


def portal_page(lines: list[str], site: str = "示例新闻网") -> str:
    title, body = lines[0], lines[1:]
    middle = len(body) // 2
    article = (_paragraphs(body[:middle]) + '\n<figure><img src="a.jpg" alt="现场图片"><figcaption>'
               f"会场一角{CREDITS[0]}</figcaption></figure>\n" + _paragraphs(body[middle:]) +
               f"\n<p>{CREDITS[1]}</p>")
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title}_国内新闻_{site}</title>
<meta property="og:site_name" content="{site}"><link rel="canonical" href="https://news.example.cn/2024/03/05/a1.html">
<meta name="author" content="张记者"><meta name="publishdate" content="2024-03-05">
<script>var _hmt = _hmt || []; (function() {{ var hm = document.createElement("script"); }})();</script>
<style>body {{ font-family: sans-serif; }}</style></head>
<body>
<div class="top-nav"><ul><li><a href="/">首页</a></li><li><a href="/gn">国内新闻</a></li><li><a href="/cj">财经频道</a></li>
<li><a href="/ty">体育</a></li><li><a href="/yl">娱乐</a></li></ul></div>
<div class="breadcrumb">您的位置：<a href="/">首页</a> &gt; <a href="/gn">国内新闻</a> &gt; 正文</div>
<div class="ad-banner">广告招商热线：010-12345678</div>
<div class="main"><div class="article">
<h1 class="article-title">{html.escape(title)}</h1>
<div class="info"><span class="time">2024-03-05 10:30</span> 来源：{site} 作者：张记者</div>
<div class="share-bar">分享到：<a>微信</a> <a>微博</a> <a>QQ空间</a></div>
<div class="article-content">
{article}
</div></div>
<div class="related"><h3>相关新闻</h3><ul><li><a href="/x1">另一则毫不相关的新闻标题在这里出现</a></li>
<li><a href="/x2">又一则相关新闻的标题也在这里出现了</a></li></ul></div>
<div class="hot-rank"><h3>热门排行</h3><ol><li>热门文章标题一号排行第一</li><li>热门文章标题二号排行第二</li></ol></div>
<div id="comments" class="comment-list"><h3>网友评论</h3><div class="comment"><p>这篇文章写得真好，支持一下作者！</p></div>
<div class="comment"><p>网友甲：我完全不同意这种看法。</p></div></div>
</div>
<div class="footer">版权所有 2024 {site} 京ICP证000000号</div>
<script>function track() {{ return "文章统计代码"; }}</script>
</body></html>
"""


def wechat_page(lines: list[str]) -> str:
    title, body = lines[0], lines[1:]
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title></title>
<meta property="og:title" content="{html.escape(title)}"><meta property="og:site_name" content="微信公众平台">
<meta property="og:url" content="https://mp.weixin.qq.com/s/AbCdEf">
<script>var ct = "1709605800"; var msg_title = "{html.escape(title)}";</script></head>
<body id="activity-detail"><div id="js_article" class="rich_media">
<h1 class="rich_media_title" id="activity-name">
  {html.escape(title)}
</h1>
<div class="rich_media_meta_list"><span id="js_name">示例公众号</span> <em id="publish_time"></em></div>
<div class="rich_media_content" id="js_content" style="visibility: hidden;">
<section>{_paragraphs(body)}</section>
<p><img data-src="https://mmbiz.qpic.cn/x.jpg" alt=""></p>
</div>
<div class="rich_media_tool"><a id="js_read_more">阅读原文</a> 分享 收藏 点赞 在看</div>
<div id="js_cmt_area" class="discuss_container"><div class="discuss_item">网友评论：这篇文章写得真好</div></div>
<div class="qr_code_pc">微信扫一扫关注该公众号</div>
</div></body></html>
"""


def blog_page(lines: list[str]) -> str:
    title, body = lines[0], lines[1:]
    return f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<title>{html.escape(title)} @ 小王的博客 :: 博客园 ::</title>
<meta property="og:title" content="{html.escape(title)} @ 小王的博客 :: 博客园 ::"><meta property="og:site_name" content="小王的博客">
</head><body>
<header class="blog-header"><h1>小王的博客</h1><p>记录生活，分享点滴</p><nav><a>首页</a> <a>归档</a> <a>关于</a></nav></header>
<div class="container"><aside class="sidebar"><h3>文章分类</h3><ul><li>侧边栏的文章分类一</li><li>侧边栏的文章分类二</li></ul>
<h3>最新文章</h3><ul><li>博主的其他文章标题之一</li></ul></aside>
<article class="post"><h2 class="post-title">{html.escape(title)}</h2><div class="post-meta">发表于 2023-12-28 标签：生活</div>
<div class="post-body">{_paragraphs(body)}</div>
<div class="post-nav"><a>上一篇：旧的文章</a> <a>下一篇：新的文章</a></div></article>
<section class="comments"><h3>留言板</h3><div class="comment">访客：这篇文章写得真好！</div></section>
<div class="recommend"><h3>推荐阅读</h3><ul><li>猜你喜欢的另一篇文章标题</li></ul></div></div>
<footer>版权所有 小王的博客 Powered by 博客园</footer></body></html>
"""


PAGES = {"portal": portal_page, "wechat": wechat_page, "blog": blog_page}


def save(text: str, path: Path, how: str) -> Path:
    """``utf-8``; ``utf-8 under gbk`` (UTF-8 bytes, the meta says gbk, as a browser saves);
    ``gbk`` (real GBK bytes under a GBK meta)."""
    if how != "utf-8":
        text = text.replace('<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=gbk">')
    path.write_bytes(text.encode("gbk" if how == "gbk" else "utf-8"))
    return path
