"""`bilingual glossary …`: check catches each problem (one broken file per problem), hits,
add, import and export."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pipeline.glossary.loading import load_glossary
from tests.conftest import EXAMPLE, ROOT, invoke

BROKEN = Path(__file__).parent / "data" / "broken-glossaries"
SHIPPED = ROOT / "glossary" / "glossary.csv"




@pytest.mark.parametrize(
    "name, exit_code, expected",
    [
        ("duplicate", 0, ":3: warning: duplicate of line 2 ('王坚')"),
        ("conflicting-targets", 1, ":3: error: source '南都' is also the source of line 2 with another target"),
        ("empty-source", 1, ":2: error: empty source"),
        ("empty-target", 0, ":2: warning: no target for '王坚' yet (a suggestion): skipped until you give one"),
        ("unknown-kind", 1, ":2: error: unknown kind 'person'"),
        ("alias-collision", 1, ":3: error: source '南都' is also the alias of line 2 with another target"),
        ("shadowed", 0, ":2: warning: '算力' is inside '算力支撑' (line 3)"),
        ("bad-case", 1, ":2: error: case must be sensitive or insensitive, not 'sometimes'"),
        ("tab-separated", 1, "columns are separated by tab, not commas"),
        ("wrong-header", 1, "the first line must be source,target,aliases,kind,case,note"),
    ],
)
def test_glossary_check_reports_each_problem_with_its_line(name, exit_code, expected):
    result = invoke("glossary", "check", str(BROKEN / f"{name}.csv"))
    assert result.exit_code == exit_code, result.output
    assert expected in result.output
    assert "Traceback" not in result.output


def test_the_shipped_glossary_is_clean():
    result = invoke("glossary", "check", str(SHIPPED))
    assert result.exit_code == 0 and "0 errors, 0 warnings" in result.output


def test_a_run_refuses_a_glossary_with_errors(with_model, in_tmp):
    shutil.copy(EXAMPLE, in_tmp / "article.txt")
    result = invoke("run", "article.txt", "--glossary", str(BROKEN / "conflicting-targets.csv"))
    assert result.exit_code == 1
    assert result.output.startswith("error: ") and "conflicting-targets.csv: line 3" in result.output


def test_hits_lists_entries_with_counts_and_paragraphs(in_tmp):
    result = invoke("glossary", "hits", str(EXAMPLE), "--glossary", str(SHIPPED))
    assert result.exit_code == 0
    rows = {line.split("\t")[0]: line.split("\t") for line in result.stdout.splitlines()[1:]}
    assert rows["王坚"][1:3] == ["Wang Jian", "17"]  # title, lead (3) and 13 speaker labels
    assert rows["南都"][1:3] == ["Southern Metropolis Daily", "13"]  # only as a speaker label
    assert rows["Sora"][2:] == ["6", "p1 p2 p3 p21 p22"]
    assert "谷歌" in rows and "万元户" in rows


def test_add_appends_without_touching_the_rest(tmp_path):
    path = tmp_path / "g.csv"
    shutil.copy(SHIPPED, path)
    before = path.read_bytes()
    result = invoke("glossary", "add", "字节跳动", "ByteDance", "--kind", "org", "--glossary", str(path))
    assert result.exit_code == 0
    after = path.read_bytes()
    assert after.startswith(before) and after[len(before):] == "字节跳动,ByteDance,,org,,\n".encode()
    again = invoke("glossary", "add", "字节跳动", "ByteDance", "--glossary", str(path))
    assert again.exit_code == 0 and again.output.startswith(f"skipped: {path}: '字节跳动' is already in the glossary (line 26)")
    other = invoke("glossary", "add", "字节跳动", "Bytedance Ltd", "--glossary", str(path))
    assert other.exit_code == 1 and "with another target: 'ByteDance', not 'Bytedance Ltd'" in other.output
    assert path.read_bytes() == after


def test_add_keeps_a_utf16_glossary_in_utf16(tmp_path):
    path = tmp_path / "g.csv"
    path.write_bytes("source,target,aliases,kind,case,note\r\n王坚,Wang Jian,,name,,\r\n".encode("utf-16"))
    assert invoke("glossary", "add", "阿里云", "Alibaba Cloud", "--glossary", str(path)).exit_code == 0
    assert [e.source for e in load_glossary(path).entries] == ["王坚", "阿里云"]


def test_import_omegat_deepl_and_tbx(tmp_path):
    target = tmp_path / "g.csv"
    (tmp_path / "omegat.txt").write_text("王坚\tWang Jian\tAlibaba Cloud founder\n腾讯\tTencent\n", encoding="utf-8")
    (tmp_path / "deepl.csv").write_text("字节跳动,ByteDance\n", encoding="utf-8")
    (tmp_path / "terms.tbx").write_text(
        '<?xml version="1.0"?><tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic"><text><body>'
        '<conceptEntry id="c1"><langSec xml:lang="zh-CN"><termSec><term>华为</term></termSec></langSec>'
        '<langSec xml:lang="en"><termSec><term>Huawei</term></termSec></langSec></conceptEntry>'
        "</body></text></tbx>",
        encoding="utf-8",
    )
    for name, fmt in (("omegat.txt", "omegat"), ("deepl.csv", "deepl"), ("terms.tbx", "tbx")):
        result = invoke("glossary", "import", str(tmp_path / name), "--from", fmt, "--glossary", str(target))
        assert result.exit_code == 0, result.output
    entries = {e.source: (e.target, e.note) for e in load_glossary(target).entries}
    assert entries == {
        "王坚": ("Wang Jian", "Alibaba Cloud founder"),
        "腾讯": ("Tencent", ""),
        "字节跳动": ("ByteDance", ""),
        "华为": ("Huawei", ""),
    }


def test_export_tbx_and_omegat_round_trip(tmp_path):
    result = invoke("glossary", "export", "--to", "tbx", "--glossary", str(SHIPPED), "-o", str(tmp_path / "g.tbx"))
    assert result.exit_code == 0
    root = ET.parse(tmp_path / "g.tbx").getroot()
    assert len(root.findall(".//termEntry")) == len(load_glossary(SHIPPED).entries)
    omegat = invoke("glossary", "export", "--to", "omegat", "--glossary", str(SHIPPED))
    assert "王坚\tWang Jian\tfounder of Alibaba Cloud" in omegat.stdout
    (tmp_path / "back.txt").write_text(omegat.stdout, encoding="utf-8")
    back = invoke("glossary", "import", str(tmp_path / "back.txt"), "--from", "omegat", "--glossary", str(tmp_path / "new.csv"))
    assert back.exit_code == 0
    assert {e.source for e in load_glossary(tmp_path / "new.csv").entries} >= {"王坚", "南都", "Sora"}


def test_unknown_format_is_refused(tmp_path):
    result = invoke("glossary", "export", "--to", "xlsx", "--glossary", str(SHIPPED))
    assert result.exit_code != 0 and "--to" in result.output
