"""The normalizer on text as it really arrives: captures read by what they are, a line's fate
by evidence, doubt said aloud, and the real texts of ../shared judged against their labels."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from pipeline.document import Decision, Document
from pipeline.normalize import normalize, normalized_text
from pipeline.read.formats import read_document
from tests.conftest import invoke

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "real_texts"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/real_texts is absent (the real development texts)")

CAPTURE = """#  一家社区书店的十年   
原创 李某  城市读书会   2024-12-10 13:57  

点击蓝色  

![](https://mmbiz.qpic.cn/a.gif "")  

关注我们  

十年前，李女士在老城区的一条小巷里开了一家只有二十平方米的书店。那时很多人劝她，实体书店早就不赚钱了。  

她没有放弃。书店每周举办一次读书会，从最初的三五个人，  
慢慢发展到每次都有四五十位读者参加。  

**如今，这家书店已经成为社区的文化中心。**  

![](https://mmbiz.qpic.cn/b.png "")  

编辑：陈某  

**分享、点赞、在看，3连3连！**  
"""


def test_a_markdown_capture_saved_as_txt_is_read_as_markdown(tmp_path: Path):
    path = tmp_path / "capture.txt"
    path.write_text(CAPTURE, encoding="utf-8")
    document = read_document(path)
    assert document.source.format == "markdown" and document.source.date == "2024-12-10 13:57"
    result = normalize(document)
    text = normalized_text(result)
    assert text.splitlines()[0] == "一家社区书店的十年"
    assert "从最初的三五个人，慢慢发展到每次都有四五十位读者参加。" in text  # hard-broken lines joined
    assert "如今，这家书店已经成为社区的文化中心。" in text.splitlines()
    assert not any(mark in text for mark in ("![", "**", "#", "编辑", "2024-12-10"))
    assert {"image", "disclaimer"} <= {d.kind for d in result.dropped}


def test_a_crawler_csv_is_read_as_records_with_its_metadata_out_of_the_text(tmp_path: Path):
    path = tmp_path / "weibo.txt"
    path.write_text("\ufeffid,bid,正文,日期,点赞数\r\n1\t,Ab1,【#话题#】今天的新闻很重要，大家都在讨论。<br />第二行也是正文。,2024-09-10,445\r\n"
                    "2\t,Ab2,\"第二条微博的正文，写得很长。\n某某的微博视频\n \",2024-09-11,3\r\n", encoding="utf-8")
    document = read_document(path)
    assert document.source.format == "records" and document.source.date == "2024-09-10"
    assert document.lines == ("【#话题#】今天的新闻很重要，大家都在讨论。", "第二行也是正文。", "第二条微博的正文，写得很长。", "某某的微博视频")


def test_a_json_export_is_read_as_records(tmp_path: Path):
    path = tmp_path / "dump.txt"
    path.write_text(json.dumps({"user": {"id": 1}, "weibo": [{"id": 1, "text": "第一条微博，内容很长很长。"},
                                                             {"id": 2, "text": "第二条<br />两行。"}]}, ensure_ascii=False), encoding="utf-8")
    assert read_document(path).lines == ("第一条微博，内容很长很长。", "第二条", "两行。")


def test_an_rss_feed_is_read_as_its_items(tmp_path: Path):
    feed = ('<?xml version="1.0" encoding="gb2312"?><rss version="0.92"><channel><title>我的博客</title>'
            "<link>http://example.org</link><item><title>终于考完了</title><description>\t希望别挂。\n体育也考完了。\n"
            "</description><link>http://example.org/1</link></item></channel></rss>")
    path = tmp_path / "feed.txt"
    path.write_bytes(feed.encode("gb18030"))
    document = read_document(path)
    assert document.source.format == "feed" and document.lines == ("我的博客", "终于考完了", "希望别挂。", "体育也考完了。")


def test_a_posts_html_fragment_breaks_its_lines_at_br(tmp_path: Path):
    path = tmp_path / "post.txt"
    path.write_text('第一句。<br />1、第二句<span class="url-icon"><img alt=[汗] src="x.png" /></span>；<br />还是算了吧\n', encoding="utf-8")
    assert normalized_text(normalize(read_document(path))).splitlines() == ["第一句。", "1、第二句；", "还是算了吧"]


@pytest.mark.parametrize("simplified", ["这给了他很大的慰藉。", "现场一片狼藉，乾隆年间的事。", "他不经意间抬头看了一眼。"])
def test_simplified_text_is_not_converted(simplified: str):
    assert normalize(Document("a.txt", ("标题", simplified))).paragraphs[1].zh == simplified


def test_a_lost_byte_after_a_question_is_a_question_mark():
    assert normalize(Document("a.txt", ("标题", "你们明天还去北京吗銆?"))).paragraphs[1].zh == "你们明天还去北京吗？"


def test_a_flattened_headline_and_its_original_title_are_parted():
    line = "兰州公交集团:三条公交线暂不经过靖远路站原标题：三条公交线暂不经过靖远路站中国甘肃网7月20日讯日前，记者从兰州公交集团获悉，线路将临时调整。"
    result = normalize(Document("a.txt", (line,)))
    assert [p.zh for p in result.paragraphs] == ["兰州公交集团：三条公交线暂不经过靖远路站", "中国甘肃网7月20日讯日前，记者从兰州公交集团获悉，线路将临时调整。"]
    assert [d.kind for d in result.dropped] == ["metadata"]


ARTICLE = ("社区书店的十年", "十年前，李女士在老城区的一条小巷里开了一家只有二十平方米的书店。", "她没有放弃，书店每周举办一次读书会。",
           "如今，这家书店已经成为社区的文化中心，孩子们放学后会来这里写作业。", "点击关注我们", "分享、点赞、在看，3连3连！")


def test_a_line_the_scorer_cannot_decide_is_kept_and_marked_never_dropped():
    result = normalize(Document("a.txt", ARTICLE))
    kept = {p.line for p in result.paragraphs}
    for doubt in result.doubts:
        assert doubt.line in kept and 0 < doubt.probability < 1
    assert {2, 3, 4} <= kept


def test_drop_and_keep_rule_over_the_scorer_and_are_recorded():
    decided = normalize(Document("a.txt", ARTICLE), decisions=(Decision(3, "drop"), Decision(6, "keep")))
    assert 3 not in {p.line for p in decided.paragraphs} and 6 in {p.line for p in decided.paragraphs}
    assert ("dropped by request", 3) in {(d.kind, d.line) for d in decided.dropped}
    assert decided.decisions == (Decision(3, "drop"), Decision(6, "keep"))


def test_normalize_cli_takes_drop_and_keep_and_reports_doubts(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_text("\n".join(ARTICLE) + "\n", encoding="utf-8")
    result = invoke("normalize", path, "--drop", "3", "--report")
    assert result.exit_code == 0 and "她没有放弃，书店" not in result.output.split("changes:")[0]
    assert "line 3: drop (as asked)" in result.output and "dropped line 3 (dropped by request)" in result.output
    bad = invoke("normalize", path, "--drop", "3", "--keep", "3")
    assert bad.exit_code == 64 and "both --drop and --keep" in bad.output


def _bench():
    sys.path.insert(0, str(ROOT / "bench"))
    import normalize_real
    import real_material

    return real_material, normalize_real


@needs_shared
@pytest.mark.parametrize("labels", ["real_lines.tsv", "aside_lines.tsv"])
def test_no_labelled_article_line_of_a_real_text_is_dropped(labels: str):
    real_material, normalize_real = _bench()
    rows: dict = {}
    for row in real_material.labelled_lines(ROOT / "tests" / "data" / labels):  # fails if the labels no longer match the reader
        rows.setdefault(row[0], []).append(row)
    confusion, _ = normalize_real.judge(rows, normalize_real._read_real)
    assert confusion[("article", "dropped")] == 0 and confusion[("article", "kept")] > 0
    assert confusion[("residue", "dropped")] > 2 * confusion[("residue", "kept")]


def test_the_goldens_written_here_stay_exact():
    real_material, normalize_real = _bench()
    rows: dict = {}
    for row in real_material.genre_lines():
        rows.setdefault(row[0], []).append(row)
    confusion, cers = normalize_real.judge(rows, normalize_real._read_golden)
    assert all(cer == 0 for _, cer, _ in cers) and confusion[("article", "dropped")] == 0
