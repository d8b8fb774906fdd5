"""Hardening, round two: what a hostile week of real use finds — metadata and XML limits,
odd paths, outputs that would overwrite inputs or each other, file modes, a damaged or
read-only memory, invisible characters, encodings, an all-boilerplate article, signals,
concurrency, long text. Each case ends in one clear line or in correct handling, and
nothing is lost."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import docx
import pytest

from tests.conftest import EXAMPLE, ROOT, invoke

GLOSSARY = ROOT / "glossary" / "glossary.csv"
BIN = Path(sys.executable).parent / "bilingual"


@pytest.fixture
def folder(with_model: Path, in_tmp: Path) -> Path:
    shutil.copy(EXAMPLE, in_tmp / "article.txt")
    return in_tmp


def one_line_error(result, *fragments: str, code: int = 1) -> str:
    assert result.exit_code == code, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(".bilingual-*") if p.name.endswith(".tmp"))


# --- metadata and XML limits ---------------------------------------------------------------

def test_a_very_long_title_and_control_characters_make_a_valid_docx_and_tmx(folder: Path):
    title = "很长的标题" * 70  # 350 characters: over the 255 of a core property
    Path("long.txt").write_text(title + "\n正文第一段。\n", encoding="utf-8")
    Path("g.csv").write_text("source,target,aliases,kind,case,note\n正文,main\x0btext\ufffe,,term,,\n", encoding="utf-8")
    result = invoke("run", "long.txt", "--glossary", "g.csv", "--tmx", "long.tmx", "--no-cache", "-q", "-o", "long.docx")
    assert result.exit_code == 0, result.output
    core = docx.Document("long.docx").core_properties
    assert len(core.title) == 255 and core.title.endswith("…")
    ElementTree.parse("long.tmx")  # well-formed
    with zipfile.ZipFile("long.docx") as z:
        ElementTree.fromstring(z.read("word/document.xml"))


def test_a_stray_nul_byte_is_removed_with_a_warning_not_refused_as_binary(folder: Path):
    Path("nul.txt").write_bytes("标题\n正文第一段。\x00\n第二段。\n".encode("utf-8"))
    result = invoke("run", "nul.txt", "--no-cache", "-o", "nul.docx")
    assert result.exit_code == 0, result.output
    assert "warning: nul.txt: read as utf-8 (1 NUL byte removed)" in result.output


# --- file names and paths -------------------------------------------------------------------

def test_a_gbk_file_name_and_a_name_whose_temporary_name_would_be_too_long(folder: Path):
    odd = os.fsencode("article.txt").replace(b"article", "文章".encode("gbk"))
    (folder / os.fsdecode(odd)).write_bytes(EXAMPLE.read_bytes())
    result = invoke("run", os.fsdecode(odd), "--no-cache", "-q", "-o", "odd.docx", "--json", "odd.json", "--format", "docx")
    assert result.exit_code == 0, result.output
    assert json.loads(Path("odd.json").read_text(encoding="utf-8"))["source_file"] == "文章.txt"  # the JSON: a traceback before
    long_name = "长" * 80 + ".docx"  # 245 bytes: legal, but not with a ".{name}.xxxx.tmp" around it
    result = invoke("run", "article.txt", "--no-cache", "-q", "-o", long_name)
    assert result.exit_code == 0, result.output
    assert (folder / long_name).is_file() and leftovers(folder) == []


def test_a_file_named_output_where_the_folder_goes(folder: Path):
    Path("output").write_text("mine", encoding="utf-8")
    one_line_error(invoke("run", "article.txt", "--no-cache"), "output: is a file, where the output folder goes")
    assert Path("output").read_text(encoding="utf-8") == "mine"


def test_batch_refuses_a_file_as_its_folder_and_an_absolute_pattern(folder: Path):
    Path("in").mkdir()
    shutil.copy(EXAMPLE, "in/a.txt")
    Path("out.docx").write_text("x", encoding="utf-8")
    one_line_error(invoke("batch", "in", "-o", "out.docx", "--no-cache"), "out.docx: is a file, not a folder")
    one_line_error(invoke("batch", "in", "--pattern", str(folder / "in" / "*.txt"), "--no-cache"), "is a path", code=64)


def test_batch_says_which_links_lead_nowhere_and_keeps_colliding_outputs_apart(folder: Path):
    Path("in").mkdir()
    Path("in/a.txt").write_text("标题\n正文。\n", encoding="utf-8")
    Path("in/a.md").write_text("# 标题二\n\n另一篇正文。\n", encoding="utf-8")
    Path("in/gone.txt").symlink_to(folder / "nowhere.txt")
    result = invoke("batch", "in", "-o", "out", "--no-cache", "--json")
    assert result.exit_code == 0, result.output
    assert "gone.txt: a symbolic link to nothing; skipped" in result.output
    assert sorted(p.name for p in Path("out").glob("a*.json")) == ["a_md.json", "a_txt.json"]


# --- outputs that overwrite inputs or each other ----------------------------------------------

@pytest.mark.parametrize(
    "args, fragment",
    [
        (("-o", "x.docx", "--json", "x.docx"), "is given for two outputs of this run"),
        (("--json", "x.json", "--tmx", "x.json"), "is given for two outputs of this run"),
        (("--json", "glossary.csv", "--glossary", "glossary.csv", "--force"), "would overwrite the input file"),
        (("-o", "article.txt", "--force"), "would overwrite the input file"),
    ],
)
def test_an_output_never_replaces_an_input_or_another_output_even_with_force(folder: Path, args, fragment):
    shutil.copy(GLOSSARY, "glossary.csv")
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    one_line_error(invoke("run", "article.txt", "--no-cache", *args), fragment)
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before


def test_glossary_export_never_replaces_the_glossary(folder: Path):
    shutil.copy(GLOSSARY, "g.csv")
    before = Path("g.csv").read_bytes()
    one_line_error(invoke("glossary", "export", "--to", "omegat", "--glossary", "g.csv", "-o", "g.csv", "--force"),
                   "would overwrite the input file")
    assert Path("g.csv").read_bytes() == before


def test_a_symlink_or_a_device_is_not_replaced_by_a_regular_file(folder: Path):
    Path("mine.docx").write_bytes(b"the user's own file")
    Path("link.docx").symlink_to(folder / "mine.docx")
    one_line_error(invoke("run", "article.txt", "--no-cache", "-o", "link.docx", "--force"), "is a symbolic link")
    assert Path("link.docx").is_symlink() and Path("mine.docx").read_bytes() == b"the user's own file"
    one_line_error(invoke("run", "article.txt", "--no-cache", "-o", "/dev/null", "--force"), "not a regular file")


def test_a_failed_run_leaves_none_of_its_outputs(folder: Path, monkeypatch):
    import pipeline.write.atomic as atomic

    real = atomic.write_atomically

    def second_fails(path, write):
        if path.suffix == ".json":
            raise atomic.OutputError("cannot be written (No space left on device)", path=path)
        return real(path, write)

    monkeypatch.setattr(atomic, "write_atomically", second_fails)
    one_line_error(invoke("run", "article.txt", "--no-cache", "-o", "a.docx", "--json", "a.json"), "No space left on device")
    assert not Path("a.docx").exists() and not Path("a.json").exists() and leftovers(folder) == []


def test_a_reviewed_docx_at_the_default_place_is_not_refreshed_over(folder: Path):
    assert invoke("run", "article.txt", "--no-cache", "-q").exit_code == 0
    edited = docx.Document("output/article.docx")
    edited.core_properties.last_modified_by = "Reviewer"
    edited.core_properties.revision = 2
    edited.save("output/article.docx")
    before = Path("output/article.docx").read_bytes()
    one_line_error(invoke("run", "article.txt", "--no-cache"), "was edited since this tool wrote it", "--force")
    assert Path("output/article.docx").read_bytes() == before


# --- file modes ---------------------------------------------------------------------------------

def test_new_files_get_the_umask_mode_and_replaced_files_keep_theirs(folder: Path):
    old = os.umask(0o022)
    try:
        assert invoke("run", "article.txt", "--no-cache", "-q", "-o", "a.docx", "--json", "a.json").exit_code == 0
        assert oct(Path("a.docx").stat().st_mode & 0o777) == oct(0o644) == oct(Path("a.json").stat().st_mode & 0o777)
        os.chmod("a.json", 0o640)
        assert invoke("run", "article.txt", "--no-cache", "-q", "-o", "a.docx", "--json", "a.json", "--force").exit_code == 0
        assert oct(Path("a.json").stat().st_mode & 0o777) == oct(0o640)
    finally:
        os.umask(old)


def test_glossary_add_edits_a_symlinked_glossary_where_it_lives(folder: Path):
    shutil.copy(GLOSSARY, "real.csv")
    os.chmod("real.csv", 0o640)
    Path("link.csv").symlink_to(folder / "real.csv")
    assert invoke("glossary", "add", "字节跳动", "ByteDance", "--glossary", "link.csv").exit_code == 0
    assert Path("link.csv").is_symlink() and "字节跳动,ByteDance" in Path("real.csv").read_text(encoding="utf-8")
    assert oct(Path("real.csv").stat().st_mode & 0o777) == oct(0o640)


# --- the translation memory -----------------------------------------------------------------

def test_a_damaged_memory_or_one_of_another_layout_is_one_line(folder: Path):
    Path("broken.sqlite").write_bytes(b"this is not a database" * 100)
    one_line_error(invoke("run", "article.txt", "--cache", "broken.sqlite"), "broken.sqlite: is not a usable translation memory",
                   "move it aside")
    db = sqlite3.connect("old.sqlite")
    db.execute("CREATE TABLE translations (key TEXT PRIMARY KEY, value TEXT)")
    db.commit(), db.close()
    one_line_error(invoke("run", "article.txt", "--cache", "old.sqlite"), "old.sqlite: has an older or foreign layout")


def test_a_read_only_memory_is_used_read_only_with_a_warning(folder: Path, monkeypatch):
    assert invoke("run", "article.txt", "--cache", "tm.sqlite", "-q", "-o", "a.docx").exit_code == 0
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if str(p).endswith("tm.sqlite") and mode == os.W_OK else real(p, mode))
    result = invoke("run", "article.txt", "--cache", "tm.sqlite", "-o", "b.docx")
    assert result.exit_code == 0, result.output
    assert "warning: tm.sqlite: the translation memory is read-only" in result.output and "(94 cached)" in result.output


# --- invisible characters, encodings, nothing left ------------------------------------------

def test_invisible_marks_do_not_hide_a_name_from_the_glossary(folder: Path):
    Path("marks.txt").write_text("标题\n王\u00ad坚在\u200e会上\u202a发言\u202c。\n", encoding="utf-8")
    result = invoke("glossary", "hits", "marks.txt", "--glossary", GLOSSARY)
    assert result.exit_code == 0 and "王坚\tWang Jian\t1\tp2" in result.output


def test_chinese_utf16_without_a_bom_is_read(folder: Path):
    Path("u16.txt").write_bytes("中文标题\n这是一篇文章的第一段。\n".encode("utf-16-le"))
    result = invoke("normalize", "u16.txt")
    assert result.exit_code == 0 and result.stdout.splitlines()[0] == "中文标题"


def test_an_article_that_is_all_boilerplate_says_so_and_writes_nothing(folder: Path):
    Path("bp.txt").write_text("责任编辑：张三\n转载请注明出处\n分享到：微信 微博\n", encoding="utf-8")
    line = one_line_error(invoke("run", "bp.txt", "--no-cache"), "every line was left out", "normalize FILE --report")
    assert "1 (disclaimer)" in line and not Path("output/bp.docx").exists()


# --- signals and concurrency ---------------------------------------------------------------

@pytest.mark.slow
def catches_sigterm(pid: int, timeout: float = 30) -> None:
    """Wait until the process has its SIGTERM handler (the kernel's SigCgt mask has bit 15)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = Path(f"/proc/{pid}/status").read_text()
        caught = int(next(line.split()[1] for line in status.splitlines() if line.startswith("SigCgt:")), 16)
        if caught & (1 << (signal.SIGTERM - 1)):
            return
        time.sleep(0.05)
    raise AssertionError(f"process {pid} never installed its SIGTERM handler")


def test_sigterm_is_handled_like_ctrl_c(folder: Path):
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    Path("big.txt").write_text("\n".join(lines[:1] + lines[1:] * 60) + "\n", encoding="utf-8")  # several seconds of work
    env = {**os.environ}
    process = subprocess.Popen([str(BIN), "run", "big.txt", "--cache", "tm.sqlite", "-o", "a.docx"], cwd=folder, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    catches_sigterm(process.pid)  # a loaded machine may take seconds to start Python
    time.sleep(1.5)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    if process.returncode == 0:
        pytest.skip("the run finished before the signal arrived")
    assert process.returncode == 143 and err.strip().endswith("error: terminated (SIGTERM); finished work is kept")
    assert leftovers(folder) == [] and not Path(folder / "a.docx").exists()


def test_a_killed_batch_is_resumed_from_its_journal(folder: Path):
    from pipeline.batch.manifest import JOURNAL, journal, load_manifest

    Path("out").mkdir()
    journal(Path("out"), "a.txt", {"stamp": "s", "outputs": ["a.docx"], "report": {}})
    with open(Path("out") / JOURNAL, "a", encoding="utf-8") as f:
        f.write('{"relative": "b.txt", "ent')  # cut short by the kill
    assert load_manifest(Path("out")) == {"a.txt": {"stamp": "s", "outputs": ["a.docx"], "report": {}}}


def test_two_batches_into_one_folder_are_not_allowed(folder: Path):
    from pipeline.batch.manifest import folder_lock

    Path("in").mkdir()
    shutil.copy(EXAMPLE, "in/a.txt")
    Path("out").mkdir()
    with folder_lock(Path("out")):
        one_line_error(invoke("batch", "in", "-o", "out", "--no-cache"), "another batch is writing into this folder")


def test_batch_workers_die_with_their_driver():
    """The worker initializer asks the kernel to end it when the driver dies (PR_SET_PDEATHSIG)."""
    code = ("import ctypes, os, signal; from pipeline.batch.executors import _init_worker; _init_worker(None); "
            "libc = ctypes.CDLL('libc.so.6'); value = ctypes.c_int(); libc.prctl(2, ctypes.byref(value)); print(value.value)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.strip() == str(int(signal.SIGTERM))


# --- long text ------------------------------------------------------------------------------

def test_a_long_sentence_is_never_cut_inside_a_glossary_term(folder: Path):
    term = "超长的专有名词术语"
    Path("g.csv").write_text(f"source,target,aliases,kind,case,note\n{term},Long Term,,term,,\n", encoding="utf-8")
    body = "甲" * 195 + term + "乙" * 30  # the 200-character cut would fall inside the term
    Path("long.txt").write_text(f"标题\n{body}\n", encoding="utf-8")
    result = invoke("run", "long.txt", "--glossary", "g.csv", "--json", "long.json", "--no-cache", "-q", "-o", "long.docx")
    assert result.exit_code == 0, result.output
    data = json.loads(Path("long.json").read_text(encoding="utf-8"))
    sentences = [s["zh"] for s in data["segments"][1]["sentences"]]
    assert any(term in s for s in sentences) and [t["status"] for t in data["segments"][1]["terms"]] == ["repaired"]


def test_a_long_line_of_digits_and_semicolons_is_normalized(folder: Path):
    Path("digits.txt").write_text("标题\n" + "1;" * 12000 + "\n", encoding="utf-8")
    result = invoke("normalize", "digits.txt")
    assert result.exit_code == 0 and len(result.stdout.splitlines()[1]) == 24000


# --- packages and review import -------------------------------------------------------------

def _package(folder: Path, top: str, metadata: dict) -> Path:
    archive = folder / f"{top.strip('.') or 'p'}.argosmodel"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr(f"{top}/metadata.json", json.dumps(metadata))
        z.writestr(f"{top}/model/model.bin", b"x")
        z.writestr(f"{top}/sentencepiece.model", b"x")
    return archive


@pytest.mark.parametrize(
    "top, metadata, fragment",
    [
        (".hidden", {"from_code": "zh", "to_code": "en"}, "is hidden"),
        ("pkg", {"from_code": "zh", "to_code": "en", "target_prefix": 5}, "wrong type (target_prefix: 5"),
        ("pkg", ["not", "an", "object"], "metadata.json is not an object"),
    ],
)
def test_a_package_that_would_install_wrong_is_refused(tmp_path: Path, monkeypatch, top, metadata, fragment):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "packages"))
    one_line_error(invoke("models", "install", _package(tmp_path, top, metadata)), fragment, code=3)
    assert not any((tmp_path / "packages").glob("*")) if (tmp_path / "packages").exists() else True


def test_a_packages_folder_that_is_a_file(tmp_path: Path, monkeypatch):
    (tmp_path / "packages").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "packages"))
    one_line_error(invoke("models", "install", _package(tmp_path, "pkg", {"from_code": "zh", "to_code": "en"})),
                   "the packages folder is a file", code=3)


def test_review_import_of_foreign_or_damaged_docx_is_one_line(folder: Path):
    other = docx.Document()
    other.add_table(rows=0, cols=2)  # an empty table before any other
    table = other.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Term", "English"
    other.save("other.docx")
    one_line_error(invoke("review", "import", "other.docx", "--cache", "tm.sqlite"), "has no 中文 | English table")
    assert invoke("run", "article.txt", "--no-cache", "-q", "-o", "a.docx").exit_code == 0
    with zipfile.ZipFile("a.docx") as source, zipfile.ZipFile("damaged.docx", "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, data[: len(data) // 2] if item.filename == "word/document.xml" else data)
    one_line_error(invoke("review", "import", "damaged.docx", "--cache", "tm.sqlite"), "is a damaged DOCX")


def test_an_emptied_english_cell_is_flagged_not_stored(folder: Path):
    from pipeline.translate.memory import TranslationMemory

    assert invoke("run", "article.txt", "--no-cache", "-q", "-o", "a.docx").exit_code == 0
    edited = docx.Document("a.docx")
    cell = edited.tables[0].rows[1].cells[2]
    for run in cell.paragraphs[0].runs:
        run._r.getparent().remove(run._r)
    edited.save("edited.docx")
    result = invoke("review", "import", "edited.docx", "--cache", "tm.sqlite")
    assert result.exit_code == 0 and "row No. 2: its English was emptied; not stored" in result.output
    assert TranslationMemory(folder / "tm.sqlite").stats()["human"] == 0


def test_an_output_path_that_looks_like_an_option_is_refused(folder: Path):
    """`--json -q` meant two options; it would have written a file named -q."""
    one_line_error(invoke("run", "article.txt", "--json", "-q", "--no-cache"), "'-q' looks like an option", code=64)
    one_line_error(invoke("batch", ".", "-o", "-out", "--no-cache"), "'-out' looks like an option", code=64)
    assert not list(folder.glob("-*")) and not (folder / "output").exists()


def test_a_memory_damaged_inside_is_one_line_before_any_work(folder: Path):
    """Its header opened and the first query failed (`database disk image is malformed`),
    in the middle of a run or in `cache stats`: now checked when it is opened."""
    from pipeline.translate.memory import TranslationMemory

    memory = TranslationMemory(folder / "tm.sqlite")
    memory.put_many({f"句子{i}": [{"text": "x" * 200}] for i in range(2000)}, "engine")
    memory._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    memory._db.close()
    data = bytearray((folder / "tm.sqlite").read_bytes())
    for offset in range(8192, len(data) - 4096, 4096):
        data[offset + 100:offset + 300] = b"\xff" * 200
    (folder / "tm.sqlite").write_bytes(bytes(data))
    for args in (("cache", "stats", "--cache", "tm.sqlite"), ("run", "article.txt", "-q", "--cache", "tm.sqlite", "-o", "x.docx")):
        one_line_error(invoke(*args), "tm.sqlite: is damaged")
    assert not Path("x.docx").exists()


def test_argos_packages_dir_naming_a_file_is_one_line(folder: Path, monkeypatch: pytest.MonkeyPatch):
    Path("not-a-folder").write_text("x", encoding="utf-8")
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(folder / "not-a-folder"))
    for args in (("run", "article.txt", "-q", "--no-cache"), ("models", "list")):
        result = invoke(*args)
        assert result.exit_code != 0 and "ARGOS_PACKAGES_DIR must name the packages folder" in result.output, result.output
        assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
