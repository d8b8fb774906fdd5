"""JSON and TMX exports."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from pipeline.document import Document, Paragraph, Sentence
from pipeline.write.json import document_to_json
from pipeline.write.tmx import document_to_tmx

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def document() -> Document:
    return Document("a.txt", (), paragraphs=(
        Paragraph("p1", "title", "标题", 1, sentences=(Sentence("p1.s1", "标题", 0, "Title"),)),
        Paragraph("p2", "body", "一。二。", 2, sentences=(Sentence("p2.s1", "一。", 0, "One.", flags=("length",)),
                                                         Sentence("p2.s2", "二。", 2, "Two & <two>.", origin="human"))),
    ))


def test_tmx_is_tmx_1_4_with_one_tu_per_sentence():
    root = ET.fromstring(document_to_tmx(document()))
    assert root.tag == "tmx" and root.get("version") == "1.4"
    assert root.find("header").get("srclang") == "zh-CN"
    units = root.findall("body/tu")
    assert [tu.get("tuid") for tu in units] == ["p1.s1", "p2.s1", "p2.s2"]
    last = {tuv.get(XML_LANG): tuv.find("seg").text for tuv in units[2].findall("tuv")}
    assert last == {"zh-CN": "二。", "en-US": "Two & <two>."}


def test_tmx_reads_in_translate_toolkit(tmp_path):
    from translate.storage import tmx

    path = tmp_path / "out.tmx"
    path.write_text(document_to_tmx(document()), encoding="utf-8")
    store = tmx.tmxfile.parsefile(str(path))
    pairs = [(unit.source, unit.target) for unit in store.units]
    assert pairs == [("标题", "Title"), ("一。", "One."), ("二。", "Two & <two>.")]


def test_json_segments_carry_flags_and_origins():
    data = document_to_json(document())
    segment = data["segments"][1]
    assert segment["flags"] == ["length"]
    assert [s["origin"] for s in segment["sentences"]] == ["mt", "human"]
