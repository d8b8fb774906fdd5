"""`bilingual batch`: a folder of articles, each coming out as `bilingual run` makes it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

from pipeline.batch.driver import run_batch, summary
from pipeline.batch.paths import find_articles
from pipeline.batch.progress import ArticleReport
from pipeline.batch.executors import LocalExecutor
from pipeline.edition import EditionOptions
from tests.conftest import ROOT, invoke
from tests.articles import generate_articles
from tests.fake_engine import FakeEngine

GLOSSARY = str(ROOT / "glossary" / "glossary.csv")
BIN = Path(sys.executable).parent / "bilingual"




def document_xml(path: Path) -> bytes:
    """The DOCX body (its core properties carry a creation time)."""
    with zipfile.ZipFile(path) as docx:
        return docx.read("word/document.xml")


def run_json(path: Path, json_path: Path) -> dict:
    result = invoke("run", str(path), "-o", str(json_path.with_suffix(".docx")), "--json", str(json_path),
                    "--tmx", str(json_path.with_suffix(".tmx")), "--glossary", GLOSSARY, "--no-cache", "-q")
    assert result.exit_code == 0, result.output
    return json.loads(json_path.read_text(encoding="utf-8"))


@pytest.fixture
def twenty(with_model: Path, in_tmp: Path) -> list[Path]:
    return generate_articles(Path("in"), 20)


@pytest.mark.slow
def test_twenty_articles_through_both_executors_give_the_json_of_run(twenty: list[Path], with_model: Path):
    Path("single").mkdir()
    expected = {}
    for path in twenty:
        key = path.relative_to("in").with_suffix("").as_posix()
        expected[key] = run_json(path, Path("single") / f"{key.replace('/', '_')}.json")

    local = invoke("batch", "in", "-o", "local", "--glossary", GLOSSARY, "--json", "--tmx", "--no-cache", "--workers", "2")
    assert local.exit_code == 0, local.output
    assert "articles: 20 (20 written, 0 up to date, 0 failed)" in local.output

    # Ray in local mode with 2 CPUs, in its own process as a user would run it.
    env = {**os.environ, "RAY_ADDRESS": ""}
    ray = subprocess.run(
        [str(BIN), "batch", "in", "-o", "ray", "--glossary", GLOSSARY, "--json", "--no-cache", "--executor", "ray", "--workers", "2"],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert ray.returncode == 0, ray.stderr
    assert "articles: 20 (20 written, 0 up to date, 0 failed)" in ray.stderr

    for key, document in expected.items():
        assert json.loads(Path("local", f"{key}.json").read_text(encoding="utf-8")) == document, key
        assert json.loads(Path("ray", f"{key}.json").read_text(encoding="utf-8")) == document, key
        single = Path("single") / key.replace("/", "_")
        assert Path("local", f"{key}.tmx").read_bytes() == single.with_suffix(".tmx").read_bytes(), key
        body = document_xml(single.with_suffix(".docx"))
        assert document_xml(Path("local", f"{key}.docx")) == body == document_xml(Path("ray", f"{key}.docx")), key
    assert sum(len(d["segments"]) for d in expected.values()) > 100  # real articles, not stubs


def test_a_rerun_skips_up_to_date_articles_and_rebuilds_what_changed(with_model: Path, in_tmp: Path):
    paths = generate_articles(Path("in"), 3)
    glossary = Path("g.csv")
    glossary.write_bytes(Path(GLOSSARY).read_bytes())
    first = invoke("batch", "in", "--glossary", "g.csv", "--json", "--cache", "tm.sqlite")
    assert first.exit_code == 0, first.output
    stamps = {p: p.stat().st_mtime_ns for p in Path("output").rglob("*.docx")}
    assert len(stamps) == 3

    again = invoke("batch", "in", "--glossary", "g.csv", "--json", "--cache", "tm.sqlite")
    assert "(0 written, 3 up to date, 0 failed)" in again.output
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps

    paths[1].write_text("新的标题\n补充一句新的话。\n", encoding="utf-8")
    changed = invoke("batch", "in", "--glossary", "g.csv", "--json", "--cache", "tm.sqlite")
    assert "(1 written, 2 up to date, 0 failed)" in changed.output
    touched = {p for p in stamps if p.stat().st_mtime_ns != stamps[p]}
    assert touched == {Path("output") / paths[1].relative_to("in").with_suffix(".docx")}

    glossary.write_text(glossary.read_text(encoding="utf-8") + "新词,new word,term,\n", encoding="utf-8")
    edited = invoke("batch", "in", "--glossary", "g.csv", "--json", "--cache", "tm.sqlite")
    assert "(3 written, 0 up to date, 0 failed)" in edited.output  # the same file, edited: every article

    Path("output/desk/article-00.json").unlink()
    missing = invoke("batch", "in", "--glossary", "g.csv", "--json", "--cache", "tm.sqlite")
    assert "(1 written, 2 up to date, 0 failed)" in missing.output  # an output deleted: rebuilt


def test_a_failed_article_is_reported_and_the_others_are_written(with_model: Path, in_tmp: Path):
    generate_articles(Path("in"), 2)
    Path("in/empty.txt").write_bytes(b"")
    Path("in/binary.txt").write_bytes(bytes(range(256)) * 4)
    result = invoke("batch", "in", "--glossary", GLOSSARY, "--no-cache")
    assert result.exit_code == 1
    assert "(2 written, 0 up to date, 2 failed)" in result.output
    assert "failed: empty.txt: in/empty.txt: the file is empty" in result.output
    assert "failed: binary.txt: in/binary.txt:" in result.output
    assert sorted(p.name for p in Path("output").rglob("*.docx")) == ["article-00.docx", "article-01.docx"]
    assert "Traceback" not in result.output


def test_existing_files_it_did_not_write_are_kept_unless_forced(with_model: Path, in_tmp: Path):
    generate_articles(Path("in"), 2)
    Path("output").mkdir()
    mine = Path("output/article-01.docx")
    mine.write_bytes(b"my own document")
    result = invoke("batch", "in", "--glossary", GLOSSARY, "--no-cache")
    assert result.exit_code == 1 and "output/article-01.docx: already exists — pass --force" in result.output
    assert mine.read_bytes() == b"my own document"
    assert Path("output/desk/article-00.docx").is_file()
    forced = invoke("batch", "in", "--glossary", GLOSSARY, "--no-cache", "--force")
    assert forced.exit_code == 0 and mine.read_bytes() != b"my own document"


def test_articles_are_found_recursively_and_outputs_are_never_read_as_inputs(in_tmp: Path):
    for name in ("a.txt", "sub/b.txt", "sub/deeper/c.txt", ".hidden/d.txt", "notes.md", "out/old.txt"):
        Path("in", name).parent.mkdir(parents=True, exist_ok=True)
        Path("in", name).write_text("标题\n正文。\n", encoding="utf-8")
    articles = find_articles(Path("in"), Path("in/out"), "*.txt")
    assert [a.relative for a in articles] == ["a.txt", "sub/b.txt", "sub/deeper/c.txt"]
    assert articles[2].output(".docx") == Path("in/out/sub/deeper/c.docx")
    assert [a.relative for a in find_articles(Path("in"), Path("elsewhere"), "*.md")] == ["notes.md"]


def test_bad_folders_and_options_are_one_line_errors(in_tmp: Path, without_model: Path):
    missing = invoke("batch", "nowhere")
    assert missing.exit_code == 1 and missing.output.strip() == "error: nowhere: is not a folder — give the folder that holds the articles"
    Path("in").mkdir()
    empty = invoke("batch", "in")
    assert empty.exit_code == 64 and "no file is an article (*.txt" in empty.output
    Path("in/a.txt").write_text("标题\n正文。\n", encoding="utf-8")
    no_model = invoke("batch", "in")
    assert no_model.exit_code == 2 and no_model.output.startswith("error: ")
    wrong = invoke("batch", "in", "--executor", "spark")
    assert wrong.exit_code == 64 and wrong.output.strip() == (
        "error: Invalid value for '--executor': 'spark' is not one of 'local', 'ray'. — see `root batch --help`"
    )
    for executor in ("local", "ray"):
        device = invoke("batch", "in", "--executor", executor, "--device", "gpu")
        assert device.exit_code == 64 and device.output.strip().startswith("error: Invalid value for '--device': 'gpu'")


def test_the_ray_executor_without_ray_says_how_to_get_it(with_model: Path, in_tmp: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray → ImportError
    generate_articles(Path("in"), 1)
    result = invoke("batch", "in", "--executor", "ray", "--no-cache")
    assert result.exit_code == 1
    assert result.output.strip() == "error: the Ray executor needs Ray — pip install 'bilingual-edition[ray]', or use --executor local"


class CountingEngine(FakeEngine):
    """The scripted engine, counting calls and failing on one poisoned sentence."""

    def __init__(self, poison: str | None = None):
        super().__init__()
        self.poison = poison

    def translate(self, sentences, on_result=None):
        from pipeline.errors import ModelError

        if self.poison and any(self.poison in s for s in sentences):
            raise ModelError("the translation engine failed (poisoned)")
        return super().translate(sentences, on_result)


def write_articles(folder: Path, texts: dict[str, str]) -> list:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return find_articles(folder, Path("out"), "*.txt")


def test_a_chunk_of_articles_goes_to_the_engine_in_one_call_with_shared_sentences_once(in_tmp: Path):
    articles = write_articles(Path("in"), {f"{n}.txt": f"标题{n}\n大家好。今天天气很好。\n第{n}段。\n" for n in range(6)})
    engine = CountingEngine()
    executor = LocalExecutor(engine, EditionOptions(), workers=1)
    try:
        reports = run_batch(articles, EditionOptions(), executor, out_dir=Path("out"))
    finally:
        executor.close()
    assert [r.status for r in reports] == ["written"] * 6
    # 6 titles + 6 "第n段。" + the 2 shared sentences once
    assert [len(call) for call in engine.calls] == [14]


def test_an_article_that_breaks_the_engine_fails_alone(in_tmp: Path):
    articles = write_articles(Path("in"), {"a.txt": "标题甲\n你好。\n", "b.txt": "标题乙\n毒药句子。\n", "c.txt": "标题丙\n再见。\n"})
    engine = CountingEngine(poison="毒药")
    executor = LocalExecutor(engine, EditionOptions(), workers=1)
    try:
        reports = run_batch(articles, EditionOptions(), executor, out_dir=Path("out"))
    finally:
        executor.close()
    assert [(r.relative, r.status) for r in reports] == [("a.txt", "written"), ("b.txt", "failed"), ("c.txt", "written")]
    assert reports[1].reason == "the translation engine failed (poisoned)"
    assert sorted(p.name for p in Path("out").iterdir() if p.suffix == ".docx") == ["a.docx", "c.docx"]


def test_the_summary_lists_each_article_the_totals_and_every_failure():
    reports = [
        ArticleReport("a.txt", "written", paragraphs=3, sentences=10, cached=2, kept=4, repaired=1, missing=0),
        ArticleReport("sub/b.txt", "up to date", paragraphs=2, sentences=5, cached=5, kept=1),
        ArticleReport("c.txt", "failed", "in/c.txt: the file is empty"),
    ]
    text = summary(reports)
    assert text.splitlines()[0].split() == ["article", "status", "paragraphs", "sentences", "cached", "kept", "repaired", "missing"]
    assert text.splitlines()[1].split() == ["a.txt", "written", "3", "10", "2", "4", "1", "0"]
    assert "articles: 3 (1 written, 1 up to date, 1 failed); paragraphs 5, sentences 15 (7 cached); glossary: 5 kept, 1 repaired, 0 missing" in text
    assert text.splitlines()[-1] == "failed: c.txt: in/c.txt: the file is empty"
    assert len(summary(reports * 30).splitlines()) == 1 + 30  # no per-article rows past 50: totals and failures


def test_an_interrupted_batch_keeps_finished_articles_and_the_rerun_skips_them(in_tmp: Path):
    from pipeline.batch.progress import BatchListener

    articles = write_articles(Path("in"), {f"{n}.txt": f"标题{n}\n第{n}段。\n" for n in range(4)})

    class CtrlC(BatchListener):
        def article_done(self, report):
            raise KeyboardInterrupt

    executor = LocalExecutor(CountingEngine(), EditionOptions(), workers=1)
    try:
        with pytest.raises(KeyboardInterrupt):
            run_batch(articles, EditionOptions(), executor, out_dir=Path("out"), chunk_texts=1, listener=CtrlC())
    finally:
        executor.close()
    written = sorted(p.name for p in Path("out").glob("*.docx"))
    assert written == ["0.docx"]

    executor = LocalExecutor(CountingEngine(), EditionOptions(), workers=1)
    try:
        reports = run_batch(articles, EditionOptions(), executor, out_dir=Path("out"))
    finally:
        executor.close()
    assert [r.status for r in reports] == ["up to date", "written", "written", "written"]


def test_progress_shows_sentences_articles_and_a_bar_per_article_in_flight():
    import io

    from rich.console import Console
    from rich.progress import Progress

    from pipeline.batch.progress import BarListener

    progress = Progress(console=Console(file=io.StringIO(), force_terminal=True))
    listener = BarListener(progress, total_articles=2)
    listener.chunk_started([("a.txt", frozenset({"一。", "二。"})), ("b.txt", frozenset({"二。", "三。"}))])
    tasks = {t.description.strip(): t for t in progress.tasks}
    assert set(tasks) == {"articles", "sentences", "a.txt", "b.txt"} and tasks["sentences"].total == 4
    listener.text_done("二。")  # shared by both articles
    assert (tasks["a.txt"].completed, tasks["b.txt"].completed, tasks["sentences"].completed) == (1, 1, 2)
    listener.text_done("一。")
    listener.article_done(ArticleReport("a.txt", "written"))
    assert {t.description.strip() for t in progress.tasks} == {"articles", "sentences", "b.txt"}
    assert tasks["articles"].completed == 1 and tasks["sentences"].completed == 3


def test_without_a_terminal_each_finished_article_is_one_line(with_model: Path, in_tmp: Path):
    generate_articles(Path("in"), 2)
    result = invoke("batch", "in", "--glossary", GLOSSARY, "--no-cache")
    lines = [line for line in result.output.splitlines() if line.startswith("[")]
    assert [line.split(":")[0] for line in lines] == ["[1/2] article-01.txt", "[2/2] desk/article-00.txt"]
    assert all(line.endswith("cached)") for line in lines)


@pytest.mark.slow
def test_the_ray_executor_joins_a_running_cluster_named_by_ray_address(with_model: Path, in_tmp: Path):
    """A real cluster on this machine, bound to 127.0.0.1, and afterwards only its own
    processes ended (``ray stop --force`` would end every Ray process on the machine)."""
    ray_cli = Path(sys.executable).parent / "ray"
    port = 6390 + os.getpid() % 100
    temp = Path(f"/tmp/rt{os.getpid()}")  # short: Ray's socket paths must fit in 107 bytes
    env = {**os.environ, "RAY_ADDRESS": ""}
    started = subprocess.run(
        [str(ray_cli), "start", "--head", f"--port={port}", "--num-cpus=2", "--include-dashboard=false",
         "--node-ip-address=127.0.0.1", f"--temp-dir={temp}"],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert started.returncode == 0, started.stderr
    try:
        generate_articles(Path("in"), 3)
        result = subprocess.run(
            [str(BIN), "batch", "in", "-o", "cluster", "--glossary", GLOSSARY, "--json", "--no-cache", "--executor", "ray"],
            capture_output=True, text=True, env={**os.environ, "RAY_ADDRESS": f"127.0.0.1:{port}"}, timeout=300,
        )
        assert result.returncode == 0, result.stderr
        assert "(3 written, 0 up to date, 0 failed)" in result.stderr
        local = invoke("batch", "in", "-o", "local", "--glossary", GLOSSARY, "--json", "--no-cache")
        assert local.exit_code == 0, local.output
        written = sorted(Path("local").rglob("article-*.json"))
        assert len(written) == 3
        for path in written:
            assert path.read_text(encoding="utf-8") == (Path("cluster") / path.relative_to("local")).read_text(encoding="utf-8")
    finally:
        end_processes_mentioning(str(temp))
        shutil.rmtree(temp, ignore_errors=True)


def end_processes_mentioning(marker: str) -> None:
    """End (TERM, then KILL) the processes whose command line names ``marker``: the ones
    this test started, and no others."""
    import signal
    import time

    def ours() -> list[int]:
        pids = []
        for proc in Path("/proc").iterdir():
            if proc.name.isdigit() and int(proc.name) != os.getpid():
                try:
                    if marker.encode() in (proc / "cmdline").read_bytes():
                        pids.append(int(proc.name))
                except OSError:
                    continue
        return pids

    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in ours():
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        time.sleep(2)


# --- round three: the book and the folders as people have them ------------------------------------

def test_the_book_is_checked_before_any_article_is_translated(with_model: Path, in_tmp: Path):
    Path("in").mkdir()
    Path("in/a.txt").write_text("标题\n第一段正文。\n", encoding="utf-8")
    Path("mine.epub").write_bytes(b"my own book, not this tool's")
    cases = ((("--book", "mine.epub"), "already exists"), (("--book", "in/a.txt"), "the book is an EPUB"),
             (("--book", "missing/book.epub"), "does not exist"), (("--book", "out/a.epub", "--format", "epub", "--force"), "overwrite"))
    for args, message in cases:
        result = invoke("batch", "in", "-o", "out", "--no-cache", "-q", *args)
        assert result.exit_code != 0 and message in result.output, (args, result.output)
        assert not Path("out/a.docx").exists() and not Path("out/a.epub").exists()  # nothing was translated
    assert Path("mine.epub").read_bytes() == b"my own book, not this tool's"
    assert invoke("batch", "in", "-o", "out", "--no-cache", "-q", "--book", "book.epub").exit_code == 0
    assert invoke("batch", "in", "-o", "out", "--no-cache", "-q", "--book", "book.epub").exit_code == 0  # its own book: refreshed


def test_a_page_saved_complete_brings_a_folder_that_holds_no_articles(with_model: Path, in_tmp: Path):
    Path("in/page_files").mkdir(parents=True)
    Path("in/page.html").write_text("<html><head><title>标题</title></head><body><h1>标题</h1><p>第一段正文，内容足够长。</p>"
                                    "<p>第二段正文，内容也足够长。</p></body></html>", encoding="utf-8")
    Path("in/page_files/frame.html").write_text("<html><body><p>广告框架里的文字，不是文章。</p></body></html>", encoding="utf-8")
    result = invoke("batch", "in", "-o", "out", "--no-cache", "-q")
    assert result.exit_code == 0, result.output
    assert sorted(p.relative_to("out").as_posix() for p in Path("out").rglob("*.docx")) == ["page.docx"]


def test_batch_into_its_own_folder_writes_every_article(with_model: Path, in_tmp: Path):
    """`batch in -o in`: a client's DOCX whose edition would be its own name gets a name of
    its own (it was skipped without a word); a second run skips the editions it wrote."""
    Path("in").mkdir()
    Path("in/a.txt").write_text("标题\n第一段正文。\n", encoding="utf-8")
    client = docx.Document()
    client.add_paragraph("客户的标题")
    client.add_paragraph("客户的第一段正文。")
    client.save("in/b.docx")
    result = invoke("batch", "in", "-o", "in", "--no-cache", "-q")
    assert result.exit_code == 0, result.output
    assert Path("in/a.docx").is_file() and Path("in/b_docx.docx").is_file()
    assert docx.Document("in/b.docx").paragraphs[0].text == "客户的标题"  # the article itself untouched
    again = invoke("batch", "in", "-o", "in", "--no-cache", "-q")
    assert again.exit_code == 0 and not Path("in/a_docx.docx").exists()


def test_a_symbolic_link_to_a_folder_is_said_not_skipped_silently(with_model: Path, in_tmp: Path):
    Path("elsewhere").mkdir()
    Path("elsewhere/b.txt").write_text("标题\n正文。\n", encoding="utf-8")
    Path("in").mkdir()
    Path("in/a.txt").write_text("标题\n第一段正文。\n", encoding="utf-8")
    Path("in/linked").symlink_to(Path("elsewhere").resolve(), target_is_directory=True)
    result = invoke("batch", "in", "-o", "out", "--no-cache", "-q")
    assert result.exit_code == 0 and "in/linked: a symbolic link to a folder" in result.output, result.output


def test_an_output_folder_that_holds_the_input_folder_still_finds_its_articles(with_model: Path, in_tmp: Path):
    """`batch work/articles -o work` found no article: every input was under the output folder."""
    Path("work/articles").mkdir(parents=True)
    Path("work/articles/a.txt").write_text("标题\n第一段正文。\n", encoding="utf-8")
    result = invoke("batch", "work/articles", "-o", "work", "--no-cache", "-q")
    assert result.exit_code == 0, result.output
    assert Path("work/a.docx").is_file()
