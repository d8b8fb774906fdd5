"""The `bilingual` command as a user meets it: real files, real synthetic model."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from tests.conftest import EXAMPLE, ROOT, invoke





def body_rows(path: Path) -> list[tuple[str, str]]:
    table = docx.Document(str(path)).tables[0]
    return [(row.cells[1].text, row.cells[2].text) for row in table.rows[1:]]


@pytest.fixture
def edition(with_model: Path, in_tmp: Path) -> tuple[Path, dict]:
    shutil.copy(EXAMPLE, in_tmp / "article.txt")
    result = invoke("run", "article.txt", "--glossary", str(ROOT / "glossary" / "glossary.csv"), "--json", "out.json")
    assert result.exit_code == 0, result.output
    return in_tmp / "output" / "article.docx", json.loads((in_tmp / "out.json").read_text(encoding="utf-8"))


def all_commands() -> list[tuple[str, ...]]:
    """Every command of the app, groups walked: ``("run",)``, ``("glossary", "add")``, …"""
    from typer.main import get_command

    from pipeline.cli import app

    def walk(command, prefix):
        subcommands = getattr(command, "commands", None)
        if not subcommands:
            return [prefix]
        return [path for name, sub in sorted(subcommands.items()) for path in walk(sub, (*prefix, name))]

    return walk(get_command(app), ())


def test_help_lists_every_command():
    result = invoke("--help")
    assert result.exit_code == 0
    commands = all_commands()
    assert len(commands) == 17 and ("glossary", "add") in commands and ("extract",) in commands and ("glossary", "suggest") in commands
    for top in {words[0] for words in commands}:
        assert top in result.output


@pytest.mark.parametrize("words", all_commands(), ids=" ".join)
def test_every_command_has_help_that_shows_its_choices(words):
    result = invoke(*words, "--help")
    assert result.exit_code == 0, result.output
    options = [line for line in result.output.splitlines() if line.lstrip().startswith("-")]
    assert not [line for line in options if "<str>" in line]  # choices are listed, free text is named (GLOB, NAME…)


def test_help_does_not_import_the_engine():
    code = (
        "import sys; from typer.testing import CliRunner; from pipeline.cli import app; "
        "CliRunner().invoke(app, ['--help']); "
        "heavy = [m for m in ('ctranslate2', 'argostranslate', 'torch', 'sentencepiece', 'docx') if m in sys.modules]; "
        "print(heavy); sys.exit(1 if heavy else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr


def test_run_writes_one_row_per_paragraph_with_the_normalized_chinese(edition):
    docx_path, data = edition
    rows = body_rows(docx_path)
    body = [s for s in data["segments"] if s["kind"] != "title"]
    assert len(rows) == len(body)
    for (zh, en), segment in zip(rows, body):
        label = f"{segment['speaker']['zh']}：" if segment["speaker"] else ""
        assert zh == label + segment["zh"]
        assert en.strip()


def test_run_puts_the_title_above_the_table(edition):
    docx_path, data = edition
    paragraphs = [p.text for p in docx.Document(str(docx_path)).paragraphs]
    assert paragraphs[0] == "阿里云创始人王坚：Sora的意义不止在影响短视频等行业"
    assert paragraphs[1] == data["title"]["en"] != ""


def test_sample_lines_become_title_lead_and_turns_and_boilerplate_is_dropped(edition):
    _, data = edition
    segments = data["segments"]
    assert len(segments) + len(data["dropped"]) == 33
    assert [s["kind"] for s in segments[:4]] == ["title", "lead", "lead", "lead"]
    assert {s["kind"] for s in segments[4:]} == {"turn"}
    assert {s["speaker"]["zh"] for s in segments[4:]} == {"南都", "王坚"}
    assert [(d["line"], d["kind"]) for d in data["dropped"]] == [(4, "caption"), (32, "disclaimer"), (33, "disclaimer")]
    assert data["dropped"][0]["text"] == "阿里云創(chuàng)始人王堅 圖源:阿里云視頻號"


def test_json_has_the_stable_keys(edition):
    _, data = edition
    assert {"source_file", "title", "segments", "dropped", "engine", "glossary"} <= set(data)
    segment = data["segments"][5]
    assert {"id", "kind", "speaker", "zh", "en", "sentences", "terms"} <= set(segment)
    assert segment["sentences"][0]["id"] == f"{segment['id']}.s1"
    assert {"source", "target", "start", "status"} <= set(data["segments"][0]["terms"][0])
    assert data["engine"] == {"name": "argos-ctranslate2", "package": "translate-zh_en-synthetic",
                              "version": "0.0.1-synthetic", "device": "cpu"}
    assert data["glossary"]["entries"] >= 21 and len(data["glossary"]["sha256"]) == 64


def test_speaker_labels_come_from_the_glossary(edition):
    _, data = edition
    speakers = {(s["speaker"]["zh"], s["speaker"]["en"]) for s in data["segments"] if s["speaker"]}
    assert speakers == {("南都", "Southern Metropolis Daily"), ("王坚", "Wang Jian")}


def test_every_sentence_is_translated_by_the_synthetic_model(edition):
    _, data = edition
    sentences = [s for seg in data["segments"] for s in seg["sentences"]]
    assert len(sentences) > 60 and all(s["en"] for s in sentences)
    # The synthetic model emits exactly SYNTHETIC_OUTPUT_TOKENS whole words per sentence;
    # only glossary repairs change that.
    plain = [s for seg in data["segments"] if not seg["terms"] for s in seg["sentences"]]
    assert plain and all(len(s["en"].split()) == 6 for s in plain)


def test_every_glossary_occurrence_is_listed_with_a_final_status(edition):
    from pipeline.glossary.loading import load_glossary
    from pipeline.glossary.matcher import find_in_text

    _, data = edition
    glossary = load_glossary(ROOT / "glossary" / "glossary.csv")
    for segment in data["segments"]:
        expected = [(h.source, h.start) for h in find_in_text(segment["zh"], glossary)]
        assert [(t["source"], t["start"]) for t in segment["terms"]] == expected
        # the random synthetic model never produces the targets itself: all are repaired
        assert {t["status"] for t in segment["terms"]} <= {"kept", "repaired"}
        for term in segment["terms"]:
            assert term["target"] in segment["en"]
    assert sum(len(s["terms"]) for s in data["segments"]) == 57


def test_without_a_model_run_exits_2_with_the_install_hint_and_writes_nothing(without_model, in_tmp):
    shutil.copy(EXAMPLE, in_tmp / "article.txt")
    result = invoke("run", "article.txt", "--json", "out.json")
    assert result.exit_code == 2
    assert "bilingual models install" in result.output
    assert "Traceback" not in result.output
    assert not (in_tmp / "out.json").exists()
    assert not list((in_tmp / "output").glob("*"))


def test_models_install_without_network_explains_how_to_install_from_a_file(without_model, monkeypatch):
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", "http://127.0.0.1:9/")
    import pipeline.translate.models as models

    monkeypatch.setattr(models, "index_url", lambda: "http://127.0.0.1:9/index.json")
    result = invoke("models", "install")
    assert result.exit_code == 3  # an install failure, not "no model"
    assert "models install FILE.argosmodel" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "setup, expected",
    [
        (lambda d: None, "no such file"),
        (lambda d: (d / "article.txt").mkdir(), "is a directory"),
        (lambda d: (d / "article.txt").write_text("", encoding="utf-8"), "the file is empty"),
        (lambda d: (d / "article.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00"), "PNG image"),
    ],
    ids=["missing", "directory", "empty", "binary"],
)
def test_bad_input_is_one_line_naming_the_file(with_model, in_tmp, setup, expected):
    setup(in_tmp)
    result = invoke("run", "article.txt")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: article.txt: ") and expected in lines[0]


def test_unreadable_input_is_reported(with_model, in_tmp, monkeypatch):
    import os

    path = in_tmp / "article.txt"
    shutil.copy(EXAMPLE, path)
    path.chmod(0)
    if os.access(path, os.R_OK):  # root reads anything: make the OS refuse as it would
        real = Path.read_bytes

        def refuse(self: Path) -> bytes:
            if self.name == "article.txt":
                raise PermissionError(13, "Permission denied")
            return real(self)

        monkeypatch.setattr(Path, "read_bytes", refuse)
    result = invoke("run", "article.txt")
    assert result.exit_code == 1 and "permission denied" in result.output


def test_output_in_a_missing_folder_is_refused_before_translating(with_model, in_tmp):
    shutil.copy(EXAMPLE, in_tmp / "article.txt")
    result = invoke("run", "article.txt", "-o", "nowhere/out.docx")
    assert result.exit_code == 1
    assert "nowhere/out.docx" in result.output and "does not exist" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_existing_output_needs_force(with_model, in_tmp):
    shutil.copy(EXAMPLE, in_tmp / "article.txt")
    (in_tmp / "mine.docx").write_bytes(b"a user's own file")
    result = invoke("run", "article.txt", "-o", "mine.docx")
    assert result.exit_code == 1 and "--force" in result.output
    assert (in_tmp / "mine.docx").read_bytes() == b"a user's own file"
    assert invoke("run", "article.txt", "-o", "mine.docx", "--force").exit_code == 0
    assert docx.Document(str(in_tmp / "mine.docx")).tables


def test_rerun_replaces_its_own_default_output(with_model, in_tmp):
    shutil.copy(EXAMPLE, in_tmp / "article.txt")
    assert invoke("run", "article.txt").exit_code == 0
    assert invoke("run", "article.txt").exit_code == 0
    assert [p.name for p in (in_tmp / "output").iterdir()] == ["article.docx"]


def test_default_output_that_is_not_ours_is_kept(with_model, in_tmp):
    shutil.copy(EXAMPLE, in_tmp / "article.txt")
    (in_tmp / "output").mkdir()
    (in_tmp / "output" / "article.docx").write_bytes(b"someone else's")
    result = invoke("run", "article.txt")
    assert result.exit_code == 1 and "already exists" in result.output


def test_output_equal_to_input_is_refused(with_model, in_tmp):
    shutil.copy(EXAMPLE, in_tmp / "article.txt")
    result = invoke("run", "article.txt", "-o", "article.txt", "--force")
    assert result.exit_code == 1 and "overwrite the input" in result.output
    assert (in_tmp / "article.txt").read_bytes() == EXAMPLE.read_bytes()


def test_normalize_prints_one_paragraph_per_line_title_first(in_tmp):
    shutil.copy(EXAMPLE, in_tmp / "article.txt")
    result = invoke("normalize", "article.txt")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 30
    assert lines[0] == "阿里云创始人王坚：Sora的意义不止在影响短视频等行业"
    assert not any("图源" in line or "侵权" in line for line in lines)


def test_normalize_writes_a_file_and_reports_changes(in_tmp):
    shutil.copy(EXAMPLE, in_tmp / "article.txt")
    result = invoke("normalize", "article.txt", "-o", "clean.txt", "--report")
    assert result.exit_code == 0
    assert "annotation 216" in result.output and "dropped line 4 (caption)" in result.output
    assert (in_tmp / "clean.txt").read_text(encoding="utf-8").count("\n") == 30


def test_models_list_shows_the_installed_package(with_model):
    result = invoke("models", "list")
    assert result.exit_code == 0
    assert "translate-zh_en-synthetic\targos\tzh→en\t0.0.1-synthetic\tok" in result.output


def test_the_console_script_runs_end_to_end(with_model, in_tmp):
    """The installed `bilingual` executable, as a newcomer runs it."""
    exe = Path(sys.executable).parent / "bilingual"
    shutil.copy(EXAMPLE, in_tmp / "article.txt")
    done = subprocess.run([str(exe), "run", "article.txt"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "translated" in done.stderr and (in_tmp / "output" / "article.docx").exists()


def test_normalize_reads_a_forced_encoding_and_keeps_the_script_when_asked(in_tmp):
    (in_tmp / "big5.txt").write_bytes("阿里雲創始人王堅\n南都：你怎麼看?\n".encode("big5"))
    result = invoke("normalize", "big5.txt", "--encoding", "big5", "--script", "keep")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["阿里雲創始人王堅", "南都：你怎麼看？"]


def test_unknown_script_option_is_refused(in_tmp):
    shutil.copy(EXAMPLE, in_tmp / "article.txt")
    result = invoke("normalize", "article.txt", "--script", "traditional")
    assert result.exit_code == 64 and result.output.strip() == (
        "error: Invalid value for '--script': 'traditional' is not one of 'simplified', 'keep'. — see `root normalize --help`"
    )


def test_a_rerun_of_an_unchanged_article_is_answered_by_the_memory_without_loading_the_model(with_model, in_tmp):
    shutil.copy(EXAMPLE, in_tmp / "article.txt")
    code = (
        "import sys; from typer.testing import CliRunner; from pipeline.cli import app; "
        "r = CliRunner().invoke(app, ['run', 'article.txt', '--cache', 'tm.sqlite', '-o', 'out.docx', '--force']); "
        "print(r.output); print('ctranslate2 loaded:', 'ctranslate2' in sys.modules); sys.exit(r.exit_code)"
    )
    env = {**__import__("os").environ}
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=in_tmp, env=env)
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=in_tmp, env=env)
    assert first.returncode == 0 and "ctranslate2 loaded: True" in first.stdout, first.stdout + first.stderr
    assert second.returncode == 0 and "ctranslate2 loaded: False" in second.stdout
    assert "(94 cached)" in second.stdout
    assert docx.Document(str(in_tmp / "out.docx")).tables


def test_no_cache_translates_again_and_cache_commands_report(with_model, in_tmp):
    shutil.copy(EXAMPLE, in_tmp / "article.txt")
    assert invoke("run", "article.txt", "--cache", "tm.sqlite").exit_code == 0
    again = invoke("run", "article.txt", "--no-cache")
    assert again.exit_code == 0 and "cached" not in again.output
    stats = invoke("cache", "stats", "--cache", "tm.sqlite")
    # 94 sentences and the two speaker labels (no glossary in this folder renders them)
    assert stats.exit_code == 0 and "\t96 machine translations\t0 alignments\t0 reviewed translations\t" in stats.output
    asked = invoke("cache", "clear", "--cache", "tm.sqlite")  # not a terminal: nobody to answer
    assert asked.exit_code == 64 and asked.output.strip().endswith("not on a terminal, so nobody can answer: pass --yes")
    cleared = invoke("cache", "clear", "--cache", "tm.sqlite", "--yes")
    assert cleared.exit_code == 0 and "removed 96 entries" in cleared.output


def test_cache_clear_keeps_the_reviewers_translations_unless_asked(in_tmp):
    from pipeline.translate.memory import TranslationMemory

    memory = TranslationMemory(in_tmp / "tm.sqlite")
    memory.put_many({"你好。": [{"text": "Hello."}]}, "engine")
    memory.put_human("你好。", "Hello there.")
    kept = invoke("cache", "clear", "--cache", "tm.sqlite", "--yes")
    assert kept.exit_code == 0 and "removed 1 entries" in kept.output and "kept 1 reviewed translations (--all removes them)" in kept.output
    assert TranslationMemory(in_tmp / "tm.sqlite").human(["你好。"]) == {"你好。": "Hello there."}
    everything = invoke("cache", "clear", "--cache", "tm.sqlite", "--yes", "--all")
    assert everything.exit_code == 0 and "1 reviewed translations" in everything.output
    assert TranslationMemory(in_tmp / "tm.sqlite").human(["你好。"]) == {}


def test_reading_a_cache_that_is_not_there_is_refused_not_created(in_tmp):
    for words in (("cache", "stats"), ("cache", "clear", "--yes")):
        result = invoke(*words, "--cache", "typo.sqlite")
        assert result.exit_code == 1 and result.output.startswith("error: typo.sqlite: no translation memory here")
    assert not (in_tmp / "typo.sqlite").exists()
