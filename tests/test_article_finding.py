"""Finding the article on a page by its prose: the blocks a reader sees, the run of them
that is the article, and where it ends. Small pages built here, one per way real pages
go wrong; the real pages themselves are judged in ``test_real_pages.py``."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from pipeline.edition import prepare
from pipeline.read.article import find_article, script_body
from pipeline.read.blocks import text_blocks
from pipeline.read.formats import detect_format, read_document
from pipeline.read.page import decode_page

PARAGRAPHS = [
    "国家统计局今天发布数据，今年前三季度国内生产总值同比增长百分之五，经济运行总体平稳。",
    "分产业看，第一产业增加值增长百分之三，第二产业增长百分之五，第三产业增长百分之五点二。",
    "专家表示，下一阶段要继续扩大内需，稳定就业，推动经济持续回升向好，为全年目标打下基础。",
    "统计局新闻发言人说，外部环境依然复杂，但我国经济长期向好的基本面没有改变，信心正在恢复。",
]


def article_of(html: str, headline: str = "") -> list[str]:
    tree = lxml.html.document_fromstring(html)
    return [b.text for b in find_article(tree, headline).blocks]


def page(body: str, title: str = "前三季度经济运行总体平稳") -> str:
    return f"<html><head><title>{title}_新闻_示例网</title></head><body>{body}</body></html>"


def paragraphs() -> str:
    return "".join(f"<p>{p}</p>" for p in PARAGRAPHS)


# --- blocks ------------------------------------------------------------------------------

def test_nested_sections_and_spans_are_read_whole_and_in_order():
    """A WeChat body: sections of spans, one paragraph per section, nothing lost."""
    html = "<div id='js_content'>" + "".join(
        f"<section><section><span>{p[:20]}</span><span><strong>{p[20:]}</strong></span></section></section>"
        for p in PARAGRAPHS) + "</div>"
    assert [b.text for b in text_blocks(lxml.html.fragment_fromstring(html))] == PARAGRAPHS


def test_an_editors_indented_spans_put_no_spaces_into_a_sentence():
    html = "<p>\n  <span>与我们</span>\n  <span>教育</span>\n  <span>实际相反的</span>\n <span>，是 Python 3</span>\n</p>"
    assert [b.text for b in text_blocks(lxml.html.fragment_fromstring(html))] == ["与我们教育实际相反的，是 Python 3"]


def test_line_breaks_tables_links_hidden_text_and_controls():
    html = ("<div><p>第一行<br>第二行</p><table><tr><td>姓名</td><td>张三</td></tr></table>"
            "<p><a href='#'>一个链接</a>和正文</p><p style='display:none'>隐藏的文字</p>"
            "<h2>历史<span class='mw-editsection'>[<a>编辑</a>]</span></h2><p>他生于北京<sup class='reference'>[1]</sup>。</p>"
            "<script>var x = '脚本';</script><figure><figcaption>图为会场</figcaption></figure></div>")
    blocks = text_blocks(lxml.html.fragment_fromstring(html))
    assert [(b.text, b.kind) for b in blocks] == [
        ("第一行", "paragraph"), ("第二行", "paragraph"), ("姓名\t张三", "table row"), ("一个链接和正文", "paragraph"),
        ("历史", "heading"), ("他生于北京。", "paragraph"), ("图为会场", "caption")]
    assert blocks[3].link_chars == 4


# --- where the article is and where it ends -------------------------------------------------

def test_a_feed_after_the_article_is_not_the_article():
    feed = "".join(f"<li><a href='/n{i}'>推荐阅读第{i}条新闻的标题写得很长很长</a><span>3小时前</span></li>" for i in range(30))
    html = page("<h1>前三季度经济运行总体平稳</h1><div class='main'>" + paragraphs() + "</div><ul>" + feed + "</ul>")
    assert article_of(html, "前三季度经济运行总体平稳") == PARAGRAPHS


def test_a_comment_thread_with_stamps_after_the_article_is_cut():
    """Comments are prose too; their stamps (a time of day) and names are what give them away."""
    comments = "".join(f"<div>网友{i}[221.217.28.*] 认为：</div><div>引用 支持 2004-12-15 14:5{i}:21</div>"
                       f"<div>我觉得这篇文章写得很好，说出了很多人的心里话，希望有关部门能够重视。</div>" for i in range(4))
    html = page("<h1>前三季度经济运行总体平稳</h1><div>" + paragraphs() + "<div>热门评论</div>" + comments + "</div>")
    assert article_of(html, "前三季度经济运行总体平稳") == PARAGRAPHS


def test_a_wrapper_marked_as_navigation_around_the_whole_page_is_not_navigation():
    html = page("<div class='blq-int-nav'><h1>前三季度经济运行总体平稳</h1><div class='story'>" + paragraphs() + "</div>"
                "<div class='related'><a>相关新闻一</a><a>相关新闻二</a></div></div>")
    assert article_of(html, "前三季度经济运行总体平稳") == PARAGRAPHS


def test_comment_rules_longer_than_a_short_article_do_not_win():
    rules = "".join(f"<li>请勿发表涉及攻击、侮辱、影射或其他有违社会善良风俗的内容，违者删除，第{i}条。</li>" for i in range(8))
    html = page("<h1>年迈母子住处身亡</h1><article class='arttext'><p>士林区一处民宅今天下午发生一起不幸事件，警方已经到场调查。</p></article>"
                "<div id='comments'><div class='comments_rule'><ul>" + rules + "</ul></div></div>")
    assert article_of(html, "年迈母子住处身亡") == ["士林区一处民宅今天下午发生一起不幸事件，警方已经到场调查。"]


def test_a_short_poem_in_its_own_container_is_kept_whole():
    essay = "".join(f"<p>这首诗写于诗人客居扬州之时，月光如霜，思乡之情油然而生，历代评论家对此多有赞誉，第{i}段。</p>" for i in range(6))
    html = page("<h1>静夜思</h1><div class='cont'><p>李白〔唐代〕</p><div class='contson'>床前明月光，疑是地上霜。<br>举头望明月，低头思故乡。</div></div>"
                "<div class='shangxi'><h2>赏析</h2>" + essay + "</div>", title="静夜思原文、翻译及赏析_李白古诗")
    assert article_of(html, "静夜思") == ["床前明月光，疑是地上霜。", "举头望明月，低头思故乡。"]


def test_the_articles_own_credit_is_kept_for_the_normalizer_to_list():
    html = page("<h1>前三季度经济运行总体平稳</h1><div class='content'>" + paragraphs() + "<p>责任编辑：赵六</p></div>"
                "<div class='recommend'><a>推荐一</a></div>")
    assert article_of(html, "前三季度经济运行总体平稳")[-1] == "责任编辑：赵六"


def test_a_wechat_body_is_kept_whole_even_its_short_lines_and_code():
    body = "".join(f"<section><span>{p}</span></section>" for p in PARAGRAPHS)
    body += "<pre><code>with contextlib.ExitStack() as stack:</code></pre><p>共谋发展</p><p>新时代</p>"
    html = page("<h1 id='activity-name'>前三季度经济运行总体平稳</h1><div id='js_content' style='visibility: hidden;'>" + body
                + "<p>相关文章：</p><p><a href='#'>往期文章一</a></p><p><a href='#'>往期文章二</a></p></div>")
    found = find_article(lxml.html.document_fromstring(html), "前三季度经济运行总体平稳")
    assert [b.text for b in found.blocks] == PARAGRAPHS + ["with contextlib.ExitStack() as stack:", "共谋发展", "新时代", "相关文章："]
    assert found.container == '*[@id="js_content"]'


def test_what_was_left_out_is_counted_by_the_kind_the_page_marks():
    html = page("<div class='top-nav'><a>首页</a><a>国内</a></div><h1>前三季度经济运行总体平稳</h1>" + paragraphs()
                + "<div class='comment-list'><p>网友：写得好。</p></div><div class='footer'>版权所有</div>")
    left = dict(find_article(lxml.html.document_fromstring(html), "前三季度经济运行总体平稳").left_out)
    assert left["navigation"] == 4 and left["comments"] == len("网友：写得好。") and left["footer"] == 4


def test_a_wechat_text_share_is_read_from_its_script(tmp_path: Path):
    """A text share's #js_content holds its title and UI words; the post is in a script."""
    html = ("<html><head><meta property='og:title' content='AI编程带给程序员的危与机'></head><body><div id='js_content'>"
            "<h1 id='js_text_title'>AI编程带给程序员的危与机</h1><p>向上滑动看下一个</p></div><script>var d = {"
            "content_noencode: JsDecode('这两年经常听到一种论调。\\x0a\\x0a先说结论：前端危\\x26amp;后端危。'), "
            "title: 'AI编程带给程序员的危与机'};</script></body></html>")
    assert script_body(html) == ["这两年经常听到一种论调。", "先说结论：前端危&后端危。"]
    path = tmp_path / "share.html"
    path.write_text(html, encoding="utf-8")
    assert read_document(path).lines == ("AI编程带给程序员的危与机", "这两年经常听到一种论调。", "先说结论：前端危&后端危。")


# --- pages as they are saved ------------------------------------------------------------------

def test_a_rendered_dom_that_starts_at_head_and_a_corpus_wrapper_are_pages():
    assert detect_format("<head><title>标题</title></head><body><p>正文。</p></body>".encode(), Path("a.txt")) == "html"
    wrapped = '<text id="http://x.cn/1.html" title="标题" encoding="gbk">\n<div><h1>标题</h1></div><div><p>一</p><p>二</p><p>三</p></div>'
    assert detect_format(wrapped.encode(), Path("a.html")) == "html"
    assert detect_format(b'<?xml version="1.0"?><rss><channel><title>t</title><p>x</p><p>y</p><p>z</p><div></div></channel></rss>',
                         Path("feed.txt")) == "text"


def test_a_gbk_page_with_a_few_broken_bytes_is_read_and_says_so(tmp_path: Path):
    text = page("<h1>艺术史研究</h1>" + paragraphs()).replace("<head>", '<head><meta charset="gbk">')
    data = text.encode("gbk").replace("经济".encode("gbk"), b"\x81\x20", 1)
    html, used = decode_page(data, tmp_path / "a.html")
    assert "undecodable sequences replaced" in used and "国家统计局" in html


@pytest.mark.parametrize("title, shown, headline", [
    ("法国全国大罢工再次严重影响交通-新华网", "法国全国大罢工再次严重影响交通", "法国全国大罢工再次严重影响交通"),
    ("中华人民共和国监察法-纪检", "中华人民共和国监察法", "中华人民共和国监察法"),
    ("第一章 山雨欲来_《青云志》小说在线阅读 - 某某小说网", "第一章 山雨欲来", "第一章 山雨欲来"),
    ("艺术史研究<世纪在线中国艺术网", "艺术史研究", "艺术史研究"),
])
def test_the_headline_is_the_part_of_the_title_the_page_shows(tmp_path: Path, title: str, shown: str, headline: str):
    html = (f"<html><head><title>{title}</title></head><body><div class='nav'><a>首页</a></div>"
            f"<div class='t'>{shown}</div><div>{paragraphs()}</div></body></html>")
    path = tmp_path / "p.html"
    path.write_text(html, encoding="utf-8")
    assert prepare(read_document(path)).title.zh.replace(" ", "") == headline.replace(" ", "")


def test_a_flash_above_a_feed_of_teasers_with_summaries_is_the_article():
    flash = "新华社北京电 国家统计局今天发布数据，前三季度国内生产总值同比增长百分之五，经济运行总体平稳，就业物价基本稳定。"
    teasers = "".join(f"<div class='item'><h3><a href='/t{i}'>另一条新闻的标题第{i}条</a></h3>"
                      f"<p>这是另一条新闻的摘要，讲的是别的事情，有好几句话，内容和正文毫无关系，第{i}条摘要写到这里。</p></div>" for i in range(12))
    html = page(f"<h1>前三季度经济运行总体平稳</h1><div class='text'><p>{flash}</p></div><div class='x'>" + teasers + "</div>")
    assert article_of(html, "前三季度经济运行总体平稳") == [flash]


def test_an_article_split_by_an_inline_list_of_links_is_kept_across_it():
    links = "<ul>" + "".join(f"<li><a href='/r{i}'>相关阅读：另一条新闻的标题写得很长很长第{i}条</a></li>" for i in range(6)) + "</ul>"
    html = page("<h1>前三季度经济运行总体平稳</h1><div class='body'>" + f"<p>{PARAGRAPHS[0]}</p>" + links
                + "".join(f"<p>{p}</p>" for p in PARAGRAPHS[1:] * 3) + "</div>")
    kept = article_of(html, "前三季度经济运行总体平稳")
    assert kept[0] == PARAGRAPHS[0] and kept[-1] == PARAGRAPHS[-1] and len([k for k in kept if k in PARAGRAPHS]) == 10


def test_a_page_that_only_asks_for_javascript_is_the_documented_error(tmp_path: Path):
    from pipeline.errors import InputError

    path = tmp_path / "app.html"
    path.write_text("<html><head><title>某某新闻客户端</title></head><body><noscript>请启用JavaScript</noscript>"
                    "<div id='app'><p>您的浏览器已禁用JavaScript，请启用JavaScript后访问本页面。</p></div></body></html>", encoding="utf-8")
    with pytest.raises(InputError, match="only asks for JavaScript"):
        read_document(path)



@pytest.mark.parametrize("body", [
    # an app shell with nothing but an English <noscript> notice (Vue's default)
    "<noscript>We're sorry but this app doesn't work properly without JavaScript enabled. Please enable it to continue.</noscript>"
    "<div id=app></div>",
])
def test_an_app_shell_with_only_a_noscript_notice_is_the_javascript_error(tmp_path: Path, body: str):
    from pipeline.errors import InputError

    path = tmp_path / "app.html"
    path.write_text(f"<html><head><title>前三季度经济运行总体平稳</title></head><body>{body}</body></html>", encoding="utf-8")
    with pytest.raises(InputError, match="only asks for JavaScript"):
        read_document(path)


def test_a_noscript_notice_in_an_article_page_does_not_stop_it(tmp_path: Path):
    path = tmp_path / "p.html"
    path.write_text(page("<h1>前三季度经济运行总体平稳</h1>" + paragraphs() + "<noscript>请启用JavaScript以查看评论</noscript>"), encoding="utf-8")
    assert read_document(path).lines[1:] == tuple(PARAGRAPHS)


def test_a_text_share_whose_script_is_all_there_is_has_its_lines(tmp_path: Path):
    """The headline last on the page (nothing after it) made the article search index past the
    end: a traceback. The script's ``\\n`` escapes part its lines."""
    path = tmp_path / "share.html"
    path.write_text("<html><head><title>分享</title></head><body><div id='js_content'>分享</div><script>var content_noencode = '"
                    + "\\n".join(PARAGRAPHS[:2]) + "';</script></body></html>", encoding="utf-8")
    assert read_document(path).lines[1:] == tuple(PARAGRAPHS[:2])


def test_a_small_gbk_page_with_two_broken_sequences_is_read_with_them_replaced(tmp_path: Path):
    path = tmp_path / "p.html"
    data = page("<meta charset=gbk><h1>前三季度经济运行总体平稳</h1>" + paragraphs()).encode("gb18030")
    path.write_bytes(data.replace("今天".encode("gb18030"), b"\xff\xff", 1))
    document = read_document(path)
    assert document.lines[2:] == tuple(PARAGRAPHS[1:]) and "2 undecodable sequences replaced" in document.source.encoding


def test_untrusted_page_metadata_is_cleaned_once(tmp_path: Path):
    """A canonical javascript: URL is not a source; control and bidi-override characters in a
    site name never reach an output (they made the EPUB invalid XML, or reversed the line)."""
    path = tmp_path / "p.html"
    path.write_text("<html><head><title>前三季度经济运行总体平稳</title><link rel='canonical' href='javascript:alert(1)'>"
                    "<meta property='og:site_name' content='示例&#1;新闻\u202e网'></head><body><h1>前三季度经济运行总体平稳</h1>"
                    + paragraphs() + "</body></html>", encoding="utf-8")
    source = read_document(path).source
    assert source.url == "" and source.site == "示例新闻网"


@pytest.mark.parametrize("encoding, prolog", [("utf-16", ""), ("gb18030", '<?xml version="1.0" encoding="gb2312"?>\n')])
def test_a_page_is_decoded_by_its_bytes_a_utf16_bom_or_an_xml_declaration(tmp_path: Path, encoding: str, prolog: str):
    path = tmp_path / "p.xhtml"
    text = prolog + page("<h1>前三季度经济运行总体平稳</h1>" + paragraphs())
    path.write_bytes(text.encode(encoding))
    document = read_document(path)
    assert document.lines[0] == "前三季度经济运行总体平稳" and PARAGRAPHS[0] in document.lines


def test_a_long_table_or_list_is_never_joined_as_hard_wraps(tmp_path: Path):
    """300 rows of one width looked like a paste's hard wraps and became one paragraph."""
    rows = "".join(f"<tr><td>第{i:03d}号</td><td>北京市朝阳区某某街道某某社区</td><td>已完成</td></tr>" for i in range(300))
    path = tmp_path / "t.html"
    path.write_text(page("<h1>前三季度经济运行总体平稳</h1>" + paragraphs() + f"<table>{rows}</table>"), encoding="utf-8")
    from pipeline.edition import prepare

    document = prepare(read_document(path))
    assert sum("已完成" in p.source_text for p in document.paragraphs) == 300
    markdown = tmp_path / "t.md"
    markdown.write_text("# 标题\n\n" + "\n".join(f"- 第{i:03d}项：北京市朝阳区某某街道某某社区已经完成" for i in range(300)) + "\n", encoding="utf-8")
    assert sum("已经完成" in p.source_text for p in prepare(read_document(markdown)).paragraphs) == 300


@pytest.mark.parametrize("body", [
    "<div>" * 300 + "".join(f"<p>第{i}段正文，内容在很深的嵌套里面。</p>" for i in range(5)) + "</div>" * 300,
    "".join(f"<font size=3><p>第{i}段正文，旧网页的字体标签从来没有关闭。" for i in range(400)),
])
def test_a_page_is_parsed_as_a_browser_parses_it(tmp_path: Path, body: str):
    """Paragraphs 300 levels deep were cut off; an old page's unclosed <font> tags lost most
    paragraphs and merged the rest (libxml2); a browser keeps them all, and so does the reader."""
    path = tmp_path / "p.html"
    path.write_text(f"<html><head><title>旧网页</title></head><body><h1>旧网页</h1>{body}</body></html>", encoding="utf-8")
    lines = read_document(path).lines
    paragraphs = [line for line in lines if line.startswith("第")]
    assert len(paragraphs) == body.count("<p>") and all("段正文" in p and p.count("第") == 1 for p in paragraphs)


def test_big5_bytes_under_a_gb2312_declaration_are_read_as_big5(tmp_path: Path):
    """A template's meta copied from a mainland site onto a Taiwanese one: the declared codec
    gives rare characters (mojibake), the bytes' own one gives prose, and the encoding says so."""
    lines = [f"這是第{i}段正文，記者在現場採訪了許多當地居民，他們表示對於這項政策感到非常擔憂。" for i in range(6)]
    path = tmp_path / "p.html"
    path.write_bytes(("<html><head><meta charset='gb2312'><title>臺灣的新聞報導</title></head><body><h1>臺灣的新聞報導</h1>"
                      + "".join(f"<p>{line}</p>" for line in lines) + "</body></html>").encode("big5"))
    document = read_document(path)
    assert document.lines[1:] == tuple(lines) and document.source.encoding == "big5 (declared gb2312; the bytes are big5)"


def test_paragraphs_parted_by_two_line_breaks_stay_apart(tmp_path: Path):
    path = tmp_path / "p.html"
    path.write_text(page("<h1>前三季度经济运行总体平稳</h1><div>" + "<br><br>".join(PARAGRAPHS) + "</div>"), encoding="utf-8")
    assert read_document(path).lines[1:] == tuple(PARAGRAPHS)
