"""The DOCX as a reader opens it: structure, fonts, languages, properties."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml.ns import qn

from pipeline.write.docx.build import write_docx
from pipeline.document import Document, DroppedLine, EngineInfo, Paragraph, Sentence, Speaker


def sample_document() -> Document:
    return Document(
        "article.txt",
        (),
        paragraphs=(
            Paragraph("p1", "title", "标题", 1, sentences=(Sentence("p1.s1", "标题", 0, "Title"),)),
            Paragraph("p2", "lead", "导语。", 2, sentences=(Sentence("p2.s1", "导语。", 0, "Lead."),)),
            Paragraph("p3", "turn", "你好。", 3, speaker=Speaker("南都", "Southern Metropolis Daily"),
                      sentences=(Sentence("p3.s1", "你好。", 0, "Hello."),)),
        ),
        dropped=(DroppedLine(4, "caption", "图源：某处"),),
        engine=EngineInfo("argos-ctranslate2", "pkg", "1.0", "cpu"),
    )


def test_docx_has_title_table_and_appendix(tmp_path: Path):
    path = write_docx(sample_document(), tmp_path / "out.docx")
    out = docx.Document(str(path))
    texts = [p.text for p in out.paragraphs]
    assert texts[:2] == ["标题", "Title"]
    assert "Source: article.txt" in texts[2] and "pkg 1.0" in texts[2] and "3 paragraphs (the title and No. 2–3), 3 sentences" in texts[2]
    rows = [[c.text for c in row.cells] for row in out.tables[0].rows]
    assert rows == [
        ["No.", "中文 Chinese", "英文 English"],
        ["2", "导语。", "Lead."],
        ["3", "南都：你好。", "Southern Metropolis Daily: Hello."],
    ]
    assert any("line 4 · caption: 图源：某处" in t for t in texts)


def test_header_repeats_and_rows_do_not_split(tmp_path: Path):
    out = docx.Document(str(write_docx(sample_document(), tmp_path / "out.docx")))
    rows = out.tables[0].rows
    assert rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in rows[1:])


def test_speaker_labels_are_bold_in_both_columns(tmp_path: Path):
    out = docx.Document(str(write_docx(sample_document(), tmp_path / "out.docx")))
    _, zh, en = out.tables[0].rows[2].cells
    assert zh.paragraphs[0].runs[0].text == "南都：" and zh.paragraphs[0].runs[0].bold
    assert en.paragraphs[0].runs[0].text.startswith("Southern") and en.paragraphs[0].runs[0].bold


def test_chinese_resolves_to_a_chinese_font_and_language(tmp_path: Path):
    out = docx.Document(str(write_docx(sample_document(), tmp_path / "out.docx")))
    defaults = out.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "Noto Serif CJK SC"
    assert defaults.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    normal = out.styles["Normal"].element.rPr
    assert normal.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"


def test_page_is_a4_and_core_properties_are_ours(tmp_path: Path):
    out = docx.Document(str(write_docx(sample_document(), tmp_path / "out.docx")))
    section = out.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert out.core_properties.author == "bilingual-edition"
    assert out.core_properties.title == "标题"
    assert out.core_properties.created.year >= 2025


def test_write_leaves_no_temporary_files(tmp_path: Path):
    write_docx(sample_document(), tmp_path / "out.docx")
    assert [p.name for p in tmp_path.iterdir()] == ["out.docx"]


def test_template_traps_are_cleared(tmp_path: Path):
    """python-docx's template: themeFontLang ja-JP and an unrelated thumbnail."""
    out = docx.Document(str(write_docx(sample_document(), tmp_path / "out.docx")))
    theme_lang = out.settings.element.find(qn("w:themeFontLang"))
    assert theme_lang.get(qn("w:eastAsia")) == "zh-CN"
    assert not any(rel.reltype.endswith("/thumbnail") for rel in out.part.package.rels.values())


def test_glossary_terms_are_bold_in_both_columns_and_missing_ones_get_a_comment(tmp_path: Path):
    from pipeline.document import TermHit

    base = sample_document()
    turn = base.paragraphs[2]
    marked = Paragraph(
        "p3", "turn", "王坚说阿里云好。", 3, speaker=turn.speaker,
        sentences=(Sentence("p3.s1", "王坚说阿里云好。", 0, "Wang Jian said the cloud is good."),),
        terms=(TermHit("王坚", "Wang Jian", "王坚", 0, "name", "kept"),
               TermHit("阿里云", "Alibaba Cloud", "阿里云", 3, "org", "missing")),
    )
    document = base.with_paragraphs((*base.paragraphs[:2], marked))
    out = docx.Document(str(write_docx(document, tmp_path / "out.docx")))
    _, zh, en = out.tables[0].rows[2].cells
    bold_zh = [r.text for r in zh.paragraphs[0].runs if r.bold]
    bold_en = [r.text for r in en.paragraphs[0].runs if r.bold]
    assert bold_zh == ["南都：", "王坚", "阿里云"]
    assert bold_en == ["Southern Metropolis Daily: ", "Wang Jian"]
    comments = list(out.comments)
    assert len(comments) == 1 and "阿里云 → Alibaba Cloud" in comments[0].text


def flagged_document() -> Document:
    base = sample_document()
    turn = Paragraph(
        "p3", "turn", "你好。再见。", 3, speaker=base.paragraphs[2].speaker,
        sentences=(Sentence("p3.s1", "你好。", 0, "Hello."),
                   Sentence("p3.s2", "再见。", 3, "bye bye bye bye", flags=("repetition",))),
    )
    return base.with_paragraphs((*base.paragraphs[:2], turn))


def test_sentence_alignment_gives_one_row_per_sentence_with_an_id_column(tmp_path: Path):
    out = docx.Document(str(write_docx(flagged_document(), tmp_path / "out.docx", align="sentence")))
    rows = [[c.text for c in row.cells] for row in out.tables[0].rows]
    assert rows == [
        ["ID", "中文 Chinese", "英文 English"],
        ["p2.s1", "导语。", "Lead."],
        ["p3.s1", "南都：你好。", "Southern Metropolis Daily: Hello."],
        ["p3.s2", "再见。", "bye bye bye bye"],
    ]


def test_review_layout_is_landscape_with_status_and_comment_columns(tmp_path: Path):
    out = docx.Document(str(write_docx(flagged_document(), tmp_path / "out.docx", layout="review")))
    assert out.sections[0].page_width > out.sections[0].page_height
    rows = [[c.text for c in row.cells] for row in out.tables[0].rows]
    assert rows[0] == ["ID", "Status", "中文 Chinese", "英文 English", "Comment"]
    assert rows[2][:2] == ["p3.s1", "MT"] and rows[2][4] == "—"
    assert rows[3][:2] == ["p3.s2", "flagged"] and rows[3][4] == "QA: repetition"


def test_flagged_cells_carry_a_comment_and_every_chinese_run_resolves_to_the_cjk_font(tmp_path: Path):
    import re

    out = docx.Document(str(write_docx(flagged_document(), tmp_path / "out.docx")))
    assert [c.text for c in out.comments] == ["QA: repetition"]
    for run in out.element.body.iter(qn("w:r")):
        text = "".join(t.text or "" for t in run.iter(qn("w:t")))
        fonts = run.find(qn("w:rPr")).find(qn("w:rFonts")) if run.find(qn("w:rPr")) is not None else None
        if re.search(r"[\u4e00-\u9fff]", text):
            # no run overrides the document default (Noto Serif CJK SC, zh-CN)
            assert fonts is None or fonts.get(qn("w:eastAsia")) in (None, "Noto Serif CJK SC")


def test_footer_numbers_pages_and_appendix_lists_terms_and_dropped_lines(tmp_path: Path):
    from pipeline.document import TermHit

    base = sample_document()
    lead = Paragraph("p2", "lead", "王坚说。", 2, sentences=(Sentence("p2.s1", "王坚说。", 0, "Wang Jian said."),),
                     terms=(TermHit("王坚", "Wang Jian", "王坚", 0, "name", "kept"),))
    out = docx.Document(str(write_docx(base.with_paragraphs((base.paragraphs[0], lead)), tmp_path / "out.docx")))
    footer = out.sections[0].footer.paragraphs[0]._p
    assert [i.text.strip() for i in footer.iter(qn("w:instrText"))] == ["PAGE", "NUMPAGES"]
    appendix = [[c.text for c in row.cells] for row in out.tables[1].rows]
    assert appendix == [["中文", "English", "Occurrences"], ["王坚", "Wang Jian", "1 × (1 kept)"]]
    assert any("line 4 · caption: 图源：某处" in p.text for p in out.paragraphs)
    assert "rows=1" in out.core_properties.keywords
